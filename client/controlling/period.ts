/**
 * The period chosen on the controlling page and in a KPI block, as a year plus a kind and
 * its month or quarter; its text form for the KPI API and the document (`2025`, `2025-Q2`,
 * `2025-05`, `2025-YTD-08`); its words for people ("2. Quartal 2025"); and the period a new
 * KPI block starts with (the last one with figures).
 */
import { monthIndex, parsePeriod, type PeriodKind } from "../../shared/kpi/periods";
import type { TFunction } from "i18next";

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
  // The current quarter has no complete figures yet (its months would show as under-runs).
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  if (quarter > 1) return { year, kind: "quarter", index: quarter - 1 };
  return years.includes(current - 1) ? { year: current - 1, kind: "quarter", index: 4 } : { year, kind: "quarter", index: 1 };
}

/**
 * The period after choosing another kind in a picker: the quarter or month holding the
 * current period's last month, but in the year of the newest figures never one after them
 * (a quarter then is the last complete one).
 *
 * @param from - the current choice, or null when the stored period is unclear
 * @param kind - the kind chosen
 * @param year - the year shown in the picker
 * @param newestMonth - the newest month with figures (`YYYY-MM`), if known
 * @returns the new choice
 * @example
 * switchKind({ year: 2025, kind: "quarter", index: 2 }, "month", 2025, null) // June 2025
 */
export function switchKind(from: PeriodChoice | null, kind: PeriodKind, year: number, newestMonth?: string | null): PeriodChoice {
  if (kind === "year") return { year, kind, index: 12 };
  const last = from ? lastMonthOf(from) : 12;
  const newest = newestMonth && Number(newestMonth.slice(0, 4)) === year ? Number(newestMonth.slice(5, 7)) : 12;
  if (kind !== "quarter") return { year, kind, index: Math.min(last, newest) };
  const quarter = Math.ceil(last / 3);
  return { year, kind, index: quarter * 3 > newest ? Math.max(1, Math.floor(newest / 3)) : quarter };
}

/**
 * Reads a period text back into a choice, for pickers that edit a stored period.
 *
 * @param text - e.g. "2025-Q2"
 * @returns the choice, or null when the text is not one of the four period forms
 * @example
 * choiceOfPeriod("2026-YTD-03") // { year: 2026, kind: "ytd", index: 3 }
 */
export function choiceOfPeriod(text: string): PeriodChoice | null {
  const parsed = parsePeriod(text);
  if (!parsed.ok) return null;
  const { kind, year, lastMonth } = parsed.period;
  return { year, kind, index: kind === "quarter" ? lastMonth / 3 : lastMonth };
}

/**
 * The newest period of a kind whose months all have figures: the newest complete quarter
 * (or year); a month and year-to-date end with the newest reported month. Without a
 * complete quarter (or year) it falls back to the newest month, so the period never
 * shows an unreported month as an under-run.
 *
 * @param months - reported months `YYYY-MM`, in any order
 * @param kind - the kind of period wanted; a quarter by default
 * @returns the period text, or null when no month is reported
 * @example
 * lastPeriodWithData(["2025-10", "2025-11", "2025-12", "2026-01"]) // "2025-Q4"
 */
export function lastPeriodWithData(months: readonly string[], kind: PeriodKind = "quarter"): string | null {
  const reported = new Set(months.map(monthIndex).filter((index) => index >= 0));
  if (reported.size === 0) return null;
  const newest = Math.max(...reported);
  const year = Math.floor(newest / 12);
  const month = (newest % 12) + 1;
  const all = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i).every((index) => reported.has(index));
  if (kind === "month") return periodText({ year, kind, index: month });
  if (kind === "ytd") return periodText({ year, kind, index: month });
  const oldest = Math.min(...reported);
  const span = kind === "quarter" ? 3 : 12;
  for (let first = newest - (newest % span); first >= oldest - (oldest % span); first -= span) {
    if (all(first, span)) return periodText({ year: Math.floor(first / 12), kind, index: kind === "quarter" ? (first % 12) / 3 + 1 : 12 });
  }
  return periodText({ year, kind: kind === "quarter" ? "month" : "ytd", index: month });
}

/**
 * The period a new KPI block starts with: the newest complete quarter with figures, or,
 * when no figures are known, the last quarter that has ended (the current one cannot
 * have figures yet).
 *
 * @param months - the reported months known, or null when none are known
 * @param today - the current date
 * @returns the period text
 * @example
 * defaultKpiPeriod(null, new Date(2026, 11, 7)) // "2026-Q3"
 */
export function defaultKpiPeriod(months: readonly string[] | null, today: Date): string {
  const withData = months ? lastPeriodWithData(months, "quarter") : null;
  if (withData) return withData;
  const quarterIndex = today.getFullYear() * 4 + Math.floor(today.getMonth() / 3) - 1;
  return periodText({ year: Math.floor(quarterIndex / 4), kind: "quarter", index: (quarterIndex % 4) + 1 });
}

/** The part of i18next's `t` the period words need. */
export type PeriodTranslate = (key: string, options?: Record<string, unknown>) => string;

/** i18next's `t` as the period words need it (its own type has overloads a plain function type cannot take). */
export function periodTranslate(t: TFunction): PeriodTranslate {
  return (key, options) => t(key, options ?? {});
}

/**
 * A period in words, e.g. "2. Quartal 2025", "März 2026", "Januar bis März 2026" or
 * "Jahr 2025" (texts under `controlling.period.words`).
 *
 * @param choice - the period
 * @param t - i18next's translate function
 * @returns the words in the UI's language
 */
export function periodWords(choice: PeriodChoice, t: PeriodTranslate): string {
  const month = (index: number) => t(`controlling.period.months.${index}`);
  switch (choice.kind) {
    case "year":
      return t("controlling.period.words.year", { year: choice.year });
    case "quarter":
      return t("controlling.period.words.quarter", { quarter: choice.index, year: choice.year });
    case "month":
      return t("controlling.period.words.month", { month: month(choice.index), year: choice.year });
    case "ytd":
      if (choice.index === 1) return t("controlling.period.words.ytdJanuary", { month: month(1), year: choice.year });
      return t("controlling.period.words.ytd", { from: month(1), to: month(choice.index), year: choice.year });
  }
}

/**
 * A period text in words, or the text itself when it is not a period.
 *
 * @param text - e.g. "2025-Q2"
 * @param t - i18next's translate function
 * @returns e.g. "2. Quartal 2025"
 */
export function periodTextInWords(text: string, t: PeriodTranslate): string {
  const choice = choiceOfPeriod(text);
  return choice ? periodWords(choice, t) : text;
}
