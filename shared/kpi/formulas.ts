/**
 * Ratio formulas of the actual side: [KPI3]/[KPI4]/[KPI9] deviations, [KPI7] utilisation,
 * [KPI8] external share, [KPI9] staff for local persons. Each returns an exact value or
 * null with the reason, never NaN or Infinity ([KPI-R8]).
 */
import { div, int, isZero, mul, ratio, type Ratio } from "./exact";
import { evaluationTexts, type DeviationBase, type KpiText } from "./messages";

/** An exact KPI value, or null with the reason it has none (English and German). */
export type Outcome = { value: Ratio; reason?: undefined } | { value: null; reason: KpiText };

/** The reasons of one result in both languages, under the same keys (`reasons`, `reasonsDe`). */
export interface Reasons {
  /** English, the result's `reasons`. */
  en: Record<string, string>;
  /** German, the result's `reasonsDe`. */
  de: Record<string, string>;
}

/**
 * Records why `key` has no value, in both languages.
 *
 * @param reasons - the result's reasons
 * @param key - the KPI's key, e.g. `staffFteLocal` or `corridor.staff`
 * @param text - the reason
 * @example
 * recordReason(reasons, "trend", evaluationTexts.fewTrendYears(2021, 2025, [2025]));
 */
export function recordReason(reasons: Reasons, key: string, text: KpiText): void {
  reasons.en[key] = text.en;
  reasons.de[key] = text.de;
}

/**
 * @param value - the exact value
 * @returns an outcome with a value
 */
export function some(value: Ratio): Outcome {
  return { value };
}

/**
 * @param reason - why there is no value
 * @returns an outcome without a value
 */
export function none(reason: KpiText): Outcome {
  return { value: null, reason };
}

/**
 * Deviation % = (actual − budget) × 100 / budget, exact; never (actual / budget − 1) × 100,
 * which turns an exact 5 % into 5.000000000000004 ([KPI-R1]).
 *
 * @param actual - the actual value
 * @param budget - the budgeted value
 * @param what - which budget it is, for the reason
 * @returns the exact deviation in percent, or null when the budget is zero
 * @example
 * deviationPct(int(105), int(100), "budget") // { value: 5/1 }
 */
export function deviationPct(actual: Ratio, budget: Ratio, what: DeviationBase): Outcome {
  if (isZero(budget)) return none(evaluationTexts.zeroBase(what));
  // (a/b − c/d) × 100 / (c/d) = (a·d − c·b) × 100 / (b·c): one reduction instead of three
  // (each a BigInt gcd), and the same reduced fraction, as a fraction's lowest terms are unique.
  return some(ratio((actual.n * budget.d - budget.n * actual.d) * 100n, actual.d * budget.n));
}

/**
 * Share % = part × 100 / whole.
 *
 * @param part - the part
 * @param whole - the whole
 * @param reason - the reason to give when the whole is zero
 * @returns the exact share in percent, or null when the whole is zero
 */
export function sharePct(part: Ratio, whole: Ratio, reason: KpiText): Outcome {
  if (isZero(whole)) return none(reason);
  return some(div(mul(part, int(100)), whole));
}

/**
 * [KPI7] Utilisation % = occupancy days of all persons / (places × daysInPeriod) × 100.
 *
 * @param allDays - local and external occupancy days
 * @param places - capacity in places
 * @param periodDays - calendar days of the period
 * @returns the exact utilisation, or null without capacity
 */
export function utilisationPct(allDays: number, places: number, periodDays: number): Outcome {
  return sharePct(int(allDays), int(places * periodDays), evaluationTexts.noCapacity());
}

/**
 * [KPI8] External share % = external occupancy days / all occupancy days × 100.
 *
 * @param externalDays - occupancy days of externally funded persons
 * @param allDays - occupancy days of all persons
 * @returns the exact share, or null without any occupancy days
 */
export function externalSharePct(externalDays: number, allDays: number): Outcome {
  return sharePct(int(externalDays), int(allDays), evaluationTexts.noDaysForExternalShare());
}

/**
 * [KPI9] Staff for local persons = mean monthly staffFte × (1 − external share / 100),
 * computed as mean × localDays / allDays, which is the same value without rounding.
 *
 * @param meanStaffFte - mean of the period's monthly staffFte, or null when none is reported
 * @param localDays - local occupancy days
 * @param allDays - local and external occupancy days
 * @returns the exact FTE for local persons, or null with the reason
 */
export function staffFteLocal(meanStaffFte: Ratio | null, localDays: number, allDays: number): Outcome {
  if (meanStaffFte === null) return none(evaluationTexts.noStaffRow());
  if (allDays === 0) return none(evaluationTexts.noDaysForStaff());
  return some(div(mul(meanStaffFte, int(localDays)), int(allDays)));
}

/**
 * [KPI9] FTE per 10 local cases = staff for local persons / cases at period end × 10.
 *
 * @param staff - staff for local persons (outcome)
 * @param casesAtEnd - local cases at period end, or null with `casesReason`
 * @param casesReason - why the cases are unknown
 * @returns the exact ratio, or null with the reason
 */
export function ftePer10Cases(staff: Outcome, casesAtEnd: number | null, casesReason: KpiText): Outcome {
  if (staff.value === null) return staff;
  if (casesAtEnd === null) return none(casesReason);
  if (casesAtEnd === 0) return none(evaluationTexts.noLocalCasesAtEnd());
  return some(div(mul(staff.value, int(10)), int(casesAtEnd)));
}
