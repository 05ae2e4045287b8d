import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentJsonToUpdate, yDocToDocumentJson, type DocumentJson } from "./schema";
import { starterContent } from "./starterContent";

const everyNode: DocumentJson = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "BSC" }] },
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Finanzen & Budget" }] },
    { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "Budget einhalten" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "fett", marks: [{ type: "bold" }] },
        { type: "text", text: " kursiv", marks: [{ type: "italic" }] },
        { type: "text", text: " Link", marks: [{ type: "link", attrs: { href: "https://example.org" } }] },
      ],
    },
    { type: "measure", attrs: { measureId: "m-1" } },
    { type: "kpiBlock", attrs: { kpi: "valueDeviationPct", period: "2025-Q2" } },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Punkt" }] }] }] },
    { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Eins" }] }] }] },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Zitat" }] }] },
    { type: "horizontalRule" },
    {
      type: "table",
      content: [
        { type: "tableRow", content: [{ type: "tableHeader", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: "paragraph", content: [{ type: "text", text: "Kopf" }] }] }] },
        { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: "paragraph", content: [{ type: "text", text: "Zelle" }] }] }] },
      ],
    },
  ],
};

function roundTrip(json: DocumentJson): DocumentJson {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, documentJsonToUpdate(json));
  return yDocToDocumentJson(doc);
}

describe("document schema", () => {
  it("keeps every node type through encode and decode", () => {
    const back = roundTrip(everyNode);
    const types = (back.content ?? []).map((node) => node.type);
    expect(types).toEqual(everyNode.content!.map((node) => node.type));
    expect(back.content![4].attrs).toMatchObject({ measureId: "m-1" });
    expect(back.content![5].attrs).toMatchObject({ kpi: "valueDeviationPct", period: "2025-Q2" });
    const marks = back.content![3].content!.map((text) => text.marks?.[0]?.type);
    expect(marks).toEqual(["bold", "italic", "link"]);
    expect(JSON.stringify(back)).toContain("Finanzen & Budget");
  });

  it("opens a document written by schema version 1 (text and headings only)", () => {
    const back = roundTrip(starterContent("Alt", true));
    expect(back.content?.[0]).toMatchObject({ type: "heading", attrs: { level: 1 } });
    expect(JSON.stringify(back)).toContain("Versorgungslücken finden und benennen");
  });
});
