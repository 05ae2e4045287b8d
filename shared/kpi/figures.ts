/**
 * Monthly figures ([KPI-R11]): one row per month × service offer × need group × funder
 * kind × +S marker (× prior group on +S rows), with cases at month end and occupancy days.
 */
import { z } from "zod";
import { readCsvTable, type CsvColumnSpec } from "./csv";
import { issueOf, withFile, type KpiIssue, type ParseResult } from "./errors";
import { figuresTexts, type FigureField } from "./messages";
import { daysInMonth, monthIndex, parseMonthKey } from "./periods";

/** Who pays for the persons of a row: the funder itself or another authority. */
export const FunderKindSchema = z.enum(["local", "external"]);

/** Who pays for the persons of a row. */
export type FunderKind = z.infer<typeof FunderKindSchema>;

const needGroup = z.number().int().min(1).max(5);

/** One row of monthly figures, e.g. from a CSV line or a form. */
export const FigureRowSchema = z
  .object({
    /** Month `YYYY-MM`. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM"),
    /** Service offer name, as in the agreement. */
    serviceOffer: z.string().trim().min(1),
    /** Current need group 1–5 (the lowered one on a +S row). */
    needGroup,
    /** Local (in the budget) or external (another authority pays). */
    funderKind: FunderKindSchema,
    /** +S marker: need group lowered through social-space work. */
    socialSpace: z.boolean(),
    /** Need group before the lowering; set exactly on +S rows, and higher than needGroup. */
    priorNeedGroup: needGroup.nullable(),
    /** Persons at month end. */
    cases: z.number().int().min(0),
    /** Days on which a place was used. */
    occupancyDays: z.number().int().min(0),
    /** 1-based file line, when the row came from a file. */
    line: z.number().int().min(1).optional(),
  })
  .refine((row) => (row.socialSpace ? row.priorNeedGroup !== null : row.priorNeedGroup === null), {
    message: "priorNeedGroup is required exactly when socialSpace is set",
    path: ["priorNeedGroup"],
  })
  .refine((row) => row.priorNeedGroup === null || row.priorNeedGroup > row.needGroup, {
    message: "priorNeedGroup must be higher than needGroup",
    path: ["priorNeedGroup"],
  });

/** One row of monthly figures. */
export type FigureRow = z.infer<typeof FigureRowSchema>;

type FigureColumn = Exclude<keyof FigureRow, "line">;

/** The figures columns with their accepted German spellings. */
export const FIGURE_COLUMNS: readonly CsvColumnSpec<FigureColumn>[] = [
  { key: "month", aliases: ["Monat"] },
  { key: "serviceOffer", aliases: ["Leistungsangebot", "Leistungstyp"] },
  { key: "needGroup", aliases: ["HBG", "Hilfebedarfsgruppe"] },
  { key: "funderKind", aliases: ["Kostenträger"] },
  { key: "socialSpace", aliases: ["Sozialraum", "+S"] },
  { key: "priorNeedGroup", aliases: ["HBG vorher"] },
  { key: "cases", aliases: ["Fälle", "Fallzahl"] },
  { key: "occupancyDays", aliases: ["Belegungstage"] },
];

const FUNDER_KINDS: Record<string, FunderKind> = {
  local: "local",
  lokal: "local",
  örtlich: "local",
  external: "external",
  auswärtig: "external",
};

/** The key that must be unique per file: month × offer × group × funder kind × +S × prior group. */
export function figureRowKey(row: FigureRow): string {
  return [row.month, row.serviceOffer, row.needGroup, row.funderKind, row.socialSpace ? 1 : 0, row.priorNeedGroup ?? ""].join("\u0000");
}

/**
 * Checks typed rows for repeated keys (neither summed nor overwritten) and for +S rows
 * whose prior group is not higher. Used for CSV uploads and form input alike.
 *
 * @param rows - rows, with `line` when they come from a file
 * @returns one issue per offending row
 */
export function validateFigureRows(rows: readonly FigureRow[]): KpiIssue[] {
  const issues: KpiIssue[] = [];
  // Per offer, the numeric rest of the key → first row index: no string building per row,
  // since the engine validates every input on every evaluation.
  const firstIndex = new Map<string, Map<number, number>>();
  rows.forEach((row, index) => {
    const position = row.line !== undefined ? { line: row.line } : {};
    let ofOffer = firstIndex.get(row.serviceOffer);
    if (!ofOffer) {
      ofOffer = new Map();
      firstIndex.set(row.serviceOffer, ofOffer);
    }
    const key = (((monthIndex(row.month) * 8 + row.needGroup) * 2 + (row.funderKind === "local" ? 0 : 1)) * 2 + (row.socialSpace ? 1 : 0)) * 8 + (row.priorNeedGroup ?? 0);
    const first = ofOffer.get(key);
    if (first !== undefined) {
      issues.push(issueOf(figuresTexts.repeatedRow(row, { line: rows[first]?.line, row: first + 1 }), { ...position, column: "month" }));
    } else ofOffer.set(key, index);
    if (row.socialSpace ? row.priorNeedGroup === null || row.priorNeedGroup <= row.needGroup : row.priorNeedGroup !== null) {
      const text = row.socialSpace ? figuresTexts.priorNotHigher(row.priorNeedGroup, row.needGroup) : figuresTexts.priorNotEmpty();
      issues.push(issueOf(text, { ...position, column: "priorNeedGroup" }));
    }
  });
  return issues;
}

