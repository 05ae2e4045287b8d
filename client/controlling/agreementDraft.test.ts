import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import { agreementFromDraft, draftFromAgreement, emptyDraft } from "./agreementDraft";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../tests/fixtures/kpi-example/${name}`, import.meta.url), "utf8")) as BudgetAgreement;
const example = fixture("agreement-2025.json");

describe("agreement form", () => {
  it("round-trips the example agreement through the form unchanged", () => {
    expect(agreementFromDraft(draftFromAgreement(example), 2025)).toEqual({ agreement: example, problems: [] });
  });

  it("[KPI-S1] [KPI-J4] round-trips budget start, tolerance and settlement basis; defaults stay absent", () => {
    const fromJuly = fixture("agreement-2025-from-july.json");
    const draft = draftFromAgreement(fromJuly);
    expect([draft.startMonth, draft.settlementThresholdPct, draft.settlementBasis]).toEqual(["07", "2", "whole"]);
    expect(agreementFromDraft(draft, 2025)).toEqual({ agreement: fromJuly, problems: [] });
    const defaults = agreementFromDraft({ ...draft, startMonth: "01", settlementThresholdPct: " ", settlementBasis: "beyondTolerance" }, 2025).agreement;
    expect(defaults).not.toHaveProperty("startMonth");
    expect(defaults).not.toHaveProperty("settlementThresholdPct");
    expect(defaults).not.toHaveProperty("settlementBasis");
    expect(agreementFromDraft({ ...draft, startMonth: "04", settlementThresholdPct: "2,5" }, 2026).agreement).toMatchObject({ startMonth: "2026-04", settlementThresholdPct: 2.5 });
    expect(agreementFromDraft({ ...draft, settlementThresholdPct: "-1" }, 2025).problems).toEqual([{ field: "settlementThresholdPct" }]);
  });

  it("turns a fee typed as 98,50 into exactly 9850 cents", () => {
    const draft = emptyDraft("Beispiel e.V.");
    draft.budgetedStaffFte = "12,5";
    draft.offers[0] = { key: 0, name: "Haus A", places: "24", groups: ["98,50", "124,8", "4,35", "0,57", "243"].map((fee) => ({ cases: "2,5", fee })) };
    const { agreement, problems } = agreementFromDraft(draft, 2026);
    expect(problems).toEqual([]);
    expect(agreement?.offers[0].groups.map((g) => g.dailyFeeCents)).toEqual([9850, 12480, 435, 57, 24300]);
    expect(agreement?.budgetedStaffFte).toBe(12.5);
    expect(agreement?.offers[0].groups[0].budgetedCases).toBe(2.5);
    expect(agreement?.year).toBe(2026);
  });

  it("names every field to correct instead of sending a half-read agreement", () => {
    const draft = emptyDraft("");
    draft.greenPct = "12";
    draft.offers[0].places = "x";
    draft.offers[0].groups[1].fee = "98,505";
    const { agreement, problems } = agreementFromDraft(draft, 2026);
    expect(agreement).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: "provider" },
        { field: "greenAboveAmber" },
        { field: "budgetedStaffFte" },
        { field: "offerName", offer: 1 },
        { field: "places", offer: 1 },
        { field: "dailyFee", offer: 1, group: 2 },
      ]),
    );
  });
});
