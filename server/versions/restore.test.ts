import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure, readMeasure, setMeasureField, addStatusLine } from "../../shared/document/measures";
import { documentJsonToUpdate, yDocToDocumentJson } from "../../shared/document/schema";
import { starterContent } from "../../shared/document/starterContent";
import { restoreInto } from "./restore";

function starterDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, documentJsonToUpdate(starterContent("Test", true)));
  return doc;
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").push([paragraph]);
}

describe("restoreInto", () => {
  it("makes the live document read like the version, measures included", () => {
    const live = starterDoc();
    createMeasure(live, "m1", { title: "Alt", status: "planned" });
    addStatusLine(live, "m1", { talkDate: "2026-03-05", text: "berichtet" });
    const version = copyOf(live);

    appendParagraph(live, "Später hinzugefügt");
    setMeasureField(live, "m1", "title", "Neu");
    setMeasureField(live, "m1", "status", "done");
    addStatusLine(live, "m1", { talkDate: "2026-06-05", text: "erledigt" });
    createMeasure(live, "m2", { title: "Nach der Version" });

    live.transact(() => restoreInto(live, version));

    expect(yDocToDocumentJson(live)).toEqual(yDocToDocumentJson(version));
    expect(readMeasure(live, "m1")).toEqual(readMeasure(version, "m1"));
    // Data of measures created later stays (their blocks are gone with the document).
    expect(readMeasure(live, "m2")?.title).toBe("Nach der Version");
  });

  it("changes nothing when the version equals the live state", () => {
    const live = starterDoc();
    createMeasure(live, "m1", { title: "Gleich" });
    const version = copyOf(live);
    const updates: Uint8Array[] = [];
    live.on("update", (update: Uint8Array) => updates.push(update));
    live.transact(() => restoreInto(live, version));
    expect(updates).toHaveLength(0);
  });

  it("keeps the untouched characters of a text field, so their authors stay", () => {
    const live = starterDoc();
    createMeasure(live, "m1", { title: "Quartalsbericht" });
    const version = copyOf(live);
    const title = live.getMap<Y.Map<unknown>>("measures").get("m1")!.get("title") as Y.Text;
    title.insert(title.length, " 2026");
    const firstItem = title._start!;
    live.transact(() => restoreInto(live, version));
    expect(title.toString()).toBe("Quartalsbericht");
    expect(firstItem.deleted).toBe(false);
  });
});
