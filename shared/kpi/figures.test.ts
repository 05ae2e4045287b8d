import { describe, expect, it } from "vitest";
import figuresText from "../../tests/fixtures/kpi-example/figures-2025.csv?raw";
import { looksLikePersonalData } from "./csv";
import type { KpiIssue } from "./errors";
import { FIGURE_COLUMNS, parseFiguresCsv, validateFigureRows } from "./figures";
import { buildRow } from "./testSupport";

const HEADER = "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays";

function errorsOf(text: string): KpiIssue[] {
  const result = parseFiguresCsv(text, "f.csv");
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("figures CSV", () => {
  it("[KPI-R11] parses the example file with the line of every row", () => {
    const result = parseFiguresCsv(figuresText, "figures-2025.csv");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(figuresText.trim().split("\n").length - 1);
    expect(result.value[0]).toEqual({
      month: "2025-01",
      serviceOffer: "Besondere Wohnform Haus A",
      needGroup: 1,
      funderKind: "local",
      socialSpace: false,
      priorNeedGroup: null,
      cases: 2,
      occupancyDays: 58,
      line: 2,
    });
    expect(result.value.find((row) => row.socialSpace)).toMatchObject({ month: "2025-02", needGroup: 2, priorNeedGroup: 3, line: 22 });
  });

  it("[KPI-R11] finds columns in any order, ignores extra columns, accepts BOM, CRLF and blank lines", () => {
    const text =
      "\uFEFFcases,Bemerkung,occupancyDays,month,needGroup,serviceOffer,socialSpace,funderKind,priorNeedGroup\r\n\r\n3,egal,90,2025-04,2,A,0,external,\r\n\r\n1,,30,2025-04,2,A,1,local,3\r\n";
    const result = parseFiguresCsv(text);
    expect(result.ok && result.value).toEqual([
      { month: "2025-04", serviceOffer: "A", needGroup: 2, funderKind: "external", socialSpace: false, priorNeedGroup: null, cases: 3, occupancyDays: 90, line: 3 },
      { month: "2025-04", serviceOffer: "A", needGroup: 2, funderKind: "local", socialSpace: true, priorNeedGroup: 3, cases: 1, occupancyDays: 30, line: 5 },
    ]);
  });

  it("[KPI-R11] accepts German headers and funder kinds", () => {
    const text = "Monat,Leistungsangebot,HBG,Kostenträger,+S,HBG vorher,Fälle,Belegungstage\n2025-01,A,1,lokal,0,,2,60\n2025-01,A,1,örtlich,1,3,1,31\n2025-01,A,2,auswärtig,0,,1,31\n";
    const result = parseFiguresCsv(text);
    expect(result.ok && result.value.map((r) => [r.funderKind, r.socialSpace, r.priorNeedGroup])).toEqual([
      ["local", false, null],
      ["local", true, 3],
      ["external", false, null],
    ]);
    const sozialraum = parseFiguresCsv("Monat,Leistungsangebot,HBG,Kostenträger,Sozialraum,HBG vorher,Fälle,Belegungstage\n2025-01,A,1,local,0,,2,60\n");
    expect(sozialraum.ok).toBe(true);
  });

  it("[KPI-R11] a missing column is reported on line 1 under its name", () => {
    const errors = errorsOf("month,serviceOffer,needGroup,funderKind,socialSpace,cases,occupancyDays\n2025-01,A,1,local,0,2,60\n");
    expect(errors).toEqual([
      { file: "f.csv", line: 1, column: "priorNeedGroup", message: 'missing column priorNeedGroup (or "HBG vorher")', messageDe: "Spalte priorNeedGroup fehlt (oder „HBG vorher“)" },
    ]);
  });

  it.each([
    ["negative occupancy days", "2025-01,A,1,local,0,,2,-3", "occupancyDays", 'occupancyDays must be a whole number ≥ 0, got "-3"', "Belegungstage: muss eine ganze Zahl ≥ 0 sein, gefunden „-3“"],
    ["a need group outside 1–5", "2025-01,A,7,local,0,,2,60", "needGroup", 'need group must be a whole number 1–5, got "7"', "HBG: muss eine ganze Zahl 1–5 sein, gefunden „7“"],
    ["a need group 0", "2025-01,A,0,local,0,,2,60", "needGroup", 'need group must be a whole number 1–5, got "0"', "HBG: muss eine ganze Zahl 1–5 sein, gefunden „0“"],
    [
      "a +S row without prior group",
      "2025-01,A,2,local,1,,1,31",
      "priorNeedGroup",
      "a +S row (socialSpace 1) needs priorNeedGroup, the need group before the lowering",
      "HBG vorher: eine +S-Zeile (Sozialraum 1) braucht die Hilfebedarfsgruppe vor der Absenkung",
    ],
    [
      "a +S row whose prior group is not higher",
      "2025-01,A,3,local,1,3,1,31",
      "priorNeedGroup",
      "priorNeedGroup (3) must be higher than needGroup (3) on a +S row",
      "HBG vorher (3) muss auf einer +S-Zeile höher sein als die HBG (3)",
    ],
    [
      "a prior group on a non-+S row",
      "2025-01,A,2,local,0,4,1,31",
      "priorNeedGroup",
      'priorNeedGroup must be empty unless socialSpace is 1, got "4"',
      "HBG vorher: muss leer sein, wenn Sozialraum (+S) nicht 1 ist, gefunden „4“",
    ],
    ["an impossible month", "2025-13,A,1,local,0,,2,60", "month", 'month must be an existing month YYYY-MM, got "2025-13"', "Monat: muss ein existierender Monat JJJJ-MM sein, gefunden „2025-13“"],
    [
      "a month in another format",
      "01.2025,A,1,local,0,,2,60",
      "month",
      'month must be an existing month YYYY-MM, got "01.2025"',
      "Monat: muss ein existierender Monat JJJJ-MM sein, gefunden „01.2025“",
    ],
    [
      "an unknown funder kind",
      "2025-01,A,1,county,0,,2,60",
      "funderKind",
      'funderKind must be local or external (lokal/örtlich/auswärtig), got "county"',
      "Kostenträger: muss örtlich (lokal) oder auswärtig sein, gefunden „county“",
    ],
    ["a socialSpace other than 0/1", "2025-01,A,1,local,2,,2,60", "socialSpace", 'socialSpace must be 0 or 1, got "2"', "Sozialraum (+S): muss 0 oder 1 sein, gefunden „2“"],
    ["fractional cases", "2025-01,A,1,local,0,,1.5,60", "cases", 'cases must be a whole number ≥ 0, got "1.5"', "Fälle: muss eine ganze Zahl ≥ 0 sein, gefunden „1.5“"],
    ["an empty offer", "2025-01,,1,local,0,,2,60", "serviceOffer", "serviceOffer must not be empty", "Leistungsangebot: darf nicht leer sein"],
  ])("[KPI-R11] rejects %s with line, column and reason in English and German", (_kind, line, column, message, messageDe) => {
    const errors = errorsOf(`${HEADER}\n2025-01,A,1,local,0,,2,60\n${line}\n`);
    expect(errors).toEqual([{ file: "f.csv", line: 3, column, message, messageDe }]);
  });

  it("[KPI-R11] a repeated key is an error naming both lines, neither summed nor overwritten", () => {
    const text = `${HEADER}\n2025-01,A,1,local,0,,2,60\n2025-01,A,2,local,1,3,1,31\n\n2025-01,A,1,local,0,,1,30\n2025-01,A,2,local,1,4,1,31\n2025-01,A,2,local,1,3,1,31\n`;
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [5, "month"],
      [7, "month"],
    ]);
    expect(errors[0]?.message).toContain("already on line 2");
    expect(errors[1]?.message).toContain("already on line 3");
  });

  it("[KPI-R11] collects every error of the file, not just the first", () => {
    const text = `${HEADER}\n2025-13,A,7,local,0,,x,60\n2025-01,A,1,local,0,,2,60\n2025-02,A,1,elsewhere,0,,2,-1\n`;
    const errors = errorsOf(text);
    expect(errors.map((e) => `${e.line}:${e.column}`)).toEqual(["2:month", "2:needGroup", "2:cases", "4:funderKind", "4:occupancyDays"]);
  });

  it("[KPI-R11] a line with more cells than the header is refused (decimal comma)", () => {
    const errors = errorsOf(`${HEADER}\n2025-01,A,1,local,0,,2,60,5\n`);
    expect(errors).toEqual([expect.objectContaining({ line: 2, column: "cell 9", message: expect.stringContaining('"."') })]);
  });

  it("[KPI-R11] an unclosed quote is reported once, at its line and cell", () => {
    const errors = errorsOf(`${HEADER}\n2025-01,A,7,local,0,,2,60\n2025-01,"A,1,local,0,,2,60\n2025-02,A,1,local,0,,2,60\n`);
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, column: "needGroup" }),
      expect.objectContaining({ line: 3, column: "serviceOffer", message: expect.stringContaining("Quoted field unterminated") }),
    ]);
  });

  it("[KPI-R11] an empty file is refused", () => {
    expect(errorsOf("\uFEFF\n\n")).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining("file is empty") })]);
  });

  it("[KPI-R11] occupancy days above cases × days in month are only a warning", () => {
    const result = parseFiguresCsv(`${HEADER}\n2025-02,A,1,local,0,,1,30\n`);
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ line: 2, column: "occupancyDays" })]);
  });

  it.each(["name", "Vorname", "Nachname", "Geburtsdatum", "birthdate", "address", "Adresse", "Klientenname", "date_of_birth"])("[KPI-R15] refuses the personal-data column %j", (column) => {
    const errors = errorsOf(`${HEADER},${column}\n2025-01,A,1,local,0,,2,60,x\n`);
    expect(errors).toEqual([
      {
        file: "f.csv",
        line: 1,
        column,
        message: `column "${column}" looks like personal data of the people served; figures must be aggregates, remove the column`,
        messageDe: `Spalte „${column}“ sieht nach personenbezogenen Daten der Leistungsberechtigten aus; Zahlen werden nur zusammengefasst gemeldet, bitte die Spalte entfernen`,
      },
    ]);
  });

  it("[KPI-R15] does not mistake the figures columns or harmless extras for personal data", () => {
    const harmless = FIGURE_COLUMNS.flatMap((c) => [c.key, ...c.aliases]).concat(["Bemerkung", "Angebotsname", "comment", "Standort"]);
    expect(harmless.filter(looksLikePersonalData)).toEqual([]);
  });

  it("[KPI-R11] validates in-memory rows for repeated keys and +S prior groups", () => {
    const rows = [buildRow({ line: 2 }), buildRow({ line: 3, needGroup: 2, socialSpace: true, priorNeedGroup: 1 }), buildRow({ line: 4 }), buildRow({ funderKind: "external" })];
    expect(validateFigureRows(rows).map((issue) => [issue.line, issue.column])).toEqual([
      [3, "priorNeedGroup"],
      [4, "month"],
    ]);
  });
});
