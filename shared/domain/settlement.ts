import { z } from "zod";
import { formatCents } from "../format/germanNumbers";
import { MAX_RECONCILE_YEARS, type ReconcileResult } from "../kpi/reconcile";
import { multiLineText } from "./text";

/**
 * The year-end reconciliation decision (Jahresabgleich, domain.md "Year-end
 * reconciliation"): the numbers only propose an amount; the two sides decide to repay,
 * offset by valued measures of the provider's BSC, or carry into the next agreement, in
 * any mix, and both confirm. Types and request schemas with German messages naming the
 * field; the rules are in settlementRules.ts.
 */

/** Longest span of one reconciliation, in budget years (the engine's limit). */
export const MAX_SPAN_YEARS = MAX_RECONCILE_YEARS;

/** Shortest written reason when the parts do not add up to the proposal, and of a correction. */
export const MIN_REASON_LENGTH = 10;

/** Most measures one decision may name. */
export const MAX_OFFSET_MEASURES = 50;

export type { ReconcileResult, ReconcileYear, SettlementOutcome } from "../kpi/reconcile";

/** Which side of the steering talk a user decides for. */
export type SettlementSide = "funder" | "provider";

/** A measure of the provider's BSC that offsets part of a shortfall, valued in euros. */
export interface SettlementMeasure {
  /** The scorecard holding the measure. */
  scorecardId: string;
  /** The measure's id in that scorecard's document. */
  measureId: string;
  /** The measure's title when it was named (the document may change later). */
  title: string;
  /** Value credited against the shortfall, cents. */
  valueCents: number;
}

/** How the proposed amount is settled. */
export interface SettlementParts {
  /** Repaid to the funder, cents. */
  repayCents: number;
  /** Offset by the named measures, cents (= Σ of their values). */
  offsetCents: number;
  /** Carried into the next agreement, cents. */
  carryCents: number;
  /** The measures of the offset. */
  measures: SettlementMeasure[];
  /** Written reason; required when the parts do not add up to the proposal. */
  reason: string | null;
}

/** A side's confirmation. */
export interface SettlementConfirmation {
  /** The confirming user. */
  userId: string;
  /** Their name. */
  name: string;
  /** When, ISO time. */
  at: string;
}

/** A user named on a decision. */
export interface SettlementPerson {
  /** Id. */
  userId: string;
  /** Name. */
  name: string;
}

/** A reconciliation decision: a proposal until both sides confirmed it, then immutable. */
export interface SettlementDecision extends SettlementParts {
  /** Id. */
  id: string;
  /** The provider. */
  providerId: string;
  /** First budget year of the span. */
  fromYear: number;
  /** Last budget year of the span. */
  toYear: number;
  /** 1, 2, …: counts the proposal's versions; a confirmation names the one it confirms. */
  revision: number;
  /** The proposed amount: the settlement's repayment when under-run, else 0. */
  proposalCents: number;
  /** The numbers the decision is based on, and the fingerprint of their inputs. */
  basedOn: { result: ReconcileResult; fingerprint: string; computedAt: string };
  /** The two sides' confirmations. */
  confirmations: Record<SettlementSide, SettlementConfirmation | null>;
  /** `proposed` until both sides confirmed, then `confirmed`. */
  state: "proposed" | "confirmed";
  /** When the second side confirmed, ISO time. */
  confirmedAt: string | null;
  /** The decision this one corrects. */
  supersedes: string | null;
  /** The confirmed correction that replaced this decision. */
  supersededBy: string | null;
  /** Why the earlier decision is corrected (corrections only). */
  correctionReason: string | null;
  /** The steering talk that was running when the decision was confirmed. */
  talk: { id: string; startsAt: string } | null;
  /** Who proposed it, and when. */
  createdBy: SettlementPerson;
  /** ISO time. */
  createdAt: string;
  /** Who changed it last. */
  updatedBy: SettlementPerson;
  /** ISO time. */
  updatedAt: string;
  /** Whether the inputs of its span changed since (computed when listed). */
  figuresChanged: boolean;
}

/** A measure of the provider's scorecards that a decision may name. */
export interface SettlementMeasureChoice {
  /** The scorecard. */
  scorecardId: string;
  /** Its title. */
  scorecardTitle: string;
  /** The measure. */
  measureId: string;
  /** Its title now. */
  title: string;
  /** The perspective it stands under. */
  perspective: string | null;
  /** The goal it stands under. */
  goal: string | null;
  /** The confirmed decision that credits it already, if any. */
  settlementId: string | null;
}

