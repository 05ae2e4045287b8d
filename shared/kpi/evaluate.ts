/**
 * Evaluates all KPIs of one provider for one period: the function behind the KPI command,
 * the server recalculation and the client preview.
 */
import { annualBudgetCentsFromDaily, averageBudgetedNeedGroup, monthlyInstalmentsCents, proRataBudgetCentsFromDaily } from "./budget";
import { corridorOf } from "./corridor";
import { prepareKpiData, preparedAgreement, type KpiDataInput, type KpiDataset } from "./dataset";
import type { MonthFacts } from "./monthFacts";
import { KpiInputError } from "./errors";
import { add, div, fromNumber, int, mul, toNumber, type Ratio } from "./exact";
import {
  deviationPct,
  externalSharePct,
  ftePer10Cases,
  none,
  sharePct,
  some,
  staffFteLocal,
  utilisationPct,
  type Outcome,
} from "./formulas";
import { daysInPeriod, monthKey, monthsOfPeriod, parsePeriod, type Period } from "./periods";
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
  /** Evaluates one period; throws KpiInputError for a bad period or a year without agreement. */
  evaluate(period: string): KpiResult;
}

/**
 * Computes every KPI of one period. Validates the inputs as a whole first.
 *
 * @param input - agreements, figures and staff rows (parsed), and the period
 * @returns the KPI object of the KPI command
 * @throws KpiInputError when the inputs are inconsistent, the period is malformed or its
 *   year has no agreement
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

function byGroup<T>(values: (group: number) => T): ByNeedGroup<T> {
  return { "1": values(1), "2": values(2), "3": values(3), "4": values(4), "5": values(5) };
}

/** Converts an outcome to the JSON value and records its reason under `key`. */
function report(reasons: Record<string, string>, key: string, outcome: Outcome): number | null {
  if (outcome.value === null) {
    reasons[key] = outcome.reason;
    return null;
  }
  return toNumber(outcome.value);
}

/** [KPI11] Mean local cases per year with figures, Y−4 … Y, the period's year only up to its end. */
function trendPoints(dataset: KpiDataset, period: Period): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (let year = period.year - 4; year <= period.year; year++) {
    const lastMonth = year === period.year ? period.lastMonth : 12;
    let sum = 0;
    let count = 0;
    for (let month = 1; month <= lastMonth; month++) {
      const facts = dataset.months.get(monthKey(year, month));
      if (!facts) continue;
      sum += facts.localCases;
      count++;
    }
    if (count > 0) points.push({ year, avgCases: sum / count });
  }
  return points;
}

/**
 * Evaluates one period on a prepared dataset.
 *
 * @param dataset - from `prepareKpiData`
 * @param periodText - the period
 * @returns the KPI object
 * @throws KpiInputError for a malformed period or a year without agreement
 */
