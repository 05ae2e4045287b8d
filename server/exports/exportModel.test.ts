import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readMeasure, setMeasureField } from "../../shared/document/measures";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { buildExportModel, type ExportBlock, type ExportMeta, type FieldRow } from "./exportModel";
import { formatCents, formatKpiValue, formatNumber, formatPercent } from "../../shared/format/germanNumbers";
import { buildExampleScorecard, EXAMPLE_MEASURES, exampleKpiSnapshot } from "./testSupport";

const META: ExportMeta = { providerName: "Beispiel e.V.", scorecardTitle: "BSC Beispiel", talkDate: "2025-07-15", versionLabel: "Vorabversand", participants: ["Frau Öztürk"] };

function modelOf(doc: Y.Doc) {
  return buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), exampleKpiSnapshot(), META);
}

function fieldTables(blocks: ExportBlock[], variant: "measure" | "kpi"): FieldRow[][] {
  return blocks.flatMap((block) => (block.kind === "fields" && block.variant === variant ? [block.rows] : []));
}

function value(rows: FieldRow[], label: string): string | undefined {
  return rows.find((row) => row.label === label)?.lines.join("\n");
}

describe("germanNumbers", () => {
  it("formats like the editor: thousands dots, decimal comma, minus sign, rounding half away from zero", () => {
    expect(formatNumber(1234.5, { decimals: 1 })).toBe("1.234,5");
    expect(formatPercent(1234.5)).toBe("1.234,5\u00a0%");
    expect(formatCents(123456)).toBe("1.234,56\u00a0€");
    expect(formatPercent(-2.25, true)).toBe("\u22122,3\u00a0%");
    expect(formatPercent(0.04, true)).toBe("0,0\u00a0%");
    expect(formatKpiValue(22.775, "fte")).toBe("22,78\u00a0VK");
    expect(formatKpiValue(5049, "days")).toBe("5.049\u00a0Tage");
  });
});