/** `GET …/settlements/reconcile?from=&to=`: what the reconciliation view shows. */
export interface ReconcileAnswer {
  /** The provider. */
  providerId: string;
  /** Its name. */
  provider: string;
  /** First year. */
  fromYear: number;
  /** Last year. */
  toYear: number;
  /** The numbers now. */
  result: ReconcileResult;
  /** SHA-256 of the span's inputs now (a decision's own is in its `basedOn`). */
  fingerprint: string;
  /** When the numbers were computed, ISO time. */
  computedAt: string;
  /** Every decision whose span overlaps this one, newest first. */
  decisions: SettlementDecision[];
  /** The measures of the provider's scorecards, for the offset. */
  measures: SettlementMeasureChoice[];
  /** The reader's side, null when the reader only reads. */
  side: SettlementSide | null;
}

const plausibleYear = (label: string) =>
  z
    .number({ error: `${label}: muss eine Jahreszahl sein` })
    .int({ error: `${label}: muss eine ganze Jahreszahl sein` })
    .min(1990, { error: `${label}: muss zwischen 1990 und 2100 liegen` })
    .max(2100, { error: `${label}: muss zwischen 1990 und 2100 liegen` });

const cents = (label: string) => {
  const message = `${label}: muss ein Betrag in Cent sein (ganze Zahl ≥ 0)`;
  return z.number({ error: message }).int({ error: message }).min(0, { error: message }).max(Number.MAX_SAFE_INTEGER, { error: message });
};

/** One named measure of an offset, as sent by a client (the server reads the title). */
export const SettlementMeasureInputSchema = z.object({
  /** The scorecard of the provider that holds the measure. */
  scorecardId: z.string({ error: "Scorecard der Maßnahme fehlt" }).min(1, { error: "Scorecard der Maßnahme fehlt" }).max(100),
  /** The measure. */
  measureId: z.string({ error: "Maßnahme fehlt" }).min(1, { error: "Maßnahme fehlt" }).max(100),
  /** Its value in cents, more than 0. */
  valueCents: cents("Wert der Maßnahme").refine((value) => value > 0, { error: "Wert der Maßnahme: muss größer als 0 € sein" }),
});
export type SettlementMeasureInput = z.infer<typeof SettlementMeasureInputSchema>;

const reasonField = z.string({ error: "Begründung: muss ein Text sein" }).trim().max(2000, { error: "Begründung: höchstens 2000 Zeichen" }).check(multiLineText("Begründung")).nullable().optional();

const partsShape = {
  /** Repaid, cents. */
  repayCents: cents("Rückzahlung"),
  /** Offset by measures, cents. */
  offsetCents: cents("Ausgleich durch Maßnahmen"),
  /** Carried into the next agreement, cents. */
  carryCents: cents("Übertrag in die nächste Vereinbarung"),
  /** The offset's measures with their values. */
  measures: z
    .array(SettlementMeasureInputSchema, { error: "Maßnahmen: muss eine Liste sein" })
    .max(MAX_OFFSET_MEASURES, { error: `Maßnahmen: höchstens ${MAX_OFFSET_MEASURES}` })
    .default([]),
  /** Why the parts differ from the proposal (or a note). */
  reason: reasonField,
};

interface PartsInput {
  offsetCents: number;
  measures: SettlementMeasureInput[];
}

