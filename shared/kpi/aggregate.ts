import { corridorOf } from "./corridor";
import { fromNumber, ratio, sub, mul, div, toNumber as ratioToNumber, type Ratio } from "./exact";
import type { ByNeedGroup, KpiResult } from "./result";

/** Counts of persons below this are shown as "< 5" in views shared beyond one provider and the funder. */
export const MIN_DISCLOSED_COUNT = 5;

/** Corridor thresholds for the conference's sums (the defaults of domain.md). */
const CONFERENCE_GREEN_PCT = 5;
const CONFERENCE_AMBER_PCT = 10;

const SUPPRESSED = `fewer than ${MIN_DISCLOSED_COUNT} persons (< ${MIN_DISCLOSED_COUNT}), not shown in shared views`;
const NOT_SHARED = "not shown across providers: the conference sees sums only";

function sum(values: (number | null)[]): number | null {
  if (values.some((value) => value === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0);
}

function deviation(actual: number | null, budget: number): Ratio | null {
  if (actual === null || budget === 0) return null;
  // (actual − budget) × 100 / budget, exactly, as everywhere else.
  return div(mul(sub(fromNumber(actual), fromNumber(budget)), ratio(100n)), fromNumber(budget));
}

function toNumber(value: Ratio | null): number | null {
  return value === null ? null : ratioToNumber(value);
}

function disclosed(count: number | null, reasons: Record<string, string>, key: string): number | null {
  if (count !== null && count < MIN_DISCLOSED_COUNT) {
    reasons[key] = SUPPRESSED;
    return null;
  }
  return count;
}

/**
 * The conference's view of several providers' KPIs for one period: only sums of the
 * providers' figures (budget, days, service value, cases, +S) and deviations of those
 * sums; every count of persons below five is suppressed ("< 5"), and figures that only
 * make sense per provider (utilisation, staff, averages, trend) are left out with a reason.
 * @param period - the period
 * @param results - each provider's result for that period (at least one)
 * @returns a result of the same shape, nulls explained under `reasons`
 * @example aggregateForConference("2025-Q2", [resultA, resultB]).serviceValueCents
 */
export function aggregateForConference(period: string, results: KpiResult[]): KpiResult {
  const reasons: Record<string, string> = {};
  const budgetedOccupancyDays = results.reduce((a, r) => a + r.budgetedOccupancyDays, 0);
  const actualOccupancyDays = sum(results.map((r) => r.actualOccupancyDays));
  const serviceValueCents = sum(results.map((r) => r.serviceValueCents));
  const proRataBudgetCents = results.reduce((a, r) => a + r.proRataBudgetCents, 0);
  const occupancyDeviation = deviation(actualOccupancyDays, budgetedOccupancyDays);
  const valueDeviation = deviation(serviceValueCents, proRataBudgetCents);
  const casesAtEnd = sum(results.map((r) => r.casesAtEnd));
  const casesByGroup =
    results.every((r) => r.casesByGroup !== null) && results.length > 0
      ? (Object.fromEntries(
          (["1", "2", "3", "4", "5"] as const).map((g) => [g, disclosed(results.reduce((a, r) => a + r.casesByGroup![g], 0), reasons, `casesByGroup.${g}`)]),
        ) as ByNeedGroup<number>)
      : null;
  for (const key of ["utilisationPct", "externalSharePct", "staffFteLocal", "staffDeviationPct", "ftePer10Cases", "avgNeedGroupActual", "avgNeedGroupBudgeted", "socialSpaceSharePct"]) {
    reasons[key] = NOT_SHARED;
  }
  if (actualOccupancyDays === null) reasons.actualOccupancyDays = "not every provider has reported this period";
  if (serviceValueCents === null) reasons.serviceValueCents = "not every provider has reported this period";
  if (occupancyDeviation === null) reasons.occupancyDeviationPct = "no sum of occupancy days for every provider";
  if (valueDeviation === null) reasons.valueDeviationPct = "no sum of service value for every provider";
  reasons.trend = NOT_SHARED;
  reasons["corridor.staff"] = NOT_SHARED;
  const first = results[0];
  return {
    period,
    annualBudgetCents: results.reduce((a, r) => a + r.annualBudgetCents, 0),
    monthlyInstalmentsCents: first ? first.monthlyInstalmentsCents.map((_, i) => results.reduce((a, r) => a + r.monthlyInstalmentsCents[i], 0)) : [],
    budgetedOccupancyDays,
    actualOccupancyDays,
    occupancyDeviationPct: toNumber(occupancyDeviation),
    serviceValueCents,
    proRataBudgetCents,
    valueDeviationCents: serviceValueCents === null ? null : serviceValueCents - proRataBudgetCents,
    valueDeviationPct: toNumber(valueDeviation),
    avgNeedGroupBudgeted: null,
    avgNeedGroupActual: null,
    casesAtEnd: disclosed(casesAtEnd, reasons, "casesAtEnd"),
    budgetedCases: results.reduce((a, r) => a + r.budgetedCases, 0),
    casesByGroup,
    utilisationPct: null,
    externalSharePct: null,
    staffFteLocal: null,
    staffDeviationPct: null,
    ftePer10Cases: null,
    socialSpaceCases: disclosed(sum(results.map((r) => r.socialSpaceCases)), reasons, "socialSpaceCases"),
    socialSpaceSharePct: null,
    socialSpaceValueFreedCents: sum(results.map((r) => r.socialSpaceValueFreedCents)),
    trend: null,
    trendReason: NOT_SHARED,
    corridor: {
      occupancy: corridorOf(occupancyDeviation, CONFERENCE_GREEN_PCT, CONFERENCE_AMBER_PCT),
      value: corridorOf(valueDeviation, CONFERENCE_GREEN_PCT, CONFERENCE_AMBER_PCT),
      staff: null,
    },
    budgetedCasesByGroup: Object.fromEntries(
      (["1", "2", "3", "4", "5"] as const).map((g) => [g, results.reduce((a, r) => a + r.budgetedCasesByGroup[g], 0)]),
    ) as ByNeedGroup<number>,
    utilisationByOfferPct: {},
    daysInPeriod: first?.daysInPeriod ?? 0,
    reportedMonths: first ? first.reportedMonths.filter((m) => results.every((r) => r.reportedMonths.includes(m))) : [],
    unreportedMonths: Array.from(new Set(results.flatMap((r) => r.unreportedMonths))).sort(),
    staffMonths: [],
    reasons,
  };
}
