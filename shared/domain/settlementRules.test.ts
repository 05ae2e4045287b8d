import { describe, expect, it } from "vitest";
import { ReconcileQuerySchema, SettlementChangeSchema, SettlementCorrectionSchema, SettlementProposalSchema, type SettlementConfirmation, type SettlementSide } from "./settlement";
import { checkAgainstProposal, checkChange, checkConfirm, checkCorrect, confirmationsAfterChange, isConfirmed, proposalOf, settlementSide, spanLabel, withConfirmation } from "./settlementRules";

const PROVIDER = "provider-a";
const funderEditor = { organisationId: "funder", organisationKind: "funder" as const, role: "editor" as const, disabledAt: null };
const providerEditor = { organisationId: PROVIDER, organisationKind: "provider" as const, role: "editor" as const, disabledAt: null };
const someone = (name: string): SettlementConfirmation => ({ userId: name, name, at: "2026-03-05T10:00:00.000Z" });
const none: Record<SettlementSide, SettlementConfirmation | null> = { funder: null, provider: null };

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("who decides", () => {
  it("gives editors of the funder and of that provider a side, and nobody else", () => {
    expect(settlementSide(funderEditor, PROVIDER)).toBe("funder");
    expect(settlementSide(providerEditor, PROVIDER)).toBe("provider");
    expect(settlementSide({ ...providerEditor, organisationId: "provider-b" }, PROVIDER)).toBeNull();
    expect(settlementSide({ ...funderEditor, role: "viewer" }, PROVIDER)).toBeNull();
    expect(settlementSide({ ...providerEditor, role: "viewer" }, PROVIDER)).toBeNull();
    expect(settlementSide({ ...funderEditor, disabledAt: 1 }, PROVIDER)).toBeNull();
  });
});

describe("the proposal", () => {
  const settlement = { thresholdPct: 2, toleranceCents: 100, beyondToleranceCents: 50, repaymentCents: 50, provisional: false };
  it("proposes the repayment of an under-run and nothing for within or over-run", () => {
    expect(proposalOf({ settlement: { ...settlement, outcome: "underRun" } })).toBe(50);
    expect(proposalOf({ settlement: { ...settlement, outcome: "overRun", repaymentCents: 0 } })).toBe(0);
    expect(proposalOf({ settlement: { ...settlement, outcome: "within", repaymentCents: 0 } })).toBe(0);
  });

  it("accepts parts that add up to the proposal without a reason, in any mix", () => {
    expect(checkAgainstProposal({ repayCents: 400, offsetCents: 600, carryCents: 0, reason: null }, 1000)).toEqual({ ok: true });
    expect(checkAgainstProposal({ repayCents: 0, offsetCents: 0, carryCents: 1000, reason: null }, 1000)).toEqual({ ok: true });
    expect(checkAgainstProposal({ repayCents: 0, offsetCents: 0, carryCents: 0, reason: null }, 0)).toEqual({ ok: true });
  });

  it("refuses parts that do not add up unless a reason of at least ten characters says why", () => {
    const refused = checkAgainstProposal({ repayCents: 400, offsetCents: 0, carryCents: 0, reason: "zu kurz" }, 1000);
    expect(refused).toMatchObject({ ok: false, code: "invalid" });
    expect(refused.ok ? "" : refused.message).toMatch(/^reason: Rückzahlung, Ausgleich und Übertrag ergeben 4,00\u00a0€, vorgeschlagen sind 10,00\u00a0€/);
    expect(checkAgainstProposal({ repayCents: 400, offsetCents: 0, carryCents: 0, reason: "Härtefall wegen Leerstand Haus A" }, 1000)).toEqual({ ok: true });
    expect(checkAgainstProposal({ repayCents: 0, offsetCents: 0, carryCents: 0, reason: "          " }, 1000).ok).toBe(false);
  });
});

