/**
 * The year-end reconciliation (Jahresabgleich, [KPI-J1] … [KPI-J6]): service value and
 * staff set against the budget over one to five budget years, and the settlement the
 * numbers propose. Exact like the rest of the engine; the two sides decide.
 */
import { settlementBasisOf, settlementThresholdPctOf } from "./agreement";
import { budgetedStaffFteExact, prepareKpiData, preparedAgreement, yearMonths, type KpiDataInput, type KpiDataset } from "./dataset";
import { issueOf, KpiInputError } from "./errors";
import { add, div, fromNumber, int, mul, roundHalfAwayFromZero, toNumber, type Ratio } from "./exact";
import { deviationPct, none, recordReason, staffFteLocal, type Outcome, type Reasons } from "./formulas";
import { reconcileTexts, type KpiText } from "./messages";
import { meanStaffFte, sumMonths } from "./monthSums";

/** The longest span one reconciliation covers, in budget years. */
export const MAX_RECONCILE_YEARS = 5;

/** Where the cumulative deviation lies against the tolerance. */
export type SettlementOutcome = "within" | "underRun" | "overRun";

/** One budget year of the reconciliation, over its budget months. */
export interface ReconcileYear {
  /** The budget year. */
  year: number;
  /** [KPI1] The annual budget, cents. */
  budgetCents: number;
  /** [KPI4] Service value of the year's reported budget months, cents (0 when none is reported). */
  serviceValueCents: number;
  /** Service value − budget, cents. */
  deviationCents: number;
  /** Deviation × 100 / budget; null (with a reason) when the budget is 0. */
  deviationPct: number | null;
  /** [KPI9] Staff for local persons over the year's budget months. */
  staffFteLocal: number | null;
  /** The agreement's budgetedStaffFte. */
  budgetedStaffFte: number;
  /** [KPI9] Deviation of staffFteLocal from budgetedStaffFte, %. */
  staffDeviationPct: number | null;
  /** Budget months without any figures row, `YYYY-MM`. */
  unreportedMonths: string[];
}

/** The span's years taken together. */
export interface ReconcileCumulative {
  /** Σ budgetCents. */
  budgetCents: number;
  /** Σ serviceValueCents. */
  serviceValueCents: number;
  /** Σ deviationCents. */
  deviationCents: number;
  /** Σ deviation × 100 / Σ budget. */
  deviationPct: number | null;
  /** Mean of the years' staffFteLocal; null when any year's is. */
  staffFteLocalMean: number | null;
  /** Mean of the years' budgetedStaffFte. */
  budgetedStaffFteMean: number;
  /** Deviation of the first mean from the second, %. */
  staffDeviationPct: number | null;
}

/** The settlement the numbers propose, on the last year's agreement. */
export interface ReconcileSettlement {
  /** The tolerance in % of the cumulative budget (`settlementThresholdPct`, default greenPct). */
  thresholdPct: number;
  /** Cumulative budget × thresholdPct / 100, rounded half away from zero, cents. */
  toleranceCents: number;
  /** within: |D| ≤ tolerance; underRun: D < −tolerance; overRun: D > tolerance. */
  outcome: SettlementOutcome;
  /** |D| − tolerance; 0 when within. */
  beyondToleranceCents: number;
  /** 0 unless underRun; then beyondToleranceCents (basis beyondTolerance) or −D (basis whole). */
  repaymentCents: number;
  /** True while any budget month of the span has no figures. */
  provisional: boolean;
}

/**
 * The reconciliation: the JSON object of the KPI command's `--reconcile`, and `reasonsDe`
 * (the German reasons for the UI), which the command leaves out.
 */
export interface ReconcileResult {
  /** The span as given, `YYYY` or `YYYY-YYYY`. */
  reconcile: string;
  /** One entry per year of the span, oldest first. */
  years: ReconcileYear[];
  /** The years taken together. */
  cumulative: ReconcileCumulative;
  /** The proposed settlement. */
  settlement: ReconcileSettlement;
  /** Why each null value has none, e.g. `2025.staffFteLocal`, `cumulative.deviationPct`. */
  reasons: Record<string, string>;
  /** `reasons` in German, under the same keys; not part of the command's output. */
  reasonsDe: Record<string, string>;
}

/** The KPI inputs plus the span to reconcile. */
export interface ReconcileInput extends KpiDataInput {
  /** `YYYY` or `YYYY-YYYY`. */
  span: string;
}

