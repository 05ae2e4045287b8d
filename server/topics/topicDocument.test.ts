import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { goalAt, goalChoices } from "../../shared/document/goalPlacement";
import { readMeasure } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { documentJsonToUpdate, yDocToDocumentJson, type DocumentJson } from "../../shared/document/schema";
import { insertTopicGoal, insertTopicMeasure } from "./topicDocument";

const heading = (level: number, text: string): DocumentJson => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });
const paragraph = (text: string): DocumentJson => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] });

function scorecard(): Y.Doc {
  const doc = new Y.Doc();
  const json: DocumentJson = {
    type: "doc",
    content: [
      heading(1, "BSC"),
      heading(2, "Kunden"),
      heading(3, "Teilhabe stärken"),
      paragraph("a"),
      heading(3, "Zusammenarbeiten"),
      paragraph("b"),
      heading(2, "Finanzen"),
      heading(3, "Budget halten"),
      paragraph(""),
    ],
  };
  Y.applyUpdate(doc, documentJsonToUpdate(json));
  return doc;
}

describe("a topic in the document", () => {
  it("becomes a measure at the end of the chosen goal's section, with its note as description and the chosen side", () => {
    const doc = scorecard();
    const goal = goalChoices(yDocToDocumentJson(doc)).find((choice) => choice.title === "Zusammenarbeiten")!;
    const outcome = insertTopicMeasure(
      doc,
      "m-topic",
      { title: "Versorgungsverpflichtung", note: "Wer versorgt wen?\nKlären." },
      { goal: { index: goal.index, title: goal.title }, responsibleSide: "funder" },
      "2026-06-11",
    );
    expect(outcome).toEqual({ ok: true, under: "Zusammenarbeiten" });
    const json = yDocToDocumentJson(doc);
    const placed = json.content!.findIndex((node) => node.type === "measure");
    expect(goalAt(json, placed)).toBe(goal.index);
    expect(json.content![placed + 1]).toMatchObject({ type: "heading", attrs: { level: 2 } });
    expect(readMeasure(doc, "m-topic")).toMatchObject({
      title: "Versorgungsverpflichtung",
      responsibleSide: "funder",
      startDate: "2026-06-11",
      description: "Wer versorgt wen?\nKlären.",
      statusLines: [{ talkDate: "2026-06-11", text: "Aus dem Themenspeicher übernommen." }],
    });
  });

  it("changes nothing when the chosen goal is gone", () => {
    const doc = scorecard();
    const before = JSON.stringify(yDocToDocumentJson(doc));
    expect(insertTopicMeasure(doc, "m-x", { title: "X", note: "" }, { goal: { index: 2, title: "Gibt es nicht" } }, "2026-06-11")).toEqual({ ok: false });
    expect(JSON.stringify(yDocToDocumentJson(doc))).toBe(before);
    expect(readMeasure(doc, "m-x")).toBeNull();
  });

  it("becomes a goal at the end of the chosen perspective's section", () => {
    const doc = scorecard();
    expect(insertTopicGoal(doc, { title: "Risiko und Planungssicherheit", note: "" }, { index: 1, title: "Kunden" })).toEqual({ ok: true, under: "Kunden" });
    const outline = readOutline(yDocToDocumentJson(doc));
    expect(outline.perspectives.map((p) => [p.title, p.goals.map((g) => g.title)])).toEqual([
      ["Kunden", ["Teilhabe stärken", "Zusammenarbeiten", "Risiko und Planungssicherheit"]],
      ["Finanzen", ["Budget halten"]],
    ]);
    expect(insertTopicGoal(doc, { title: "Y", note: "" }, { index: 1, title: "Gibt es nicht" })).toEqual({ ok: false });
  });
});
