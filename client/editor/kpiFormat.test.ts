import { describe, expect, it } from "vitest";
import type { KpiSnapshot, PeriodKpis } from "../../shared/domain/kpiSnapshot";
import { formatKpiValue, previousPeriods, probeYears, reportedMonthsOf } from "./kpiFormat";

/** A period's entry with just the reported months (the rest of a result does not matter here). */
function reported(...months: string[]): PeriodKpis {
  return { result: { reportedMonths: months } as unknown as PeriodKpis["result"], error: null };
}

describe("KPI block formatting", () => {
  it("formats each unit the German way", () => {
    // Units follow a no-break space so they never wrap away from the number.
    expect(formatKpiValue(-2.25, "percent", true)).toBe("\u22122,3\u00a0%");
    expect(formatKpiValue(47208110, "cents")).toBe("472.081,10\u00a0€");
    expect(formatKpiValue(5049, "days")).toBe("5.049\u00a0Tage");
    expect(formatKpiValue(22.77489, "fte")).toBe("22,77\u00a0VK");
  });

  it("finds the periods before a quarter, a month and a year across year ends", () => {
    expect(previousPeriods("2025-Q2")).toEqual(["2024-Q3", "2024-Q4", "2025-Q1"]);
    expect(previousPeriods("2025-02")).toEqual(["2024-09", "2024-10", "2024-11", "2024-12", "2025-01"]);
    expect(previousPeriods("2025")).toEqual(["2021", "2022", "2023", "2024"]);
    expect(previousPeriods("2025-YTD-06")).toEqual([]);
  });

  it("asks up front for this year and the one before", () => {
    expect(probeYears(new Date(2026, 11, 7))).toEqual(["2026", "2025"]);
  });

  it("collects the months with figures only once the server answered for both years", () => {
    const snapshot: KpiSnapshot = {
      scope: "provider",
      name: "Beispiel e.V.",
      computedAt: "2026-12-07T04:00:00Z",
      periods: { "2026": { result: null, error: "no budget agreement for 2026" }, "2025-Q2": reported("2025-04", "2025-05"), "2025": reported("2025-01", "2025-05") },
    };
    expect(reportedMonthsOf(snapshot, ["2026", "2025"])).toEqual(["2025-01", "2025-04", "2025-05"]);
    expect(reportedMonthsOf(snapshot, ["2026", "2025", "2024"])).toBeNull();
    expect(reportedMonthsOf(null, ["2026"])).toBeNull();
  });
});