/** Outcome of {@link parseReconcileSpan}: the years, or what is wrong in English (`message`) and German (`messageDe`). */
export type ReconcileSpanParseResult = { ok: true; from: number; to: number } | { ok: false; message: string; messageDe: string };

/**
 * [KPI-J1] Reads a span's form: `YYYY` or `YYYY-YYYY`. Its length and order are checked
 * by the reconciliation, as they are bad input rather than bad usage.
 *
 * @param text - e.g. `2025` or `2023-2025`
 * @returns first and last year, or a message saying what is wrong
 * @example
 * parseReconcileSpan("2023-2025") // { ok: true, from: 2023, to: 2025 }
 */
export function parseReconcileSpan(text: string): ReconcileSpanParseResult {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(text);
  if (!match || Number(match[1]) < 1) {
    const message = reconcileTexts.badSpan(text);
    return { ok: false, message: message.en, messageDe: message.de };
  }
  const from = Number(match[1]);
  return { ok: true, from, to: match[2] === undefined ? from : Number(match[2]) };
}

/**
 * Computes the year-end reconciliation of one provider over one to five budget years.
 * Validates the inputs as a whole first.
 *
 * @param input - agreements, figures and staff rows (parsed), and the span
 * @returns the object `--reconcile` prints, with the German reasons as `reasonsDe`
 * @throws KpiInputError when the inputs are inconsistent, the span is malformed, longer than
 *   five years or reversed, or a year of it has no agreement
 * @example
 * const result = evaluateReconciliation({ agreements, figures, staff, span: "2023-2025" });
 * result.settlement // { thresholdPct: 5, toleranceCents: 9663010, outcome: "within", … }
 */
export function evaluateReconciliation(input: ReconcileInput): ReconcileResult {
  return reconcileDataset(prepareKpiData(input), input.span);
}

/** The exact figures of one year, kept for the cumulative part. */
interface YearFigures {
  year: ReconcileYear;
  budget: bigint;
  value: bigint;
  staffLocal: Outcome;
  budgetedStaff: Ratio;
}

/** [KPI-J2] One budget year over its budget months, like KPI 4 and 9 for the period `YYYY`. */
function reconcileYear(dataset: KpiDataset, yearNumber: number, reasons: Reasons): YearFigures {
  const prepared = preparedAgreement(dataset, yearNumber);
  if (!prepared) throw new Error(`no agreement for ${yearNumber}`); // checked by the caller
  const sums = sumMonths(yearMonths(dataset, yearNumber), dataset.offerIds.size, prepared.startMonth, 12);
  const budget = BigInt(prepared.annualBudgetCents);
  const value = BigInt(sums.serviceValue);
  const budgetedStaff = budgetedStaffFteExact(prepared);
  const noFigures = sums.reportedMonths.length === 0 ? reconcileTexts.noBudgetMonthReported(yearNumber) : null;
  const staffLocal = noFigures ? none(noFigures) : staffFteLocal(meanStaffFte(sums), sums.localDays, sums.localDays + sums.externalDays);
  const staffDeviation = staffLocal.value === null ? staffLocal : deviationPct(staffLocal.value, budgetedStaff, "budgetedStaffFte");
  const deviation = deviationPct(int(value), int(budget), "budget");
  const report = (key: string, outcome: Outcome) => valueOf(outcome, `${yearNumber}.${key}`, reasons);
  return {
    year: {
      year: yearNumber,
      budgetCents: Number(budget),
      serviceValueCents: Number(value),
      deviationCents: Number(value - budget),
      deviationPct: report("deviationPct", deviation),
      staffFteLocal: report("staffFteLocal", staffLocal),
      budgetedStaffFte: prepared.agreement.budgetedStaffFte,
      staffDeviationPct: report("staffDeviationPct", staffDeviation),
      unreportedMonths: sums.unreportedMonths,
    },
    budget,
    value,
    staffLocal,
    budgetedStaff,
  };
}

/** The outcome as a JSON number, its reason recorded under `key` when it has none. */
function valueOf(outcome: Outcome, key: string, reasons: Reasons): number | null {
  if (outcome.value === null) {
    recordReason(reasons, key, outcome.reason);
    return null;
  }
  return toNumber(outcome.value);
}

