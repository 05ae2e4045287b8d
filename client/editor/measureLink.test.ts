import { describe, expect, it } from "vitest";
import { getSchema } from "@tiptap/core";
import * as Y from "yjs";
import { documentExtensions, type DocumentJson } from "../../shared/document/schema";
import { findMeasurePos, measureHref, measureIdFromHash } from "./measureLink";
import { closeMeasure, isMeasureOpen, openMeasure, takeFocusWish } from "./measureOpenState";

const schema = getSchema(documentExtensions());
const m = (id: string): DocumentJson => ({ type: "measure", attrs: { measureId: id } });
const p = (text: string): DocumentJson => ({ type: "paragraph", content: [{ type: "text", text }] });

describe("links to a measure", () => {
  it("names a measure in the address's fragment and reads it back, odd ids included", () => {
    expect(measureHref("sc-1", "m-42")).toBe("/scorecards/sc-1#measure-m-42");
    expect(measureIdFromHash(new URL(`http://x${measureHref("sc-1", "m 4/2")}`).hash)).toBe("m 4/2");
    expect(measureIdFromHash("#block-3")).toBeNull();
    expect(measureIdFromHash("#measure-")).toBeNull();
    expect(measureIdFromHash("#measure-%E0%A4%A")).toBeNull();
  });

  it("finds a measure where it was seen, and elsewhere after a remote move", () => {
    const doc = schema.nodeFromJSON({ type: "doc", content: [p("Intro"), m("m-1"), p("Mitte"), m("m-2")] });
    const at = findMeasurePos(doc, "m-2", 3);
    expect(doc.nodeAt(at!)?.attrs.measureId).toBe("m-2");
    // Index 1 holds m-1 now: the search goes on through the document.
    expect(findMeasurePos(doc, "m-2", 1)).toBe(at);
    expect(findMeasurePos(doc, "m-3")).toBeNull();
  });
});

describe("which cards are open in this browser", () => {
  it("keeps the open cards per document and hands each focus wish out once", () => {
    const live = new Y.Doc();
    const version = new Y.Doc();
    openMeasure(live, "m-1", "field");
    expect(isMeasureOpen(live, "m-1")).toBe(true);
    expect(isMeasureOpen(version, "m-1")).toBe(false);
    expect(takeFocusWish(live, "m-1")).toBe("field");
    expect(takeFocusWish(live, "m-1")).toBeNull();
    closeMeasure(live, "m-1");
    expect(isMeasureOpen(live, "m-1")).toBe(false);
  });
});
