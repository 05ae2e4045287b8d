/**
 * Evaluates all KPIs of one provider for one period: the function behind the KPI command,
 * the server recalculation and the client preview.
 */
import { proRataBudgetCentsFromDaily } from "./budget";
import { corridorOf } from "./corridor";
import { budgetedStaffFteExact, prepareKpiData, preparedAgreement, yearMonths, type KpiDataInput, type KpiDataset } from "./dataset";
import { issueOf, KpiInputError, PeriodBeforeBudgetStartError } from "./errors";
import { div, int, mul, toNumber } from "./exact";
import { deviationPct, externalSharePct, ftePer10Cases, none, recordReason, sharePct, some, staffFteLocal, utilisationPct, type Outcome, type Reasons } from "./formulas";
import { evaluationTexts, periodTexts } from "./messages";
import { meanStaffFte, sumMonths } from "./monthSums";
import { daysInMonths, monthKey, parsePeriod, type Period } from "./periods";
import type { ByNeedGroup, KpiResult } from "./result";
import { fitTrend, type TrendPoint } from "./trend";

/** The KPI inputs plus the period to evaluate. */
export interface KpiInput extends KpiDataInput {
  /** `YYYY`, `YYYY-MM`, `YYYY-Qn` or `YYYY-YTD-MM`. */
  period: string;
}

/** Evaluates many periods on inputs validated and indexed once. */
export interface KpiEvaluator {
  /** The validated, indexed inputs. */
  dataset: KpiDataset;
  /** Evaluates one period; throws KpiInputError for a bad period, a year without agreement or a period before the budget start. */
  evaluate(period: string): KpiResult;
}

/**
 * Computes every KPI of one period. Validates the inputs as a whole first.
 *
 * @param input - agreements, figures and staff rows (parsed), and the period
 * @returns the KPI object of the KPI command
 * @throws KpiInputError when the inputs are inconsistent, the period is malformed or its
 *   year has no agreement; {@link PeriodBeforeBudgetStartError} when it lies wholly before
 *   the budget start
 * @example
 * const result = evaluateKpis({ agreements: [agreement], figures, staff, period: "2025-Q2" });
 * result.corridor.staff // { colour: "amber", direction: "above" }
 */
export function evaluateKpis(input: KpiInput): KpiResult {
  return evaluatePeriod(prepareKpiData(input), input.period);
}

/**
 * Validates and indexes the inputs once, for evaluating many periods (server recalculation).
 *
 * @param input - agreements, figures and staff rows (parsed)
 * @returns an evaluator whose results equal those of {@link evaluateKpis}
 * @throws KpiInputError when the inputs are inconsistent
 */
export function createKpiEvaluator(input: KpiDataInput): KpiEvaluator {
  const dataset = prepareKpiData(input);
  return { dataset, evaluate: (period: string) => evaluatePeriod(dataset, period) };
}

/** A value per need group from an array indexed 1–5 (an array, not a callback: closures created per evaluation cost extra). */
function byGroup(values: readonly number[]): ByNeedGroup<number> {
  return { "1": values[1] ?? 0, "2": values[2] ?? 0, "3": values[3] ?? 0, "4": values[4] ?? 0, "5": values[5] ?? 0 };
}

/** Records why an outcome has no value under `key`, if it has none. */
function recordMissing(reasons: Reasons, key: string, outcome: Outcome): void {
  if (outcome.value === null) recordReason(reasons, key, outcome.reason);
}

/** Converts an outcome to the JSON value and records its reason under `key`. */
function report(reasons: Reasons, key: string, outcome: Outcome): number | null {
  recordMissing(reasons, key, outcome);
  return outcome.value === null ? null : toNumber(outcome.value);
}

/** [KPI11] Mean local cases per year with figures, Y−4 … Y, the period's year only up to its end. */
function trendPoints(dataset: KpiDataset, period: Period): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (let year = period.year - 4; year <= period.year; year++) {
    const lastMonth = year === period.year ? period.lastMonth : 12;
    const { facts } = yearMonths(dataset, year);
    let sum = 0;
    let count = 0;
    for (let month = 1; month <= lastMonth; month++) {
      const monthFacts = facts[month];
      if (!monthFacts) continue;
      sum += monthFacts.localCases;
      count++;
    }
    if (count > 0) points.push({ year, avgCases: sum / count });
  }
  return points;
}

