import { describe, expect, it } from "vitest";
import { chartPeriodOf, defaultPeriod, periodText } from "./period";

describe("period choice", () => {
  it("writes the four period forms of the KPI API", () => {
    expect(periodText({ year: 2025, kind: "year", index: 12 })).toBe("2025");
    expect(periodText({ year: 2025, kind: "quarter", index: 2 })).toBe("2025-Q2");
    expect(periodText({ year: 2025, kind: "month", index: 5 })).toBe("2025-05");
    expect(periodText({ year: 2025, kind: "ytd", index: 8 })).toBe("2025-YTD-08");
  });

  it("charts every year from January to the chosen period's last month, so years compare alike", () => {
    const q2 = { year: 2025, kind: "quarter" as const, index: 2 };
    expect(chartPeriodOf(2023, q2)).toBe("2023-YTD-06");
    expect(chartPeriodOf(2023, { year: 2025, kind: "year", index: 12 })).toBe("2023");
    expect(chartPeriodOf(2023, { year: 2025, kind: "quarter", index: 4 })).toBe("2023");
    expect(chartPeriodOf(2025, q2)).toBe("2025-YTD-06");
    expect(chartPeriodOf(2025, { year: 2025, kind: "year", index: 12 })).toBe("2025");
    expect(chartPeriodOf(2025, { year: 2025, kind: "month", index: 3 })).toBe("2025-YTD-03");
  });

  it("starts with the latest past agreement year, or the current quarter of this year", () => {
    expect(defaultPeriod([2024, 2025], new Date(2026, 10, 24))).toEqual({ year: 2025, kind: "year", index: 12 });
    expect(defaultPeriod([2026], new Date(2026, 4, 2))).toEqual({ year: 2026, kind: "quarter", index: 2 });
    expect(defaultPeriod([], new Date(2026, 10, 24))).toEqual({ year: 2026, kind: "quarter", index: 4 });
  });
});
