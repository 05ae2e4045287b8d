import type { FiguresSaved, SubmissionRecord } from "../../shared/domain/figures";
import { FIGURE_COLUMNS, formatKpiIssue, looksLikePersonalData, parseFiguresCsv, validateKpiData, type FigureRow, type KpiIssue, type ParseResult, type StaffRow } from "../../shared/kpi";
import type { AppDeps } from "../appDeps";
import { AppError } from "../errors";
import { loadCurrentAgreements } from "../persistence/agreements";
import { insertSubmission, readMonths, replaceFigureMonths, replaceStaffMonths, type StoredRows } from "../persistence/figures";
import { lockedMonths, quarterOfMonth } from "../persistence/locks";
import { transaction } from "../persistence/db";

/** Most issues sent back for one submission; a file that is wrong throughout would otherwise answer with megabytes. */
const MAX_ISSUES = 1000;

/**
 * 400 `invalid_input`: the submission was refused as a whole; `issues` names every
 * problem with file, line and column, each in English (`message`) and German (`messageDe`).
 * The summary message is German, like the API's other messages. `app.onError` renders the issues.
 */
export class InputIssuesError extends AppError {
  /** Every problem found (at most 1000, the last one then says how many more there were). */
  readonly issues: KpiIssue[];

  /**
   * @param issues - at least one problem
   * @param message - summary; defaults to the first issue in German, formatted `file:line:column: messageDe`
   */
  constructor(issues: KpiIssue[], message?: string) {
    const first = issues[0] ? formatKpiIssue(issues[0], "de") : "ungültige Eingabe";
    const more = issues.length > 1 ? ` (und ${issues.length - 1} weitere Fehler)` : "";
    super(400, "invalid_input", message ?? `Nichts gespeichert: ${first}${more}`);
    const rest = issues.length - MAX_ISSUES;
    this.issues =
      rest > 0
        ? [...issues.slice(0, MAX_ISSUES), { message: `… and ${rest} more problems; fix the ones above first`, messageDe: `… und ${rest} weitere Probleme; bitte zuerst die obigen beheben` }]
        : issues;
  }
}

/** A validated submission of figures and/or staff for one provider. */
export interface FiguresSubmission {
  /** The provider. */
  providerId: string;
  /** The submitting user's id. */
  userId: string;
  /** How it came in; recorded as `correction` when it replaces stored months. */
  kind: "upload" | "form";
  /** Figures rows (parsed and row-validated), or null when the submission has none. */
  figures: FigureRow[] | null;
  /** Staff rows, or null when the submission has none. */
  staff: StaffRow[] | null;
  /** Why, required when a month already has figures or staff. */
  reason?: string | undefined;
  /** Uploaded file's name, also used in issues. */
  fileName?: string | undefined;
  /** Parser warnings to hand back with the answer. */
  warnings?: KpiIssue[];
}

/** What the recorder needs of the app. */
export type RecorderDeps = Pick<AppDeps, "db" | "kpiEvents" | "logger">;

function distinctMonths(rows: readonly { month: string }[]): string[] {
  return [...new Set(rows.map((row) => row.month))].sort();
}

function withoutLines(rows: StoredRows): StoredRows {
  return {
    figures: rows.figures.map(({ line: _line, ...row }) => row),
    staff: rows.staff.map(({ line: _line, ...row }) => row),
  };
}

function subjectOf(submission: FiguresSubmission): SubmissionRecord["subject"] {
  if (submission.figures && submission.staff) return "figures+staff";
  return submission.figures ? "figures" : "staff";
}

/**
 * Stores a validated submission in one transaction, all or nothing: replaces the figures
 * and staff of exactly the months it contains and records it in the history together with
 * the rows it replaced. After the commit, tells `kpiEvents` once.
 *
 * @param deps - database, KPI events, logger
 * @param submission - the rows, who sends them and why
 * @returns the months stored, row counts and the parser's warnings
 * @throws InputIssuesError (400) when a row names an offer missing from its year's stored agreement,
 *   repeats a key, or the submission is empty
 * @throws AppError 409 `locked` when a month lies in a locked quarter
 * @throws AppError 422 `reason_required` when a month already has data and no reason is given
 * @example
 * await recordFigures(deps, { providerId, userId, kind: "upload", figures: parsed.value, staff: null, fileName: "figures.csv" });
 */
