import { describe, expect, it } from "vitest";
import type { BudgetAgreement } from "./agreement";
import { KpiInputError } from "./errors";
import type { FigureRow } from "./figures";
import { daysInMonth } from "./periods";
import { evaluateReconciliation, parseReconcileSpan, type ReconcileInput } from "./reconcile";
import type { StaffRow } from "./staff";
import { allNumbers, buildAgreement, buildRow, buildStaff } from "./testSupport";

/** One budgeted case at 1 cent a day: the budget of a year is its number of budget days. */
function centAgreement(year: number, overrides: Partial<BudgetAgreement> = {}): BudgetAgreement {
  return buildAgreement({
    year,
    offers: [{ name: "A", places: 1, groups: [1, 0, 0, 0, 0].map((budgetedCases, i) => ({ needGroup: i + 1, budgetedCases, dailyFeeCents: 1 })) }],
    ...overrides,
  });
}

/** One local group-1 row per month of `year` with `days(month)` occupancy days (= cents of service value). */
function yearRows(year: number, days: (month: number) => number, months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]): FigureRow[] {
  return months.map((month) => buildRow({ month: `${year}-${String(month).padStart(2, "0")}`, occupancyDays: days(month) }));
}

function yearStaff(year: number, fte: number): StaffRow[] {
  return Array.from({ length: 12 }, (_, i) => buildStaff(`${year}-${String(i + 1).padStart(2, "0")}`, fte));
}

/** 2025 with a shortfall of `short` cents below its budget of 365, every month reported. */
function shortfall(short: number, overrides: Partial<BudgetAgreement> = {}, span = "2025"): ReconcileInput {
  return {
    agreements: [centAgreement(2025, overrides)],
    // The shortfall spread over the months (no month can lose more days than it has); an over-run all in December.
    figures: yearRows(2025, (month) => daysInMonth(2025, month) - (short < 0 ? (month === 12 ? short : 0) : Math.floor(short / 12) + (month <= short % 12 ? 1 : 0))),
    staff: yearStaff(2025, 3),
    span,
  };
}

function refusal(input: ReconcileInput): string {
  try {
    evaluateReconciliation(input);
  } catch (error) {
    if (error instanceof KpiInputError) return error.message;
    throw error;
  }
  throw new Error("expected a KpiInputError");
}

