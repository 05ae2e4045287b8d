/**
 * The period chosen on the controlling page, as a year plus a kind and its month or
 * quarter, and its text form for the KPI API (`2025`, `2025-Q2`, `2025-05`, `2025-YTD-08`).
 */
import type { PeriodKind } from "../../shared/kpi/periods";

/** A chosen period. */
export interface PeriodChoice {
  /** The calendar (= budget) year. */
  year: number;
  /** Year, quarter, month or year-to-date. */
  kind: PeriodKind;
  /** Quarter 1–4 for `quarter`, month 1–12 for `month` and `ytd`; ignored for `year`. */
  index: number;
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Writes a period choice as the API's period text.
 *
 * @param choice - the chosen period
 * @returns e.g. "2025-Q2"
 * @example
 * periodText({ year: 2025, kind: "ytd", index: 8 }) // "2025-YTD-08"
 */
export function periodText(choice: PeriodChoice): string {
  switch (choice.kind) {
    case "year":
      return String(choice.year);
    case "quarter":
      return `${choice.year}-Q${choice.index}`;
    case "month":
      return `${choice.year}-${two(choice.index)}`;
    case "ytd":
      return `${choice.year}-YTD-${two(choice.index)}`;
  }
}

/**
 * The last month (1–12) of a chosen period.
 *
 * @param choice - the chosen period
 * @returns e.g. 6 for a second quarter
 */
export function lastMonthOf(choice: PeriodChoice): number {
  if (choice.kind === "year") return 12;
  if (choice.kind === "quarter") return choice.index * 3;
  return choice.index;
}

/**
 * The period a year's point of the five-year charts uses: from January to the chosen
 * period's last month, in every year alike. So years compare like with like, and the
 * chosen year never uses figures after its period; a period ending in December gives
 * whole years (`YYYY`).
 *
 * @param year - the chart's year
 * @param choice - the chosen period
 * @returns e.g. "2023" or "2023-YTD-06"
 */
export function chartPeriodOf(year: number, choice: PeriodChoice): string {
  const last = lastMonthOf(choice);
  return last === 12 ? String(year) : `${year}-YTD-${two(last)}`;
}

/**
 * A sensible first choice: the quarter before the current one in the latest agreement year.
 *
 * @param years - the years with an agreement
 * @param today - the current date
 * @returns the choice
 */
export function defaultPeriod(years: readonly number[], today: Date): PeriodChoice {
  const current = today.getFullYear();
  const known = years.filter((year) => year <= current);
  const year = known.length > 0 ? Math.max(...known) : years.length > 0 ? Math.min(...years) : current;
  if (year < current) return { year, kind: "year", index: 12 };
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  return { year, kind: "quarter", index: quarter };
}
