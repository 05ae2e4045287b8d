import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { aggregateForConference, conferenceContributions, type ConferenceContribution } from "./aggregate";
import { DisclosureReason } from "./disclosure";
import { createKpiEvaluator } from "./evaluate";
import { parseBudgetAgreementText } from "./agreement";
import { parseFiguresCsv } from "./figures";
import { parseStaffCsv } from "./staff";
import { parsePeriod, type Period } from "./periods";
import type { FigureRow } from "./figures";

const dir = resolve(import.meta.dirname, "../../tests/fixtures/kpi-example");
const agreement = parseBudgetAgreementText(readFileSync(`${dir}/agreement-2025.json`, "utf8"));
const figures = parseFiguresCsv(readFileSync(`${dir}/figures-2025.csv`, "utf8"));
const staff = parseStaffCsv(readFileSync(`${dir}/staff-2025.csv`, "utf8"));
if (!agreement.ok || !figures.ok || !staff.ok) throw new Error("example does not parse");

function period(text: string): Period {
  const parsed = parsePeriod(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.period;
}

/** A provider with the example's figures, changed row by row. */
function provider(change: (row: FigureRow) => FigureRow = (row) => row) {
  const evaluator = createKpiEvaluator({
    agreements: [agreement.ok ? agreement.value : never()],
    figures: (figures.ok ? figures.value : never()).map(change),
    staff: staff.ok ? staff.value : never(),
  });
  return (text: string) => evaluator.evaluate(text);
}
function never(): never {
  throw new Error("unreachable");
}

function conference(text: string, providers: ((text: string) => ReturnType<ReturnType<typeof provider>>)[]) {
  return aggregateForConference(text, conferenceContributions(period(text), providers));
}

const zeros = provider((row) => ({ ...row, cases: 0, occupancyDays: 0 }));

describe("aggregateForConference", () => {
  it("[KPI-D1] sums the providers' budgets, days, service value and cases", () => {
    const one = provider()("2025-Q2");
    const three = conference("2025-Q2", [provider(), provider(), provider()]);
    expect(three.annualBudgetCents).toBe(3 * one.annualBudgetCents);
    expect(three.actualOccupancyDays).toBe(3 * one.actualOccupancyDays!);
    expect(three.serviceValueCents).toBe(3 * one.serviceValueCents!);
    expect(three.casesAtEnd).toBe(3 * one.casesAtEnd!);
    expect(three.casesByGroup!["3"]).toBe(3 * one.casesByGroup!["3"]);
    // A deviation of tripled sums equals the single provider's deviation.
    expect(three.valueDeviationPct).toBeCloseTo(one.valueDeviationPct!, 9);
    expect(three.corridor.value).toEqual(one.corridor.value);
  });

  it("[KPI-D1] a provider that reports only zeros does not count: two real providers' sums stay hidden", () => {
    const result = conference("2025-Q1", [provider(), provider(), zeros]);
    for (const key of ["actualOccupancyDays", "serviceValueCents", "casesAtEnd", "socialSpaceValueFreedCents"] as const) {
      expect(result[key], key).toBeNull();
      expect(result.reasonsDe[key], key).toMatch(/^(Weniger als 3 Leistungserbringer|In einem Monat des Zeitraums)/);
    }
    expect(Object.values(result.casesByGroup!).every((value) => value === null)).toBe(true);
    // The agreements are real for all three, so the budget is a sum of three.
    expect(result.annualBudgetCents).toBe(3 * provider()("2025").annualBudgetCents);
  });

  it("[KPI-D2] suppresses every count of fewer than five persons, and sums with a part below five", () => {
    const result = conference("2025-Q2", [provider(), provider(), provider()]);
    // Group 5 has 4 cases per provider and there are 4 +S cases each: hidden although each sum is 12.
    expect(provider()("2025-Q2").casesByGroup!["5"]).toBe(4);
    expect(result.casesByGroup!["5"]).toBeNull();
    expect(result.reasonsDe["casesByGroup.5"]).toBe(DisclosureReason.smallCount.de);
    expect(result.socialSpaceCases).toBeNull();
    expect(result.reasonsDe.socialSpaceCases).toContain("< 5");
  });

  it("[KPI-D4] a hidden group is not the total minus the others: a second group is hidden with it", () => {
    const result = conference("2025-Q2", [provider(), provider(), provider()]);
    const groups = result.casesByGroup!;
    const hidden = Object.entries(groups).filter(([, value]) => value === null);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    // The smallest other group (group 1, 9 cases each) is hidden with group 5; the total stays.
    expect(groups["1"]).toBeNull();
    expect(result.reasonsDe["casesByGroup.1"]).toBe(DisclosureReason.complement.de);
    expect(result.casesAtEnd).toBe(3 * 58);
  });

  it("[KPI-D3] a month with fewer than three contributors hides every period that contains it", () => {
    // The third provider reports nothing in February: January − February … would be two providers.
    const noFebruary = provider((row) => (row.month === "2025-02" ? { ...row, cases: 0, occupancyDays: 0 } : row));
    const providers = [provider(), provider(), noFebruary];
    expect(conference("2025-01", providers).actualOccupancyDays).not.toBeNull();
    expect(conference("2025-02", providers).actualOccupancyDays).toBeNull();
    for (const text of ["2025-Q1", "2025-YTD-02", "2025-YTD-03", "2025"]) {
      const result = conference(text, providers);
      expect(result.actualOccupancyDays, text).toBeNull();
      expect(result.reasonsDe.actualOccupancyDays, text).toContain(DisclosureReason.unsafeMonth.de.slice(0, -1));
      // The reason names the month, so the controller knows who must report what.
      expect(result.reasonsDe.actualOccupancyDays, text).toContain("(2025-02)");
      expect(result.reasons.actualOccupancyDays, text).toContain("(2025-02)");
    }
    expect(conference("2025-Q2", providers).actualOccupancyDays).not.toBeNull();
  });

  it("[KPI-D6] leaves out per-provider figures and deviations of hidden sums, saying why", () => {
    const result = conference("2025-Q1", [provider(), provider(), zeros]);
    expect(result.staffFteLocal).toBeNull();
    expect(result.utilisationPct).toBeNull();
    expect(result.corridor.staff).toBeNull();
    expect(result.reasonsDe.staffFteLocal).toBe(DisclosureReason.notShared.de);
    // English beside the German, like every result of the engine.
    expect(result.reasons.staffFteLocal).toBe("Visible per provider only: the conference sees sums only.");
    expect(result.trendReasonDe).toBe(DisclosureReason.notShared.de);
    expect(result.valueDeviationPct).toBeNull();
    expect(result.valueDeviationCents).toBeNull();
    expect(result.corridor.value).toBeNull();
    expect(result.reasonsDe["corridor.value"]).toBe(DisclosureReason.derived.de);
  });

  it("[KPI-D5] hides the agreement's sums when fewer than three providers have a budget", () => {
    const noBudget = (text: string) => {
      const result = provider()(text);
      return { ...result, annualBudgetCents: 0, proRataBudgetCents: 0, monthlyInstalmentsCents: result.monthlyInstalmentsCents.map(() => 0) };
    };
    const contributions: ConferenceContribution[] = conferenceContributions(period("2025"), [provider(), provider(), noBudget]);
    const result = aggregateForConference("2025", contributions);
    expect(result.annualBudgetCents).toBeNull();
    expect(result.proRataBudgetCents).toBeNull();
    expect(result.monthlyInstalmentsCents).toEqual([]);
    expect(result.reasonsDe.annualBudgetCents).toBe(DisclosureReason.fewContributors.de);
  });
});
