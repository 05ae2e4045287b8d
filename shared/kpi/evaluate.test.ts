import fc from "fast-check";
import { describe, expect, it } from "vitest";
import agreementText from "../../tests/fixtures/kpi-example/agreement-2025.json?raw";
import expected05 from "../../tests/fixtures/kpi-example/expected-2025-05.json";
import expectedQ2 from "../../tests/fixtures/kpi-example/expected-2025-Q2.json";
import expectedYear from "../../tests/fixtures/kpi-example/expected-2025.json";
import figuresText from "../../tests/fixtures/kpi-example/figures-2025.csv?raw";
import staffText from "../../tests/fixtures/kpi-example/staff-2025.csv?raw";
import { parseBudgetAgreementText } from "./agreement";
import { createKpiEvaluator, evaluateKpis, type KpiInput } from "./evaluate";
import { parseFiguresCsv } from "./figures";
import type { KpiResult } from "./result";
import { parseStaffCsv } from "./staff";
import { allNumbers, buildAgreement, buildRow, buildStaff, marchRows } from "./testSupport";

function exampleInput(period: string): KpiInput {
  const agreement = parseBudgetAgreementText(agreementText);
  const figures = parseFiguresCsv(figuresText);
  const staff = parseStaffCsv(staffText);
  if (!agreement.ok || !figures.ok || !staff.ok) throw new Error("example does not parse");
  return { agreements: [agreement.value], figures: figures.value, staff: staff.value, period };
}

function march(overrides: Partial<KpiInput> = {}): KpiResult {
  return evaluateKpis({ agreements: [buildAgreement()], figures: marchRows(), staff: [buildStaff("2025-03", 4)], period: "2025-03", ...overrides });
}

