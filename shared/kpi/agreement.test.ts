import { describe, expect, it } from "vitest";
import agreementText from "../../tests/fixtures/kpi-example/agreement-2025.json?raw";
import { budgetStartMonth, formatJsonPath, parseBudgetAgreement, parseBudgetAgreementText, settlementBasisOf, settlementThresholdPctOf } from "./agreement";
import { findJsonSyntaxError, locateJsonPath, parseJsonPath } from "./jsonPosition";

function exampleValue(): Record<string, unknown> & { offers: { name: string; places: unknown; groups: Record<string, unknown>[] }[] } {
  return JSON.parse(agreementText);
}

function errorsOf(value: unknown) {
  const result = parseBudgetAgreement(value, "a.json", JSON.stringify(value, null, 2));
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("budget agreement", () => {
  it("[KPI-R13] parses the example agreement", () => {
    const result = parseBudgetAgreementText(agreementText, "agreement-2025.json");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.year).toBe(2025);
    expect(result.value.offers.map((o) => o.name)).toEqual(["Besondere Wohnform Haus A", "Ambulant betreutes Wohnen"]);
    expect(result.warnings).toEqual([]);
  });

  it("[KPI-R13] applies the defaults greenPct 5, amberPct 10, creditSocialSpaceAtPriorGroup true", () => {
    const value = exampleValue();
    delete value.greenPct;
    delete value.amberPct;
    delete value.creditSocialSpaceAtPriorGroup;
    delete value.baseYear;
    const result = parseBudgetAgreement(value);
    expect(result.ok && result.value).toMatchObject({ greenPct: 5, amberPct: 10, creditSocialSpaceAtPriorGroup: true });
  });

  it("[KPI-R13] an offer must list every need group 1–5 exactly once", () => {
    const missing = exampleValue();
    missing.offers[0]?.groups.pop();
    expect(errorsOf(missing)).toEqual([expect.objectContaining({ column: "offers[0].groups", message: expect.stringContaining("missing 5") })]);
    const twice = exampleValue();
    const group = twice.offers[1]?.groups[1];
    if (group) group.needGroup = 1;
    const errors = errorsOf(twice);
    expect(errors.map((e) => e.column)).toEqual(["offers[1].groups[1].needGroup", "offers[1].groups"]);
    expect(errors[0]?.message).toContain("need group 1 is listed twice");
  });

  it("[KPI-R13] offer names must be unique", () => {
    const value = exampleValue();
    if (value.offers[1]) value.offers[1].name = value.offers[0]?.name ?? "";
    const [error] = errorsOf(value);
    expect(error).toMatchObject({ file: "a.json", column: "offers[1].name" });
    expect(error?.message).toContain("used twice");
  });

  it("[KPI-R7] greenPct above amberPct is bad input", () => {
    const value = { ...exampleValue(), greenPct: 12, amberPct: 10 };
    expect(errorsOf(value)).toEqual([expect.objectContaining({ column: "greenPct", line: 5, message: expect.stringContaining("must not be above amberPct") })]);
  });

  it("[KPI-R13] reports every bad field with its JSON path and line", () => {
    const value = exampleValue();
    value.year = "2025";
    const offer = value.offers[0];
    if (offer) {
      offer.places = -1;
      if (offer.groups[2]) offer.groups[2].dailyFeeCents = 12.5;
      if (offer.groups[3]) offer.groups[3].needGroup = 7;
    }
    const errors = errorsOf(value);
    expect(errors.map((e) => e.column)).toEqual(["year", "offers[0].places", "offers[0].groups[2].dailyFeeCents", "offers[0].groups[3].needGroup"]);
    expect(errors[0]?.message).toBe('year must be a whole number 1–9999, got "2025"');
    expect(errors[3]?.message).toBe("needGroup must be a whole number 1–5, got 7");
    expect(errors[0]?.messageDe).toBe('Jahr (year): muss eine ganze Zahl 1–9999 sein, gefunden "2025"');
    expect(errors[3]?.messageDe).toBe("Hilfebedarfsgruppe (HBG, needGroup): muss eine ganze Zahl 1–5 sein, gefunden 7");
    const text = JSON.stringify(value, null, 2);
    const lines = text.split("\n");
    expect(lines[(errors[1]?.line ?? 0) - 1]).toContain('"places": -1');
    expect(lines[(errors[2]?.line ?? 0) - 1]).toContain('"dailyFeeCents": 12.5');
  });

  it("[KPI-R13] a missing field is reported at its parent object", () => {
    const value = exampleValue();
    delete value.budgetedStaffFte;
    expect(errorsOf(value)).toEqual([
      expect.objectContaining({
        column: "budgetedStaffFte",
        line: 1,
        message: "budgetedStaffFte must be a number ≥ 0, it is missing",
        messageDe: "Budgetiertes Personal in VK (budgetedStaffFte): muss eine Zahl ≥ 0 sein, fehlt aber",
      }),
    ]);
  });

  it("[KPI-R13] invalid JSON is reported with line and column", () => {
    const result = parseBudgetAgreementText('{\n  "year": 2025,\n  "offers": [}\n', "bad.json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { file: "bad.json", line: 3, column: "14", message: 'not valid JSON: unexpected "}", expected a value', messageDe: "kein gültiges JSON: unerwartetes „}“, erwartet ein Wert" },
    ]);
  });

  it("[KPI-R13] unknown keys are ignored with a warning", () => {
    const value = { ...exampleValue(), greenPcts: 3 };
    const result = parseBudgetAgreement(value);
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ column: "greenPcts", message: expect.stringContaining("unknown key") })]);
    expect(result.ok && result.value.greenPct).toBe(5);
  });

  it("[KPI-R13] JSON positions: paths round-trip and syntax errors are found", () => {
    expect(formatJsonPath(["offers", 0, "groups", 2, "needGroup"])).toBe("offers[0].groups[2].needGroup");
    expect(parseJsonPath("offers[0].groups[2].needGroup")).toEqual(["offers", 0, "groups", 2, "needGroup"]);
    expect(parseJsonPath("(root)")).toEqual([]);
    expect(locateJsonPath('{"a": [1, {"b": "x,]}"}, 3]}', ["a", 2])).toEqual({ line: 1, column: 26 });
    expect(findJsonSyntaxError('{"a": 1}')).toBeNull();
    expect(findJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9 });
    expect(findJsonSyntaxError("[1,\n2")).toMatchObject({ line: 2, column: 2, message: expect.stringContaining("end of text") });
  });

  it("[KPI-S1] startMonth is a month YYYY-MM of the agreement's year, January when absent", () => {
    const parsed = parseBudgetAgreement({ ...exampleValue(), startMonth: "2025-07" });
    expect(parsed.ok && parsed.value.startMonth).toBe("2025-07");
    expect(parsed.ok && budgetStartMonth(parsed.value)).toBe(7);
    expect(parsed.ok && parsed.warnings).toEqual([]);
    const absent = parseBudgetAgreement(exampleValue());
    expect(absent.ok && absent.value.startMonth).toBeUndefined();
    expect(absent.ok && budgetStartMonth(absent.value)).toBe(1);
  });

  it("[KPI-S1] a malformed startMonth or one outside the year is bad input naming the field", () => {
    for (const startMonth of ["2025-7", "2025-13", "Juli", 7]) {
      expect(errorsOf({ ...exampleValue(), startMonth }), String(startMonth)).toEqual([
        expect.objectContaining({ column: "startMonth", message: expect.stringMatching(/^startMonth must be a month "YYYY-MM"/) }),
      ]);
    }
    expect(errorsOf({ ...exampleValue(), startMonth: "2026-04" })).toEqual([
      expect.objectContaining({ column: "startMonth", message: "startMonth (2026-04) must be a month of the agreement's year 2025" }),
    ]);
  });

  it("[KPI-J4] [KPI-J5] settlement fields: threshold defaults to greenPct, basis to beyondTolerance", () => {
    const absent = parseBudgetAgreement({ ...exampleValue(), greenPct: 3 });
    expect(absent.ok && [absent.value.settlementThresholdPct, absent.value.settlementBasis]).toEqual([undefined, undefined]);
    expect(absent.ok && [settlementThresholdPctOf(absent.value), settlementBasisOf(absent.value)]).toEqual([3, "beyondTolerance"]);
    const given = parseBudgetAgreement({ ...exampleValue(), settlementThresholdPct: 2.5, settlementBasis: "whole" });
    expect(given.ok && [settlementThresholdPctOf(given.value), settlementBasisOf(given.value)]).toEqual([2.5, "whole"]);
    expect(errorsOf({ ...exampleValue(), settlementThresholdPct: -1, settlementBasis: "all" })).toEqual([
      expect.objectContaining({ column: "settlementThresholdPct", message: "settlementThresholdPct must be a number ≥ 0, got -1" }),
      expect.objectContaining({ column: "settlementBasis", message: 'settlementBasis must be "beyondTolerance" or "whole", got "all"' }),
    ]);
  });
});
