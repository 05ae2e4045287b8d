/**
 * The month form's state and its conversion to and from figures rows: one cell per
 * offer × need group × funder kind, plus free +S rows with their prior need group.
 */
import type { FigureRow, FunderKind } from "../../shared/kpi/figures";
import { decimalToInput, parseDecimal } from "./format";

/** The two inputs of one cell. */
export interface CellInput {
  /** Persons at month end, as typed. */
  cases: string;
  /** Occupancy days, as typed. */
  days: string;
}

/** One +S row of the form. */
export interface SocialSpaceInput {
  /** Stable key for React. */
  key: number;
  /** Service offer name. */
  offer: string;
  /** Local or external. */
  kind: FunderKind;
  /** Current (lowered) need group. */
  group: number;
  /** Need group before the lowering. */
  prior: number;
  /** Persons at month end, as typed. */
  cases: string;
  /** Occupancy days, as typed. */
  days: string;
}

/** The whole form of a month. */
export interface MonthForm {
  /** Cells by {@link cellKey}. */
  cells: Record<string, CellInput>;
  /** +S rows. */
  social: SocialSpaceInput[];
  /** Staff FTE as typed; empty leaves staff unchanged. */
  staff: string;
}

/** A row sent to `PUT /figures/:month`. */
export type MonthRow = Omit<FigureRow, "line">;

/** A problem in the form, named by what the user sees. */
export interface FormProblem {
  /** Where: e.g. "Haus A, HBG 2, örtlich" or "+S-Zeile 1"; empty for the staff field. */
  where: string;
  /** i18n key of the problem under `controlling.entry.problems`. */
  problem: "wholeNumber" | "priorNotHigher" | "staff" | "nothingChanged";
}

/**
 * The key of a cell.
 *
 * @param offer - service offer name
 * @param group - need group 1–5
 * @param kind - local or external
 * @returns a key unique per cell
 */
export function cellKey(offer: string, group: number, kind: FunderKind): string {
  return JSON.stringify([offer, group, kind]);
}

/**
 * Fills the form from the stored rows of a month.
 *
 * @param rows - the stored rows of the year
 * @param staffFte - the month's stored staff, if any
 * @param month - YYYY-MM
 * @returns the form state
 */
export function formFromRows(rows: readonly FigureRow[], staffFte: number | null, month: string): MonthForm {
  const cells: Record<string, CellInput> = {};
  const social: SocialSpaceInput[] = [];
  for (const row of rows) {
    if (row.month !== month) continue;
    if (row.socialSpace) {
      social.push({
        key: social.length,
        offer: row.serviceOffer,
        kind: row.funderKind,
        group: row.needGroup,
        prior: row.priorNeedGroup ?? row.needGroup + 1,
        cases: String(row.cases),
        days: String(row.occupancyDays),
      });
    } else {
      cells[cellKey(row.serviceOffer, row.needGroup, row.funderKind)] = { cases: String(row.cases), days: String(row.occupancyDays) };
    }
  }
  return { cells, social, staff: staffFte === null ? "" : decimalToInput(staffFte) };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * Turns the form into rows. A cell with both inputs empty is no row; one empty input counts as 0.
 *
 * @param form - the form state
 * @param month - YYYY-MM
 * @param describe - names a cell for problems, e.g. "Haus A, HBG 2, örtlich"
 * @returns the rows, staff FTE (null: unchanged) and the problems found
 */
export function rowsFromForm(
  form: MonthForm,
  month: string,
  describe: (offer: string, group: number, kind: FunderKind, socialIndex?: number) => string,
): { rows: MonthRow[]; staffFte: number | null; problems: FormProblem[] } {
  const rows: MonthRow[] = [];
  const problems: FormProblem[] = [];
  const add = (offer: string, group: number, kind: FunderKind, input: CellInput, prior: number | null, socialIndex?: number) => {
    if (input.cases.trim() === "" && input.days.trim() === "") return;
    const cases = wholeNumber(input.cases);
    const days = wholeNumber(input.days);
    if (cases === null || days === null) {
      problems.push({ where: describe(offer, group, kind, socialIndex), problem: "wholeNumber" });
      return;
    }
    if (prior !== null && prior <= group) problems.push({ where: describe(offer, group, kind, socialIndex), problem: "priorNotHigher" });
    rows.push({ month, serviceOffer: offer, needGroup: group, funderKind: kind, socialSpace: prior !== null, priorNeedGroup: prior, cases, occupancyDays: days });
  };
  for (const [key, input] of Object.entries(form.cells)) {
    const [offer, group, kind] = JSON.parse(key) as [string, number, FunderKind];
    add(offer, group, kind, input, null);
  }
  form.social.forEach((row, index) => add(row.offer, row.group, row.kind, row, row.prior, index + 1));
  let staffFte: number | null = null;
  if (form.staff.trim() !== "") {
    staffFte = parseDecimal(form.staff);
    if (staffFte === null) problems.push({ where: "", problem: "staff" });
  }
  return { rows, staffFte, problems };
}

function rowKey(row: MonthRow): string {
  return JSON.stringify([row.serviceOffer, row.needGroup, row.funderKind, row.socialSpace, row.priorNeedGroup, row.cases, row.occupancyDays]);
}

/**
 * Whether the form's rows equal the stored rows of the month, so a change of staff alone
 * is sent without rows and does not count as a correction of the figures.
 *
 * @param rows - the rows built from the form
 * @param stored - the stored rows of the year
 * @param month - YYYY-MM
 * @returns true when both hold the same rows
 */
export function sameRows(rows: readonly MonthRow[], stored: readonly FigureRow[], month: string): boolean {
  const before = stored
    .filter((row) => row.month === month)
    .map(rowKey)
    .sort();
  const after = rows.map(rowKey).sort();
  return before.length === after.length && before.every((key, index) => key === after[index]);
}
