/**
 * Error and warning types shared by every KPI input parser.
 *
 * A parser never throws on bad data: it returns every problem it found, each with the
 * position a person can look up in their spreadsheet or JSON file. Only `evaluateKpis`
 * throws, with a {@link KpiInputError} holding the same entries.
 */

import { errorTexts, periodTexts, type KpiText } from "./messages";

/** One problem (or warning) in the KPI input, with as much position as is known. */
export interface KpiIssue {
  /** File name as the user named it, e.g. `figures-2025.csv`; absent for in-memory input. */
  file?: string;
  /** 1-based line in the file; the CSV header is line 1. */
  line?: number;
  /** CSV header name (as written in the file) or JSON path such as `offers[0].places`. */
  column?: string;
  /** What is wrong, in one sentence, naming the offending value (English, as the KPI command prints it). */
  message: string;
  /** The same in German, for the German UI and documents. */
  messageDe: string;
}

/** Outcome of a parser: the typed value and its warnings, or all errors found. */
export type ParseResult<T> = { ok: true; value: T; warnings: KpiIssue[] } | { ok: false; errors: KpiIssue[] };

/**
 * Thrown by `evaluateKpis` when its input is inconsistent; carries every issue found. The
 * message is English, as the KPI command prints it; `messageDe` says the same in German.
 *
 * @example
 * try { evaluateKpis(input) } catch (e) { if (e instanceof KpiInputError) e.issues.map((issue) => formatKpiIssue(issue)) }
 */
export class KpiInputError extends Error {
  /** Every problem found, in file order. */
  readonly issues: KpiIssue[];
  /** The message in German: the first issue, and how many more there are. */
  readonly messageDe: string;

  /**
   * @param issues - at least one problem; the first one becomes the message
   */
  constructor(issues: KpiIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? errorTexts.andMore(issues.length - 1) : { en: "", de: "" };
    super((first ? formatKpiIssue(first) : errorTexts.invalidInput().en) + more.en);
    this.name = "KpiInputError";
    this.issues = issues;
    this.messageDe = (first ? formatKpiIssue(first, "de") : errorTexts.invalidInput().de) + more.de;
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
    super([issueOf(periodTexts.beforeBudgetStart(period, budgetStart), { column: "period" })]);
    this.name = "PeriodBeforeBudgetStartError";
    this.period = period;
    this.budgetStart = budgetStart;
  }
}

/**
 * Formats an issue the way compilers do: `file:line:column: message`.
 *
 * @param issue - the issue to format
 * @param language - `en` (the KPI command's) or `de` (the UI's, with `messageDe`)
 * @returns e.g. `figures-2025.csv:14:needGroup: need group must be a whole number 1–5, got "7"`
 * @example
 * formatKpiIssue(issue, "de") // "figures-2025.csv:14:needGroup: HBG: muss eine ganze Zahl 1–5 sein, gefunden „7“"
 */
export function formatKpiIssue(issue: KpiIssue, language: "en" | "de" = "en"): string {
  const message = language === "de" ? issue.messageDe : issue.message;
  const position = [issue.file, issue.line, issue.column].filter((part) => part !== undefined && part !== "");
  return position.length > 0 ? `${position.join(":")}: ${message}` : message;
}

/**
 * An issue from a text of `messages.ts`: English as `message`, German as `messageDe`.
 *
 * @param text - the text in both languages
 * @param position - file, line and column, as far as known
 * @returns the issue
 * @example
 * issueOf(figuresTexts.emptyOffer(), { line: 4, column: "serviceOffer" })
 */
export function issueOf(text: KpiText, position: Omit<KpiIssue, "message" | "messageDe"> = {}): KpiIssue {
  return { ...position, message: text.en, messageDe: text.de };
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
