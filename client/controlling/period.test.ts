import { describe, expect, it } from "vitest";
import i18next from "i18next";
import { controllingDe, controllingEn } from "../i18n/controlling";
import { chartPeriodOf, choiceOfPeriod, switchKind, defaultKpiPeriod, defaultPeriod, lastPeriodWithData, periodText, periodTextInWords, periodTranslate, periodWords } from "./period";

/** Months "YYYY-MM" from the first to the last, both included. */
function monthsFrom(first: string, last: string): string[] {
  const index = (text: string) => Number(text.slice(0, 4)) * 12 + Number(text.slice(5)) - 1;
  return Array.from({ length: index(last) - index(first) + 1 }, (_, i) => {
    const month = index(first) + i;
    return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`;
  });
}

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  lng: "de",
  fallbackLng: "de",
  resources: { de: { translation: { controlling: controllingDe } }, en: { translation: { controlling: controllingEn } } },
  interpolation: { escapeValue: false },
});
const de = periodTranslate(i18n.getFixedT("de"));
const en = periodTranslate(i18n.getFixedT("en"));

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

  it("starts with the latest past agreement year, or the quarter before the current one", () => {
    expect(defaultPeriod([2024, 2025], new Date(2026, 10, 24))).toEqual({ year: 2025, kind: "year", index: 12 });
    expect(defaultPeriod([2026], new Date(2026, 4, 2))).toEqual({ year: 2026, kind: "quarter", index: 1 });
    expect(defaultPeriod([], new Date(2026, 10, 24))).toEqual({ year: 2026, kind: "quarter", index: 3 });
    expect(defaultPeriod([2025, 2026], new Date(2026, 1, 10))).toEqual({ year: 2025, kind: "quarter", index: 4 });
    expect(defaultPeriod([2026], new Date(2026, 1, 10))).toEqual({ year: 2026, kind: "quarter", index: 1 });
  });

  it("keeps the last month when the kind changes, but never goes past the newest figures of that year", () => {
    const q2 = { year: 2025, kind: "quarter" as const, index: 2 };
    expect(switchKind(q2, "month", 2025)).toEqual({ year: 2025, kind: "month", index: 6 });
    expect(switchKind(q2, "ytd", 2025)).toEqual({ year: 2025, kind: "ytd", index: 6 });
    expect(switchKind({ year: 2025, kind: "month", index: 11 }, "quarter", 2025)).toEqual({ year: 2025, kind: "quarter", index: 4 });
    expect(switchKind(q2, "year", 2025)).toEqual({ year: 2025, kind: "year", index: 12 });
    // Figures up to November: a year becomes November, not December, and the last complete quarter.
    const year = { year: 2025, kind: "year" as const, index: 12 };
    expect(switchKind(year, "month", 2025, "2025-11")).toEqual({ year: 2025, kind: "month", index: 11 });
    expect(switchKind(year, "quarter", 2025, "2025-11")).toEqual({ year: 2025, kind: "quarter", index: 3 });
    expect(switchKind(year, "quarter", 2024, "2025-11")).toEqual({ year: 2024, kind: "quarter", index: 4 });
    expect(switchKind(null, "quarter", 2026, "2026-02")).toEqual({ year: 2026, kind: "quarter", index: 1 });
  });

  it("reads each period form back into a choice, and nothing else", () => {
    expect(choiceOfPeriod("2025")).toEqual({ year: 2025, kind: "year", index: 12 });
    expect(choiceOfPeriod("2025-Q2")).toEqual({ year: 2025, kind: "quarter", index: 2 });
    expect(choiceOfPeriod("2025-05")).toEqual({ year: 2025, kind: "month", index: 5 });
    expect(choiceOfPeriod("2026-YTD-03")).toEqual({ year: 2026, kind: "ytd", index: 3 });
    expect(choiceOfPeriod("2025-Q5")).toBeNull();
    expect(choiceOfPeriod("")).toBeNull();
  });
});

describe("the period a new KPI block starts with", () => {
  it("takes the newest quarter whose three months all have figures, never a partly reported one", () => {
    expect(lastPeriodWithData(monthsFrom("2025-01", "2026-02"))).toBe("2025-Q4");
    expect(lastPeriodWithData(monthsFrom("2025-01", "2026-03"))).toBe("2026-Q1");
    // A gap in the newest quarter sends it back to the one before.
    expect(lastPeriodWithData([...monthsFrom("2025-01", "2025-10"), "2025-12"])).toBe("2025-Q3");
  });

  it("gives the newest month for a month or year to date, and a complete year for a year", () => {
    const months = monthsFrom("2024-01", "2026-02").reverse();
    expect(lastPeriodWithData(months, "month")).toBe("2026-02");
    expect(lastPeriodWithData(months, "ytd")).toBe("2026-YTD-02");
    expect(lastPeriodWithData(months, "year")).toBe("2025");
  });

  it("falls back to the newest month when no quarter is complete, and to nothing without figures", () => {
    expect(lastPeriodWithData(["2026-01", "2026-02"])).toBe("2026-02");
    expect(lastPeriodWithData(["2026-01", "2026-02"], "year")).toBe("2026-YTD-02");
    expect(lastPeriodWithData([])).toBeNull();
    expect(lastPeriodWithData(["kein Monat"])).toBeNull();
  });

  it("starts without known figures on the last quarter that has ended, not the current one", () => {
    expect(defaultKpiPeriod(null, new Date(2026, 11, 7))).toBe("2026-Q3");
    expect(defaultKpiPeriod([], new Date(2026, 1, 1))).toBe("2025-Q4");
    expect(defaultKpiPeriod(monthsFrom("2025-01", "2025-12"), new Date(2026, 11, 7))).toBe("2025-Q4");
  });
});

describe("a period in words", () => {
  it("says each kind of period in German", () => {
    expect(periodWords({ year: 2025, kind: "quarter", index: 2 }, de)).toBe("2. Quartal 2025");
    expect(periodWords({ year: 2026, kind: "ytd", index: 3 }, de)).toBe("Januar bis März 2026");
    expect(periodWords({ year: 2026, kind: "ytd", index: 1 }, de)).toBe("Januar 2026 (Jahr bis Monat)");
    expect(periodWords({ year: 2026, kind: "month", index: 3 }, de)).toBe("März 2026");
    expect(periodWords({ year: 2025, kind: "year", index: 12 }, de)).toBe("Jahr 2025");
  });

  it("says them in English in the English UI, and leaves a text that is no period as it is", () => {
    expect(periodTextInWords("2025-Q2", en)).toBe("Q2 2025");
    expect(periodTextInWords("2026-YTD-03", en)).toBe("January to March 2026");
    expect(periodTextInWords("irgendwann", de)).toBe("irgendwann");
  });
});
