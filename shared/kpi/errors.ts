/**
 * Error and warning types shared by every KPI input parser.
 *
 * A parser never throws on bad data: it returns every problem it found, each with the
 * position a person can look up in their spreadsheet or JSON file. Only `evaluateKpis`
 * throws, with a {@link KpiInputError} holding the same entries.
 */

/** One problem (or warning) in the KPI input, with as much position as is known. */
export interface KpiIssue {
  /** File name as the user named it, e.g. `figures-2025.csv`; absent for in-memory input. */
  file?: string;
  /** 1-based line in the file; the CSV header is line 1. */
  line?: number;
  /** CSV header name (as written in the file) or JSON path such as `offers[0].places`. */
  column?: string;
  /** What is wrong, in one sentence, naming the offending value. */
  message: string;
}

/** Outcome of a parser: the typed value and its warnings, or all errors found. */
export type ParseResult<T> =
  | { ok: true; value: T; warnings: KpiIssue[] }
  | { ok: false; errors: KpiIssue[] };

/**
 * Thrown by `evaluateKpis` when its input is inconsistent; carries every issue found.
 *
 * @example
 * try { evaluateKpis(input) } catch (e) { if (e instanceof KpiInputError) e.issues.map(formatKpiIssue) }
 */
export class KpiInputError extends Error {
  /** Every problem found, in file order. */
  readonly issues: KpiIssue[];

  /**
   * @param issues - at least one problem; the first one becomes the message
   */
  constructor(issues: KpiIssue[]) {
    const first = issues[0] ? formatKpiIssue(issues[0]) : "invalid KPI input";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(first + more);
    this.name = "KpiInputError";
    this.issues = issues;
  }
}

/**
 * [KPI-S4] Thrown for a period that lies wholly before its year's budget start: there is no
 * budget to compare with. A KpiInputError, so callers that only know that class still
 * report it as bad input; the UI recognises this class and says "vor Budgetbeginn".
 *
 * @example
 * if (e instanceof PeriodBeforeBudgetStartError) show(`vor Budgetbeginn (${e.budgetStart})`)
 */
export class PeriodBeforeBudgetStartError extends KpiInputError {
  /** The period as given, e.g. `2025-Q1`. */
  readonly period: string;
  /** The agreement's first budget month, `YYYY-MM`. */
  readonly budgetStart: string;

  /**
   * @param period - the period as given
   * @param budgetStart - the first budget month `YYYY-MM`
   */
  constructor(period: string, budgetStart: string) {
    super([{ column: "period", message: `period ${period} lies before the budget start ${budgetStart}` }]);
    this.name = "PeriodBeforeBudgetStartError";
    this.period = period;
    this.budgetStart = budgetStart;
  }
}

/**
 * Formats an issue the way compilers do: `file:line:column: message`.
 *
 * @param issue - the issue to format
 * @returns e.g. `figures-2025.csv:14:needGroup: need group must be a whole number 1–5, got "7"`
 */
export function formatKpiIssue(issue: KpiIssue): string {
  const position = [issue.file, issue.line, issue.column].filter((part) => part !== undefined && part !== "");
  return position.length > 0 ? `${position.join(":")}: ${issue.message}` : issue.message;
}

/**
 * Returns copies of the issues with `file` set, for parsers that run on text without a name.
 *
 * @param issues - issues to label
 * @param file - the file name to put on each issue, if any
 * @returns the labelled issues
 */
export function withFile(issues: KpiIssue[], file: string | undefined): KpiIssue[] {
  return file === undefined ? issues : issues.map((issue) => ({ ...issue, file: issue.file ?? file }));
}
