import { describe, expect, it } from "vitest";
import { formatKpiValue, previousPeriods } from "./kpiFormat";

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
});
