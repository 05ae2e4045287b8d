import { formatCents } from "../format/germanNumbers";
import type { ReconcileResult } from "../kpi/reconcile";
import { MIN_REASON_LENGTH, type SettlementConfirmation, type SettlementDecision, type SettlementParts, type SettlementSide } from "./settlement";

/**
 * The rules of a reconciliation decision as plain functions, so server and client decide
 * alike: who decides for which side, whether the parts add up to the proposal, and how a
 * proposal is changed, confirmed and corrected (immutable once both sides confirmed).
 */

/** A rule's answer: allowed, or why not (the server turns the code into 403, 409 or 400). */
export type RuleResult = { ok: true } | { ok: false; code: "forbidden" | "conflict" | "invalid"; message: string };

const OK: RuleResult = { ok: true };
const refuse = (code: "forbidden" | "conflict" | "invalid", message: string): RuleResult => ({ ok: false, code, message });

/** What the side of a user depends on. */
export interface SidePrincipal {
  /** The user's organisation. */
  organisationId: string;
  /** Its kind. */
  organisationKind: "funder" | "provider";
  /** Editor or viewer. */
  role: "editor" | "viewer";
  /** Set when the user was disabled. */
  disabledAt: number | null;
}

/**
 * The side a user proposes, changes and confirms for: editors of the funder and editors of
 * that very provider; viewers, admins without edit rights and other providers have none.
 * @param user - the user
 * @param providerId - the provider the decision is about
 * @returns "funder", "provider" or null
 */
export function settlementSide(user: SidePrincipal, providerId: string): SettlementSide | null {
  if (user.disabledAt !== null || user.role !== "editor") return null;
  if (user.organisationKind === "funder") return "funder";
  return user.organisationId === providerId ? "provider" : null;
}

/**
 * The amount the numbers propose to settle: the repayment of an under-run, else 0.
 * @param result - the reconciliation
 */
export function proposalOf(result: Pick<ReconcileResult, "settlement">): number {
  return result.settlement.outcome === "underRun" ? result.settlement.repaymentCents : 0;
}

/** Σ repay + offset + carry, cents. */
export function partsTotal(parts: Pick<SettlementParts, "repayCents" | "offsetCents" | "carryCents">): number {
  return parts.repayCents + parts.offsetCents + parts.carryCents;
}

/**
 * Whether the parts may settle the proposal: they add up to it, or a written reason of at
 * least {@link MIN_REASON_LENGTH} characters says why not.
 * @param parts - the parts and the reason
 * @param proposalCents - the proposed amount
 */
export function checkAgainstProposal(parts: Pick<SettlementParts, "repayCents" | "offsetCents" | "carryCents" | "reason">, proposalCents: number): RuleResult {
  const total = partsTotal(parts);
  if (total === proposalCents) return OK;
  if ((parts.reason ?? "").trim().length >= MIN_REASON_LENGTH) return OK;
  return refuse(
    "invalid",
    `reason: Rückzahlung, Ausgleich und Übertrag ergeben ${formatCents(total)}, vorgeschlagen sind ${formatCents(proposalCents)}; bitte schriftlich begründen, warum (mindestens ${MIN_REASON_LENGTH} Zeichen)`,
  );
}

/** Whether both sides confirmed. */
export function isConfirmed(decision: Pick<SettlementDecision, "confirmations">): boolean {
  return decision.confirmations.funder !== null && decision.confirmations.provider !== null;
}

const IMMUTABLE = "Eine bestätigte Entscheidung ist unveränderlich; eine Korrektur ist eine neue Entscheidung („Korrigieren“).";
const NO_SIDE = "Nur Bearbeiterinnen und Bearbeiter des Leistungsträgers und dieses Leistungserbringers entscheiden über den Jahresabgleich.";

/**
 * Whether a side may change a decision: only a proposal, by either side's editors.
 * @param decision - the decision
 * @param side - the user's side, null without one
 * @param revision - the revision the user saw
 */
export function checkChange(decision: Pick<SettlementDecision, "confirmations" | "revision">, side: SettlementSide | null, revision: number): RuleResult {
  if (side === null) return refuse("forbidden", NO_SIDE);
  if (isConfirmed(decision)) return refuse("conflict", IMMUTABLE);
  if (revision !== decision.revision) return refuse("conflict", `revision: Der Vorschlag wurde inzwischen geändert (Fassung ${decision.revision}); bitte die aktuelle Fassung prüfen.`);
  return OK;
}

/** A change of a proposal clears every earlier confirmation: nobody confirmed the new parts. */
export function confirmationsAfterChange(): Record<SettlementSide, SettlementConfirmation | null> {
  return { funder: null, provider: null };
}

/**
 * Whether a side may confirm: once per side, the revision it saw, never after both confirmed.
 * @param decision - the decision
 * @param side - the user's side, null without one
 * @param revision - the revision the user confirms
 */
export function checkConfirm(decision: Pick<SettlementDecision, "confirmations" | "revision">, side: SettlementSide | null, revision: number): RuleResult {
  if (side === null) return refuse("forbidden", NO_SIDE);
  if (isConfirmed(decision)) return refuse("conflict", IMMUTABLE);
  if (decision.confirmations[side] !== null) return refuse("conflict", "Diese Seite hat bereits bestätigt.");
  if (revision !== decision.revision)
    return refuse("conflict", `revision: Der Vorschlag wurde inzwischen geändert (Fassung ${decision.revision}); bitte die aktuelle Fassung prüfen und dann bestätigen.`);
  return OK;
}

/**
 * The confirmations after a side confirmed.
 * @param current - the confirmations so far
 * @param side - the confirming side
 * @param confirmation - who and when
 */
export function withConfirmation(
  current: Record<SettlementSide, SettlementConfirmation | null>,
  side: SettlementSide,
  confirmation: SettlementConfirmation,
): Record<SettlementSide, SettlementConfirmation | null> {
  return { ...current, [side]: confirmation };
}

/**
 * Whether a side may correct a decision: only a confirmed one, not yet replaced.
 * @param decision - the decision to correct
 * @param side - the user's side, null without one
 */
export function checkCorrect(decision: Pick<SettlementDecision, "confirmations" | "supersededBy">, side: SettlementSide | null): RuleResult {
  if (side === null) return refuse("forbidden", NO_SIDE);
  if (!isConfirmed(decision)) return refuse("conflict", "Nur eine bestätigte Entscheidung wird korrigiert; einen Vorschlag bitte ändern.");
  if (decision.supersededBy !== null) return refuse("conflict", "Diese Entscheidung wurde bereits korrigiert; bitte die neuere Entscheidung korrigieren.");
  return OK;
}

/**
 * The span as text: "2025" or "2023–2025".
 * @param fromYear - first year
 * @param toYear - last year
 */
export function spanLabel(fromYear: number, toYear: number): string {
  return fromYear === toYear ? String(fromYear) : `${fromYear}–${toYear}`;
}
