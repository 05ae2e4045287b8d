/**
 * [KPI11] Five-year trend of local cases ([KPI-R9]): per calendar year Y−4 … Y with
 * figures, the mean over its reported months of the month's local cases; the
 * least-squares line through (year, mean), its slope and its value at Y + 1.
 */
import { evaluationTexts, type KpiText } from "./messages";

/** One year's point of the trend. */
export interface TrendPoint {
  /** Calendar year. */
  year: number;
  /** Mean over the year's reported months of the month's local cases. */
  avgCases: number;
}

/** The trend line. */
export interface KpiTrend {
  /** The years with figures in the window, oldest first. */
  years: TrendPoint[];
  /** Slope of the least-squares line, cases per year. */
  slope: number;
  /** Value of the line at the year after the period's year. */
  forecastNextYear: number;
}

/** A trend, or null with the reason (English and German). */
export type TrendOutcome = { trend: KpiTrend; reason: null } | { trend: null; reason: KpiText };

/**
 * Fits the least-squares line through the points and evaluates it at `nextYear`.
 *
 * @param points - per year the mean local cases, years distinct, oldest first
 * @param window - first and last year of the window, for the reason
 * @returns the trend, or null with a reason when fewer than two years have figures
 * @example
 * fitTrend([{ year: 2023, avgCases: 50 }, { year: 2024, avgCases: 54 }], [2020, 2024])
 * // slope 4, forecastNextYear 58
 */
export function fitTrend(points: readonly TrendPoint[], window: readonly [number, number]): TrendOutcome {
  if (points.length < 2) {
    return {
      trend: null,
      reason: evaluationTexts.fewTrendYears(
        window[0],
        window[1],
        points.map((p) => p.year),
      ),
    };
  }
  const n = points.length;
  const meanYear = points.reduce((sum, p) => sum + p.year, 0) / n;
  const meanCases = points.reduce((sum, p) => sum + p.avgCases, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.year - meanYear) * (p.avgCases - meanCases);
    variance += (p.year - meanYear) ** 2;
  }
  const slope = covariance / variance;
  const nextYear = window[1] + 1;
  return { trend: { years: [...points], slope, forecastNextYear: meanCases + slope * (nextYear - meanYear) }, reason: null };
}
