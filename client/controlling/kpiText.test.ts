import { describe, expect, it } from "vitest";
import { issueMessage, kpiReason, periodError, trendReason } from "./kpiText";

const result = {
  reasons: { casesAtEnd: "2025-08, the last month of 2025-YTD-08, is not reported", trend: "figures for fewer than two years" },
  reasonsDe: { casesAtEnd: "Monat 2025-08, der letzte Monat von 2025-YTD-08, ist nicht gemeldet", trend: "Zahlen für weniger als zwei Jahre" },
  trendReason: "figures for fewer than two years",
  trendReasonDe: "Zahlen für weniger als zwei Jahre",
};

describe("the language of the engine's texts", () => {
  it("shows the German reason in the German UI and the English one in the English UI", () => {
    expect(kpiReason(result, "casesAtEnd", "de")).toBe("Monat 2025-08, der letzte Monat von 2025-YTD-08, ist nicht gemeldet");
    expect(kpiReason(result, "casesAtEnd", "en")).toBe("2025-08, the last month of 2025-YTD-08, is not reported");
    expect(kpiReason(result, "staffFteLocal", "de")).toBeUndefined();
    expect(trendReason(result, "de")).toBe("Zahlen für weniger als zwei Jahre");
    expect(trendReason(result, "en")).toBe("figures for fewer than two years");
  });

  it("falls back to the English of results stored before German reasons existed", () => {
    const stored = { reasons: result.reasons, trendReason: result.trendReason };
    expect(kpiReason(stored, "casesAtEnd", "de")).toBe(result.reasons.casesAtEnd);
    expect(trendReason(stored, "de")).toBe(result.trendReason);
    expect(trendReason({ reasons: {} }, "de")).toBeNull();
  });

  it("picks the issue's and the period's message in the UI's language", () => {
    const issue = { message: 'cases must be a whole number ≥ 0, got "x"', messageDe: "Fälle: muss eine ganze Zahl ≥ 0 sein, gefunden „x“" };
    expect(issueMessage(issue, "de")).toBe(issue.messageDe);
    expect(issueMessage(issue, "en")).toBe(issue.message);
    expect(issueMessage({ message: "only English" }, "de")).toBe("only English");
    expect(periodError({ error: "no budget agreement for 2026", errorDe: "keine Budgetvereinbarung für 2026" }, "de")).toBe("keine Budgetvereinbarung für 2026");
    expect(periodError({ error: "no budget agreement for 2026", errorDe: "keine Budgetvereinbarung für 2026" }, "en")).toBe("no budget agreement for 2026");
    expect(periodError({ error: null }, "de")).toBeNull();
  });
});
