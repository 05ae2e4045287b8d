import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addReply, addThread } from "../../shared/document/comments";
import { addStatusLine, createMeasure, measureDescription } from "../../shared/document/measures";
import { documentJsonToUpdate, type DocumentJson } from "../../shared/document/schema";
import { searchEntries } from "./scorecardText";

const heading = (level: number, text: string): DocumentJson => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });
const paragraph = (text: string): DocumentJson => ({ type: "paragraph", content: [{ type: "text", text }] });

/** A small scorecard: a perspective, a goal, text, a list, a KPI block with a note, two measures (one removed from the text), comments. */
function scorecard(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    documentJsonToUpdate({
      type: "doc",
      content: [
        paragraph("Vorbemerkung zum Gespräch"),
        heading(2, "Finanzen & Budget"),
        heading(3, "Ressourcen im Blick behalten"),
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [paragraph("erster Punkt")] },
            { type: "listItem", content: [paragraph("zweiter Punkt")] },
          ],
        },
        { type: "kpiBlock", attrs: { kpi: "valueDeviationPct", period: "2025-Q2", note: "Zwei Plätze standen leer." } },
        { type: "measure", attrs: { measureId: "m-1" } },
      ],
    }),
  );
  createMeasure(doc, "m-1", { title: "Beteiligungsrat einrichten", responsiblePerson: "Frau Weber" });
  measureDescription(doc, "m-1")!.insert(0, [Object.assign(new Y.XmlElement("paragraph"), {})]);
  (measureDescription(doc, "m-1")!.get(0) as Y.XmlElement).insert(0, [new Y.XmlText("Mit den Bewohnerinnen")]);
  addStatusLine(doc, "m-1", { talkDate: "2026-01-15", text: "Erste Sitzung fand statt" });
  createMeasure(doc, "m-gone", { title: "Gelöschte Maßnahme" });
  addThread(doc, { id: "c-1", anchor: { kind: "measure", measureId: "m-1" }, createdBy: "u", authorName: "Sabine Sozialamt", createdAt: "2026-01-01T00:00:00Z", text: "Wann tagt der Rat?" });
  addReply(doc, "c-1", { id: "r-1", createdBy: "v", authorName: "Anton Anbieter-A", createdAt: "2026-01-02T00:00:00Z", text: "Im Februar." });
  return doc;
}

describe("what a search looks at", () => {
  it("lists the title, the measures' fields, the text blocks and the comments, each with its place and link", () => {
    const entries = searchEntries(scorecard(), "BSC Beispiel");
    const summary = entries.map((entry) => [entry.kind, entry.text, entry.target]);
    expect(summary).toEqual([
      ["title", "BSC Beispiel", { kind: "scorecard" }],
      ["measure", "Beteiligungsrat einrichten", { kind: "measure", measureId: "m-1" }],
      ["measure", "Mit den Bewohnerinnen", { kind: "measure", measureId: "m-1" }],
      ["measure", "2026-01-15: Erste Sitzung fand statt", { kind: "measure", measureId: "m-1" }],
      ["measure", "Frau Weber", { kind: "measure", measureId: "m-1" }],
      ["text", "Vorbemerkung zum Gespräch", { kind: "block", index: 0 }],
      ["text", "Finanzen & Budget", { kind: "block", index: 1 }],
      ["text", "Ressourcen im Blick behalten", { kind: "block", index: 2 }],
      ["text", "erster Punkt zweiter Punkt", { kind: "block", index: 3 }],
      ["text", "Zwei Plätze standen leer.", { kind: "block", index: 4 }],
      ["comment", "Wann tagt der Rat?", { kind: "thread", threadId: "c-1" }],
      ["comment", "Im Februar.", { kind: "thread", threadId: "c-1" }],
    ]);
  });

  it("names the perspective and goal of a measure and of text, and a heading's level", () => {
    const entries = searchEntries(scorecard(), "BSC");
    const measure = entries.find((entry) => entry.kind === "measure" && entry.field === "title")!;
    expect([measure.perspective, measure.goal, measure.measureTitle]).toEqual(["Finanzen & Budget", "Ressourcen im Blick behalten", "Beteiligungsrat einrichten"]);
    const goal = entries.find((entry) => entry.text === "Ressourcen im Blick behalten")!;
    expect([goal.headingLevel, goal.perspective, goal.goal]).toEqual([3, "Finanzen & Budget", null]);
    const note = entries.find((entry) => entry.text.startsWith("Zwei Plätze"))!;
    expect(note.kpiBlock).toEqual({ kpi: "valueDeviationPct", period: "2025-Q2" });
    const list = entries.find((entry) => entry.text.startsWith("erster"))!;
    expect([list.headingLevel, list.goal]).toEqual([null, "Ressourcen im Blick behalten"]);
  });

  it("says who wrote a comment, whether it is a reply, and which measure a question is about", () => {
    const [question, reply] = searchEntries(scorecard(), "BSC").filter((entry) => entry.kind === "comment");
    expect(question.comment).toEqual({ author: "Sabine Sozialamt", resolved: false, reply: false });
    expect(question.measureTitle).toBe("Beteiligungsrat einrichten");
    expect(reply.comment).toEqual({ author: "Anton Anbieter-A", resolved: false, reply: true });
  });

  it("does not find a measure whose block was removed from the text", () => {
    expect(searchEntries(scorecard(), "BSC").some((entry) => entry.text.includes("Gelöschte"))).toBe(false);
  });
});
