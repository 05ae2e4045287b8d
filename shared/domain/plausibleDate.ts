import { z } from "zod";

/**
 * Plausible dates: what a user enters for a talk, an agreement or a measure lies between
 * 1990 and 2100. Anything outside (0000-01-01, 9999-12-31) is a typing slip or a probe,
 * and would sort, overflow or print oddly downstream.
 */

/** The earliest plausible date, YYYY-MM-DD. */
export const EARLIEST_PLAUSIBLE_DATE = "1990-01-01";

/** The latest plausible date, YYYY-MM-DD. */
export const LATEST_PLAUSIBLE_DATE = "2100-12-31";

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * Whether a date lies within 1990-01-01 … 2100-12-31 (both included).
 * @param value - `YYYY-MM-DD`, or a local time `YYYY-MM-DDTHH:mm` (its date counts)
 * @returns false also when the value does not start with a date
 */
export function isPlausibleDate(value: string): boolean {
  if (!DATE_PREFIX.test(value)) return false;
  const date = value.slice(0, 10);
  return date >= EARLIEST_PLAUSIBLE_DATE && date <= LATEST_PLAUSIBLE_DATE;
}

/**
 * The German message of a date out of range, naming the field.
 * @param label - the field's German name, e.g. "Fälligkeitsdatum"
 */
export function implausibleDateMessage(label: string): string {
  return `${label}: muss zwischen 01.01.1990 und 31.12.2100 liegen`;
}

/**
 * The zod check of a user-entered date or local time: within 1990–2100, with a German
 * message naming the field. A value that is not a date at all is left to the format check
 * before it, so the answer names one problem, not two.
 * @param label - the field's German name, e.g. "Fälligkeitsdatum"
 * @example
 * const DueSchema = IsoDateSchema.check(plausibleDate("Fälligkeitsdatum"));
 */
export function plausibleDate(label: string) {
  return z.refine<string>((value) => !DATE_PREFIX.test(value) || isPlausibleDate(value), implausibleDateMessage(label));
}