describe("year-end reconciliation", () => {
  it("[KPI-J1] reads YYYY and YYYY-YYYY only", () => {
    expect(parseReconcileSpan("2025")).toEqual({ ok: true, from: 2025, to: 2025 });
    expect(parseReconcileSpan("2023-2025")).toEqual({ ok: true, from: 2023, to: 2025 });
    for (const text of ["25", "2025-26", "2025–2026", "2025-Q1", ""]) expect(parseReconcileSpan(text).ok, text).toBe(false);
  });

  it("[KPI-J1] a span over five years, a year without agreement, a reversed or malformed span are refused", () => {
    const agreements = [2020, 2021, 2022, 2023, 2024, 2025].map((year) => centAgreement(year));
    const input = { agreements, figures: [], staff: [] };
    expect(refusal({ ...input, span: "2020-2025" })).toBe("reconcile: reconciliation span 2020-2025 covers 6 years; at most 5 are reconciled together");
    expect(() => evaluateReconciliation({ ...input, span: "2021-2025" })).not.toThrow();
    expect(refusal({ ...input, agreements: agreements.filter((a) => a.year !== 2023), span: "2022-2024" })).toContain("no budget agreement for 2023 was supplied");
    expect(refusal({ ...input, span: "2025-2024" })).toContain("runs backwards");
    expect(refusal({ ...input, span: "2025-Q4" })).toContain('"2025-Q4" is not YYYY or YYYY-YYYY');
  });

  it("[KPI-J2] [KPI-J3] a span over the leap year 2024 budgets its 366 days; cumulative sums and means", () => {
    const result = evaluateReconciliation({
      agreements: [centAgreement(2023, { budgetedStaffFte: 2 }), centAgreement(2024, { budgetedStaffFte: 3 }), centAgreement(2025, { budgetedStaffFte: 4 })],
      figures: [...yearRows(2023, (m) => daysInMonth(2023, m)), ...yearRows(2024, (m) => daysInMonth(2024, m) - (m === 2 ? 10 : 0)), ...yearRows(2025, (m) => daysInMonth(2025, m))],
      staff: [...yearStaff(2023, 2), ...yearStaff(2024, 4), ...yearStaff(2025, 6)],
      span: "2023-2025",
    });
    expect(result.reconcile).toBe("2023-2025");
    expect(result.years.map((y) => [y.year, y.budgetCents, y.serviceValueCents, y.deviationCents])).toEqual([
      [2023, 365, 365, 0],
      [2024, 366, 356, -10],
      [2025, 365, 365, 0],
    ]);
    expect(result.years[1]?.deviationPct).toBeCloseTo((-10 * 100) / 366, 12);
    expect(result.years.map((y) => [y.staffFteLocal, y.budgetedStaffFte])).toEqual([
      [2, 2],
      [4, 3],
      [6, 4],
    ]);
    expect(result.years[1]?.staffDeviationPct).toBeCloseTo(100 / 3, 12);
    expect(result.cumulative).toEqual({
      budgetCents: 1096,
      serviceValueCents: 1086,
      deviationCents: -10,
      deviationPct: (-10 * 100) / 1096,
      staffFteLocalMean: 4,
      budgetedStaffFteMean: 3,
      staffDeviationPct: 100 / 3,
    });
    expect(result.reasons).toEqual({});
  });

  it("[KPI-J4] the tolerance is rounded half away from zero and |D| equal to it is within", () => {
    // 365 × 10 / 100 = 36.5 → 37 cents.
    const within = evaluateReconciliation(shortfall(37, { settlementThresholdPct: 10 })).settlement;
    expect(within).toEqual({ thresholdPct: 10, toleranceCents: 37, outcome: "within", beyondToleranceCents: 0, repaymentCents: 0, provisional: false });
    const under = evaluateReconciliation(shortfall(38, { settlementThresholdPct: 10 })).settlement;
    expect(under).toMatchObject({ toleranceCents: 37, outcome: "underRun", beyondToleranceCents: 1, repaymentCents: 1 });
  });

  it("[KPI-J4] the threshold defaults to the last year's greenPct", () => {
    const input = shortfall(0, { greenPct: 2 }, "2024-2025");
    input.agreements = [centAgreement(2024, { greenPct: 8, amberPct: 9 }), ...input.agreements];
    input.figures = [...yearRows(2024, (m) => daysInMonth(2024, m)), ...input.figures];
    // (365 + 366) × 2 / 100 = 14.62 → 15.
    expect(evaluateReconciliation(input).settlement).toMatchObject({ thresholdPct: 2, toleranceCents: 15 });
  });

  it("[KPI-J5] an under-run repays the part beyond the tolerance, or with basis whole the whole shortfall", () => {
    const beyond = evaluateReconciliation(shortfall(50, { settlementThresholdPct: 10 })).settlement;
    expect(beyond).toMatchObject({ outcome: "underRun", beyondToleranceCents: 13, repaymentCents: 13 });
    const whole = evaluateReconciliation(shortfall(50, { settlementThresholdPct: 10, settlementBasis: "whole" })).settlement;
    expect(whole).toMatchObject({ outcome: "underRun", beyondToleranceCents: 13, repaymentCents: 50 });
    const withinWhole = evaluateReconciliation(shortfall(30, { settlementThresholdPct: 10, settlementBasis: "whole" })).settlement;
    expect(withinWhole).toMatchObject({ outcome: "within", repaymentCents: 0 });
  });

  it("[KPI-J5] an over-run beyond the tolerance is reported but repays nothing", () => {
    const settlement = evaluateReconciliation(shortfall(-40, { settlementThresholdPct: 10, settlementBasis: "whole" })).settlement;
    expect(settlement).toMatchObject({ outcome: "overRun", beyondToleranceCents: 3, repaymentCents: 0 });
  });

  it("[KPI-J6] provisional while a budget month has no figures; months before the start do not count", () => {
    const input = shortfall(0);
    const missing = evaluateReconciliation({ ...input, figures: input.figures.filter((row) => row.month !== "2025-08") });
    expect(missing.years[0]?.unreportedMonths).toEqual(["2025-08"]);
    expect(missing.settlement.provisional).toBe(true);
    const fromJuly = evaluateReconciliation({
      ...input,
      agreements: [centAgreement(2025, { startMonth: "2025-07" })],
      figures: yearRows(2025, (m) => daysInMonth(2025, m), [7, 8, 9, 10, 11, 12]),
    });
    expect(fromJuly.years[0]).toMatchObject({ budgetCents: 184, serviceValueCents: 184, unreportedMonths: [] });
    expect(fromJuly.settlement.provisional).toBe(false);
  });

  it("[KPI-J6] a year without figures or staff, and a zero budget, give null values with reasons, never NaN", () => {
    const empty = buildAgreement({
      year: 2024,
      budgetedStaffFte: 0,
      offers: [{ name: "A", places: 1, groups: [1, 2, 3, 4, 5].map((needGroup) => ({ needGroup, budgetedCases: 0, dailyFeeCents: 1 })) }],
    });
    const result = evaluateReconciliation({ ...shortfall(0, {}, "2024-2025"), agreements: [empty, centAgreement(2025)] });
    expect(result.years[0]).toMatchObject({ year: 2024, budgetCents: 0, serviceValueCents: 0, deviationCents: 0, deviationPct: null, staffFteLocal: null, staffDeviationPct: null });
    expect(result.years[0]?.unreportedMonths).toHaveLength(12);
    expect(result.cumulative.staffFteLocalMean).toBeNull();
    expect(result.cumulative.staffDeviationPct).toBeNull();
    expect(Object.keys(result.reasons).sort()).toEqual(["2024.deviationPct", "2024.staffDeviationPct", "2024.staffFteLocal", "cumulative.staffDeviationPct", "cumulative.staffFteLocalMean"]);
    expect(result.settlement).toMatchObject({ outcome: "within", provisional: true });
    expect(allNumbers(result).every(Number.isFinite)).toBe(true);
  });
});
