import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readMeasure, setMeasureField } from "../../shared/document/measures";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { exportDocx } from "./docx";
import { buildExportModel, type ExportMeta } from "./exportModel";
import { buildExampleScorecard, docxText, EXAMPLE_MEASURES, exampleKpiSnapshot } from "./testSupport";

const META: ExportMeta = {
  providerName: "Beispiel e.V.",
  scorecardTitle: "BSC Beispiel",
  talkDate: "2025-07-15",
  versionLabel: "Vorabversand – Version 3 vom 05.07.2025, 10:00 Uhr",
  participants: ["Frau Öztürk (Leistungserbringer)", "Herr Meyer (Leistungsträger)"],
};

async function exportOf(doc: Y.Doc): Promise<Buffer> {
  return exportDocx(buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), exampleKpiSnapshot(), META));
}

/** The raw XML of the document body, for checking styles and shading. */
async function documentXml(doc: Y.Doc): Promise<string> {
  return strFromU8(unzipSync(await exportOf(doc))["word/document.xml"]);
}

describe("exportDocx", () => {
  it("writes the title page, headings, measures in German and KPI values as the editor shows them", async () => {
    const text = docxText(await exportOf(buildExampleScorecard()));
    for (const expected of [
      "Beispiel e.V.",
      "Steuerungsgespräch am 15.07.2025",
      "Vorabversand – Version 3 vom 05.07.2025, 10:00 Uhr",
      "Herr Meyer (Leistungsträger)",
      "Leistungsberechtigte & Wirkung",
      "Finanzen & Budget",
      "Mitarbeitende & Lernen",
      "Beteiligungsrat gründen",
      "Personaleinsatz überprüfen",
      "in Arbeit",
      "geplant",
      "mittelfristig (1–3 Jahre)",
      "17.06.2025: Erstes Treffen hat stattgefunden.",
      "5.049\u00a0Tage",
      "5.187\u00a0Tage",
      "\u22122,7\u00a0%",
      "+5,9\u00a0%",
      "22,77\u00a0VK",
      "grün, unter Budget",
      "gelb, über Budget",
      "Keine Werte für diesen Zeitraum: no budget agreement for 2026",
      "Bericht im nächsten Gespräch",
      "Frage an den Leistungsträger",
      "leicht steigend",
      "Summe über beide Spalten",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("makes perspectives and goals Word headings, so the navigation pane lists them", async () => {
    const raw = await documentXml(buildExampleScorecard());
    expect(raw).toMatch(/<w:pStyle w:val="Heading2"\/>.*?Finanzen &amp; Budget/s);
    expect(raw).toMatch(/<w:pStyle w:val="Heading3"\/>.*?Doppelstrukturen vermeiden/s);
  });

  it("defines Heading 1–6 with outline levels, so Word's navigation pane and screen readers find them, and marks the title", async () => {
    const docx = await exportOf(buildExampleScorecard());
    const styles = strFromU8(unzipSync(docx)["word/styles.xml"]);
    for (const level of [1, 2, 3]) {
      expect(styles).toMatch(new RegExp(`w:styleId="Heading${level}"[^]*?<w:outlineLvl w:val="${level - 1}"/>[^]*?</w:style>`));
    }
    expect(await documentXml(buildExampleScorecard())).toMatch(/<w:pStyle w:val="Title"\/>.*?Beispiel e\.V\./s);
  });

  it("repeats the header row of a table on every page: the title row of measures and KPIs, the header cells of the document's tables", async () => {
    const raw = await documentXml(buildExampleScorecard());
    const rows = raw.match(/<w:tr>.*?<\/w:tr>/gs) ?? [];
    const header = (text: string) => rows.find((row) => row.includes(text));
    expect(header("Quartal")).toContain("<w:tblHeader/>");
    expect(header("Beteiligungsrat gründen")).toContain("<w:tblHeader/>");
    expect(header("Abweichung Personaleinsatz")).toContain("<w:tblHeader/>");
    expect(header("stabil")).not.toContain("<w:tblHeader/>");
    expect(header("Zeitraum")).not.toContain("<w:tblHeader/>");
  });

  it("shades the corridor cell in the corridor's colour", async () => {
    const raw = await documentXml(buildExampleScorecard());
    expect(raw).toMatch(/w:fill="E8F5E9"[^]*?grün, unter Budget/);
    expect(raw).toMatch(/w:fill="FFF4E0"[^]*?gelb, über Budget/);
  });

  it("numbers pages in the footer as Seite X von Y", async () => {
    const footer = docxText(await exportOf(buildExampleScorecard()), "footer");
    // Word fills in the numbers when it lays out the pages; the file holds the fields.
    expect(footer).toContain("Seite {PAGE} von {NUMPAGES}");
  });

  it("exports an older state without the edits made after it", async () => {
    const doc = buildExampleScorecard();
    const older = new Y.Doc();
    Y.applyUpdate(older, Y.encodeStateAsUpdate(doc));
    setMeasureField(doc, EXAMPLE_MEASURES.activation, "title", "Beteiligungsrat arbeitet");
    const text = docxText(await exportOf(older));
    expect(text).toContain("Beteiligungsrat gründen");
    expect(text).not.toContain("Beteiligungsrat arbeitet");
    expect(docxText(await exportOf(doc))).toContain("Beteiligungsrat arbeitet");
  });
});
