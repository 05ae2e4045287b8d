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
