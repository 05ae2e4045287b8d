import { corridorOf } from "./corridor";
import { fromNumber, ratio, sub, mul, div, toNumber as ratioToNumber, type Ratio } from "./exact";
import { DisclosureReason, MIN_CONTRIBUTORS, countVerdict, flowVerdict, protectCountTable, sumVerdict, type DisclosureVerdict } from "./disclosure";
import { recordReason, type Reasons } from "./formulas";
import { disclosureTexts, type KpiText } from "./messages";
import { monthsOfPeriod, type Period } from "./periods";
import type { ByNeedGroup, KpiResult } from "./result";

/**
 * The conference is shown nothing at all with fewer providers than this ([KPI-D1] then
 * decides cell by cell who actually contributes).
 */
export const MIN_CONFERENCE_PROVIDERS = MIN_CONTRIBUTORS;

/** Corridor thresholds for the conference's sums (the defaults of domain.md). */
const CONFERENCE_GREEN_PCT = 5;
const CONFERENCE_AMBER_PCT = 10;

const GROUPS = ["1", "2", "3", "4", "5"] as const;

/**
 * The conference's KPIs: a provider's result whose sums may each be hidden (null, with the
 * reason under `reasons` in English and `reasonsDe` in German), the agreement's sums and the
 * need groups included.
 */
export type ConferenceKpiResult = Omit<KpiResult, "annualBudgetCents" | "proRataBudgetCents" | "budgetedOccupancyDays" | "budgetedCases" | "casesByGroup" | "budgetedCasesByGroup"> & {
  annualBudgetCents: number | null;
  proRataBudgetCents: number | null;
  budgetedOccupancyDays: number | null;
  budgetedCases: number | null;
  casesByGroup: ByNeedGroup<number | null> | null;
  budgetedCasesByGroup: ByNeedGroup<number | null>;
};

/** What one provider brings to the conference's view of a period. */
export interface ConferenceContribution {
  /** The provider's KPIs for the period. */
  result: KpiResult;
  /**
   * The provider's KPIs for each calendar month of the period, in order (null where the
   * month could not be evaluated); sums over months are shown only when every month may be.
   */
  months: (KpiResult | null)[];
}

/**
 * Collects what each provider brings to the conference's view of a period: its result for
 * the period and for each month of it. Providers without a result (no agreement for the
 * year) are left out.
 * @param period - the period
 * @param providers - per provider, its evaluation of a period text, or null when it has none
 * @returns the contributions, in the providers' order
 * @example conferenceContributions(period, providers.map((p) => (text) => evaluator(p).evaluate(text)))
 */
export function conferenceContributions(period: Period, providers: ((periodText: string) => KpiResult | null)[]): ConferenceContribution[] {
  const months = monthsOfPeriod(period);
  const contributions: ConferenceContribution[] = [];
  for (const evaluate of providers) {
    const result = evaluate(period.text);
    if (!result) continue;
    contributions.push({ result, months: period.kind === "month" ? [result] : months.map((month) => evaluate(month)) });
  }
  return contributions;
}

