/**
 * The decision form's state as typed (euro texts) and what it adds up to, so the sum is
 * shown live against the proposal and the request carries exact cents.
 */
import { MIN_REASON_LENGTH, type SettlementDecision } from "../../../shared/domain/settlement";
import { centsToEuroInput, parseEuroToCents } from "../format";
import type { PartsBody } from "./settlementApi";

/** One measure row of the offset. */
export interface DraftMeasure {
  /** Stable key of the row. */
  key: string;
  /** `scorecardId/measureId`, or "" before one is chosen. */
  choice: string;
  /** Its value in euros as typed. */
  value: string;
}

/** The form as typed. */
export interface SettlementDraft {
  /** Repayment in euros as typed. */
  repay: string;
  /** Carry-over in euros as typed. */
  carry: string;
  /** The offset's measures. */
  measures: DraftMeasure[];
  /** The written reason. */
  reason: string;
}

/** What the draft adds up to. */
export interface DraftSummary {
  /** Repayment, null while not an amount. */
  repayCents: number | null;
  /** Carry-over, null while not an amount. */
  carryCents: number | null;
  /** Each measure's value, null while not an amount. */
  measureCents: (number | null)[];
  /** Σ of the measures that are amounts. */
  offsetCents: number;
  /** Σ of all parts, null while any is not an amount. */
  totalCents: number | null;
  /** Total − proposal, null while the total is unknown. */
  differenceCents: number | null;
  /** Whether a reason is needed and missing. */
  reasonMissing: boolean;
}

let nextKey = 0;

/** A new, empty measure row. */
export function newDraftMeasure(choice = "", value = ""): DraftMeasure {
  nextKey += 1;
  return { key: `m${nextKey}`, choice, value };
}

/**
 * The draft of a new proposal: the whole proposed amount as repayment, which the two sides
 * then split as they agree.
 * @param proposalCents - the proposed amount
 */
export function newDraft(proposalCents: number): SettlementDraft {
  return { repay: centsToEuroInput(proposalCents), carry: "0,00", measures: [], reason: "" };
}

/**
 * The draft of an existing decision, to change or correct it.
 * @param decision - the decision
 */
export function draftOf(decision: Pick<SettlementDecision, "repayCents" | "carryCents" | "measures" | "reason">): SettlementDraft {
  return {
    repay: centsToEuroInput(decision.repayCents),
    carry: centsToEuroInput(decision.carryCents),
    measures: decision.measures.map((measure) => newDraftMeasure(`${measure.scorecardId}/${measure.measureId}`, centsToEuroInput(measure.valueCents))),
    reason: decision.reason ?? "",
  };
}

/** An amount field: empty counts as 0. */
function amount(text: string): number | null {
  return text.trim() === "" ? 0 : parseEuroToCents(text);
}

/**
 * Adds the draft up against the proposal.
 * @param draft - the form as typed
 * @param proposalCents - the proposed amount
 */
export function summarizeDraft(draft: SettlementDraft, proposalCents: number): DraftSummary {
  const repayCents = amount(draft.repay);
  const carryCents = amount(draft.carry);
  const measureCents = draft.measures.map((measure) => parseEuroToCents(measure.value));
  const offsetCents = measureCents.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  const known = repayCents !== null && carryCents !== null && measureCents.every((value) => value !== null);
  const totalCents = known ? repayCents + carryCents + offsetCents : null;
  const differenceCents = totalCents === null ? null : totalCents - proposalCents;
  return { repayCents, carryCents, measureCents, offsetCents, totalCents, differenceCents, reasonMissing: differenceCents !== 0 && draft.reason.trim().length < MIN_REASON_LENGTH };
}

/**
 * The request's parts, or the first field that is not an amount or not chosen.
 * @param draft - the form as typed
 * @returns the parts (offset = Σ of the measures), or `{ field }` naming the bad field
 */
export function draftParts(draft: SettlementDraft): { ok: true; parts: PartsBody } | { ok: false; field: string } {
  const summary = summarizeDraft(draft, 0);
  if (summary.repayCents === null) return { ok: false, field: "repay" };
  if (summary.carryCents === null) return { ok: false, field: "carry" };
  const measures = [];
  for (const [index, measure] of draft.measures.entries()) {
    const valueCents = summary.measureCents[index];
    if (measure.choice === "") return { ok: false, field: `measure-${measure.key}` };
    if (valueCents === null || valueCents === undefined) return { ok: false, field: `value-${measure.key}` };
    const [scorecardId, measureId] = measure.choice.split("/");
    measures.push({ scorecardId, measureId, valueCents });
  }
  const reason = draft.reason.trim();
  return { ok: true, parts: { repayCents: summary.repayCents, offsetCents: summary.offsetCents, carryCents: summary.carryCents, measures, reason: reason === "" ? null : reason } };
}
