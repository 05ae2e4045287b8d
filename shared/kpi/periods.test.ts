import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, daysInPeriod, daysInYear, isLeapYear, monthIndex, monthsOfPeriod, parseMonthKey, parsePeriod, type Period } from "./periods";

function period(text: string): Period {
  const result = parsePeriod(text);
  if (!result.ok) throw new Error(result.message);
  return result.period;
}

describe("periods", () => {
  it("[KPI-R10] parses a month, a quarter, year-to-date and a year", () => {
    expect(period("2025-05")).toEqual({ text: "2025-05", kind: "month", year: 2025, firstMonth: 5, lastMonth: 5 });
    expect(period("2025-Q2")).toEqual({ text: "2025-Q2", kind: "quarter", year: 2025, firstMonth: 4, lastMonth: 6 });
    expect(period("2025-Q4")).toMatchObject({ firstMonth: 10, lastMonth: 12 });
    expect(period("2025-YTD-08")).toEqual({ text: "2025-YTD-08", kind: "ytd", year: 2025, firstMonth: 1, lastMonth: 8 });
    expect(period("2025")).toEqual({ text: "2025", kind: "year", year: 2025, firstMonth: 1, lastMonth: 12 });
  });

  it("[KPI-R10] YYYY-YTD-12 covers the same months and days as YYYY but keeps its text", () => {
    const ytd = period("2024-YTD-12");
    const year = period("2024");
    expect(monthsOfPeriod(ytd)).toEqual(monthsOfPeriod(year));
    expect(daysInPeriod(ytd)).toBe(366);
    expect(ytd.text).toBe("2024-YTD-12");
  });

  it.each(["2025-13", "2025-00", "2025-Q5", "2025-Q0", "2025-q2", "25-05", "2025-5", "2025-YTD-13", "2025-YTD-8", "2025-ytd-08", " 2025", "2025 ", "", "2025-H1", "0000"])(
    "[KPI-R10] rejects the malformed period %j with a message",
    (text) => {
      const result = parsePeriod(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain("YYYY-Qn");
    },
  );

  it("[KPI-R10] counts calendar days, leap years included", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(isLeapYear(1900)).toBe(false);
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2025)).toBe(365);
    expect(daysInPeriod(period("2024-Q1"))).toBe(91);
    expect(daysInPeriod(period("2025-Q1"))).toBe(90);
    expect(daysInPeriod(period("2025-Q2"))).toBe(91);
    expect(daysInPeriod(period("2025-YTD-02"))).toBe(59);
    expect(daysInPeriod(period("2025-05"))).toBe(31);
  });

  it("[KPI-R10] the months and the quarters of any year add up to its days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (year) => {
        const byMonth = Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1)).reduce((a, b) => a + b, 0);
        const byQuarter = [1, 2, 3, 4].map((q) => daysInPeriod(period(`${String(year).padStart(4, "0")}-Q${q}`))).reduce((a, b) => a + b, 0);
        expect(byMonth).toBe(daysInYear(year));
        expect(byQuarter).toBe(daysInYear(year));
      }),
    );
  });

  it("[KPI-R10] lists the months of a period in calendar order", () => {
    expect(monthsOfPeriod(period("2025-Q3"))).toEqual(["2025-07", "2025-08", "2025-09"]);
    expect(monthsOfPeriod(period("2025-YTD-03"))).toEqual(["2025-01", "2025-02", "2025-03"]);
  });

  it("[KPI-R11] reads month keys and refuses impossible months", () => {
    expect(parseMonthKey("2025-12")).toEqual({ year: 2025, month: 12 });
    expect(parseMonthKey("2025-13")).toBeNull();
    expect(parseMonthKey("2025-1")).toBeNull();
    expect(monthIndex("2025-01")).toBe(2025 * 12);
    expect(monthIndex("2025-13")).toBe(-1);
    expect(monthIndex("2025/01")).toBe(-1);
  });
});