function sum(values: (number | null)[]): number | null {
  if (values.some((value) => value === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0);
}

function deviation(actual: number | null, budget: number | null): Ratio | null {
  if (actual === null || budget === null || budget === 0) return null;
  // (actual − budget) × 100 / budget, exactly, as everywhere else.
  return div(mul(sub(fromNumber(actual), fromNumber(budget)), ratio(100n)), fromNumber(budget));
}

function toNumber(value: Ratio | null): number | null {
  return value === null ? null : ratioToNumber(value);
}

/** The reason recorded under `key`, for a value hidden for the same reason. */
function reasonOf(reasons: Reasons, key: string): KpiText {
  return { en: reasons.en[key] ?? "", de: reasons.de[key] ?? "" };
}

/** A sum, or null with its reason recorded: not reported by everyone, or hidden by a verdict. */
function shown(value: number | null, verdict: DisclosureVerdict, reasons: Reasons, key: string): number | null {
  if (value === null) {
    recordReason(reasons, key, DisclosureReason.notReported);
    return null;
  }
  if (verdict !== null) {
    recordReason(reasons, key, verdict);
    return null;
  }
  return value;
}

/** A value computed from shown sums: hidden with its inputs; null from a zero budget otherwise. */
function derived(value: number | null, inputs: (number | null)[], reasons: Reasons, key: string): number | null {
  if (inputs.some((input) => input === null)) recordReason(reasons, key, DisclosureReason.derived);
  else if (value === null) recordReason(reasons, key, disclosureTexts.noBudget());
  else return value;
  return null;
}

type FlowKey = "actualOccupancyDays" | "serviceValueCents" | "socialSpaceValueFreedCents";

/** [KPI-D3] A sum over months: shown only when every month of the period may be. */
function flowSum(contributions: ConferenceContribution[], key: FlowKey, reasons: Reasons): number | null {
  const value = sum(contributions.map((c) => c.result[key]));
  const monthCount = contributions[0]?.months.length ?? 0;
  const monthParts = Array.from({ length: monthCount }, (_, month) => contributions.map((c) => c.months[month]?.[key] ?? null));
  const verdict = flowVerdict(monthParts);
  const result = shown(value, verdict, reasons, key);
  if (value !== null && verdict === DisclosureReason.unsafeMonth) {
    // Naming the month tells no more than that month's own hidden sum, and says who must report.
    const months = monthParts.flatMap((parts, month) => (sumVerdict(parts) === null ? [] : [contributions[0].months[month]?.period ?? `${month + 1}`]));
    recordReason(reasons, key, disclosureTexts.unsafeMonth(MIN_CONTRIBUTORS, months));
  }
  return result;
}

/** [KPI-D4] Need groups and their total, with complementary suppression. */
function countTable(
  groupParts: ByNeedGroup<number | null>[],
  totalParts: (number | null)[],
  reasons: Reasons,
  groupKey: string,
  totalKey: string,
): { groups: ByNeedGroup<number | null>; total: number | null } {
  const cellParts = GROUPS.map((g) => groupParts.map((parts) => parts[g]));
  const verdict = protectCountTable(cellParts, totalParts);
  const groups = Object.fromEntries(GROUPS.map((g, i) => [g, shown(sum(cellParts[i]), verdict.cells[i], reasons, `${groupKey}.${g}`)])) as ByNeedGroup<number | null>;
  return { groups, total: shown(sum(totalParts), verdict.total, reasons, totalKey) };
}

/**
 * The conference's view of several providers' KPIs for one period, under the disclosure
 * rules [KPI-D1] … [KPI-D6]: only sums of the providers' figures (budget, days, service
 * value, cases, +S) and deviations of those sums; each sum only with at least three
 * providers contributing a non-zero part, every month of a sum over months likewise;
 * counts of persons never below five, nor with a provider's part below five; a hidden
 * need group protected by a second hidden group or a hidden total. Figures that only make
 * sense per provider (utilisation, staff, averages, trend) are left out. Every hidden value
 * is null with its reason under `reasons` (English) and `reasonsDe` (German).
 * @param period - the period
 * @param contributions - each provider's result for the period and for its months
 * @returns a result of the same shape
 * @example aggregateForConference("2025-Q2", [a, b, c]).serviceValueCents
 */
export function aggregateForConference(period: string, contributions: ConferenceContribution[]): ConferenceKpiResult {
  const reasons: Reasons = { en: {}, de: {} };
  const results = contributions.map((c) => c.result);

  // [KPI-D5] Agreement figures: the same providers contribute to every period of the year.
  const budgetVerdict = sumVerdict(results.map((r) => r.annualBudgetCents));
  const annualBudgetCents = shown(
    results.reduce((a, r) => a + r.annualBudgetCents, 0),
    budgetVerdict,
    reasons,
    "annualBudgetCents",
  );
  const proRataBudgetCents = shown(
    results.reduce((a, r) => a + r.proRataBudgetCents, 0),
    budgetVerdict,
    reasons,
    "proRataBudgetCents",
  );
  const budgeted = countTable(
    results.map((r) => r.budgetedCasesByGroup),
    results.map((r) => r.budgetedCases),
    reasons,
    "budgetedCasesByGroup",
    "budgetedCases",
  );
  // Budgeted days are the budgeted cases times the days of the period.
  const budgetedOccupancyDays = shown(
    results.reduce((a, r) => a + r.budgetedOccupancyDays, 0),
    budgeted.total === null ? DisclosureReason.derived : null,
    reasons,
    "budgetedOccupancyDays",
  );

  const actualOccupancyDays = flowSum(contributions, "actualOccupancyDays", reasons);
  const serviceValueCents = flowSum(contributions, "serviceValueCents", reasons);
  const socialSpaceValueFreedCents = flowSum(contributions, "socialSpaceValueFreedCents", reasons);

  const cases =
    results.length > 0 && results.every((r) => r.casesByGroup !== null)
      ? countTable(
          results.map((r) => r.casesByGroup!),
          results.map((r) => r.casesAtEnd),
          reasons,
          "casesByGroup",
          "casesAtEnd",
        )
      : null;
  if (!cases) recordReason(reasons, "casesByGroup", DisclosureReason.notReported);
  const socialSpaceParts = results.map((r) => r.socialSpaceCases);
  const socialSpaceCases = shown(sum(socialSpaceParts), countVerdict(socialSpaceParts), reasons, "socialSpaceCases");

  // [KPI-D6] A deviation or corridor tells its inputs back, so it needs both shown.
  const occupancyDeviation = deviation(actualOccupancyDays, budgetedOccupancyDays);
  const valueDeviation = deviation(serviceValueCents, proRataBudgetCents);
  const occupancyDeviationPct = derived(toNumber(occupancyDeviation), [actualOccupancyDays, budgetedOccupancyDays], reasons, "occupancyDeviationPct");
  const valueDeviationPct = derived(toNumber(valueDeviation), [serviceValueCents, proRataBudgetCents], reasons, "valueDeviationPct");
  const valueDeviationCents = derived(
    serviceValueCents === null || proRataBudgetCents === null ? null : serviceValueCents - proRataBudgetCents,
    [serviceValueCents, proRataBudgetCents],
    reasons,
    "valueDeviationCents",
  );
  if (occupancyDeviationPct === null) recordReason(reasons, "corridor.occupancy", reasonOf(reasons, "occupancyDeviationPct"));
  if (valueDeviationPct === null) recordReason(reasons, "corridor.value", reasonOf(reasons, "valueDeviationPct"));

  for (const key of [
    "utilisationPct",
    "externalSharePct",
    "staffFteLocal",
    "staffDeviationPct",
    "ftePer10Cases",
    "avgNeedGroupActual",
    "avgNeedGroupBudgeted",
    "socialSpaceSharePct",
    "trend",
    "corridor.staff",
  ]) {
    recordReason(reasons, key, DisclosureReason.notShared);
  }
  const first = results[0];
  return {
    period,
    annualBudgetCents,
    monthlyInstalmentsCents: first && annualBudgetCents !== null ? first.monthlyInstalmentsCents.map((_, i) => results.reduce((a, r) => a + r.monthlyInstalmentsCents[i], 0)) : [],
    budgetedOccupancyDays,
    actualOccupancyDays,
    occupancyDeviationPct,
    serviceValueCents,
    proRataBudgetCents,
    valueDeviationCents,
    valueDeviationPct,
    avgNeedGroupBudgeted: null,
    avgNeedGroupActual: null,
    casesAtEnd: cases ? cases.total : null,
    budgetedCases: budgeted.total,
    casesByGroup: cases ? cases.groups : null,
    utilisationPct: null,
    externalSharePct: null,
    staffFteLocal: null,
    staffDeviationPct: null,
    ftePer10Cases: null,
    socialSpaceCases,
    socialSpaceSharePct: null,
    socialSpaceValueFreedCents,
    trend: null,
    trendReason: DisclosureReason.notShared.en,
    trendReasonDe: DisclosureReason.notShared.de,
    corridor: {
      occupancy: occupancyDeviationPct === null ? null : corridorOf(occupancyDeviation, CONFERENCE_GREEN_PCT, CONFERENCE_AMBER_PCT),
      value: valueDeviationPct === null ? null : corridorOf(valueDeviation, CONFERENCE_GREEN_PCT, CONFERENCE_AMBER_PCT),
      staff: null,
    },
    budgetedCasesByGroup: budgeted.groups,
    utilisationByOfferPct: {},
    daysInPeriod: first?.daysInPeriod ?? 0,
    reportedMonths: first ? first.reportedMonths.filter((m) => results.every((r) => r.reportedMonths.includes(m))) : [],
    unreportedMonths: Array.from(new Set(results.flatMap((r) => r.unreportedMonths))).sort(),
    staffMonths: [],
    reasons: reasons.en,
    reasonsDe: reasons.de,
  };
}
