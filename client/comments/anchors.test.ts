import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getSchema } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { initProseMirrorDoc } from "@tiptap/y-tiptap";
import { DOCUMENT_FIELD, documentExtensions, documentJsonToUpdate } from "../../shared/document/schema";
import { starterContent } from "../../shared/document/starterContent";
import { resolveTextAnchor, textAnchorFromRange, type YBinding } from "./anchors";

const schema = getSchema(documentExtensions());

/** What an editor on `doc` would hold: its ProseMirror document and y-tiptap's binding. */
function view(doc: Y.Doc): { binding: YBinding; pm: ProseMirrorNode } {
  const type = doc.getXmlFragment(DOCUMENT_FIELD);
  const { doc: pm, mapping } = initProseMirrorDoc(type, schema);
  return { binding: { doc, type, mapping }, pm };
}

function rangeOf(pm: ProseMirrorNode, word: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  pm.descendants((node, pos) => {
    if (found || !node.isText) return;
    const index = node.text!.indexOf(word);
    if (index >= 0) found = { from: pos + index, to: pos + index + word.length };
  });
  if (!found) throw new Error(`"${word}" not in the document`);
  return found;
}

function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  return doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement && node.nodeName === "paragraph" ? node.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText) : []));
}

function starterDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, documentJsonToUpdate(starterContent("BSC Test", false)));
  return doc;
}

describe("text anchors", () => {
  it("finds a passage again after text was inserted before it and around it", () => {
    const live = starterDoc();
    const before = view(live);
    const anchor = textAnchorFromRange(before.binding, before.pm, rangeOf(before.pm, "zugleich"))!;
    expect(anchor.quote).toBe("zugleich");

    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Ein neuer Absatz davor.")]);
    live.getXmlFragment(DOCUMENT_FIELD).insert(1, [paragraph]);
    paragraphTexts(live)[1].insert(0, "Vorweg: ");

    const after = view(live);
    const range = resolveTextAnchor(after.binding, anchor);
    expect(range).not.toBeNull();
    expect(after.pm.textBetween(range!.from, range!.to)).toBe("zugleich");
  });

  it("refers to the same items when taken in a version and resolved in the live document", () => {
    const live = starterDoc();
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    const frozen = view(version);
    const anchor = textAnchorFromRange(frozen.binding, frozen.pm, rangeOf(frozen.pm, "Protokoll der"))!;

    paragraphTexts(live)[0].insert(0, "Neu: ");
    const after = view(live);
    const range = resolveTextAnchor(after.binding, anchor)!;
    expect(after.pm.textBetween(range.from, range.to)).toBe("Protokoll der");
  });

  it("gives null for a deleted passage and for an empty selection", () => {
    const live = starterDoc();
    const before = view(live);
    expect(textAnchorFromRange(before.binding, before.pm, { from: 5, to: 5 })).toBeNull();
    const anchor = textAnchorFromRange(before.binding, before.pm, rangeOf(before.pm, "zugleich"))!;
    const text = paragraphTexts(live)[0];
    text.delete(0, text.length);
    expect(resolveTextAnchor(view(live).binding, anchor)).toBeNull();
  });
});
