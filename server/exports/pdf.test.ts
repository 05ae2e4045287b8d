import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readMeasure, setMeasureField } from "../../shared/document/measures";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { buildExportModel, type ExportMeta } from "./exportModel";
import { exportPdf } from "./pdf";
import { buildExampleScorecard, EXAMPLE_MEASURES, exampleKpiSnapshot, pdfPages } from "./testSupport";

const META: ExportMeta = {
  providerName: "Beispiel e.V.",
  scorecardTitle: "BSC Beispiel",
  talkDate: "2025-07-15",
  versionLabel: "Protokoll – Version 4 vom 15.07.2025, 12:10 Uhr",
  participants: ["Frau Öztürk (Leistungserbringer)"],
};

async function pagesOf(doc: Y.Doc): Promise<string[]> {
  const pdf = await exportPdf(buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), exampleKpiSnapshot(), META));
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  return pdfPages(pdf);
}

describe("exportPdf", () => {
  it("writes the title page, headings, measures in German and KPI values as the editor shows them", async () => {
    const pages = await pagesOf(buildExampleScorecard());
    const text = pages.join("\n");
    expect(pages[0]).toContain("Steuerungsgespräch am 15.07.2025");
    expect(pages[0]).toContain("Protokoll – Version 4 vom 15.07.2025, 12:10 Uhr");
    for (const expected of [
      "Frau Öztürk (Leistungserbringer)",
      "leicht steigend",
      "Summe über beide Spalten",
      "Leistungsberechtigte & Wirkung",
      "Finanzen & Budget",
      "Prozesse, Kooperation & Sozialraum",
      "Beteiligungsrat gründen",
      "Personaleinsatz überprüfen",
      "in Arbeit",
      "geplant",
      "kurzfristig (< 1 Jahr)",
      // No-break spaces come back as plain spaces; the minus sign and "€"-capable font survive.
      "5.049 Tage",
      "\u22122,7 %",
      "+5,9 %",
      "grün, unter Budget",
      "gelb, über Budget",
      "Zwei Stellen wurden vorgezogen besetzt.",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("embeds a font that has umlauts, ß, € and the minus sign", async () => {
    const doc = buildExampleScorecard();
    const block = new Y.XmlElement("kpiBlock");
    block.setAttribute("kpi", "valueDeviationPct");
    block.setAttribute("period", "2025-Q2");
    doc.getXmlFragment("default").insert(0, [block]);
    const text = (await pagesOf(doc)).join("\n");
    expect(text).toContain("\u22122,0 % (\u22129.745,70 €)");
    expect(text).toContain("Maßnahme");
    expect(text).toContain("Öztürk");
  });

  it("numbers every page as Seite X von Y", async () => {
    const pages = await pagesOf(buildExampleScorecard());
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => expect(page).toContain(`Seite ${index + 1} von ${pages.length}`));
  });

  it("exports an older state without the edits made after it", async () => {
    const doc = buildExampleScorecard();
    const older = new Y.Doc();
    Y.applyUpdate(older, Y.encodeStateAsUpdate(doc));
    setMeasureField(doc, EXAMPLE_MEASURES.staff, "status", "dropped");
    setMeasureField(doc, EXAMPLE_MEASURES.staff, "title", "Personaleinsatz verworfen");
    const olderText = (await pagesOf(older)).join("\n");
    expect(olderText).toContain("Personaleinsatz überprüfen");
    expect(olderText).not.toContain("Personaleinsatz verworfen");
    expect(olderText).not.toContain("verworfen");
    expect((await pagesOf(doc)).join("\n")).toContain("Personaleinsatz verworfen");
  });
});
