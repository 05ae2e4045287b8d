import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";

export { formatKpiValue } from "../../shared/format/germanNumbers";

/** The periods before a period, for a small trend: 3 quarters, 5 months or 4 years back. */
export function previousPeriods(period: string): string[] {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const index = Number(quarter[1]) * 4 + Number(quarter[2]) - 1;
    return [3, 2, 1].map((back) => `${Math.floor((index - back) / 4)}-Q${((index - back) % 4) + 1}`);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const index = Number(month[1]) * 12 + Number(month[2]) - 1;
    return [5, 4, 3, 2, 1].map((back) => `${Math.floor((index - back) / 12)}-${String(((index - back) % 12) + 1).padStart(2, "0")}`);
  }
  const year = /^(\d{4})$/.exec(period);
  if (year) return [4, 3, 2, 1].map((back) => String(Number(year[1]) - back));
  return [];
}

/**
 * The years a scorecard's KPI store asks the server for as soon as it connects, so that a
 * new KPI block can start on the last period with figures: this year and the one before.
 *
 * @param today - the current date
 * @returns year periods, e.g. ["2026", "2025"]
 */
export function probeYears(today: Date): string[] {
  return [String(today.getFullYear()), String(today.getFullYear() - 1)];
}

/**
 * Every month with figures in the values the server sent (the provider's, or on the
 * conference scorecard the months every provider reported).
 *
 * @param snapshot - the KPI store's latest values
 * @param probes - the periods that must have been answered before the answer counts
 * @returns the months `YYYY-MM`, or null while any probe is still unanswered
 */
export function reportedMonthsOf(snapshot: KpiSnapshot | null, probes: readonly string[]): string[] | null {
  if (!snapshot || probes.some((period) => !(period in snapshot.periods))) return null;
  const months = new Set<string>();
  for (const entry of Object.values(snapshot.periods)) for (const month of entry.result?.reportedMonths ?? []) months.add(month);
  return [...months].sort();
}
