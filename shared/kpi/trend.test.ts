import { describe, expect, it } from "vitest";
import { evaluateKpis } from "./evaluate";
import type { FigureRow } from "./figures";
import { buildAgreement, buildRow } from "./testSupport";
import { fitTrend } from "./trend";

/** One row per month with the given local cases; offer "Old" has no agreement in 2023/2024. */
function monthsWithCases(entries: [string, number][], offer = "A"): FigureRow[] {
  return entries.map(([month, cases]) => buildRow({ month, serviceOffer: offer, cases, occupancyDays: cases * 28 }));
}

describe("trend", () => {
  it("[KPI11] fits the least-squares line through (year, mean cases) and forecasts the next year", () => {
    // Means 10, 12, 17 at 2023–2025: x̄ 2024, ȳ 13, slope ((−1)(−3) + 0 + (1)(4)) / 2 = 3.5, line at 2026 = 13 + 2 × 3.5.
    const outcome = fitTrend(
      [
        { year: 2023, avgCases: 10 },
        { year: 2024, avgCases: 12 },
        { year: 2025, avgCases: 17 },
      ],
      [2021, 2025],
    );
    expect(outcome.trend?.slope).toBeCloseTo(3.5, 12);
    expect(outcome.trend?.forecastNextYear).toBeCloseTo(20, 12);
  });

  it("[KPI11] with two years the slope is their difference per year apart", () => {
    const outcome = fitTrend(
      [
        { year: 2021, avgCases: 40 },
        { year: 2025, avgCases: 52 },
      ],
      [2021, 2025],
    );
    expect(outcome.trend?.slope).toBeCloseTo(3, 12);
    expect(outcome.trend?.forecastNextYear).toBeCloseTo(55, 12);
  });

  it("[KPI11] fewer than two years give no trend and say why", () => {
    expect(fitTrend([{ year: 2025, avgCases: 3 }], [2021, 2025])).toEqual({
      trend: null,
      reason: {
        en: "figures for fewer than two years in 2021-2025 (years with figures: 2025); a trend needs at least two",
        de: "Zahlen für weniger als zwei Jahre in 2021–2025 (Jahre mit Zahlen: 2025); ein Trend braucht mindestens zwei",
      },
    });
    expect(fitTrend([], [2021, 2025]).reason?.en).toContain("years with figures: none");
    expect(fitTrend([], [2021, 2025]).reason?.de).toContain("Jahre mit Zahlen: keine");
  });

  it("[KPI-R9] averages local cases over each year's reported months within Y−4 … Y, up to the period's end", () => {
    const figures = [
      ...monthsWithCases([["2020-06", 500]], "Old"), // Y−5: outside the window
      ...monthsWithCases(
        [
          ["2023-01", 10],
          ["2023-07", 10],
        ],
        "Old",
      ),
      ...monthsWithCases(
        [
          ["2024-02", 11],
          ["2024-09", 13],
        ],
        "Old",
      ),
      ...monthsWithCases([
        ["2025-01", 15],
        ["2025-06", 19],
        ["2025-07", 100],
      ]), // July is after 2025-Q2
      buildRow({ month: "2025-06", needGroup: 3, funderKind: "external", cases: 50, occupancyDays: 50 }), // external: not counted
    ];
    const result = evaluateKpis({ agreements: [buildAgreement()], figures, staff: [], period: "2025-Q2" });
    expect(result.trend?.years).toEqual([
      { year: 2023, avgCases: 10 },
      { year: 2024, avgCases: 12 },
      { year: 2025, avgCases: 17 },
    ]);
    expect(result.trend?.slope).toBeCloseTo(3.5, 12);
    expect(result.trend?.forecastNextYear).toBeCloseTo(20, 12);
    expect(result.trendReason).toBeNull();
    expect(result.reasons.trend).toBeUndefined();
  });

  it("[KPI-R9] a gap year shortens the window instead of reaching further back", () => {
    const figures = [
      ...monthsWithCases(
        [
          ["2019-03", 1],
          ["2020-03", 2],
        ],
        "Old",
      ),
      ...monthsWithCases([["2025-03", 9]]),
    ];
    const result = evaluateKpis({ agreements: [buildAgreement()], figures, staff: [], period: "2025" });
    expect(result.trend).toBeNull();
    expect(result.trendReason).toBe("figures for fewer than two years in 2021-2025 (years with figures: 2025); a trend needs at least two");
    expect(result.reasons.trend).toBe(result.trendReason);
  });

  it("[KPI-R9] a KPI never depends on figures after its period", () => {
    const base = [...monthsWithCases([["2024-05", 4]], "Old"), ...monthsWithCases([["2025-02", 6]])];
    const later = [
      ...base,
      ...monthsWithCases([
        ["2025-03", 60],
        ["2025-11", 90],
      ]),
    ];
    const before = evaluateKpis({ agreements: [buildAgreement()], figures: base, staff: [], period: "2025-02" });
    const after = evaluateKpis({ agreements: [buildAgreement()], figures: later, staff: [], period: "2025-02" });
    expect(after).toEqual(before);
    expect(after.trend?.slope).toBeCloseTo(2, 12);
  });
});
