import { describe, expect, it } from "vitest";
import { validateKpiData } from "./dataset";
import { KpiInputError, formatKpiIssue } from "./errors";
import { evaluateKpis, type KpiInput } from "./evaluate";
import { buildAgreement, buildRow, marchRows } from "./testSupport";

function issuesOf(input: KpiInput) {
  try {
    evaluateKpis(input);
  } catch (error) {
    if (error instanceof KpiInputError) return error.issues;
    throw error;
  }
  throw new Error("expected a KpiInputError");
}

const files = { agreements: ["a-2025.json", "b-2025.json"], figures: "figures.csv", staff: "staff.csv" };

describe("cross-file validation", () => {
  it("[KPI-R14] a figures row of a year with an agreement must name one of its offers", () => {
    const figures = [...marchRows(), buildRow({ serviceOffer: "Haus B", line: 7 })];
    const issues = issuesOf({ agreements: [buildAgreement()], figures, staff: [], period: "2025-03", files });
    expect(issues).toEqual([
      {
        file: "figures.csv",
        line: 7,
        column: "serviceOffer",
        message: 'service offer "Haus B" is not in the 2025 agreement (offers: "A")',
        messageDe: "Leistungsangebot „Haus B“ fehlt in der Vereinbarung 2025 (Leistungsangebote: „A“)",
      },
    ]);
    expect(formatKpiIssue(issues[0] ?? { message: "", messageDe: "" })).toBe('figures.csv:7:serviceOffer: service offer "Haus B" is not in the 2025 agreement (offers: "A")');
    expect(formatKpiIssue(issues[0] ?? { message: "", messageDe: "" }, "de")).toBe("figures.csv:7:serviceOffer: Leistungsangebot „Haus B“ fehlt in der Vereinbarung 2025 (Leistungsangebote: „A“)");
  });

  it("[KPI-R14] the whole figures file is checked, whatever the period", () => {
    const figures = [...marchRows(), buildRow({ month: "2025-11", serviceOffer: "Typo", line: 99 })];
    expect(issuesOf({ agreements: [buildAgreement()], figures, staff: [], period: "2025-03" })).toEqual([expect.objectContaining({ line: 99 })]);
  });

  it("[KPI-R14] rows of a year without agreement may name any offer and serve the trend only", () => {
    const figures = [...marchRows(), buildRow({ month: "2024-03", serviceOffer: "Früheres Angebot", cases: 3 })];
    const result = evaluateKpis({ agreements: [buildAgreement()], figures, staff: [], period: "2025-03" });
    expect(result.trend?.years.map((p) => p.year)).toEqual([2024, 2025]);
  });

  it("[KPI-R14] two agreements for one year are an error", () => {
    const issues = issuesOf({ agreements: [buildAgreement(), buildAgreement()], figures: marchRows(), staff: [], period: "2025-03", files });
    expect(issues).toEqual([
      {
        file: "b-2025.json",
        column: "year",
        message: "a second agreement for 2025 (also a-2025.json); one agreement per year",
        messageDe: "eine zweite Vereinbarung für 2025 (auch a-2025.json); eine Vereinbarung je Jahr",
      },
    ]);
  });

  it("[KPI-R10] a period needs the agreement of its own year", () => {
    const issues = issuesOf({ agreements: [buildAgreement()], figures: marchRows(), staff: [], period: "2026-Q1" });
    expect(issues).toEqual([{ column: "period", message: expect.stringContaining("no budget agreement for 2026"), messageDe: expect.stringContaining("keine Budgetvereinbarung für 2026") }]);
    expect(() => evaluateKpis({ agreements: [buildAgreement({ year: 2024 }), buildAgreement()], figures: [], staff: [], period: "2024-05" })).not.toThrow();
  });

  it("[KPI-R10] a malformed period is refused", () => {
    expect(issuesOf({ agreements: [buildAgreement()], figures: [], staff: [], period: "2025-Q5" })).toEqual([
      { column: "period", message: expect.stringContaining('period "2025-Q5"'), messageDe: expect.stringContaining("Zeitraum „2025-Q5“ nennt kein Quartal Q1–Q4") },
    ]);
  });

  it("[KPI-R11] in-memory rows are checked like file rows: repeated keys, groups, prior groups, counts", () => {
    const figures = [
      buildRow({ line: 2 }),
      buildRow({ line: 3 }),
      buildRow({ needGroup: 6, line: 4 }),
      buildRow({ needGroup: 3, socialSpace: true, priorNeedGroup: 2, line: 5 }),
      buildRow({ needGroup: 2, occupancyDays: -1, line: 6 }),
      buildRow({ month: "2025-3", line: 8 }),
    ];
    const issues = validateKpiData({ agreements: [buildAgreement()], figures, staff: [], files });
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [3, "month"],
      [4, "needGroup"],
      [5, "priorNeedGroup"],
      [6, "occupancyDays"],
      [8, "month"],
    ]);
    expect(issues[0]?.message).toContain("already on line 2");
  });

  it("[KPI-R12] in-memory staff rows may not repeat a month", () => {
    const issues = validateKpiData({
      agreements: [buildAgreement()],
      figures: [],
      staff: [
        { month: "2025-01", staffFte: 1 },
        { month: "2025-01", staffFte: 2 },
      ],
      files,
    });
    expect(issues).toEqual([expect.objectContaining({ file: "staff.csv", column: "month" })]);
  });

  it("[KPI-R14] rows without file lines are named by their position", () => {
    const issues = validateKpiData({ agreements: [buildAgreement()], figures: [buildRow(), buildRow({ serviceOffer: "X" })], staff: [] });
    expect(issues[0]?.message).toContain("(row 2)");
  });
});