/** Compares integers exactly and other numbers to 9 digits; extra keys in `actual` are fine. */
function expectMatches(actual: unknown, expected: unknown, path = "result"): void {
  if (typeof expected === "number" && !Number.isInteger(expected)) {
    expect(actual, path).toBeTypeOf("number");
    expect(actual as number, path).toBeCloseTo(expected, 9);
  } else if (expected !== null && typeof expected === "object") {
    expect(actual, path).toBeTypeOf("object");
    for (const [key, value] of Object.entries(expected)) {
      if (key === "reasons" || key === "trendReason") continue;
      expectMatches((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else expect(actual, path).toEqual(expected);
}

describe("evaluateKpis", () => {
  it.each([
    ["2025-05", expected05],
    ["2025-Q2", expectedQ2],
    ["2025", expectedYear],
  ])("[KPI-R8] reproduces the worked example for %s", (period, expected) => {
    const result = evaluateKpis(exampleInput(period));
    expectMatches(result, expected);
    expect(Object.keys(result.reasons).sort()).toEqual(Object.keys(expected.reasons).sort());
    expect(typeof result.trendReason).toBe("string");
  });

  it("[KPI3] occupancy deviation against Σ budgeted cases × days", () => {
    const result = march();
    expect(result.budgetedOccupancyDays).toBe(155);
    expect(result.actualOccupancyDays).toBe(122);
    expect(result.occupancyDeviationPct).toBeCloseTo(((122 - 155) * 100) / 155, 12);
    expect(result.corridor.occupancy).toEqual({ colour: "red", direction: "below" });
  });

  it("[KPI4] service value credits +S days at the prior group's fee; pro-rata budget by days", () => {
    const result = march();
    expect(result.serviceValueCents).toBe(60 * 1000 + 31 * 2000 + 31 * 4000);
    expect(result.annualBudgetCents).toBe(11000 * 365);
    expect(result.proRataBudgetCents).toBe(11000 * 31);
    expect(result.valueDeviationCents).toBe(246000 - 341000);
    expect(result.valueDeviationPct).toBeCloseTo((-95000 * 100) / 341000, 12);
  });

  it("[KPI4] without the credit flag +S days are valued at their current group's fee", () => {
    const result = march({ agreements: [buildAgreement({ creditSocialSpaceAtPriorGroup: false })] });
    expect(result.serviceValueCents).toBe(60 * 1000 + 31 * 2000 + 31 * 2000);
  });

  it("[KPI10] value freed is the same with the credit flag on or off, and skips external +S rows", () => {
    const on = march();
    const off = march({ agreements: [buildAgreement({ creditSocialSpaceAtPriorGroup: false })] });
    expect(on.socialSpaceValueFreedCents).toBe(31 * (4000 - 2000));
    expect(off.socialSpaceValueFreedCents).toBe(on.socialSpaceValueFreedCents);
    expect(on.socialSpaceCases).toBe(1);
    expect(on.socialSpaceSharePct).toBe(25);
  });

  it("[KPI5] the actual average need group is weighted by local days, +S rows in their lowered group", () => {
    expect(march().avgNeedGroupActual).toBeCloseTo((1 * 60 + 2 * 31 + 2 * 31) / 122, 12);
    expect(march().avgNeedGroupBudgeted).toBeCloseTo((1 * 2 + 2 * 2 + 5 * 1) / 5, 12);
  });

  it("[KPI6] cases at period end in total and by current group, local only", () => {
    const result = march();
    expect(result.casesAtEnd).toBe(4);
    expect(result.casesByGroup).toEqual({ "1": 2, "2": 2, "3": 0, "4": 0, "5": 0 });
    expect(result.budgetedCases).toBe(5);
    expect(result.budgetedCasesByGroup).toEqual({ "1": 2, "2": 2, "3": 0, "4": 0, "5": 1 });
  });

  it("[KPI7] utilisation counts local and external days against places × days", () => {
    const result = march();
    expect(result.utilisationPct).toBeCloseTo((163 * 100) / 310, 12);
    expect(result.utilisationByOfferPct).toEqual({ A: result.utilisationPct });
  });

  it("[KPI8] external share is external days over all days", () => {
    expect(march().externalSharePct).toBeCloseTo((41 * 100) / 163, 12);
  });

  it("[KPI9] staff for local persons, its deviation and FTE per 10 local cases", () => {
    const result = march();
    const local = (4 * 122) / 163;
    expect(result.staffFteLocal).toBeCloseTo(local, 12);
    expect(result.staffFteLocal).toBeCloseTo(4 * (1 - (result.externalSharePct ?? 0) / 100), 12);
    expect(result.staffDeviationPct).toBeCloseTo(-100 / 489, 12);
    expect(result.ftePer10Cases).toBeCloseTo((local / 4) * 10, 12);
    expect(result.corridor.staff).toEqual({ colour: "green", direction: "below" });
  });

  it("[KPI9] the staff mean is over the months with a staff row only", () => {
    const result = march({
      figures: [...marchRows("2025-01"), ...marchRows("2025-02"), ...marchRows()],
      staff: [buildStaff("2025-01", 3), buildStaff("2025-03", 6)],
      period: "2025-Q1",
    });
    expect(result.staffMonths).toEqual(["2025-01", "2025-03"]);
    expect(result.staffFteLocal).toBeCloseTo((4.5 * 366) / 489, 12);
  });

  it("[KPI7] utilisation of an all-external period counts those days", () => {
    const rows = [buildRow({ funderKind: "external", cases: 2, occupancyDays: 62 }), buildRow({ needGroup: 3, funderKind: "external", cases: 1, occupancyDays: 31 })];
    const result = march({ figures: rows });
    expect(result.utilisationPct).toBeCloseTo((93 * 100) / 310, 12);
    expect(result.externalSharePct).toBe(100);
    expect(result.actualOccupancyDays).toBe(0);
    expect(result.occupancyDeviationPct).toBe(-100);
    expect(result.staffFteLocal).toBe(0);
    expect(result.avgNeedGroupActual).toBeNull();
    expect(result.reasons.avgNeedGroupActual).toContain("no local occupancy days");
    expect(result.casesAtEnd).toBe(0);
    expect(result.ftePer10Cases).toBeNull();
    expect(result.socialSpaceSharePct).toBeNull();
    expect(result.reasons.socialSpaceSharePct).toBeTruthy();
  });

  it("[KPI-R2] a missing month sums what is there while budget and capacity cover the whole period", () => {
    const result = march({ period: "2025-Q1" });
    expect(result.unreportedMonths).toEqual(["2025-01", "2025-02"]);
    expect(result.budgetedOccupancyDays).toBe(5 * 90);
    expect(result.proRataBudgetCents).toBe(11000 * 90);
    expect(result.actualOccupancyDays).toBe(122);
    expect(result.utilisationPct).toBeCloseTo((163 * 100) / (10 * 90), 12);
    expect(result.casesAtEnd).toBe(4);
  });

  it("[KPI-R3] when the period's last month is not reported, cases at end are null with a reason, never an older month", () => {
    const result = march({ figures: [...marchRows("2025-04"), ...marchRows("2025-05")], period: "2025-Q2", staff: [buildStaff("2025-04", 4)] });
    for (const key of ["casesAtEnd", "casesByGroup", "ftePer10Cases", "socialSpaceCases", "socialSpaceSharePct"] as const) {
      expect(result[key], key).toBeNull();
      expect(result.reasons[key], key).toContain("2025-06");
    }
    expect(result.actualOccupancyDays).toBe(244);
    expect(result.staffFteLocal).not.toBeNull();
  });

  it("[KPI-R2] with no month of the period reported every figure KPI is null with a reason, budget KPIs stay", () => {
    const result = march({ period: "2025-Q3" });
    const figureKeys = [
      "actualOccupancyDays",
      "occupancyDeviationPct",
      "serviceValueCents",
      "valueDeviationCents",
      "valueDeviationPct",
      "avgNeedGroupActual",
      "casesAtEnd",
      "casesByGroup",
      "utilisationPct",
      "externalSharePct",
      "staffFteLocal",
      "staffDeviationPct",
      "ftePer10Cases",
      "socialSpaceCases",
      "socialSpaceSharePct",
      "socialSpaceValueFreedCents",
    ] as const;
    for (const key of figureKeys) {
      expect(result[key], key).toBeNull();
      expect(result.reasons[key], key).toContain("no month of 2025-Q3 is reported");
    }
    expect(result.corridor).toEqual({ occupancy: null, value: null, staff: null });
    expect(result.annualBudgetCents).toBe(11000 * 365);
    expect(result.proRataBudgetCents).toBe(11000 * 92);
    expect(result.budgetedOccupancyDays).toBe(5 * 92);
    expect(result.avgNeedGroupBudgeted).toBeCloseTo(11 / 5, 12);
  });

  it("[KPI-R6] without staff rows the staff KPIs are null with reasons", () => {
    const result = march({ staff: [] });
    for (const key of ["staffFteLocal", "staffDeviationPct", "ftePer10Cases", "corridor.staff"]) expect(result.reasons[key], key).toContain("no staff row");
    expect([result.staffFteLocal, result.staffDeviationPct, result.ftePer10Cases, result.corridor.staff]).toEqual([null, null, null, null]);
  });

  it("[KPI-R8] zero denominators give null with a reason, never NaN or Infinity", () => {
    const empty = buildAgreement({
      budgetedStaffFte: 0,
      offers: [{ name: "A", places: 0, groups: [1, 2, 3, 4, 5].map((needGroup) => ({ needGroup, budgetedCases: 0, dailyFeeCents: 1000 })) }],
    });
    const result = march({ agreements: [empty], figures: marchRows().map((row) => ({ ...row, cases: 0 })) });
    for (const key of ["occupancyDeviationPct", "valueDeviationPct", "avgNeedGroupBudgeted", "utilisationPct", "staffDeviationPct", "ftePer10Cases", "socialSpaceSharePct"] as const) {
      expect(result[key], key).toBeNull();
      expect(result.reasons[key], key).toBeTruthy();
    }
    expect(result.annualBudgetCents).toBe(0);
    expect(allNumbers(result).every(Number.isFinite)).toBe(true);
  });

  it("[KPI-R8] every null KPI has a reason and no number is NaN or infinite, whatever is reported", () => {
    const months = ["2025-01", "2025-02", "2025-03"];
    fc.assert(
      fc.property(fc.subarray(months), fc.subarray(months), fc.constantFrom("2025-01", "2025-03", "2025-Q1", "2025-Q2", "2025"), (reported, staffed, period) => {
        const result = march({ figures: reported.flatMap((m) => marchRows(m)), staff: staffed.map((m) => buildStaff(m, 3.5)), period });
        for (const [key, value] of Object.entries(result)) {
          if (value === null && key !== "trendReason") expect(result.reasons[key], key).toBeTruthy();
        }
        for (const [name, entry] of Object.entries(result.corridor)) if (entry === null) expect(result.reasons[`corridor.${name}`]).toBeTruthy();
        expect(allNumbers(result).every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it("[KPI-R10] YYYY-YTD-12 gives the same numbers as YYYY", () => {
    const year = evaluateKpis(exampleInput("2025"));
    const ytd = evaluateKpis(exampleInput("2025-YTD-12"));
    expect({ ...ytd, period: "2025" }).toEqual(year);
    expect(ytd.period).toBe("2025-YTD-12");
  });

  it("[KPI1] instalments are the payment schedule of the period's year, whatever the period", () => {
    expect(march({ period: "2025-Q2" }).monthlyInstalmentsCents).toEqual(march().monthlyInstalmentsCents);
    expect(march().monthlyInstalmentsCents.reduce((a, b) => a + b, 0)).toBe(11000 * 365);
  });

  it("[KPI-R1] an exact 5 % occupancy deviation is green", () => {
    // Budget 5 cases × 28 days = 140; actual 147 is +5 % exactly.
    const rows = [buildRow({ month: "2025-02", cases: 5, occupancyDays: 147 })];
    const result = march({ figures: rows, period: "2025-02" });
    expect(result.occupancyDeviationPct).toBe(5);
    expect(result.corridor.occupancy).toEqual({ colour: "green", direction: "above" });
  });

  it("[KPI-R8] the evaluator that indexes once gives the same results as evaluateKpis", () => {
    const input = exampleInput("2025");
    const evaluator = createKpiEvaluator(input);
    for (const period of ["2025-01", "2025-Q3", "2025-YTD-07", "2025"]) expect(evaluator.evaluate(period)).toEqual(evaluateKpis({ ...input, period }));
  });

  it("[KPI-R8] the evaluator's per-year caches never hand one period another period's values", () => {
    // Two budget years that differ in budget, staff and figures, plus 2023 for the trend only.
    const agreements = [buildAgreement({ year: 2024, budgetedStaffFte: 2.5 }), buildAgreement({ budgetedStaffFte: 3.25 })];
    const figures = ["2023-06", "2024-02", "2024-03", "2024-05", "2025-01", "2025-03"].flatMap((month, i) =>
      marchRows(month).map((row) => ({ ...row, cases: row.cases + i, occupancyDays: row.occupancyDays - i })),
    );
    const staff = [buildStaff("2024-03", 2.2), buildStaff("2024-05", 4.1), buildStaff("2025-01", 3.3), buildStaff("2025-03", 5.7)];
    const input = { agreements, figures, staff };
    const evaluator = createKpiEvaluator(input);
    const periods = ["2025-03", "2024-03", "2025-Q1", "2024-YTD-05", "2025", "2024-12", "2024", "2025-01", "2025-03"];
    const results = periods.map((period) => evaluator.evaluate(period));
    results.forEach((result, i) => expect(result, periods[i]).toEqual(createKpiEvaluator(input).evaluate(periods[i] as string)));
    // The periods really differ, so a value from the wrong year or last month would show.
    expect(new Set(results.map((r) => r.annualBudgetCents)).size).toBe(2);
    expect(new Set(results.map((r) => r.staffFteLocal)).size).toBeGreaterThan(4);
    // Trend ends: 2024 up to March, up to May (= December), 2025 up to January, up to March (= December).
    expect(new Set(results.map((r) => JSON.stringify(r.trend))).size).toBe(4);
    // Results are the caller's: changing one leaves the next evaluation alone.
    results[0]?.monthlyInstalmentsCents.fill(0);
    expect(evaluator.evaluate("2025-03")).toEqual(evaluateKpis({ ...input, period: "2025-03" }));
  });
});