describe("buildExportModel", () => {
  it("keeps document order with the title, perspectives and goals as headings", () => {
    const model = modelOf(buildExampleScorecard());
    const headings = model.blocks.flatMap((block) => (block.kind === "heading" ? [`${block.role}:${block.runs.map((run) => run.text).join("")}`] : []));
    expect(headings.slice(0, 4)).toEqual(["title:BSC Beispiel", "perspective:Leistungsberechtigte & Wirkung", "goal:Leistungsberechtigte aktivieren und beteiligen", "perspective:Finanzen & Budget"]);
    expect(model.title.contents[1]).toEqual({ perspective: "Finanzen & Budget", goals: ["Ressourcen im Blick behalten und abstimmen", "Doppelstrukturen vermeiden"] });
    expect(model.title).toMatchObject({ provider: "Beispiel e.V.", talkDate: "15.07.2025", participants: ["Frau Öztürk"], kpisAsOf: "10.07.2025, 10:30 Uhr" });
  });

  it("writes every measure field in German words", () => {
    const [activation, staff] = fieldTables(modelOf(buildExampleScorecard()).blocks, "measure");
    expect(activation.map((row) => row.label)).toEqual(["Maßnahme", "Beschreibung", "Verantwortlich (Seite/Person)", "Beginn", "Fällig", "Status", "Ampel", "Horizont", "Kennzahlen", "Statuszeilen"]);
    expect(value(activation, "Maßnahme")).toBe("Beteiligungsrat gründen");
    expect(value(activation, "Verantwortlich (Seite/Person)")).toBe("beide / Frau Öztürk");
    expect(value(activation, "Beginn")).toBe("01.04.2025");
    expect(value(activation, "Status")).toBe("in Arbeit");
    expect(activation.find((row) => row.label === "Ampel")).toEqual({ label: "Ampel", lines: ["gelb"], shade: "amber" });
    expect(value(activation, "Horizont")).toBe("mittelfristig (1–3 Jahre)");
    expect(value(activation, "Kennzahlen")).toBe("Abweichung Belegungstage");
    expect(value(activation, "Statuszeilen")).toBe("17.06.2025: Erstes Treffen hat stattgefunden.");
    expect(value(staff, "Status")).toBe("geplant");
    expect(value(staff, "Verantwortlich (Seite/Person)")).toBe("Leistungserbringer");
    expect(value(staff, "Ampel")).toBe("nicht gesetzt");
  });

  it("shows a KPI block's value, budget, deviation and corridor from the snapshot, formatted the German way", () => {
    const [occupancy, staff, missing] = fieldTables(modelOf(buildExampleScorecard()).blocks, "kpi");
    expect(value(occupancy, "Kennzahl")).toBe("Abweichung Belegungstage");
    expect(value(occupancy, "Zeitraum")).toBe("2025-Q2");
    expect(value(occupancy, "Ist")).toBe("5.049\u00a0Tage");
    expect(value(occupancy, "Soll/Budget")).toBe("5.187\u00a0Tage");
    expect(value(occupancy, "Abweichung")).toBe("\u22122,7\u00a0%");
    expect(occupancy.find((row) => row.label === "Korridor")).toEqual({ label: "Korridor", lines: ["grün, unter Budget"], shade: "green" });
    expect(value(staff, "Abweichung")).toBe("+5,9\u00a0%");
    expect(staff.find((row) => row.label === "Korridor")).toEqual({ label: "Korridor", lines: ["gelb, über Budget"], shade: "amber" });
    expect(value(staff, "Anmerkung")).toBe("Zwei Stellen wurden vorgezogen besetzt.");
    expect(value(missing, "Kein Wert")).toBe("Keine Werte für diesen Zeitraum: no budget agreement for 2026");
  });

  it("shows the value deviation in euro too, since that is what the budget talk is about", () => {
    const doc = buildExampleScorecard();
    const block = new Y.XmlElement("kpiBlock");
    block.setAttribute("kpi", "valueDeviationPct");
    block.setAttribute("period", "2025-Q2");
    doc.getXmlFragment("default").insert(0, [block]);
    const [value] = fieldTables(modelOf(doc).blocks, "kpi");
    expect(value.find((row) => row.label === "Abweichung")?.lines).toEqual(["\u22122,0\u00a0% (\u22129.745,70\u00a0€)"]);
    expect(value.find((row) => row.label === "Ist")?.lines).toEqual(["472.081,10\u00a0€"]);
  });

  it("names the reason when a KPI block has an unknown KPI or a malformed period", () => {
    const doc = buildExampleScorecard();
    const bad = new Y.XmlElement("kpiBlock");
    bad.setAttribute("kpi", "occupancyDeviationPct");
    bad.setAttribute("period", "2025-Q5");
    const unknown = new Y.XmlElement("kpiBlock");
    unknown.setAttribute("kpi", "madeUp");
    unknown.setAttribute("period", "2025-Q2");
    doc.getXmlFragment("default").insert(0, [bad, unknown]);
    const [badRows, unknownRows] = fieldTables(modelOf(doc).blocks, "kpi");
    expect(value(badRows, "Kein Wert")).toMatch(/^Ungültiger Zeitraum/);
    expect(value(unknownRows, "Kein Wert")).toBe("Unbekannte Kennzahl „madeUp“.");
  });

  it("keeps free text as rich text: marks, links, lists and tables", () => {
    const blocks = modelOf(buildExampleScorecard()).blocks;
    const paragraph = blocks.find((block) => block.kind === "paragraph" && block.runs.some((run) => run.bold));
    expect(paragraph).toMatchObject({
      runs: [{ text: "Vereinbart: " }, { text: "Bericht im nächsten Gespräch", bold: true }, { text: " (siehe " }, { text: "Konzept", link: "https://example.org/konzept" }, { text: ")." }],
    });
    expect(blocks.find((block) => block.kind === "list")).toMatchObject({ ordered: false, items: [[{ kind: "paragraph" }], [{ kind: "paragraph" }]] });
    const table = blocks.find((block) => block.kind === "table");
    expect(table).toMatchObject({
      rows: [[{ header: true }, { header: true }], [{ header: false, rowspan: 2 }, { header: false }], [{ rowspan: 1 }], [{ colspan: 2 }]],
    });
  });

  it("drops link targets other than http(s) and mailto, since the file is opened outside the app", () => {
    const json = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "gut", marks: [{ type: "link", attrs: { href: "mailto:team@example.org" } }] },
            { type: "text", text: "böse", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] },
          ],
        },
      ],
    };
    const model = buildExportModel(json, () => null, exampleKpiSnapshot(), META);
    expect(model.blocks).toEqual([{ kind: "paragraph", runs: [{ text: "gut", link: "mailto:team@example.org" }, { text: "böse" }] }]);
    expect(model.title.kpisAsOf).toBeNull();
  });

  it("exports an older state without the edits made after it", () => {
    const doc = buildExampleScorecard();
    const older = Y.encodeStateAsUpdate(doc);
    setMeasureField(doc, EXAMPLE_MEASURES.activation, "title", "Beteiligungsrat arbeitet");
    setMeasureField(doc, EXAMPLE_MEASURES.activation, "status", "done");
    const restored = new Y.Doc();
    Y.applyUpdate(restored, older);
    expect(value(fieldTables(modelOf(restored).blocks, "measure")[0], "Maßnahme")).toBe("Beteiligungsrat gründen");
    expect(value(fieldTables(modelOf(restored).blocks, "measure")[0], "Status")).toBe("in Arbeit");
    expect(value(fieldTables(modelOf(doc).blocks, "measure")[0], "Status")).toBe("erledigt");
  });

  it("writes control and bidi override characters of titles, text and meta visibly, keeping tabs and line breaks", () => {
    const doc = buildExampleScorecard();
    setMeasureField(doc, EXAMPLE_MEASURES.activation, "title", "Treff\u202Enessel\u0000");
    setMeasureField(doc, EXAMPLE_MEASURES.activation, "responsiblePerson", "\u2066Anna");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Zeile\u0007\tEnde")]);
    doc.getXmlFragment("default").insert(1, [paragraph]);
    const model = buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), exampleKpiSnapshot(), { ...META, scorecardTitle: "BSC\u202E", participants: ["Gast\u0000"] });
    const [activation] = fieldTables(model.blocks, "measure");
    expect(value(activation, "Maßnahme")).toBe("Treff[U+202E]nessel[U+0000]");
    expect(value(activation, "Verantwortlich (Seite/Person)")).toBe("beide / [U+2066]Anna");
    expect(model.blocks).toContainEqual({ kind: "paragraph", runs: [{ text: "Zeile[U+0007]\tEnde" }] });
    expect(model.title).toMatchObject({ scorecardTitle: "BSC[U+202E]", participants: ["Gast[U+0000]"] });
    expect(JSON.stringify(model)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u);
  });

  it("says so when the document names a measure whose data is missing", () => {
    const doc = buildExampleScorecard();
    const orphan = new Y.XmlElement("measure");
    orphan.setAttribute("measureId", "m-gone");
    doc.getXmlFragment("default").insert(0, [orphan]);
    expect(fieldTables(modelOf(doc).blocks, "measure")[0]).toEqual([{ label: "Maßnahme", lines: ["(Daten der Maßnahme fehlen)"] }]);
  });
});
