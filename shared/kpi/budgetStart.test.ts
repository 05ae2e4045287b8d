import { describe, expect, it } from "vitest";
import { KpiInputError, PeriodBeforeBudgetStartError } from "./errors";
import { createKpiEvaluator, evaluateKpis, type KpiInput } from "./evaluate";
import type { KpiResult } from "./result";
import { buildAgreement, buildRow, buildStaff, marchRows } from "./testSupport";

// The test agreement's daily budget is 11 000 cents for 5 budgeted cases and 10 places.
const DAILY = 11000;

/** March (before the start) and July (the first budget month) reported, staff 10 and 4 FTE. */
function fromJuly(overrides: Partial<KpiInput> = {}): KpiResult {
  return evaluateKpis({
    agreements: [buildAgreement({ startMonth: "2025-07" })],
    figures: [...marchRows("2025-03"), ...marchRows("2025-07")],
    staff: [buildStaff("2025-03", 10), buildStaff("2025-07", 4)],
    period: "2025",
    ...overrides,
  });
}

describe("budget start during the year", () => {
  it("[KPI-S2] [KPI-S3] the annual budget covers July–December, instalments are 0 before July", () => {
    const result = fromJuly();
    expect(result.annualBudgetCents).toBe(DAILY * 184);
    expect(result.monthlyInstalmentsCents.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(result.monthlyInstalmentsCents.reduce((a, b) => a + b, 0)).toBe(DAILY * 184);
    expect(fromJuly({ period: "2025-07" }).monthlyInstalmentsCents).toEqual(result.monthlyInstalmentsCents);
  });

  it("[KPI-S4] the year counts only its budget months: budget, capacity, sums and staff", () => {
    const result = fromJuly();
    expect(result.daysInPeriod).toBe(184);
    expect(result.proRataBudgetCents).toBe(DAILY * 184);
    expect(result.budgetedOccupancyDays).toBe(5 * 184);
    // July's rows only; March's 122 local days are outside the budget.
    expect(result.actualOccupancyDays).toBe(122);
    expect(result.serviceValueCents).toBe(60000 + 62000 + 124000);
    expect(result.utilisationPct).toBeCloseTo((163 * 100) / (10 * 184), 12);
    // Staff mean over July alone (4 FTE), not March's 10.
    expect(result.staffFteLocal).toBeCloseTo((4 * 122) / 163, 12);
    expect(result.staffMonths).toEqual(["2025-07"]);
  });

  it("[KPI-S4] [KPI-S5] months before the start are never reported or unreported", () => {
    const result = fromJuly();
    expect(result.reportedMonths).toEqual(["2025-07"]);
    expect(result.unreportedMonths).toEqual(["2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]);
    const nothingBefore = fromJuly({ figures: marchRows("2025-07"), period: "2025-YTD-07" });
    expect(nothingBefore.unreportedMonths).toEqual([]);
    expect(nothingBefore.reasons).not.toHaveProperty("actualOccupancyDays");
  });

  it("[KPI-S4] the pro-rata budget is annual × budget days in the period / budget days of the year", () => {
    const ytd = fromJuly({ period: "2025-YTD-09" });
    expect(ytd.daysInPeriod).toBe(92);
    expect(ytd.proRataBudgetCents).toBe(DAILY * 92);
    // A fractional daily budget: 0.5 cents a day, 184 budget days → 92; August alone 15.5 → 16.
    const half = buildAgreement({
      startMonth: "2025-07",
      offers: [{ name: "A", places: 10, groups: [0.5, 0, 0, 0, 0].map((budgetedCases, i) => ({ needGroup: i + 1, budgetedCases, dailyFeeCents: 1 })) }],
    });
    const august = fromJuly({ agreements: [half], period: "2025-08" });
    expect([august.annualBudgetCents, august.proRataBudgetCents]).toEqual([92, 16]);
  });

  it("[KPI-S4] a quarter that begins before the start counts from the start; cases at its end", () => {
    const figures = [...marchRows("2025-07"), ...marchRows("2025-08"), ...marchRows("2025-09").map((row) => ({ ...row, cases: row.cases * 2 }))];
    const result = fromJuly({ agreements: [buildAgreement({ startMonth: "2025-08" })], figures, period: "2025-Q3" });
    expect(result.reportedMonths).toEqual(["2025-08", "2025-09"]);
    expect(result.daysInPeriod).toBe(61);
    expect(result.actualOccupancyDays).toBe(244);
    expect(result.casesAtEnd).toBe(8);
  });

  it("[KPI-S4] a period wholly before the start is bad input naming the start", () => {
    for (const period of ["2025-Q1", "2025-06", "2025-YTD-06", "2025-Q2"]) {
      let caught: unknown;
      try {
        fromJuly({ period });
      } catch (error) {
        caught = error;
      }
      expect(caught, period).toBeInstanceOf(PeriodBeforeBudgetStartError);
      expect(caught, period).toBeInstanceOf(KpiInputError);
      expect((caught as Error).message).toBe(`period: period ${period} lies before the budget start 2025-07`);
      expect(caught).toMatchObject({ period, budgetStart: "2025-07" });
    }
    const evaluator = createKpiEvaluator({ agreements: [buildAgreement({ startMonth: "2025-07" })], figures: [], staff: [] });
    expect(() => evaluator.evaluate("2025-Q3")).not.toThrow();
    expect(() => evaluator.evaluate("2025-Q2")).toThrow("lies before the budget start 2025-07");
  });

  it("[KPI-S5] figures before the start feed the trend", () => {
    const figures = [buildRow({ month: "2024-05", cases: 1 }), ...marchRows("2025-03"), buildRow({ month: "2025-07", cases: 8 })];
    const result = fromJuly({ figures });
    // 2025's mean is over March (4 local cases) and July (8).
    expect(result.trend?.years).toEqual([
      { year: 2024, avgCases: 1 },
      { year: 2025, avgCases: 6 },
    ]);
  });

  it("[KPI-S5] rows before the start need not name an offer of the agreement; rows after it must", () => {
    const before = buildRow({ month: "2025-03", serviceOffer: "Altes Angebot" });
    expect(fromJuly({ figures: [before, ...marchRows("2025-07")] }).actualOccupancyDays).toBe(122);
    const after = buildRow({ month: "2025-08", serviceOffer: "Altes Angebot" });
    expect(() => fromJuly({ figures: [after, ...marchRows("2025-07")] })).toThrow('service offer "Altes Angebot" is not in the 2025 agreement');
  });
});
