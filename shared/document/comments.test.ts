import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addReply, addThread, anchorReference, changesComments, commentsMap, readThread, readThreads, setResolved } from "./comments";
import { createMeasure, setMeasureField } from "./measures";

function docWithParagraph(text: string): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  return doc;
}

function thread(id: string, createdAt: string) {
  return { id, anchor: { kind: "measure" as const, measureId: "m-1" }, createdBy: "u-1", authorName: "Gerd", createdAt, text: `Frage ${id}` };
}

/** Whether applying what `change` does on a copy of `doc` counts as a change of the comments. */
function detects(doc: Y.Doc, change: (copy: Y.Doc) => void): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  let touched = false;
  const check = (transaction: Y.Transaction) => (touched ||= changesComments(transaction));
  doc.on("afterTransaction", check);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy, before));
  doc.off("afterTransaction", check);
  return touched;
}

describe("comment threads in the document", () => {
  it("reads threads with replies and resolution, open ones first", () => {
    const doc = new Y.Doc();
    addThread(doc, thread("c-1", "2026-03-01T10:00:00.000Z"));
    addThread(doc, thread("c-2", "2026-03-02T10:00:00.000Z"));
    expect(addReply(doc, "c-1", { id: "r-1", createdBy: "u-2", authorName: "Anton", createdAt: "2026-03-03T10:00:00.000Z", text: "Antwort" })).toBe(true);
    expect(setResolved(doc, "c-1", true, { id: "u-2", name: "Anton" }, "2026-03-04T10:00:00.000Z")).toBe(true);

    const threads = readThreads(doc);
    expect(threads.map((t) => t.id)).toEqual(["c-2", "c-1"]);
    expect(threads[1]).toMatchObject({ resolved: true, resolvedBy: "u-2", resolvedByName: "Anton", replies: [{ id: "r-1", authorName: "Anton", text: "Antwort" }] });

    setResolved(doc, "c-1", false, { id: "u-3", name: "Sabine" }, "2026-03-05T10:00:00.000Z");
    expect(readThread(doc, "c-1")).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
  });

  it("reports a missing thread instead of creating one", () => {
    const doc = new Y.Doc();
    expect(addReply(doc, "c-x", { id: "r", createdBy: "u", authorName: "A", createdAt: "", text: "x" })).toBe(false);
    expect(setResolved(doc, "c-x", true, { id: "u", name: "A" }, "")).toBe(false);
    expect(commentsMap(doc).size).toBe(0);
  });

  it("skips a thread whose anchor is malformed", () => {
    const doc = new Y.Doc();
    addThread(doc, thread("c-1", "2026-03-01T10:00:00.000Z"));
    commentsMap(doc).get("c-1")!.set("anchor", { kind: "nonsense" });
    expect(readThreads(doc)).toEqual([]);
  });
});

describe("changesComments", () => {
  it("[SYNC14] notices new, answered, resolved and deleted threads in an applied update", () => {
    const doc = docWithParagraph("Text");
    addThread(doc, thread("c-1", "2026-03-01T10:00:00.000Z"));
    expect(detects(doc, (copy) => addThread(copy, thread("c-2", "2026-03-02T10:00:00.000Z")))).toBe(true);
    expect(detects(doc, (copy) => addReply(copy, "c-1", { id: "r", createdBy: "u", authorName: "A", createdAt: "", text: "x" }))).toBe(true);
    expect(detects(doc, (copy) => setResolved(copy, "c-1", true, { id: "u", name: "A" }, ""))).toBe(true);
    expect(detects(doc, (copy) => commentsMap(copy).get("c-1")!.set("text", "gefälscht"))).toBe(true);
    expect(detects(doc, (copy) => commentsMap(copy).delete("c-1"))).toBe(true);
  });

  it("[SYNC14] lets text and measure changes through", () => {
    const doc = docWithParagraph("Text");
    createMeasure(doc, "m-1", { title: "Maßnahme" });
    addThread(doc, thread("c-1", "2026-03-01T10:00:00.000Z"));
    expect(detects(doc, (copy) => ((copy.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Neuer "))).toBe(false);
    expect(detects(doc, (copy) => setMeasureField(copy, "m-1", "status", "done"))).toBe(false);
  });
});

describe("anchorReference", () => {
  it("accepts positions in the document's text, also deleted ones", () => {
    const doc = docWithParagraph("Hallo Welt");
    const text = (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2, -1));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 5, -1));
    expect(anchorReference(doc, [start, end])).toBe("document");
    text.delete(0, 10);
    expect(anchorReference(doc, [start, end])).toBe("document");
  });

  it("tells items the server has not seen from positions elsewhere in the document", () => {
    const doc = docWithParagraph("Hallo");
    createMeasure(doc, "m-1");
    const ahead = new Y.Doc();
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(doc));
    const text = (ahead.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(5, " neu");
    const unseen = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 7, -1));
    expect(anchorReference(doc, [unseen, unseen])).toBe("unknown");

    const title = doc.getMap<Y.Map<unknown>>("measures").get("m-1")!.get("title") as Y.Text;
    title.insert(0, "Titel");
    const inMeasure = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(title, 2, -1));
    expect(anchorReference(doc, [inMeasure, inMeasure])).toBe("elsewhere");
    expect(anchorReference(doc, [{ tname: "measures" }, { tname: "measures" }])).toBe("elsewhere");
  });
});
