/**
 * The PDF export as a tagged PDF (PDF/UA), read back with pdf.js: what a screen reader
 * gets (title, language, headings, tables with header cells, lists, reading order) and the
 * page layout rules that come with writing the pages ourselves.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure, measureDescription, readMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD, yDocToDocumentJson } from "../../shared/document/schema";
import { buildExportModel, type ExportBlock, type ExportMeta, type ExportModel } from "./exportModel";
import { exportPdf } from "./pdf";
import { buildExampleScorecard, exampleKpiSnapshot, pdfPages, pdfStructure, structNodes } from "./testSupport";

const META: ExportMeta = {
  providerName: "Müller & Söhne <gGmbH>",
  scorecardTitle: "BSC Beispiel",
  talkDate: "2025-07-15",
  versionLabel: "Protokoll – Version 4 vom 15.07.2025, 12:10 Uhr",
  participants: ["Frau Öztürk (Leistungserbringer)"],
};

function modelOf(doc: Y.Doc): ExportModel {
  return buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), exampleKpiSnapshot(), META);
}

describe("exportPdf as tagged PDF", () => {
  it("is marked, with the title in the information and XMP metadata, and the language de-DE", async () => {
    const structure = await pdfStructure(await exportPdf(modelOf(buildExampleScorecard())));
    expect(structure.marked).toBe(true);
    // "&" and "<" in a provider's name must not break the XMP metadata.
    expect(structure.title).toBe("Müller & Söhne <gGmbH> – BSC Beispiel");
    expect(structure.xmpTitle).toBe("Müller & Söhne <gGmbH> – BSC Beispiel");
    expect(structure.language).toBe("de-DE");
  });

  it("tags the provider as H1, the perspectives as H2 and the goals as H3, in document order", async () => {
    const { pages } = await pdfStructure(await exportPdf(modelOf(buildExampleScorecard())));
    expect(structNodes(pages, "H1").map((node) => node.text)).toEqual(["Müller & Söhne <gGmbH>", "BSC Beispiel"]);
    const h2 = structNodes(pages, "H2").map((node) => node.text);
    expect(h2).toEqual(["Teilnehmende", "Inhalt", "Leistungsberechtigte & Wirkung", "Finanzen & Budget", "Prozesse, Kooperation & Sozialraum", "Mitarbeitende & Lernen"]);
    const h3 = structNodes(pages, "H3").map((node) => node.text);
    expect(h3).toContain("Leistungsberechtigte aktivieren und beteiligen");
    expect(h3).toContain("Doppelstrukturen vermeiden");
    expect(pages[0].children[0]).toMatchObject({ role: "P", text: "Balanced Scorecard" });
  });

  it("tags measure and KPI tables with row headers and the document's tables with their header cells", async () => {
    const { pages } = await pdfStructure(await exportPdf(modelOf(buildExampleScorecard())));
    const tables = structNodes(pages, "Table");
    const measure = tables.find((table) => table.text.startsWith("Maßnahme Beteiligungsrat gründen"))!;
    expect(measure.children.every((row) => row.role === "TR")).toBe(true);
    expect(measure.children.map((row) => row.children.map((cell) => cell.role))).toEqual(measure.children.map(() => ["TH", "TD"]));
    expect(measure.children.map((row) => row.children[0].text)).toContain("Verantwortlich (Seite/Person)");
    const kpi = tables.find((table) => table.text.includes("Abweichung Personaleinsatz"))!;
    expect(kpi.children.find((row) => row.children[0].text === "Korridor")?.children[1].text).toBe("gelb, über Budget");
    const free = tables.find((table) => table.text.startsWith("Quartal"))!;
    expect(free.children[0].children.map((cell) => [cell.role, cell.text])).toEqual([
      ["TH", "Quartal"],
      ["TH", "Belegung"],
    ]);
    expect(free.children[1].children.map((cell) => cell.role)).toEqual(["TD", "TD"]);
  });

  it("tags lists, links and the reading order; page numbers and the running header are artifacts", async () => {
    const structure = await pdfStructure(await exportPdf(modelOf(buildExampleScorecard())));
    const list = structNodes(structure.pages, "L").find((node) => node.text.includes("Frage an den Leistungsträger"))!;
    expect(list.children.map((item) => item.children.map((part) => part.role))).toEqual([
      ["Lbl", "LBody"],
      ["Lbl", "LBody"],
    ]);
    expect(structNodes(structure.pages, "Link").map((node) => node.text)).toEqual(["Konzept"]);
    expect(structure.untagged.flat()).toEqual([]);
    structure.artifacts.forEach((texts, index) => expect(texts.join(" ")).toContain(`Seite ${index + 1} von ${structure.pages.length}`));
    expect(structure.artifacts[1].join(" ")).toContain("BSC Beispiel · Protokoll – Version 4");
    // The reading order is the document's: on page 2 the document's title comes before its first perspective.
    const roles = structure.pages[1].children.map((node) => `${node.role}:${node.text}`);
    expect(roles.indexOf("H1:BSC Beispiel")).toBeLessThan(roles.indexOf("H2:Leistungsberechtigte & Wirkung"));
  });

  it("does not skip a heading level on the way down, whatever level the document uses", async () => {
    const model = modelOf(buildExampleScorecard());
    const deep: ExportBlock = { kind: "heading", role: "subheading", level: 5, runs: [{ text: "Tief gegliedert" }] };
    const { pages } = await pdfStructure(await exportPdf({ ...model, blocks: [model.blocks[0], deep, ...model.blocks.slice(1)] }));
    expect(structNodes(pages, "H2").map((node) => node.text)).toContain("Tief gegliedert");
  });
});

describe("exportPdf page layout", () => {
  it("keeps every KPI table on one page wherever the page break falls", async () => {
    for (const filler of [20, 24, 28, 32, 36]) {
      const doc = buildExampleScorecard();
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      const paragraphs = Array.from({ length: filler }, (_, index) => {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(`Absatz ${index + 1}`)]);
        return paragraph;
      });
      fragment.insert(1, paragraphs);
      const pages = await pdfPages(await exportPdf(modelOf(doc)));
      for (const page of pages) {
        // Each KPI table starts with "Kennzahl" and has a "Zeitraum" row right below it.
        expect(page.match(/Kennzahl /g)?.length ?? 0, `${filler} paragraphs`).toBe(page.match(/Zeitraum /g)?.length ?? 0);
      }
    }
  });

  it("splits a measure row taller than a page between pages without losing a word", async () => {
    const doc = buildExampleScorecard();
    const words = Array.from({ length: 900 }, (_, index) => `Wort${index}`);
    createMeasure(doc, "m-long", { title: "Lange Beschreibung" });
    const description = measureDescription(doc, "m-long")!.get(0) as Y.XmlElement;
    description.insert(0, [new Y.XmlText(words.join(" "))]);
    const measure = new Y.XmlElement("measure");
    measure.setAttribute("measureId", "m-long");
    doc.getXmlFragment(DOCUMENT_FIELD).insert(1, [measure]);
    const pages = await pdfPages(await exportPdf(modelOf(doc)));
    const drawn = new Set(pages.join(" ").split(/\s+/));
    expect(words.filter((word) => !drawn.has(word))).toEqual([]);
    const first = pages.findIndex((page) => page.includes("Wort0 "));
    const last = pages.findIndex((page) => page.includes("Wort899"));
    expect(last).toBeGreaterThan(first);
    // The title row is repeated on the next page, as an artifact.
    expect(pages[last]).toContain("Maßnahme Lange Beschreibung");
  });
});