/**
 * Evaluates one period on a prepared dataset.
 *
 * What depends only on the year (budget, instalments, budgeted averages, month keys) comes
 * from {@link preparedAgreement} and {@link yearMonths}, computed once per dataset; the rest
 * is one pass over the period's budget months ({@link sumMonths}). No closures are created here: a recalculation calls
 * this thousands of times. The sums add the same integers in the same calendar order as
 * summing month by month, so every value is unchanged.
 *
 * @param dataset - from `prepareKpiData`
 * @param periodText - the period
 * @returns the KPI object
 * @throws KpiInputError for a malformed period or a year without agreement;
 *   {@link PeriodBeforeBudgetStartError} for a period wholly before the budget start
 */
export function evaluatePeriod(dataset: KpiDataset, periodText: string): KpiResult {
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) throw new KpiInputError([{ column: "period", message: parsed.message, messageDe: parsed.messageDe }]);
  const period = parsed.period;
  const prepared = preparedAgreement(dataset, period.year);
  if (!prepared) throw new KpiInputError([issueOf(periodTexts.noAgreement(period.year, period.text), { column: "period" })]);
  const { agreement } = prepared;
  // [KPI-S4] A period counts only its budget months; one wholly before the start has no budget.
  if (period.lastMonth < prepared.startMonth) throw new PeriodBeforeBudgetStartError(period.text, monthKey(period.year, prepared.startMonth));
  const firstMonth = Math.max(period.firstMonth, prepared.startMonth);
  const reasons: Reasons = { en: {}, de: {} };
  const days = daysInMonths(period.year, firstMonth, period.lastMonth);
  const year = yearMonths(dataset, period.year);

  // Budget side: always present, whatever was reported ([KPI-R2]).
  const annualBudgetCents = prepared.annualBudgetCents;
  const proRataBudgetCents = proRataBudgetCentsFromDaily(prepared.dailyBudget, days);
  const budgetedDays = mul(prepared.budgetedCases.total, int(days));
  const avgBudgeted = prepared.avgBudgetedNeedGroup;

  // Actual side: sums over the reported budget months, and the staff of the months with a staff row.
  const sums = sumMonths(year, dataset.offerIds.size, firstMonth, period.lastMonth);
  const { reportedMonths, unreportedMonths, staffMonths, daysByOffer, localDays, externalDays, localGroupDays, serviceValue, valueFreed } = sums;
  const allDays = localDays + externalDays;

  const noFigures = reportedMonths.length === 0 ? evaluationTexts.noFigures(period.text, unreportedMonths, firstMonth > period.firstMonth) : null;
  const lastMonth = year.keys[period.lastMonth] as string;
  const end = year.facts[period.lastMonth];
  const endReason = noFigures ?? evaluationTexts.lastMonthNotReported(lastMonth, period.text);

  const occupancyDeviation = noFigures ? none(noFigures) : deviationPct(int(localDays), budgetedDays, "budgetedOccupancyDays");
  const valueDeviation = noFigures ? none(noFigures) : deviationPct(int(serviceValue), int(proRataBudgetCents), "proRataBudget");
  const avgActual = noFigures ? none(noFigures) : localDays === 0 ? none(evaluationTexts.noLocalDays()) : some(div(int(localGroupDays), int(localDays)));

  const staffLocal = noFigures ? none(noFigures) : staffFteLocal(meanStaffFte(sums), localDays, allDays);
  const staffDeviation = staffLocal.value === null ? staffLocal : deviationPct(staffLocal.value, budgetedStaffFteExact(prepared), "budgetedStaffFte");

  const casesAtEnd = end ? end.localCases : null;
  const utilisationByOfferPct: Record<string, number | null> = {};
  for (const offer of agreement.offers) {
    const id = dataset.offerIds.get(offer.name);
    const offerDays = id === undefined ? 0 : (daysByOffer[id] as number);
    const utilisation = noFigures ? null : utilisationPct(offerDays, offer.places, days).value;
    utilisationByOfferPct[offer.name] = utilisation === null ? null : toNumber(utilisation);
  }

  const trend = fitTrend(trendPoints(dataset, period), [period.year - 4, period.year]);
  if (trend.trend === null) recordReason(reasons, "trend", trend.reason);

  const result: KpiResult = {
    period: period.text,
    annualBudgetCents,
    monthlyInstalmentsCents: [...prepared.monthlyInstalmentsCents],
    budgetedOccupancyDays: toNumber(budgetedDays),
    actualOccupancyDays: report(reasons, "actualOccupancyDays", noFigures ? none(noFigures) : some(int(localDays))),
    occupancyDeviationPct: report(reasons, "occupancyDeviationPct", occupancyDeviation),
    serviceValueCents: report(reasons, "serviceValueCents", noFigures ? none(noFigures) : some(int(serviceValue))),
    proRataBudgetCents,
    valueDeviationCents: report(reasons, "valueDeviationCents", noFigures ? none(noFigures) : some(int(serviceValue - proRataBudgetCents))),
    valueDeviationPct: report(reasons, "valueDeviationPct", valueDeviation),
    avgNeedGroupBudgeted: report(reasons, "avgNeedGroupBudgeted", avgBudgeted ? some(avgBudgeted) : none(evaluationTexts.noBudgetedCases())),
    avgNeedGroupActual: report(reasons, "avgNeedGroupActual", avgActual),
    casesAtEnd: report(reasons, "casesAtEnd", end ? some(int(end.localCases)) : none(endReason)),
    budgetedCases: prepared.budgetedCasesTotal,
    casesByGroup: end ? byGroup(end.localCasesByGroup) : null,
    utilisationPct: report(reasons, "utilisationPct", noFigures ? none(noFigures) : utilisationPct(allDays, prepared.totalPlaces, days)),
    externalSharePct: report(reasons, "externalSharePct", noFigures ? none(noFigures) : externalSharePct(externalDays, allDays)),
    staffFteLocal: report(reasons, "staffFteLocal", staffLocal),
    staffDeviationPct: report(reasons, "staffDeviationPct", staffDeviation),
    ftePer10Cases: report(reasons, "ftePer10Cases", ftePer10Cases(staffLocal, casesAtEnd, endReason)),
    socialSpaceCases: report(reasons, "socialSpaceCases", end ? some(int(end.socialSpaceCases)) : none(endReason)),
    socialSpaceSharePct: report(reasons, "socialSpaceSharePct", end ? sharePct(int(end.socialSpaceCases), int(end.localCases), evaluationTexts.noLocalCasesAtEnd()) : none(endReason)),
    socialSpaceValueFreedCents: report(reasons, "socialSpaceValueFreedCents", noFigures ? none(noFigures) : some(int(valueFreed))),
    trend: trend.trend,
    trendReason: trend.reason?.en ?? null,
    trendReasonDe: trend.reason?.de ?? null,
    corridor: {
      occupancy: corridorOf(occupancyDeviation.value, agreement.greenPct, agreement.amberPct),
      value: corridorOf(valueDeviation.value, agreement.greenPct, agreement.amberPct),
      staff: corridorOf(staffDeviation.value, agreement.greenPct, agreement.amberPct),
    },
    budgetedCasesByGroup: byGroup(prepared.budgetedCasesByGroup),
    utilisationByOfferPct,
    daysInPeriod: days,
    reportedMonths,
    unreportedMonths,
    staffMonths,
    reasons: reasons.en,
    reasonsDe: reasons.de,
  };
  if (result.casesByGroup === null) recordReason(reasons, "casesByGroup", endReason);
  recordMissing(reasons, "corridor.occupancy", occupancyDeviation);
  recordMissing(reasons, "corridor.value", valueDeviation);
  recordMissing(reasons, "corridor.staff", staffDeviation);
  return result;
}
