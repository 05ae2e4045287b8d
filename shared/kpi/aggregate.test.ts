import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { aggregateForConference } from "./aggregate";
import { evaluateKpis } from "./evaluate";
import { parseBudgetAgreementText } from "./agreement";
import { parseFiguresCsv } from "./figures";
import { parseStaffCsv } from "./staff";
import type { KpiResult } from "./result";

const dir = resolve(import.meta.dirname, "../../tests/fixtures/kpi-example");
function exampleResult(period: string): KpiResult {
  const agreement = parseBudgetAgreementText(readFileSync(`${dir}/agreement-2025.json`, "utf8"));
  const figures = parseFiguresCsv(readFileSync(`${dir}/figures-2025.csv`, "utf8"));
  const staff = parseStaffCsv(readFileSync(`${dir}/staff-2025.csv`, "utf8"));
  if (!agreement.ok || !figures.ok || !staff.ok) throw new Error("example does not parse");
  return evaluateKpis({ agreements: [agreement.value], figures: figures.value, staff: staff.value, period });
}

describe("aggregateForConference", () => {
  it("[KPI-C1] sums the providers' budgets, days, service value and cases", () => {
    const one = exampleResult("2025-Q2");
    const both = aggregateForConference("2025-Q2", [one, one]);
    expect(both.annualBudgetCents).toBe(2 * one.annualBudgetCents);
    expect(both.actualOccupancyDays).toBe(2 * one.actualOccupancyDays!);
    expect(both.serviceValueCents).toBe(2 * one.serviceValueCents!);
    expect(both.casesAtEnd).toBe(2 * one.casesAtEnd!);
    // Group 5 has 4 cases per provider: each part is below five, so the sum is hidden too.
    expect(one.casesByGroup!["5"]).toBe(4);
    expect(both.casesByGroup!["5"]).toBeNull();
    expect(both.casesByGroup!["3"]).toBe(2 * one.casesByGroup!["3"]);
    // A deviation of doubled sums equals the single provider's deviation.
    expect(both.valueDeviationPct).toBeCloseTo(one.valueDeviationPct!, 9);
    expect(both.corridor.value).toEqual(one.corridor.value);
  });

  it("[KPI-C2] suppresses every count of fewer than five persons, with a reason", () => {
    const one = exampleResult("2025-Q2");
    const small = { ...one, casesAtEnd: 2, socialSpaceCases: 1, casesByGroup: { "1": 1, "2": 1, "3": 0, "4": 0, "5": 0 } };
    const both = aggregateForConference("2025-Q2", [small, small]);
    expect(both.casesAtEnd).toBeNull();
    expect(both.socialSpaceCases).toBeNull();
    expect(both.casesByGroup).toEqual({ "1": null, "2": null, "3": null, "4": null, "5": null });
    expect(both.reasons.casesAtEnd).toContain("< 5");
    expect(both.reasons["casesByGroup.1"]).toContain("< 5");
  });

  it("[KPI-C2] hides a sum when one provider's part is below five, so subtracting one's own count reveals nothing", () => {
    const one = exampleResult("2025-Q2");
    const big = { ...one, socialSpaceCases: 40 };
    const small = { ...one, socialSpaceCases: 1 };
    const zero = { ...one, socialSpaceCases: 0 };
    expect(aggregateForConference("2025-Q2", [big, small, big]).socialSpaceCases).toBeNull();
    expect(aggregateForConference("2025-Q2", [big, zero, big]).socialSpaceCases).toBe(80);
  });

  it("[KPI-C3] leaves out per-provider figures such as staff and utilisation, saying why", () => {
    const both = aggregateForConference("2025-Q2", [exampleResult("2025-Q2")]);
    expect(both.staffFteLocal).toBeNull();
    expect(both.utilisationPct).toBeNull();
    expect(both.corridor.staff).toBeNull();
    expect(both.reasons.staffFteLocal).toBeTruthy();
  });
});
