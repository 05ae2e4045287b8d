/**
 * Budget-side formulas, from the agreement alone: [KPI1]/[KPI-S2] annual budget and instalments,
 * [KPI2] budgeted occupancy days, [KPI4] pro-rata budget, [KPI5] budgeted average need
 * group and [KPI6] budgeted cases. All exact; cents are rounded once, at the end ([KPI-R1]).
 */
import { budgetStartMonth, type BudgetAgreement } from "./agreement";
import { add, div, fromNumber, int, isZero, mul, roundHalfAwayFromZero, type Ratio } from "./exact";
import { daysInMonths } from "./periods";

/**
 * The budget per calendar day: Σ over offers and groups of `budgetedCases × dailyFeeCents`.
 *
 * @param agreement - a validated agreement
 * @returns the exact cents per day
 */
export function dailyBudgetExact(agreement: BudgetAgreement): Ratio {
  let total = int(0);
  for (const offer of agreement.offers) {
    for (const group of offer.groups) total = add(total, mul(fromNumber(group.budgetedCases), int(group.dailyFeeCents)));
  }
  return total;
}

/**
 * [KPI-S1] Budget days of a year: the calendar days of its budget months `startMonth` …
 * December (all days of the year when the budget starts in January).
 *
 * @param year - the budget year
 * @param startMonth - first budget month, 1–12
 * @returns the budget days
 */
export function budgetDaysOfYear(year: number, startMonth = 1): number {
  return daysInMonths(year, startMonth, 12);
}

/**
 * [KPI1] [KPI-S2] Annual budget = Σ `budgetedCases × dailyFee × budget days`, rounded half
 * away from zero to the cent (budgeted cases may be fractional).
 *
 * @param agreement - a validated agreement
 * @returns the annual budget in integer cents
 * @example
 * annualBudgetCents(agreement) // 193260200 for the 2025 example, 97424320 from July
 */
export function annualBudgetCents(agreement: BudgetAgreement): number {
  return annualBudgetCentsFromDaily(dailyBudgetExact(agreement), agreement.year, budgetStartMonth(agreement));
}

/**
 * [KPI1] [KPI-S2] The annual budget from a precomputed daily budget.
 *
 * @param dailyBudget - from {@link dailyBudgetExact}
 * @param year - the budget year
 * @param startMonth - first budget month, 1–12
 * @returns the annual budget in integer cents
 */
export function annualBudgetCentsFromDaily(dailyBudget: Ratio, year: number, startMonth = 1): number {
  return Number(roundHalfAwayFromZero(mul(dailyBudget, int(budgetDaysOfYear(year, startMonth)))));
}

/**
 * [KPI1] [KPI-S3] The 12 monthly instalments: months before the start are 0, the budget is
 * split over the n = 13 − startMonth budget months, each rounded down to the cent, and
 * December takes the remainder, so they add up to the budget exactly.
 *
 * @param annualCents - the annual budget, a non-negative integer
 * @param startMonth - first budget month, 1–12
 * @returns 12 instalments in cents, January first
 * @example
 * monthlyInstalmentsCents(97424320, 7) // [0, 0, 0, 0, 0, 0, 16237386 × 5, 16237390]
 */
export function monthlyInstalmentsCents(annualCents: number, startMonth = 1): number[] {
  const total = BigInt(annualCents);
  const budgetMonths = 13 - startMonth;
  const regular = total / BigInt(budgetMonths);
  const instalments = Array.from({ length: 11 }, (_, index) => (index + 1 < startMonth ? 0 : Number(regular)));
  instalments.push(Number(total - regular * BigInt(budgetMonths - 1)));
  return instalments;
}

/**
 * [KPI4] [KPI-S4] Pro-rata budget = annual budget × budget days in the period / budget days
 * of the year, computed from the exact (unrounded) annual budget and rounded once, half
 * away from zero.
 *
 * @param agreement - the agreement of the period's year
 * @param periodDays - budget days of the period (its calendar days from the budget start on)
 * @returns the pro-rata budget in integer cents
 */
export function proRataBudgetCents(agreement: BudgetAgreement, periodDays: number): number {
  return proRataBudgetCentsFromDaily(dailyBudgetExact(agreement), periodDays);
}

/**
 * [KPI4] The pro-rata budget from a precomputed daily budget. Annual × days / budget days
 * of the year equals daily budget × days exactly, so nothing is rounded before the end.
 *
 * @param dailyBudget - from {@link dailyBudgetExact}
 * @param periodDays - budget days of the period
 * @returns the pro-rata budget in integer cents
 */
export function proRataBudgetCentsFromDaily(dailyBudget: Ratio, periodDays: number): number {
  return Number(roundHalfAwayFromZero(mul(dailyBudget, int(periodDays))));
}

/**
 * [KPI6] Σ `budgetedCases`, in total and per need group.
 *
 * @param agreement - a validated agreement
 * @returns exact totals; `byGroup[g]` for g = 1–5 (index 0 unused)
 */
export function budgetedCasesExact(agreement: BudgetAgreement): { total: Ratio; byGroup: Ratio[] } {
  const byGroup = [int(0), int(0), int(0), int(0), int(0), int(0)];
  for (const offer of agreement.offers) {
    for (const group of offer.groups) byGroup[group.needGroup] = add(byGroup[group.needGroup] ?? int(0), fromNumber(group.budgetedCases));
  }
  return { total: byGroup.reduce(add, int(0)), byGroup };
}

/**
 * [KPI2] Budgeted occupancy days = Σ `budgetedCases × daysInPeriod` (fractional when the
 * budgeted cases are).
 *
 * @param agreement - the agreement of the period's year
 * @param periodDays - calendar days of the period
 * @returns the exact budgeted days
 */
export function budgetedOccupancyDaysExact(agreement: BudgetAgreement, periodDays: number): Ratio {
  return mul(budgetedCasesExact(agreement).total, int(periodDays));
}

/**
 * [KPI5] Budgeted average need group = Σ `group × budgetedCases` / Σ `budgetedCases`.
 *
 * @param budgeted - from {@link budgetedCasesExact}
 * @returns the exact average, or null when no cases are budgeted
 */
export function averageBudgetedNeedGroup(budgeted: { total: Ratio; byGroup: Ratio[] }): Ratio | null {
  if (isZero(budgeted.total)) return null;
  const weighted = budgeted.byGroup.reduce((sum, cases, group) => add(sum, mul(int(group), cases)), int(0));
  return div(weighted, budgeted.total);
}
