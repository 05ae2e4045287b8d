/**
 * Staff deployed per month ([KPI-R12]): `month,staffFte` (German `Monat`, `VK`), the
 * month's average full-time equivalents for all persons, one row per month.
 */
import { z } from "zod";
import { readCsvTable, type CsvColumnSpec } from "./csv";
import { issueOf, withFile, type KpiIssue, type ParseResult } from "./errors";
import { figuresTexts, staffTexts } from "./messages";
import { parseMonthKey } from "./periods";

/** One month's staff. */
export const StaffRowSchema = z.object({
  /** Month `YYYY-MM`. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM"),
  /** Average full-time equivalents of the month, all persons (local and external). */
  staffFte: z.number().min(0),
  /** 1-based file line, when the row came from a file. */
  line: z.number().int().min(1).optional(),
});

/** One month's staff. */
export type StaffRow = z.infer<typeof StaffRowSchema>;

/** The staff columns with their accepted German spellings. */
export const STAFF_COLUMNS: readonly CsvColumnSpec<"month" | "staffFte">[] = [
  { key: "month", aliases: ["Monat"] },
  { key: "staffFte", aliases: ["VK", "Vollkräfte", "Personaleinsatz"] },
];

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/** More full-time equivalents than any provider employs: a typo, refused instead of stored. */
export const MAX_STAFF_FTE = 10_000;

/**
 * Checks typed staff rows for a second row of the same month.
 *
 * @param rows - rows, with `line` when they come from a file
 * @returns one issue per repeated month
 */
export function validateStaffRows(rows: readonly StaffRow[]): KpiIssue[] {
  const issues: KpiIssue[] = [];
  const first = new Map<string, StaffRow>();
  rows.forEach((row) => {
    const earlier = first.get(row.month);
    if (!earlier) {
      first.set(row.month, row);
      return;
    }
    const text = staffTexts.repeatedMonth(row.month, { line: earlier.line, row: rows.indexOf(earlier) + 1 });
    issues.push(issueOf(text, row.line !== undefined ? { column: "month", line: row.line } : { column: "month" }));
  });
  return issues;
}

/**
 * Parses and validates a staff CSV as a whole.
 *
 * @param text - the file content
 * @param file - the file name for the issues, if any
 * @returns the rows with their lines, or every issue found
 * @example
 * const staff = parseStaffCsv("month,staffFte\n2025-01,22.4\n");
 */
export function parseStaffCsv(text: string, file?: string): ParseResult<StaffRow[]> {
  const { table, errors } = readCsvTable(text, STAFF_COLUMNS);
  const issues: KpiIssue[] = [...errors];
  const rows: StaffRow[] = [];
  if (table) {
    const { month: monthColumn, staffFte: fteColumn } = table.columns;
    for (const record of table.records) {
      const month = (record.cells[monthColumn.index] ?? "").trim();
      const fteText = (record.cells[fteColumn.index] ?? "").trim();
      const validMonth = parseMonthKey(month) !== null;
      // A plausible size too, so a long run of digits cannot become Infinity.
      const validFte = DECIMAL.test(fteText) && Number(fteText) <= MAX_STAFF_FTE;
      if (!validMonth) issues.push(issueOf(figuresTexts.month(month), { line: record.line, column: monthColumn.header }));
      if (!validFte) issues.push(issueOf(staffTexts.staffFte(fteText, MAX_STAFF_FTE), { line: record.line, column: fteColumn.header }));
      if (validMonth && validFte) rows.push({ month, staffFte: Number(fteText), line: record.line });
    }
    issues.push(...validateStaffRows(rows).map((issue) => ({ ...issue, column: monthColumn.header })));
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.length > 0) return { ok: false, errors: withFile(issues, file) };
  return { ok: true, value: rows, warnings: [] };
}