export async function recordFigures(deps: RecorderDeps, submission: FiguresSubmission): Promise<FiguresSaved> {
  const { db } = deps;
  const { providerId, fileName } = submission;
  const figures = submission.figures ?? [];
  const staff = submission.staff ?? [];
  const figureMonths = distinctMonths(figures);
  const staffMonths = distinctMonths(staff);
  const months = [...new Set([...figureMonths, ...staffMonths])].sort();
  if (months.length === 0) {
    throw new InputIssuesError([
      { ...(fileName ? { file: fileName } : {}), message: "the submission contains no rows; nothing to store", messageDe: "die Meldung enthält keine Zeilen; nichts zu speichern" },
    ]);
  }
  const saved = await transaction(db, async (trx): Promise<FiguresSaved> => {
    // Inside the transaction, so an agreement saved meanwhile cannot slip between check and store.
    const agreements = await loadCurrentAgreements(trx, providerId);
    const files = fileName ? { figures: fileName, staff: fileName } : {};
    const issues = validateKpiData({ agreements, figures, staff, files });
    if (issues.length > 0) throw new InputIssuesError(issues);

    const locked = await lockedMonths(trx, providerId, months);
    if (locked.length > 0) {
      const quarters = [...new Set(locked.map(quarterOfMonth))].join(", ");
      throw new AppError(
        409,
        "locked",
        `Quartal ${quarters} ist gesperrt (Steuerungsgespräch gehalten); Monate ${locked.join(", ")} können nicht geändert werden. Der Leistungsträger kann das Quartal mit Begründung wieder öffnen.`,
      );
    }

    const replaced = await readMonths(trx, providerId, figureMonths, staffMonths);
    const corrected = distinctMonths([...replaced.figures, ...replaced.staff]);
    const reason = submission.reason?.trim() || null;
    if (corrected.length > 0 && !reason) {
      throw new AppError(422, "reason_required", `reason: Monate ${corrected.join(", ")} sind bereits gemeldet; eine Korrektur braucht eine Begründung.`);
    }

    await replaceFigureMonths(trx, providerId, figureMonths, figures);
    await replaceStaffMonths(trx, providerId, staffMonths, staff);
    await insertSubmission(trx, {
      providerId,
      kind: corrected.length > 0 ? "correction" : submission.kind,
      subject: subjectOf(submission),
      months,
      userId: submission.userId,
      reason,
      fileName: fileName ?? null,
      rows: withoutLines({ figures, staff }),
      replaced,
    });
    return { months, rows: figures.length, staffRows: staff.length, warnings: submission.warnings ?? [] };
  });
  try {
    deps.kpiEvents.figuresChanged(providerId);
  } catch (error) {
    // The figures are committed; a failing KPI push must not report the save as failed.
    deps.logger.log("error", "figuresChanged listener failed", { providerId, error: (error as Error).message });
  }
  return saved;
}

const FORM_COLUMNS = FIGURE_COLUMNS.map((column) => column.key);

/** A form value as CSV cell text; booleans become the file format's 0/1. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Validates the rows of a month's form entry with the engine's CSV rules, so a form and a
 * file are judged alike. Issues name the row as `line` (1 = first row) and the field as `column`.
 *
 * @param month - the entry's month `YYYY-MM`; every row must name it
 * @param rows - the rows as sent by the form
 * @returns the typed rows with `line` = row index + 1, or every issue found
 */
export function parseMonthEntryRows(month: string, rows: readonly Record<string, unknown>[]): ParseResult<FigureRow[]> {
  const issues: KpiIssue[] = [];
  const lines = rows.map((row, index) => {
    const line = index + 1;
    for (const key of Object.keys(row)) {
      if (!FORM_COLUMNS.includes(key as (typeof FORM_COLUMNS)[number]) && looksLikePersonalData(key)) {
        issues.push({
          line,
          column: key,
          message: `field "${key}" looks like personal data of the people served; figures must be aggregates`,
          messageDe: `Feld „${key}“ sieht nach personenbezogenen Daten der Leistungsberechtigten aus; Zahlen werden nur zusammengefasst gemeldet`,
        });
      }
    }
    if (row.month !== month) {
      const got = JSON.stringify(row.month ?? null);
      issues.push({ line, column: "month", message: `month must be ${month}, the month of this entry, got ${got}`, messageDe: `Monat: muss ${month} sein, der Monat dieser Meldung, gefunden ${got}` });
    }
    return FORM_COLUMNS.map((key) => {
      const text = cellText(row[key]);
      // A line break inside a cell would shift every later line number.
      if (!/[\r\n]/.test(text)) return text;
      issues.push({ line, column: key, message: `${key} must not contain a line break`, messageDe: `${key}: darf keinen Zeilenumbruch enthalten` });
      return "";
    }).join(",");
  });
  const parsed = parseFiguresCsv([FORM_COLUMNS.join(","), ...lines].join("\n"));
  // The generated CSV has its header on line 1, so row i sits on line i + 2.
  const shift = (issue: KpiIssue): KpiIssue => (issue.line === undefined ? issue : { ...issue, line: issue.line - 1 });
  if (!parsed.ok) issues.push(...parsed.errors.map(shift));
  if (issues.length > 0) return { ok: false, errors: issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value.map(({ line, ...row }) => ({ ...row, line: (line ?? 2) - 1 })), warnings: parsed.warnings.map(shift) };
}