describe("request schemas", () => {
  const parts = { repayCents: 400_000, offsetCents: 600_000, carryCents: 0, measures: [{ scorecardId: "s", measureId: "m1", valueCents: 600_000 }], reason: null };

  it("accepts an offset whose measures add up to it", () => {
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, fromYear: 2025, toYear: 2025 }))).toEqual([]);
  });

  it("refuses an offset whose measures do not add up, in German, naming the field and both sums", () => {
    const result = SettlementProposalSchema.safeParse({ ...parts, measures: [{ scorecardId: "s", measureId: "m1", valueCents: 500_000 }], fromYear: 2025, toYear: 2025 });
    expect(messages(result)).toEqual([
      "offsetCents: Ausgleich durch Maßnahmen: Die Maßnahmen ergeben zusammen 5.000,00\u00a0€, der Ausgleich beträgt aber 6.000,00\u00a0€; ihre Werte müssen den Ausgleich genau ergeben",
    ]);
  });

  it("refuses an offset without measures and a measure named twice", () => {
    expect(messages(SettlementChangeSchema.safeParse({ ...parts, measures: [], revision: 1 }))[0]).toMatch(/^offsetCents: Ausgleich durch Maßnahmen: 6\.000,00\u00a0€ ohne Maßnahme/);
    const twice = [
      { scorecardId: "s", measureId: "m1", valueCents: 300_000 },
      { scorecardId: "s", measureId: "m1", valueCents: 300_000 },
    ];
    expect(messages(SettlementChangeSchema.safeParse({ ...parts, measures: twice, revision: 1 }))).toEqual(["measures.1.measureId: Maßnahme: ist doppelt genannt"]);
  });

  it("names the field of bad amounts and years in German", () => {
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, repayCents: -1, fromYear: 2025, toYear: 2025 }))).toEqual([
      "repayCents: Rückzahlung: muss ein Betrag in Cent sein (ganze Zahl ≥ 0)",
    ]);
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, carryCents: 1.5, fromYear: 2025, toYear: 2025 }))).toEqual([
      "carryCents: Übertrag in die nächste Vereinbarung: muss ein Betrag in Cent sein (ganze Zahl ≥ 0)",
    ]);
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, fromYear: 2025, toYear: 2024 }))).toEqual(["toYear: Bis-Jahr: 2024 liegt vor dem Von-Jahr 2025"]);
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, fromYear: 2020, toYear: 2025 }))[0]).toMatch(/^toYear: Bis-Jahr: ein Jahresabgleich umfasst höchstens 5 Jahre/);
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, measures: [{ scorecardId: "s", measureId: "m1", valueCents: 0 }], offsetCents: 0, fromYear: 2025, toYear: 2025 }))).toEqual([
      "measures.0.valueCents: Wert der Maßnahme: muss größer als 0 € sein",
    ]);
    expect(messages(SettlementProposalSchema.safeParse({ ...parts, reason: "a\u202Eb", fromYear: 2025, toYear: 2025 }))[0]).toMatch(/^reason: Begründung: enthält unzulässige Steuerzeichen/);
  });

  it("asks a correction for its reason", () => {
    expect(messages(SettlementCorrectionSchema.safeParse({ ...parts, correctionReason: "kurz" }))).toEqual(["correctionReason: Begründung der Korrektur: bitte mit mindestens 10 Zeichen begründen"]);
  });

  it("checks the span of the reconciliation query", () => {
    expect(ReconcileQuerySchema.safeParse({ from: "2023", to: "2025" }).success).toBe(true);
    expect(messages(ReconcileQuerySchema.safeParse({ from: "2025", to: "2023" }))).toEqual(["to: Bis-Jahr: 2023 liegt vor dem Von-Jahr 2025"]);
    expect(messages(ReconcileQuerySchema.safeParse({ from: "25" }))).toEqual(["from: Von-Jahr: muss eine Jahreszahl JJJJ sein"]);
    expect(spanLabel(2023, 2025)).toBe("2023–2025");
    expect(spanLabel(2025, 2025)).toBe("2025");
  });
});

describe("confirming, changing and correcting", () => {
  it("lets each side confirm once, and the second confirmation by the same side is refused", () => {
    const proposal = { confirmations: none, revision: 1 };
    expect(checkConfirm(proposal, "funder", 1)).toEqual({ ok: true });
    const afterFunder = { ...proposal, confirmations: withConfirmation(none, "funder", someone("sabine")) };
    expect(isConfirmed(afterFunder)).toBe(false);
    expect(checkConfirm(afterFunder, "funder", 1)).toEqual({ ok: false, code: "conflict", message: "Diese Seite hat bereits bestätigt." });
    expect(checkConfirm(afterFunder, "provider", 1)).toEqual({ ok: true });
    const both = { ...afterFunder, confirmations: withConfirmation(afterFunder.confirmations, "provider", someone("anton")) };
    expect(isConfirmed(both)).toBe(true);
  });

  it("refuses to confirm without a side or an older revision than the current one", () => {
    expect(checkConfirm({ confirmations: none, revision: 1 }, null, 1)).toMatchObject({ ok: false, code: "forbidden" });
    expect(checkConfirm({ confirmations: none, revision: 3 }, "provider", 2)).toMatchObject({ ok: false, code: "conflict" });
  });

  it("makes a decision confirmed by both sides immutable", () => {
    const both = { confirmations: { funder: someone("sabine"), provider: someone("anton") }, revision: 2 };
    expect(checkChange(both, "funder", 2)).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("unveränderlich") });
    expect(checkConfirm(both, "provider", 2)).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("unveränderlich") });
  });

  it("lets either side change a proposal, which clears earlier confirmations", () => {
    const half = { confirmations: withConfirmation(none, "funder", someone("sabine")), revision: 1 };
    expect(checkChange(half, "provider", 1)).toEqual({ ok: true });
    expect(checkChange(half, null, 1)).toMatchObject({ ok: false, code: "forbidden" });
    expect(confirmationsAfterChange()).toEqual({ funder: null, provider: null });
  });

  it("corrects only a confirmed decision that was not corrected yet", () => {
    const both = { confirmations: { funder: someone("sabine"), provider: someone("anton") }, supersededBy: null };
    expect(checkCorrect(both, "provider")).toEqual({ ok: true });
    expect(checkCorrect({ ...both, supersededBy: "later" }, "provider")).toMatchObject({ ok: false, code: "conflict" });
    expect(checkCorrect({ ...both, confirmations: none }, "funder")).toMatchObject({ ok: false, code: "conflict" });
    expect(checkCorrect(both, null)).toMatchObject({ ok: false, code: "forbidden" });
  });
});
