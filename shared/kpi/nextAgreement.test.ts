import { describe, expect, it } from "vitest";
import { parseBudgetAgreement, type BudgetAgreement } from "./agreement";
import { annualBudgetCents, monthlyInstalmentsCents } from "./budget";
import { evaluateKpis } from "./evaluate";
import type { FigureRow } from "./figures";
import { budgetEffect, draftNextAgreement, type NextAgreementCell } from "./nextAgreement";
import { buildAgreement, buildRow } from "./testSupport";

/** One local row per month of offer "A" with the given cases in a need group. */
function months(entries: [string, number][], overrides: Partial<FigureRow> = {}): FigureRow[] {
  return entries.map(([month, cases]) => buildRow({ month, cases, occupancyDays: cases * 28, ...overrides }));
}

function cell(cells: readonly NextAgreementCell[], needGroup: number, offer = "A"): NextAgreementCell {
  const found = cells.find((c) => c.offer === offer && c.needGroup === needGroup);
  if (!found) throw new Error(`no cell ${offer} ${needGroup}`);
  return found;
}

describe("next agreement", () => {
  it("[KPI-N3] a rising line over three years gives its value at the next year as budgeted cases", () => {
    // Group 1 means 10, 12, 17 in 2023–2025: slope 3.5, line at 2026 = 13 + 2 × 3.5 = 20.
    const figures = [
      ...months([
        ["2023-03", 10],
        ["2023-09", 10],
      ]),
      ...months([
        ["2024-02", 11],
        ["2024-08", 13],
      ]),
      ...months([
        ["2025-01", 15],
        ["2025-06", 19],
      ]),
    ];
    const draft = draftNextAgreement({ current: buildAgreement(), figures });
    const group1 = cell(draft.cells, 1);
    expect(group1).toMatchObject({ source: "trend", clampedAtZero: false, budgetedCases: 20, currentBudgetedCases: 2 });
    expect(group1.slope).toBeCloseTo(3.5, 12);
    expect(group1.history).toEqual([
      { year: 2023, avgCases: 10 },
      { year: 2024, avgCases: 12 },
      { year: 2025, avgCases: 17 },
    ]);
    expect(draft.agreement.offers[0]?.groups[0]).toEqual({ needGroup: 1, budgetedCases: 20, dailyFeeCents: 1000 });
    expect(draft).toMatchObject({ year: 2026, basedOnYear: 2025, window: [2021, 2025], yearsWithFigures: [2023, 2024, 2025] });
  });

  it("[KPI-N3] the line is the one of KPI 11: with every cell reported, the cells' lines add up to its forecast", () => {
    const figures = [
      ...months([
        ["2022-05", 4],
        ["2023-05", 6],
        ["2024-05", 5],
        ["2025-05", 9],
      ]),
      ...months(
        [
          ["2022-05", 3],
          ["2023-05", 2],
          ["2024-05", 2],
          ["2025-05", 1],
        ],
        { needGroup: 2 },
      ),
    ];
    const draft = draftNextAgreement({ current: buildAgreement(), figures });
    const kpi11 = evaluateKpis({ agreements: [buildAgreement()], figures, staff: [], period: "2025" }).trend;
    const sum = [1, 2].reduce((total, g) => total + (cell(draft.cells, g).forecast ?? 0), 0);
    expect(sum).toBeCloseTo(kpi11?.forecastNextYear ?? NaN, 9);
  });

  it("[KPI-N3] a falling line below 0 at the next year gives 0, never a negative number, and says so", () => {
    // Group 2 means 6, 3, 0 in 2023–2025: line at 2026 = −3.
    const figures = [...months([["2023-01", 6]], { needGroup: 2 }), ...months([["2024-01", 3]], { needGroup: 2 }), ...months([["2025-01", 0]], { needGroup: 2 })];
    const draft = draftNextAgreement({ current: buildAgreement(), figures });
    const group2 = cell(draft.cells, 2);
    expect(group2).toMatchObject({ source: "trend", clampedAtZero: true, budgetedCases: 0 });
    expect(group2.forecast).toBeCloseTo(-3, 12);
    expect(group2.reason).toContain("below 0");
    expect(draft.agreement.offers[0]?.groups[1]?.budgetedCases).toBe(0);
    expect(parseBudgetAgreement(draft.agreement).ok).toBe(true);
  });

  it("[KPI-N4] with figures for one year only, that year's mean is taken and the cell says so", () => {
    const draft = draftNextAgreement({
      current: buildAgreement(),
      figures: months([
        ["2025-01", 4],
        ["2025-02", 5],
        ["2025-03", 5],
      ]),
    });
    const group1 = cell(draft.cells, 1);
    // 14 / 3 = 4.666… → 4.67.
    expect(group1).toMatchObject({ source: "singleYear", slope: null, budgetedCases: 4.67, history: [{ year: 2025, avgCases: 14 / 3 }] });
    expect(group1.reason).toContain("one year only (2025)");
    // Group 5 had no rows in a reported month: its mean is 0, from the same single year.
    expect(cell(draft.cells, 5)).toMatchObject({ source: "singleYear", budgetedCases: 0, currentBudgetedCases: 1 });
  });

  it("[KPI-N4] without figures in the window the current budgeted cases are kept", () => {
    const draft = draftNextAgreement({ current: buildAgreement(), figures: months([["2020-12", 40]]) });
    expect(draft.cells.map((c) => [c.source, c.budgetedCases])).toEqual([2, 2, 0, 0, 1].map((cases) => ["currentAgreement", cases]));
    expect(draft.yearsWithFigures).toEqual([]);
    expect(draft.agreement.baseYear).toBe(2023);
  });

  it("[KPI-N1] gap years are left out and the window never reaches further back than Y−4", () => {
    // 2020 is outside; 2022 and 2024 have no figures: the line runs through 2021, 2023 and 2025 (means 2, 4, 6 → 7 at 2026).
    const figures = months([
      ["2020-06", 100],
      ["2021-06", 2],
      ["2023-06", 4],
      ["2025-06", 6],
    ]);
    const group1 = cell(draftNextAgreement({ current: buildAgreement(), figures }).cells, 1);
    expect(group1.history.map((p) => p.year)).toEqual([2021, 2023, 2025]);
    expect(group1.budgetedCases).toBe(7);
  });

  it("[KPI-N1] a year's mean is over the provider's reported months; a reported month without the cell's row counts 0", () => {
    // 2024: March and April reported (April only by offer B); A group 1 has 6 in March → mean 3.
    const agreement = buildAgreement({ offers: [...buildAgreement().offers, { name: "B", places: 5, groups: [1, 2, 3, 4, 5].map((g) => ({ needGroup: g, budgetedCases: 0, dailyFeeCents: 500 })) }] });
    const figures = [
      ...months([["2024-03", 6]]),
      ...months([["2024-04", 1]], { serviceOffer: "B" }),
      ...months([
        ["2025-03", 5],
        ["2025-04", 5],
      ]),
    ];
    const group1 = cell(draftNextAgreement({ current: agreement, figures }).cells, 1);
    expect(group1.history).toEqual([
      { year: 2024, avgCases: 3 },
      { year: 2025, avgCases: 5 },
    ]);
    expect(group1.budgetedCases).toBe(7);
  });

  it("[KPI-N1] a year in which an offer has no row at all does not count for that offer", () => {
    // Offer B opens in 2025: its line does not start with zeros in 2023 and 2024.
    const agreement = buildAgreement({ offers: [...buildAgreement().offers, { name: "B", places: 5, groups: [1, 2, 3, 4, 5].map((g) => ({ needGroup: g, budgetedCases: 1, dailyFeeCents: 500 })) }] });
    const figures = [
      ...months([
        ["2023-05", 2],
        ["2024-05", 2],
        ["2025-05", 2],
      ]),
      ...months([["2025-05", 4]], { serviceOffer: "B" }),
    ];
    const draft = draftNextAgreement({ current: agreement, figures });
    expect(cell(draft.cells, 1, "B")).toMatchObject({ source: "singleYear", budgetedCases: 4, history: [{ year: 2025, avgCases: 4 }] });
    expect(cell(draft.cells, 1, "A")).toMatchObject({ source: "trend", budgetedCases: 2 });
  });

  it("[KPI-N2] external rows do not count, and +S rows count in their current group", () => {
    const figures = [
      ...months(
        [
          ["2024-01", 2],
          ["2025-01", 4],
        ],
        { needGroup: 2 },
      ),
      ...months(
        [
          ["2024-01", 1],
          ["2025-01", 3],
        ],
        { needGroup: 2, socialSpace: true, priorNeedGroup: 4 },
      ),
      ...months(
        [
          ["2024-01", 9],
          ["2025-01", 9],
        ],
        { needGroup: 2, funderKind: "external" },
      ),
      ...months(
        [
          ["2024-01", 5],
          ["2025-01", 5],
        ],
        { needGroup: 3, funderKind: "external", socialSpace: true, priorNeedGroup: 4 },
      ),
    ];
    const draft = draftNextAgreement({ current: buildAgreement(), figures });
    // Group 2: 3, then 7 → 11 at 2026; group 4 (the +S prior group) and group 3 (external only) stay at 0.
    expect(cell(draft.cells, 2)).toMatchObject({
      budgetedCases: 11,
      history: [
        { year: 2024, avgCases: 3 },
        { year: 2025, avgCases: 7 },
      ],
    });
    expect(cell(draft.cells, 3).budgetedCases).toBe(0);
    expect(cell(draft.cells, 4).budgetedCases).toBe(0);
  });

  it("[KPI-N5] budgeted cases are rounded half away from zero to two decimals, exactly", () => {
    // Means 1/8 and 2/8 at 2024, 2025 → line at 2026 = 3/8 = 0.375 → 0.38, not 0.37.
    const eight = (year: number, withCase: number) => Array.from({ length: 8 }, (_, i) => buildRow({ month: `${year}-0${i + 1}`, cases: i < withCase ? 1 : 0, occupancyDays: 0 }));
    const group1 = cell(draftNextAgreement({ current: buildAgreement(), figures: [...eight(2024, 1), ...eight(2025, 2)] }).cells, 1);
    expect(group1.budgetedCases).toBe(0.38);
    expect(group1.forecast).toBeCloseTo(0.375, 12);
  });

  it("[KPI-N6] copies fees, places, staff, corridor and other settings, sets the next year, drops a budget start", () => {
    const current: BudgetAgreement = buildAgreement({ greenPct: 3, amberPct: 7, budgetedStaffFte: 4.25, creditSocialSpaceAtPriorGroup: false, startMonth: "2025-04", settlementBasis: "whole" });
    const draft = draftNextAgreement({
      current,
      figures: months([
        ["2024-05", 3],
        ["2025-05", 4],
      ]),
    });
    const { offers, ...settings } = draft.agreement;
    expect(settings).toEqual({ provider: "Test e.V.", year: 2026, baseYear: 2025, greenPct: 3, amberPct: 7, creditSocialSpaceAtPriorGroup: false, budgetedStaffFte: 4.25, settlementBasis: "whole" });
    expect(offers.map((o) => [o.name, o.places, o.groups.map((g) => g.dailyFeeCents)])).toEqual([["A", 10, [1000, 2000, 3000, 4000, 5000]]]);
    expect(current.year).toBe(2025);
  });

  it("[KPI-N7] the budget effect is the shared engine's budget, instalments and average need group", () => {
    const agreement = buildAgreement({ year: 2026 });
    const effect = budgetEffect(agreement);
    expect(effect.annualBudgetCents).toBe(annualBudgetCents(agreement));
    expect(effect.annualBudgetCents).toBe(11000 * 365);
    expect(effect.monthlyInstalmentsCents).toEqual(monthlyInstalmentsCents(11000 * 365));
    // (1 × 2 + 2 × 2 + 5 × 1) / 5.
    expect(effect).toMatchObject({ avgNeedGroupBudgeted: 11 / 5, budgetedCases: 5 });
    // From a budget start in July: the budget of July–December (184 days), no instalments before.
    const fromJuly = budgetEffect(buildAgreement({ startMonth: "2025-07" }));
    expect(fromJuly.annualBudgetCents).toBe(11000 * 184);
    expect(fromJuly.monthlyInstalmentsCents.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(fromJuly.monthlyInstalmentsCents.reduce((a, b) => a + b, 0)).toBe(11000 * 184);
    const none = buildAgreement({ offers: [{ name: "A", places: 1, groups: [1, 2, 3, 4, 5].map((g) => ({ needGroup: g, budgetedCases: 0, dailyFeeCents: 100 })) }] });
    expect(budgetEffect(none)).toMatchObject({ annualBudgetCents: 0, avgNeedGroupBudgeted: null, budgetedCases: 0 });
  });
});
