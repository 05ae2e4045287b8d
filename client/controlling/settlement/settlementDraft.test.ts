import { describe, expect, it } from "vitest";
import { draftOf, draftParts, newDraft, newDraftMeasure, summarizeDraft } from "./settlementDraft";

describe("the decision draft", () => {
  it("starts a proposal with the whole amount as repayment", () => {
    expect(newDraft(7_730_290)).toMatchObject({ repay: "77302,90", carry: "0,00", measures: [], reason: "" });
  });

  it("adds repay, measures and carry up live against the proposal, exactly in cents", () => {
    const draft = { ...newDraft(7_730_290), repay: "30.921,16", measures: [newDraftMeasure("s/m", "46.381,74")] };
    expect(summarizeDraft(draft, 7_730_290)).toMatchObject({ offsetCents: 4_638_174, totalCents: 7_730_290, differenceCents: 0, reasonMissing: false });
    const short = { ...draft, repay: "30.000" };
    expect(summarizeDraft(short, 7_730_290)).toMatchObject({ differenceCents: -92_116, reasonMissing: true });
    expect(summarizeDraft({ ...short, reason: "Sanierung Haus A" }, 7_730_290).reasonMissing).toBe(false);
  });

  it("names the first field that is not an amount or has no measure chosen", () => {
    expect(draftParts({ ...newDraft(100), repay: "zehn" })).toEqual({ ok: false, field: "repay" });
    const row = newDraftMeasure("", "1,00");
    expect(draftParts({ ...newDraft(100), measures: [row] })).toEqual({ ok: false, field: `measure-${row.key}` });
    const bad = newDraftMeasure("s/m", "1,234");
    expect(draftParts({ ...newDraft(100), measures: [bad] })).toEqual({ ok: false, field: `value-${bad.key}` });
  });

  it("turns a draft into the request's parts and back", () => {
    const decision = { repayCents: 3_092_116, carryCents: 0, reason: null, measures: [{ scorecardId: "s", measureId: "m", title: "Café", valueCents: 4_638_174 }] };
    expect(draftParts(draftOf(decision))).toEqual({
      ok: true,
      parts: { repayCents: 3_092_116, offsetCents: 4_638_174, carryCents: 0, measures: [{ scorecardId: "s", measureId: "m", valueCents: 4_638_174 }], reason: null },
    });
  });
});
