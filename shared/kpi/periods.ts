/**
 * Reporting periods ([KPI-R10]): a month `YYYY-MM`, a quarter `YYYY-Qn`, year-to-date
 * `YYYY-YTD-MM` or a budget year `YYYY`, all within one calendar year.
 */
import { periodTexts, type PeriodProblem } from "./messages";

/** The kind of a reporting period. */
export type PeriodKind = "month" | "quarter" | "ytd" | "year";

/** A parsed reporting period: a run of consecutive months of one calendar year. */
export interface Period {
  /** The text as given, echoed in the KPI result. */
  text: string;
  /** Which of the four forms was given. */
  kind: PeriodKind;
  /** The calendar (= budget) year. */
  year: number;
  /** First month, 1–12. */
  firstMonth: number;
  /** Last month, 1–12; the period ends on its last day. */
  lastMonth: number;
}

/** Outcome of {@link parsePeriod}: the period, or what is wrong in English (`message`) and German (`messageDe`). */
export type PeriodParseResult = { ok: true; period: Period } | { ok: false; message: string; messageDe: string };

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Parses a period. Only the four exact forms are accepted; `YYYY-YTD-12` covers the same
 * months as `YYYY` but keeps its own text.
 *
 * @param text - e.g. `2025`, `2025-05`, `2025-Q2`, `2025-YTD-08`
 * @returns the period, or a message saying what is wrong
 * @example
 * parsePeriod("2025-Q2") // { ok: true, period: { year: 2025, firstMonth: 4, lastMonth: 6, … } }
 */
export function parsePeriod(text: string): PeriodParseResult {
  let match = /^(\d{4})$/.exec(text);
  if (match) return ok(text, "year", Number(match[1]), 1, 12);
  match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? ok(text, "month", Number(match[1]), month, month) : bad(text, "noMonth");
  }
  match = /^(\d{4})-Q(\d)$/.exec(text);
  if (match) {
    const quarter = Number(match[2]);
    if (quarter < 1 || quarter > 4) return bad(text, "noQuarter");
    return ok(text, "quarter", Number(match[1]), quarter * 3 - 2, quarter * 3);
  }
  match = /^(\d{4})-YTD-(\d{2})$/.exec(text);
  if (match) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? ok(text, "ytd", Number(match[1]), 1, month) : bad(text, "noMonth");
  }
  return bad(text, "notPeriod");
}

/** A module-level function, not a closure in `parsePeriod`: a recalculation parses thousands of periods. */
function bad(text: string, why: PeriodProblem): PeriodParseResult {
  const message = periodTexts.badPeriod(text, why);
  return { ok: false, message: message.en, messageDe: message.de };
}

function ok(text: string, kind: PeriodKind, year: number, firstMonth: number, lastMonth: number): PeriodParseResult {
  if (year < 1) return bad(text, "noYear");
  return { ok: true, period: { text, kind, year, firstMonth, lastMonth } };
}

/**
 * @param year - a Gregorian year
 * @returns true for leap years (2024, 2000; not 1900, 2025)
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * @param year - a Gregorian year
 * @returns 366 in leap years, else 365
 */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/**
 * @param year - a Gregorian year
 * @param month - 1–12
 * @returns the number of calendar days of that month
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * @param period - a parsed period
 * @returns the calendar days the period covers
 */
export function daysInPeriod(period: Period): number {
  return daysInMonths(period.year, period.firstMonth, period.lastMonth);
}

/**
 * @param year - a Gregorian year
 * @param firstMonth - 1–12
 * @param lastMonth - 1–12; before `firstMonth` gives 0
 * @returns the calendar days of months `firstMonth` … `lastMonth` of the year
 * @example
 * daysInMonths(2025, 7, 12) // 184, the budget days of a budget starting in July
 */
export function daysInMonths(year: number, firstMonth: number, lastMonth: number): number {
  let days = 0;
  for (let month = firstMonth; month <= lastMonth; month++) days += daysInMonth(year, month);
  return days;
}

/**
 * @param year - a year
 * @param month - 1–12
 * @returns the month key `YYYY-MM` used in the figures
 */
export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/**
 * @param period - a parsed period
 * @returns its month keys in calendar order, e.g. `["2025-04", "2025-05", "2025-06"]`
 */
export function monthsOfPeriod(period: Period): string[] {
  const months: string[] = [];
  for (let month = period.firstMonth; month <= period.lastMonth; month++) months.push(monthKey(period.year, month));
  return months;
}

/**
 * Reads a month key of the figures or staff files.
 *
 * @param text - e.g. `2025-05`
 * @returns year and month, or null when the text is not an existing month `YYYY-MM`
 */
export function parseMonthKey(text: string): { year: number; month: number } | null {
  const match = MONTH_KEY.exec(text);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
}

function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A month key as a number (year × 12 + month − 1), without allocating: the hot path of
 * validating and indexing many rows.
 *
 * @param text - a month key `YYYY-MM`
 * @returns the index, or −1 when the text is not a month `YYYY-MM`
 */
export function monthIndex(text: string): number {
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return -1;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  return year < 0 || month < 1 || month > 12 ? -1 : year * 12 + month - 1;
}