/** [KPI-J1] The span's years, or every reason it cannot be reconciled. */
function spanYears(dataset: KpiDataset, span: string): number[] {
  const parsed = parseReconcileSpan(span);
  const refuse = (text: KpiText) => new KpiInputError([issueOf(text, { column: "reconcile" })]);
  if (!parsed.ok) throw new KpiInputError([{ column: "reconcile", message: parsed.message, messageDe: parsed.messageDe }]);
  const { from, to } = parsed;
  if (from > to) throw refuse(reconcileTexts.backwards(span));
  if (to - from + 1 > MAX_RECONCILE_YEARS) throw refuse(reconcileTexts.tooLong(span, to - from + 1, MAX_RECONCILE_YEARS));
  const years = Array.from({ length: to - from + 1 }, (_, index) => from + index);
  const issues = years.filter((year) => !dataset.agreementsByYear.has(year)).map((year) => issueOf(reconcileTexts.noAgreement(year, span), { column: "reconcile" }));
  if (issues.length > 0) throw new KpiInputError(issues);
  return years;
}

/**
 * Computes the reconciliation on a prepared dataset (the server's stored data).
 *
 * @param dataset - from `prepareKpiData`
 * @param span - `YYYY` or `YYYY-YYYY`, at most five years, each with an agreement
 * @returns the object `--reconcile` prints, with the German reasons as `reasonsDe`
 * @throws KpiInputError for a malformed, reversed or too long span, or a year without agreement
 */
export function reconcileDataset(dataset: KpiDataset, span: string): ReconcileResult {
  const years = spanYears(dataset, span);
  const reasons: Reasons = { en: {}, de: {} };
  const figures = years.map((year) => reconcileYear(dataset, year, reasons));
  const budget = figures.reduce((sum, f) => sum + f.budget, 0n);
  const value = figures.reduce((sum, f) => sum + f.value, 0n);
  const deviation = value - budget;

  // [KPI-J3] Means over the years; one year without local staff leaves the mean unknown.
  const count = int(figures.length);
  const missingStaff = figures.find((f) => f.staffLocal.value === null);
  const staffMean: Outcome = missingStaff
    ? none(reconcileTexts.noStaffMean(missingStaff.year.year, span))
    : {
        value: div(
          figures.reduce((sum, f) => add(sum, f.staffLocal.value as Ratio), int(0)),
          count,
        ),
      };
  const budgetedStaffMean = div(
    figures.reduce((sum, f) => add(sum, f.budgetedStaff), int(0)),
    count,
  );
  const staffDeviation = staffMean.value === null ? staffMean : deviationPct(staffMean.value, budgetedStaffMean, "meanBudgetedStaffFte");

  // [KPI-J4] [KPI-J5] Settlement on the last year's agreement, decided on whole cents.
  const last = dataset.agreementsByYear.get(years[years.length - 1] as number);
  if (!last) throw new Error("span without agreement"); // checked by spanYears
  const thresholdPct = settlementThresholdPctOf(last);
  const tolerance = roundHalfAwayFromZero(div(mul(int(budget), fromNumber(thresholdPct)), int(100)));
  const size = deviation < 0n ? -deviation : deviation;
  const outcome: SettlementOutcome = size <= tolerance ? "within" : deviation < 0n ? "underRun" : "overRun";
  const beyond = outcome === "within" ? 0n : size - tolerance;
  const repayment = outcome !== "underRun" ? 0n : settlementBasisOf(last) === "whole" ? -deviation : beyond;

  return {
    reconcile: span,
    years: figures.map((f) => f.year),
    cumulative: {
      budgetCents: Number(budget),
      serviceValueCents: Number(value),
      deviationCents: Number(deviation),
      deviationPct: valueOf(deviationPct(int(value), int(budget), "spanBudget"), "cumulative.deviationPct", reasons),
      staffFteLocalMean: valueOf(staffMean, "cumulative.staffFteLocalMean", reasons),
      budgetedStaffFteMean: toNumber(budgetedStaffMean),
      staffDeviationPct: valueOf(staffDeviation, "cumulative.staffDeviationPct", reasons),
    },
    settlement: {
      thresholdPct,
      toleranceCents: Number(tolerance),
      outcome,
      beyondToleranceCents: Number(beyond),
      repaymentCents: Number(repayment),
      provisional: figures.some((f) => f.year.unreportedMonths.length > 0),
    },
    reasons: reasons.en,
    reasonsDe: reasons.de,
  };
}
