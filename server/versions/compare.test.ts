import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DiffNode } from "../../shared/domain/versions";
import { createMeasure, setMeasureField } from "../../shared/document/measures";
import type { StoredUpdate } from "../persistence/docUpdates";
import { compareStates } from "./compare";

/** Two users editing one document; every update is logged with its user, like the server does. */
function history() {
  const doc = new Y.Doc();
  const log: StoredUpdate[] = [];
  let user: string | null = null;
  doc.on("update", (data: Uint8Array) => log.push({ seq: log.length + 1, userId: user, createdAt: 1_000 * (log.length + 1), data }));
  const as = (who: string | null, change: () => void) => {
    user = who;
    doc.transact(change);
  };
  return { doc, log, as };
}

const attribute = (origin: { userId: string | null; createdAt: number }) => ({
  by: { id: origin.userId, name: origin.userId ?? "System", colour: "#000" },
  at: new Date(origin.createdAt).toISOString(),
});

function runs(node: DiffNode, inherited?: DiffNode["diff"]): [string, string, string | null][] {
  const diff = node.diff ?? inherited;
  if (node.type === "text") return [[node.text ?? "", diff?.kind ?? "same", diff?.attribution?.by.name ?? null]];
  return (node.content ?? []).flatMap((child) => runs(child, diff));
}

describe("compareStates", () => {
  it("marks insertions and deletions inside a paragraph with the user who made each", () => {
    const { doc, log, as } = history();
    const fragment = doc.getXmlFragment("default");
    const text = new Y.XmlText();
    as(null, () => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [text]);
      fragment.insert(0, [paragraph]);
      text.insert(0, "Die Fallzahlen steigen.");
    });
    const base = Y.encodeStateAsUpdate(doc);
    const baseSeq = log.length;
    as("anna", () => text.insert(text.toString().indexOf("steigen"), "deutlich "));
    as("bernd", () => text.delete(0, "Die ".length));
    as("bernd", () => text.format(0, "Fallzahlen".length, { bold: {} }));

    const result = compareStates(base, log.slice(baseSeq), attribute);
    expect(runs(result.document)).toEqual([
      ["Die ", "removed", "bernd"],
      ["Fallzahlen", "same", null],
      [" ", "same", null],
      ["deutlich ", "added", "anna"],
      ["steigen.", "same", null],
    ]);
    const bold = result.document.content![0].content!.find((node) => node.text === "Fallzahlen");
    expect(bold?.marks).toEqual([{ type: "bold" }]);
    expect(result.userIds.sort()).toEqual(["anna", "bernd"]);
  });

  it("cuts merged runs of text where a version or the author changes", () => {
    const { doc, log, as } = history();
    const text = new Y.XmlText();
    as(null, () => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [text]);
      doc.getXmlFragment("default").insert(0, [paragraph]);
    });
    // One client typing letter by letter: Yjs merges the letters into one item.
    for (const letter of "abc") as("anna", () => text.insert(text.length, letter));
    const base = Y.encodeStateAsUpdate(doc);
    const baseSeq = log.length;
    for (const letter of "def") as(letter === "d" ? "anna" : "bernd", () => text.insert(text.length, letter));
    as("anna", () => text.delete(0, 1));
    as("bernd", () => text.delete(0, 1));
    expect(runs(compareStates(base, log.slice(baseSeq), attribute).document)).toEqual([
      ["a", "removed", "anna"],
      ["b", "removed", "bernd"],
      ["c", "same", null],
      ["d", "added", "anna"],
      ["ef", "added", "bernd"],
    ]);
  });

  it("marks whole added and removed blocks, and nothing when nothing changed", () => {
    const { doc, log, as } = history();
    const fragment = doc.getXmlFragment("default");
    const block = (words: string) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(words)]);
      return paragraph;
    };
    as(null, () => fragment.insert(0, [block("eins"), block("zwei")]));
    const base = Y.encodeStateAsUpdate(doc);
    expect(runs(compareStates(base, [], attribute).document)).toEqual([
      ["eins", "same", null],
      ["zwei", "same", null],
    ]);
    const baseSeq = log.length;
    as("anna", () => fragment.insert(2, [block("drei")]));
    as("bernd", () => fragment.delete(0, 1));
    const result = compareStates(base, log.slice(baseSeq), attribute);
    expect(result.document.content!.map((node) => [node.diff?.kind ?? "same", node.diff?.attribution?.by.name ?? null])).toEqual([
      ["removed", "bernd"],
      ["same", null],
      ["added", "anna"],
    ]);
  });

  it("lists changed measure fields with before, after and everyone who changed them", () => {
    const { doc, log, as } = history();
    as("anna", () => createMeasure(doc, "m1", { title: "Angebot prüfen", status: "planned" }));
    const base = Y.encodeStateAsUpdate(doc);
    const baseSeq = log.length;
    as("bernd", () => setMeasureField(doc, "m1", "status", "in_progress"));
    as("anna", () => setMeasureField(doc, "m1", "status", "done"));
    as("bernd", () => setMeasureField(doc, "m1", "dueDate", "2026-12-31"));
    as("anna", () => createMeasure(doc, "m2", { title: "Neu" }));

    const { measures } = compareStates(base, log.slice(baseSeq), attribute);
    const status = measures.find((change) => change.measureId === "m1" && change.field === "status")!;
    expect(status).toMatchObject({ measureTitle: "Angebot prüfen", before: "planned", after: "done" });
    expect(status.changedBy.map((a) => a.by.name)).toEqual(["bernd", "anna"]);
    expect(measures.find((change) => change.field === "dueDate")).toMatchObject({ before: "", after: "2026-12-31", changedBy: [{ by: { name: "bernd" } }] });
    // A new measure lists the fields it was given, from nothing.
    expect(measures.filter((change) => change.measureId === "m2").map((change) => [change.field, change.before, change.after])).toContainEqual(["title", null, "Neu"]);
    expect(measures.some((change) => change.measureId === "m1" && change.field === "title")).toBe(false);
  });
});
