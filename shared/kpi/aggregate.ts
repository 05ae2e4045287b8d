import { corridorOf } from "./corridor";
import { fromNumber, ratio, sub, mul, div, toNumber as ratioToNumber, type Ratio } from "./exact";
import type { ByNeedGroup, KpiResult } from "./result";

/** Counts of persons below this are shown as "< 5" in views shared beyond one provider and the funder. */
export const MIN_DISCLOSED_COUNT = 5;

/**
 * The conference sees sums only when at least this many providers contribute: a provider
 * that subtracts its own figures then learns no more than a sum over two others.
 */
export const MIN_CONFERENCE_PROVIDERS = 3;

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

/**
 * The sum of the providers' counts, or null when it must be hidden: a total below five,
 * or any single provider's part from 1 to 4 (which the others could work out by
 * subtracting their own counts from the total).
 */
function disclosedSum(parts: (number | null)[], reasons: Record<string, string>, key: string): number | null {
  const total = sum(parts);
  if (total === null) return null;
  if (total < MIN_DISCLOSED_COUNT || parts.some((part) => part !== null && part > 0 && part < MIN_DISCLOSED_COUNT)) {
    reasons[key] = SUPPRESSED;
    return null;
  }
  return total;
}

/**
 * The conference's view of several providers' KPIs for one period: only sums of the
 * providers' figures (budget, days, service value, cases, +S) and deviations of those
 * sums; every count of persons below five is suppressed ("< 5"), also where one
 * provider's part alone is below five, and figures that only make sense per provider
 * (utilisation, staff, averages, trend) are left out with a reason. The caller shows it
 * only with at least MIN_CONFERENCE_PROVIDERS contributors.
 * @param period - the period
 * @param results - each provider's result for that period
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
  const casesByGroup =
    results.every((r) => r.casesByGroup !== null) && results.length > 0
      ? (Object.fromEntries(
          (["1", "2", "3", "4", "5"] as const).map((g) => [g, disclosedSum(results.map((r) => r.casesByGroup![g]), reasons, `casesByGroup.${g}`)]),
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
    casesAtEnd: disclosedSum(results.map((r) => r.casesAtEnd), reasons, "casesAtEnd"),
    budgetedCases: results.reduce((a, r) => a + r.budgetedCases, 0),
    casesByGroup,
    utilisationPct: null,
    externalSharePct: null,
    staffFteLocal: null,
    staffDeviationPct: null,
    ftePer10Cases: null,
    socialSpaceCases: disclosedSum(results.map((r) => r.socialSpaceCases), reasons, "socialSpaceCases"),
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