type Cell = { text: string; header: string };

function wholeNumber(cell: Cell, what: FigureField, issues: KpiIssue[], line: number, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
  const value = cell.text.trim();
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(number) && number >= min && number <= max) return number;
  issues.push(issueOf(figuresTexts.wholeNumber(what, max === 5 ? "1–5" : "≥ 0", value), { line, column: cell.header }));
  return null;
}

/** Reads one CSV record into a row, pushing one issue per bad cell. */
function readRecord(line: number, cell: (key: FigureColumn) => Cell, issues: KpiIssue[]): FigureRow | null {
  const before = issues.length;
  const monthCell = cell("month");
  const month = monthCell.text.trim();
  const parsedMonth = parseMonthKey(month);
  if (!parsedMonth) issues.push(issueOf(figuresTexts.month(month), { line, column: monthCell.header }));
  const offerCell = cell("serviceOffer");
  const serviceOffer = offerCell.text.trim();
  if (serviceOffer === "") issues.push(issueOf(figuresTexts.emptyOffer(), { line, column: offerCell.header }));
  const group = wholeNumber(cell("needGroup"), "needGroup", issues, line, 1, 5);
  const kindCell = cell("funderKind");
  const funderKind = FUNDER_KINDS[kindCell.text.trim().toLowerCase()];
  if (!funderKind) issues.push(issueOf(figuresTexts.funderKind(kindCell.text.trim()), { line, column: kindCell.header }));
  const spaceCell = cell("socialSpace");
  const spaceText = spaceCell.text.trim();
  if (spaceText !== "0" && spaceText !== "1") issues.push(issueOf(figuresTexts.socialSpace(spaceText), { line, column: spaceCell.header }));
  const priorCell = cell("priorNeedGroup");
  let prior: number | null = null;
  if (spaceText === "1") {
    if (priorCell.text.trim() === "") {
      issues.push(issueOf(figuresTexts.priorMissing(), { line, column: priorCell.header }));
    } else {
      prior = wholeNumber(priorCell, "priorNeedGroup", issues, line, 1, 5);
      if (prior !== null && group !== null && prior <= group) issues.push(issueOf(figuresTexts.priorNotHigher(prior, group), { line, column: priorCell.header }));
    }
  } else if (spaceText === "0" && priorCell.text.trim() !== "") {
    issues.push(issueOf(figuresTexts.priorNotEmpty(priorCell.text.trim()), { line, column: priorCell.header }));
  }
  const cases = wholeNumber(cell("cases"), "cases", issues, line);
  const occupancyDays = wholeNumber(cell("occupancyDays"), "occupancyDays", issues, line);
  if (issues.length > before || !funderKind || group === null || cases === null || occupancyDays === null) return null;
  return { month, serviceOffer, needGroup: group, funderKind, socialSpace: spaceText === "1", priorNeedGroup: prior, cases, occupancyDays, line };
}

/**
 * Parses and validates a monthly figures CSV as a whole: every bad cell is reported with
 * its line and column, and no rows are returned unless the whole file is clean.
 *
 * @param text - the file content
 * @param file - the file name for the issues, if any
 * @returns the rows in file order with their lines, or every issue found
 * @example
 * const result = parseFiguresCsv(await file.text(), file.name);
 * if (!result.ok) showErrors(result.errors.map((issue) => formatKpiIssue(issue)));
 */
export function parseFiguresCsv(text: string, file?: string): ParseResult<FigureRow[]> {
  const { table, errors } = readCsvTable(text, FIGURE_COLUMNS);
  const issues: KpiIssue[] = [...errors];
  const rows: FigureRow[] = [];
  const warnings: KpiIssue[] = [];
  if (table) {
    for (const record of table.records) {
      const cell = (key: FigureColumn): Cell => ({ text: record.cells[table.columns[key].index] ?? "", header: table.columns[key].header });
      const row = readRecord(record.line, cell, issues);
      if (!row) continue;
      rows.push(row);
      const parsed = parseMonthKey(row.month);
      if (parsed && row.occupancyDays > row.cases * daysInMonth(parsed.year, parsed.month)) {
        // Plausible when people left during the month, so only a hint for the data entry.
        const text = figuresTexts.occupancyWarning(row.occupancyDays, row.cases, daysInMonth(parsed.year, parsed.month));
        warnings.push(issueOf(text, { line: record.line, column: table.columns.occupancyDays.header }));
      }
    }
    // Rows that got here have clean cells, so only repeated keys can remain; name the file's header.
    const headerOf = (column: string | undefined) => table.columns[column as FigureColumn]?.header ?? column;
    issues.push(...validateFigureRows(rows).map((issue) => ({ ...issue, column: headerOf(issue.column) })));
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.length > 0) return { ok: false, errors: withFile(issues, file) };
  return { ok: true, value: rows, warnings: withFile(warnings, file) };
}
