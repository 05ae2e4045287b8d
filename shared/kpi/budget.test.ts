import fc from "fast-check";
import { describe, expect, it } from "vitest";
import agreementJson from "../../tests/fixtures/kpi-example/agreement-2025.json";
import { parseBudgetAgreement, type BudgetAgreement } from "./agreement";
import { annualBudgetCents, budgetDaysOfYear, averageBudgetedNeedGroup, budgetedCasesExact, budgetedOccupancyDaysExact, monthlyInstalmentsCents, proRataBudgetCents } from "./budget";
import { toNumber } from "./exact";
import { buildAgreement } from "./testSupport";

function example(): BudgetAgreement {
  const result = parseBudgetAgreement(agreementJson);
  if (!result.ok) throw new Error("example agreement does not parse");
  return result.value;
}

/** One offer whose five groups have the given cases and fees. */
function withGroups(cases: number[], fees: number[], year = 2025): BudgetAgreement {
  return buildAgreement({
    year,
    offers: [{ name: "A", places: 1, groups: cases.map((c, i) => ({ needGroup: i + 1, budgetedCases: c, dailyFeeCents: fees[i] ?? 0 })) }],
  });
}

describe("budget", () => {
  it("[KPI1] the annual budget is Σ cases × fee × days of the year", () => {
    // Haus A 355 110 + ABW 174 370 cents per day, 365 days.
    expect(annualBudgetCents(example())).toBe((355110 + 174370) * 365);
    expect(annualBudgetCents(withGroups([1, 0, 0, 0, 0], [100, 0, 0, 0, 0], 2024))).toBe(36600);
  });

  it("[KPI1] fractional budgeted cases are rounded once, half away from zero, at the end", () => {
    // Each group alone is 182.5 cents a year; rounding per group would give 366.
    expect(annualBudgetCents(withGroups([0.5, 0.5, 0, 0, 0], [1, 1, 0, 0, 0]))).toBe(365);
    expect(annualBudgetCents(withGroups([0.5, 0, 0, 0, 0], [1, 0, 0, 0, 0]))).toBe(183);
    expect(annualBudgetCents(withGroups([0.1, 0.2, 0, 0, 0], [10, 10, 0, 0, 0]))).toBe(1095);
  });

  it("[KPI1] instalments are the budget / 12 rounded down, December takes the remainder", () => {
    expect(monthlyInstalmentsCents(193260200)).toEqual([...Array(11).fill(16105016), 16105024]);
    expect(monthlyInstalmentsCents(0)).toEqual(Array(12).fill(0));
    expect(monthlyInstalmentsCents(11)).toEqual([...Array(11).fill(0), 11]);
  });

  it("[KPI1] instalments always add up to the annual budget exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e14 }), (annual) => {
        const instalments = monthlyInstalmentsCents(annual);
        expect(instalments).toHaveLength(12);
        expect(instalments.reduce((a, b) => a + b, 0)).toBe(annual);
        expect(new Set(instalments.slice(0, 11)).size).toBe(1);
        const regular = instalments[0] ?? 0;
        expect(Number.isInteger(regular)).toBe(true);
        expect((instalments[11] ?? 0) - regular).toBeGreaterThanOrEqual(0);
        expect((instalments[11] ?? 0) - regular).toBeLessThan(12);
      }),
    );
  });

  it("[KPI4] the pro-rata budget is by calendar days and rounded once", () => {
    expect(proRataBudgetCents(example(), 31)).toBe(529480 * 31);
    expect(proRataBudgetCents(example(), 365)).toBe(annualBudgetCents(example()));
    // 0.5 cents a day × 31 days = 15.5 → 16.
    expect(proRataBudgetCents(withGroups([0.5, 0, 0, 0, 0], [1, 0, 0, 0, 0]), 31)).toBe(16);
    // Leap year: February is 29 of 366 days.
    expect(proRataBudgetCents(withGroups([1, 0, 0, 0, 0], [366, 0, 0, 0, 0], 2024), 29)).toBe(366 * 29);
  });

  it("[KPI4] the pro-rata budgets of the twelve months add up to the annual budget within rounding", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 400 }).map((x) => x / 4),
          { minLength: 5, maxLength: 5 },
        ),
        (cases) => {
          const agreement = withGroups(cases, [9850, 12480, 15620, 19870, 24350]);
          const months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31].map((d) => proRataBudgetCents(agreement, d));
          expect(Math.abs(months.reduce((a, b) => a + b, 0) - annualBudgetCents(agreement))).toBeLessThanOrEqual(6);
        },
      ),
    );
  });

  it("[KPI2] budgeted occupancy days are Σ budgeted cases × days of the period", () => {
    expect(toNumber(budgetedOccupancyDaysExact(example(), 31))).toBe(1767);
    expect(toNumber(budgetedOccupancyDaysExact(withGroups([2.5, 0, 0, 0, 0], [1, 1, 1, 1, 1]), 30))).toBe(75);
  });

  it("[KPI5] the budgeted average need group is weighted by budgeted cases", () => {
    // (1×8 + 2×15 + 3×18 + 4×11 + 5×5) / 57 = 161 / 57
    const average = averageBudgetedNeedGroup(budgetedCasesExact(example()));
    expect(average && toNumber(average)).toBe(161 / 57);
    expect(averageBudgetedNeedGroup(budgetedCasesExact(withGroups([0, 0, 0, 0, 0], [1, 1, 1, 1, 1])))).toBeNull();
  });

  it("[KPI6] budgeted cases are summed in total and per group over all offers", () => {
    const { total, byGroup } = budgetedCasesExact(example());
    expect(toNumber(total)).toBe(57);
    expect(byGroup.slice(1).map(toNumber)).toEqual([8, 15, 18, 11, 5]);
  });

  it("[KPI-S2] with a later start the annual budget covers the budget days only, rounded once", () => {
    expect(budgetDaysOfYear(2025, 7)).toBe(184);
    expect(budgetDaysOfYear(2024, 2)).toBe(335);
    expect(annualBudgetCents({ ...example(), startMonth: "2025-07" })).toBe(529480 * 184);
    // 0.5 cents a day: 182.5 → 183 for the whole year, 153 days from August 76.5 → 77.
    expect(annualBudgetCents(withGroups([0.5, 0, 0, 0, 0], [1, 0, 0, 0, 0]))).toBe(183);
    expect(annualBudgetCents({ ...withGroups([0.5, 0, 0, 0, 0], [1, 0, 0, 0, 0]), startMonth: "2025-08" })).toBe(77);
  });

  it("[KPI-S3] instalments are 0 before the start, the budget / n rounded down after it, December the remainder", () => {
    expect(monthlyInstalmentsCents(97424320, 7)).toEqual([0, 0, 0, 0, 0, 0, 16237386, 16237386, 16237386, 16237386, 16237386, 16237390]);
    expect(monthlyInstalmentsCents(100, 4)).toEqual([0, 0, 0, 11, 11, 11, 11, 11, 11, 11, 11, 12]);
    expect(monthlyInstalmentsCents(5, 10)).toEqual([...Array(9).fill(0), 1, 1, 3]);
    expect(monthlyInstalmentsCents(7, 12)).toEqual([...Array(11).fill(0), 7]);
    expect(monthlyInstalmentsCents(193260200, 1)).toEqual(monthlyInstalmentsCents(193260200));
  });

  it("[KPI-S3] instalments with any start add up to the budget, December at most n − 1 cents above the rest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e14 }), fc.integer({ min: 1, max: 12 }), (annual, start) => {
        const instalments = monthlyInstalmentsCents(annual, start);
        expect(instalments).toHaveLength(12);
        expect(instalments.reduce((a, b) => a + b, 0)).toBe(annual);
        expect(instalments.slice(0, start - 1).every((x) => x === 0)).toBe(true);
        const regular = instalments[start - 1] ?? 0;
        expect(new Set(instalments.slice(start - 1, 11)).size).toBeLessThanOrEqual(1);
        expect((instalments[11] ?? 0) - regular).toBeGreaterThanOrEqual(0);
        expect((instalments[11] ?? 0) - regular).toBeLessThan(13 - start);
      }),
    );
  });
});