/** The measures must add up to the offset exactly, and each measure counts once. */
function checkOffset(parts: PartsInput, ctx: z.RefinementCtx): void {
  const sum = parts.measures.reduce((total, measure) => total + measure.valueCents, 0);
  if (sum !== parts.offsetCents) {
    ctx.addIssue({
      code: "custom",
      path: ["offsetCents"],
      message:
        parts.measures.length === 0
          ? `Ausgleich durch Maßnahmen: ${formatCents(parts.offsetCents)} ohne Maßnahme; bitte die Maßnahmen nennen und in Euro bewerten`
          : `Ausgleich durch Maßnahmen: Die Maßnahmen ergeben zusammen ${formatCents(sum)}, der Ausgleich beträgt aber ${formatCents(parts.offsetCents)}; ihre Werte müssen den Ausgleich genau ergeben`,
    });
  }
  const seen = new Set<string>();
  parts.measures.forEach((measure, index) => {
    const key = `${measure.scorecardId}/${measure.measureId}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["measures", index, "measureId"], message: "Maßnahme: ist doppelt genannt" });
    seen.add(key);
  });
}

/** `PUT …/settlements/:id`: a changed proposal; `revision` names the version it changes. */
export const SettlementChangeSchema = z
  .object({
    ...partsShape,
    /** The revision the user saw; a newer one means someone else changed it meanwhile. */
    revision: z.number({ error: "Fassung: fehlt" }).int({ error: "Fassung: muss eine ganze Zahl sein" }).min(1, { error: "Fassung: muss ≥ 1 sein" }),
  })
  .superRefine(checkOffset);
export type SettlementChange = z.infer<typeof SettlementChangeSchema>;

/** `POST …/settlements`: a new proposal for a span of budget years. */
export const SettlementProposalSchema = z
  .object({
    ...partsShape,
    /** First year of the span. */
    fromYear: plausibleYear("Von-Jahr"),
    /** Last year of the span. */
    toYear: plausibleYear("Bis-Jahr"),
  })
  .superRefine((body, ctx) => {
    checkOffset(body, ctx);
    if (body.toYear < body.fromYear) ctx.addIssue({ code: "custom", path: ["toYear"], message: `Bis-Jahr: ${body.toYear} liegt vor dem Von-Jahr ${body.fromYear}` });
    else if (body.toYear - body.fromYear + 1 > MAX_SPAN_YEARS) {
      ctx.addIssue({
        code: "custom",
        path: ["toYear"],
        message: `Bis-Jahr: ein Jahresabgleich umfasst höchstens ${MAX_SPAN_YEARS} Jahre (${body.fromYear}–${body.toYear} sind ${body.toYear - body.fromYear + 1})`,
      });
    }
  });
export type SettlementProposal = z.infer<typeof SettlementProposalSchema>;

/** `POST …/settlements/:id/correct`: a new decision replacing a confirmed one, with why. */
export const SettlementCorrectionSchema = z
  .object({
    ...partsShape,
    /** Why the confirmed decision is corrected. */
    correctionReason: z
      .string({ error: "Begründung der Korrektur: fehlt" })
      .trim()
      .min(MIN_REASON_LENGTH, { error: `Begründung der Korrektur: bitte mit mindestens ${MIN_REASON_LENGTH} Zeichen begründen` })
      .max(2000, { error: "Begründung der Korrektur: höchstens 2000 Zeichen" })
      .check(multiLineText("Begründung der Korrektur")),
  })
  .superRefine(checkOffset);
export type SettlementCorrection = z.infer<typeof SettlementCorrectionSchema>;

/** `POST …/settlements/:id/confirm`: the revision the side confirms. */
export const SettlementConfirmSchema = z.object({
  /** The revision the user saw and confirms. */
  revision: z.number({ error: "Fassung: fehlt" }).int({ error: "Fassung: muss eine ganze Zahl sein" }).min(1, { error: "Fassung: muss ≥ 1 sein" }),
});

/** `GET …/settlements/reconcile?from=&to=`: the span to reconcile. */
export const ReconcileQuerySchema = z
  .object({
    /** First year. */
    from: z.string({ error: "Von-Jahr: fehlt (z. B. from=2025)" }).regex(/^\d{4}$/, { error: "Von-Jahr: muss eine Jahreszahl JJJJ sein" }),
    /** Last year; the first when missing. */
    to: z
      .string()
      .regex(/^\d{4}$/, { error: "Bis-Jahr: muss eine Jahreszahl JJJJ sein" })
      .optional(),
  })
  .superRefine((query, ctx) => {
    const from = Number(query.from);
    const to = Number(query.to ?? query.from);
    if (to < from) ctx.addIssue({ code: "custom", path: ["to"], message: `Bis-Jahr: ${to} liegt vor dem Von-Jahr ${from}` });
    else if (to - from + 1 > MAX_SPAN_YEARS) ctx.addIssue({ code: "custom", path: ["to"], message: `Bis-Jahr: ein Jahresabgleich umfasst höchstens ${MAX_SPAN_YEARS} Jahre` });
  });