export function evaluatePeriod(dataset: KpiDataset, periodText: string): KpiResult {
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) throw new KpiInputError([{ column: "period", message: parsed.message }]);
  const period = parsed.period;
  const prepared = preparedAgreement(dataset, period.year);
  if (!prepared) {
    throw new KpiInputError([
      { column: "period", message: `no budget agreement for ${period.year} was supplied; period ${period.text} needs the agreement of its year` },
    ]);
  }
  const { agreement } = prepared;
  const reasons: Record<string, string> = {};
  const days = daysInPeriod(period);
  const months = monthsOfPeriod(period);

  // Budget side: always present, whatever was reported ([KPI-R2]).
  const annualBudgetCents = annualBudgetCentsFromDaily(prepared.dailyBudget, period.year);
  const proRataBudgetCents = proRataBudgetCentsFromDaily(prepared.dailyBudget, days);
  const budgetedDays = mul(prepared.budgetedCases.total, int(days));
  const avgBudgeted = averageBudgetedNeedGroup(prepared.budgetedCases);

  // Actual side: sums over the reported months.
  const reported: MonthFacts[] = [];
  const reportedMonths: string[] = [];
  const unreportedMonths: string[] = [];
  for (const month of months) {
    const facts = dataset.months.get(month);
    if (facts) {
      reported.push(facts);
      reportedMonths.push(month);
    } else unreportedMonths.push(month);
  }
  const sum = (pick: (facts: MonthFacts) => number) => reported.reduce((total, facts) => total + pick(facts), 0);
  const localDays = sum((f) => f.localDays);
  const externalDays = sum((f) => f.externalDays);
  const allDays = localDays + externalDays;
  const serviceValue = sum((f) => f.serviceValueCents ?? 0);
  const valueFreed = sum((f) => f.valueFreedCents ?? 0);

  const noFigures = reported.length === 0 ? `no month of ${period.text} is reported (missing: ${unreportedMonths.join(", ")})` : null;
  const figure = (outcome: () => Outcome): Outcome => (noFigures ? none(noFigures) : outcome());
  const lastMonth = months[months.length - 1] ?? "";
  const end = dataset.months.get(lastMonth);
  const endReason = noFigures ?? `${lastMonth}, the last month of ${period.text}, is not reported`;
  const atEnd = (outcome: (facts: MonthFacts) => Outcome): Outcome => (end ? outcome(end) : none(endReason));

  const occupancyDeviation = figure(() => deviationPct(int(localDays), budgetedDays, "the budgeted occupancy days"));
  const valueDeviation = figure(() => deviationPct(int(serviceValue), int(proRataBudgetCents), "the pro-rata budget"));
  const avgActual = figure(() =>
    localDays === 0 ? none("no local occupancy days in the period") : some(div(int(sum((f) => f.localGroupDays)), int(localDays))),
  );

  const staffValues = months.flatMap((month) => {
    const fte = dataset.staffByMonth.get(month);
    return fte === undefined ? [] : [{ month, fte }];
  });
  const meanStaff: Ratio | null =
    staffValues.length === 0 ? null : div(staffValues.reduce((total, s) => add(total, fromNumber(s.fte)), int(0)), int(staffValues.length));
  const staffLocal = figure(() => staffFteLocal(meanStaff, localDays, allDays));
  const staffDeviation =
    staffLocal.value === null ? staffLocal : deviationPct(staffLocal.value, fromNumber(agreement.budgetedStaffFte), "budgetedStaffFte");

  const casesAtEnd = end ? end.localCases : null;
  const utilisationByOfferPct: Record<string, number | null> = {};
  for (const offer of agreement.offers) {
    const id = dataset.offerIds.get(offer.name);
    const offerDays = id === undefined ? 0 : sum((f) => f.daysByOffer[id] ?? 0);
    const outcome = figure(() => utilisationPct(offerDays, offer.places, days));
    utilisationByOfferPct[offer.name] = outcome.value === null ? null : toNumber(outcome.value);
  }

  const trend = fitTrend(trendPoints(dataset, period), [period.year - 4, period.year]);
  if (trend.trend === null) reasons.trend = trend.reason;

  const counted = (value: number) => figure(() => some(int(value)));
  const result: KpiResult = {
    period: period.text,
    annualBudgetCents,
    monthlyInstalmentsCents: monthlyInstalmentsCents(annualBudgetCents),
    budgetedOccupancyDays: toNumber(budgetedDays),
    actualOccupancyDays: report(reasons, "actualOccupancyDays", counted(localDays)),
    occupancyDeviationPct: report(reasons, "occupancyDeviationPct", occupancyDeviation),
    serviceValueCents: report(reasons, "serviceValueCents", counted(serviceValue)),
    proRataBudgetCents,
    valueDeviationCents: report(reasons, "valueDeviationCents", counted(serviceValue - proRataBudgetCents)),
    valueDeviationPct: report(reasons, "valueDeviationPct", valueDeviation),
    avgNeedGroupBudgeted: report(reasons, "avgNeedGroupBudgeted", avgBudgeted ? some(avgBudgeted) : none("no cases are budgeted")),
    avgNeedGroupActual: report(reasons, "avgNeedGroupActual", avgActual),
    casesAtEnd: report(reasons, "casesAtEnd", atEnd((f) => some(int(f.localCases)))),
    budgetedCases: toNumber(prepared.budgetedCases.total),
    casesByGroup: end ? byGroup((g) => end.localCasesByGroup[g] ?? 0) : null,
    utilisationPct: report(reasons, "utilisationPct", figure(() => utilisationPct(allDays, prepared.totalPlaces, days))),
    externalSharePct: report(reasons, "externalSharePct", figure(() => externalSharePct(externalDays, allDays))),
    staffFteLocal: report(reasons, "staffFteLocal", staffLocal),
    staffDeviationPct: report(reasons, "staffDeviationPct", staffDeviation),
    ftePer10Cases: report(reasons, "ftePer10Cases", ftePer10Cases(staffLocal, casesAtEnd, endReason)),
    socialSpaceCases: report(reasons, "socialSpaceCases", atEnd((f) => some(int(f.socialSpaceCases)))),
    socialSpaceSharePct: report(
      reasons,
      "socialSpaceSharePct",
      atEnd((f) => sharePct(int(f.socialSpaceCases), int(f.localCases), "no local cases at period end")),
    ),
    socialSpaceValueFreedCents: report(reasons, "socialSpaceValueFreedCents", counted(valueFreed)),
    trend: trend.trend,
    trendReason: trend.reason,
    corridor: {
      occupancy: corridorOf(occupancyDeviation.value, agreement.greenPct, agreement.amberPct),
      value: corridorOf(valueDeviation.value, agreement.greenPct, agreement.amberPct),
      staff: corridorOf(staffDeviation.value, agreement.greenPct, agreement.amberPct),
    },
    budgetedCasesByGroup: byGroup((g) => toNumber(prepared.budgetedCases.byGroup[g] ?? int(0))),
    utilisationByOfferPct,
    daysInPeriod: days,
    reportedMonths,
    unreportedMonths,
    staffMonths: staffValues.map((s) => s.month),
    reasons,
  };
  if (result.casesByGroup === null) reasons.casesByGroup = endReason;
  if (occupancyDeviation.value === null) reasons["corridor.occupancy"] = occupancyDeviation.reason;
  if (valueDeviation.value === null) reasons["corridor.value"] = valueDeviation.reason;
  if (staffDeviation.value === null) reasons["corridor.staff"] = staffDeviation.reason;
  return result;
}
