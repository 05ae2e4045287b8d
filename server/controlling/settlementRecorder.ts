/**
 * Year-end reconciliation decisions: propose, change, confirm and correct, each in one
 * transaction with its audit event. The rules are `shared/domain/settlement.ts`; this adds
 * what needs the store: the numbers now, overlapping decisions, the running talk, the
 * measures' links.
 */
import { randomUUID } from "node:crypto";
import { type SettlementChange, type SettlementCorrection, type SettlementDecision, type SettlementProposal, type SettlementSide } from "../../shared/domain/settlement";
import { checkAgainstProposal, checkChange, checkConfirm, checkCorrect, proposalOf, settlementSide, spanLabel, type RuleResult } from "../../shared/domain/settlementRules";
import { AppError, badRequest, forbidden, notFound } from "../errors";
import { recordAuditEvent, type AuditEventKind } from "../persistence/auditEvents";
import { lockKey, transaction, type Db } from "../persistence/db";
import {
  findRunningTalkOfProvider,
  findSettlement,
  insertSettlement,
  listLiveSettlements,
  listSettlements,
  recordConfirmation,
  updateSettlement,
  type SettlementContent,
  type StoredSettlement,
} from "../persistence/settlements";
import type { UserRecord } from "../persistence/users";
import { loadProviderDataset } from "./kpiService";
import { inputFingerprint, reconcileProvider } from "./reconciliation";
import { providerScorecards, resolveMeasures, writeMeasureLinks, type SettlementMeasureDeps } from "./settlementMeasures";

/** The parts of a request: repay, offset with measures, carry and reason. */
type PartsBody = Pick<SettlementProposal, "repayCents" | "offsetCents" | "carryCents" | "measures" | "reason">;

function enforce(result: RuleResult): void {
  if (result.ok) return;
  if (result.code === "forbidden") throw forbidden(result.message);
  if (result.code === "invalid") throw badRequest(result.message);
  throw new AppError(409, "conflict", result.message);
}

function sideOf(user: UserRecord, providerId: string): SettlementSide | null {
  return settlementSide(user, providerId);
}

/**
 * Every decision of a provider, newest first, each saying whether the inputs of its span
 * changed since its numbers were taken.
 * @param deps - the database
 * @param providerId - the provider
 */
export async function listDecisions(deps: Pick<SettlementMeasureDeps, "db">, providerId: string): Promise<SettlementDecision[]> {
  const stored = await listSettlements(deps.db, providerId);
  if (stored.length === 0) return [];
  const dataset = await loadProviderDataset(deps.db, providerId);
  const fingerprints = new Map<string, string>();
  return stored.map((decision) => {
    const key = `${decision.fromYear}-${decision.toYear}`;
    let now = fingerprints.get(key);
    if (now === undefined) fingerprints.set(key, (now = inputFingerprint(dataset, decision.fromYear, decision.toYear)));
    return { ...decision, figuresChanged: now !== decision.basedOn.fingerprint };
  });
}

async function decisionOf(deps: Pick<SettlementMeasureDeps, "db">, providerId: string, id: string): Promise<SettlementDecision> {
  const decision = (await listDecisions(deps, providerId)).find((d) => d.id === id);
  if (!decision) throw notFound("Entscheidung zum Jahresabgleich");
  return decision;
}

/** The numbers now and the parts checked against them, ready to store. */
async function contentFor(deps: SettlementMeasureDeps, providerId: string, fromYear: number, toYear: number, body: PartsBody, allowMeasuresOf: string | null): Promise<SettlementContent> {
  const view = await reconcileProvider(deps.db, providerId, fromYear, toYear);
  const proposalCents = proposalOf(view.result);
  const reason = body.reason?.trim() ? body.reason.trim() : null;
  enforce(checkAgainstProposal({ ...body, reason }, proposalCents));
  // A measure credits one decision that counts; the decision being corrected may pass its own on.
  const taken = new Map<string, string>();
  for (const live of await listSettlements(deps.db, providerId)) {
    if (live.supersededBy !== null || live.state !== "confirmed" || live.id === allowMeasuresOf) continue;
    for (const measure of live.measures) taken.set(`${measure.scorecardId}/${measure.measureId}`, spanLabel(live.fromYear, live.toYear));
  }
  const measures = await resolveMeasures(deps, providerId, body.measures, taken);
  return {
    basedOn: view.result,
    fingerprint: view.fingerprint,
    computedAt: Date.parse(view.computedAt),
    proposalCents,
    repayCents: body.repayCents,
    offsetCents: body.offsetCents,
    carryCents: body.carryCents,
    measures,
    reason,
  };
}

/** The scorecard an event is filed under, so the scorecard's audit report shows it. */
async function auditScorecard(db: Db, providerId: string, decision: { measures: { scorecardId: string }[] }, talkScorecard: string | null): Promise<string | null> {
  return talkScorecard ?? decision.measures[0]?.scorecardId ?? (await providerScorecards(db, providerId))[0]?.id ?? null;
}

/** Records a decision's audit event; `db` is the transaction that stores the decision. */
async function audit(
  db: Db,
  kind: AuditEventKind,
  user: UserRecord,
  decision: StoredSettlement | (SettlementContent & { id: string; providerId: string; fromYear: number; toYear: number }),
  extra: Record<string, unknown>,
  talkScorecard: string | null = null,
): Promise<void> {
  await recordAuditEvent(db, {
    kind,
    scorecardId: await auditScorecard(db, decision.providerId, decision, talkScorecard),
    userId: user.id,
    detail: {
      settlementId: decision.id,
      providerId: decision.providerId,
      span: spanLabel(decision.fromYear, decision.toYear),
      proposalCents: decision.proposalCents,
      repayCents: decision.repayCents,
      offsetCents: decision.offsetCents,
      carryCents: decision.carryCents,
      measures: decision.measures.map((m) => `${m.title}: ${m.valueCents}`),
      reason: decision.reason,
      ...extra,
    },
  });
}

/**
 * Refuses a new proposal for years that a decision still counting already covers: an open
 * proposal is changed instead, a confirmed decision corrected.
 * @throws AppError 409
 */
async function refuseOverlap(db: Db, providerId: string, fromYear: number, toYear: number): Promise<void> {
  const overlapping = await listLiveSettlements(db, providerId, fromYear, toYear);
  const open = overlapping.find((s) => s.state === "proposed" && s.supersedes === null);
  if (open) throw new AppError(409, "conflict", `Für ${spanLabel(open.fromYear, open.toYear)} liegt bereits ein Vorschlag vor; bitte diesen ändern.`);
  const confirmed = overlapping.find((s) => s.state === "confirmed");
  if (confirmed) throw new AppError(409, "conflict", `Für ${spanLabel(confirmed.fromYear, confirmed.toYear)} gibt es bereits eine bestätigte Entscheidung; bitte diese korrigieren.`);
}

/**
 * Proposes a decision for a span: the numbers are computed now and kept with it.
 * @throws AppError 403 without a side, 400 for parts that do not fit, 404 for a year
 *   without agreement, 409 when a decision of an overlapping span still counts
 */
export async function proposeSettlement(deps: SettlementMeasureDeps, user: UserRecord, providerId: string, body: SettlementProposal): Promise<SettlementDecision> {
  const side = sideOf(user, providerId);
  if (side === null) throw forbidden("Nur Bearbeiterinnen und Bearbeiter des Leistungsträgers und dieses Leistungserbringers schlagen einen Jahresabgleich vor.");
  await refuseOverlap(deps.db, providerId, body.fromYear, body.toYear);
  // Before the transaction: it reads the measures' documents, which is more than the database.
  const content = await contentFor(deps, providerId, body.fromYear, body.toYear, body, null);
  const id = randomUUID();
  await transaction(deps.db, async (trx) => {
    await lockKey(trx, `settlements:${providerId}`);
    // Again under the lock: another proposal may have come in meanwhile.
    await refuseOverlap(trx, providerId, body.fromYear, body.toYear);
    await insertSettlement(trx, { ...content, id, providerId, fromYear: body.fromYear, toYear: body.toYear, supersedes: null, correctionReason: null, userId: user.id, at: Date.now() });
    await audit(trx, "settlement.proposed", user, { ...content, id, providerId, fromYear: body.fromYear, toYear: body.toYear }, { side });
  });
  return decisionOf(deps, providerId, id);
}

/**
 * Changes a proposal: new parts on the numbers as they are now; earlier confirmations end.
 * @throws AppError 403 without a side, 404, 409 when confirmed or changed meanwhile, 400
 */
export async function changeSettlement(deps: SettlementMeasureDeps, user: UserRecord, providerId: string, id: string, body: SettlementChange): Promise<SettlementDecision> {
  const decision = await findSettlement(deps.db, providerId, id);
  if (!decision) throw notFound("Entscheidung zum Jahresabgleich");
  const side = sideOf(user, providerId);
  enforce(checkChange(decision, side, body.revision));
  const content = await contentFor(deps, providerId, decision.fromYear, decision.toYear, body, decision.supersedes);
  await transaction(deps.db, async (trx) => {
    if (!(await updateSettlement(trx, id, body.revision, content, user.id, Date.now()))) {
      throw new AppError(409, "conflict", "revision: Der Vorschlag wurde inzwischen geändert oder bestätigt; bitte neu laden.");
    }
    const cleared = (["funder", "provider"] as const).filter((s) => decision.confirmations[s] !== null);
    await audit(
      trx,
      "settlement.changed",
      user,
      { ...content, id, providerId, fromYear: decision.fromYear, toYear: decision.toYear },
      { side, revision: body.revision + 1, clearedConfirmations: cleared },
    );
  });
  return decisionOf(deps, providerId, id);
}

/**
 * Confirms a proposal for the user's side. The second side's confirmation makes it final:
 * it records the talk running now, and the measures get their link.
 * @throws AppError 403 without a side, 404, 409 ("Diese Seite hat bereits bestätigt.",
 *   confirmed, changed meanwhile, or figures changed since the proposal)
 */
export async function confirmSettlement(deps: SettlementMeasureDeps, user: UserRecord, providerId: string, id: string, revision: number): Promise<SettlementDecision> {
  const decision = await decisionOf(deps, providerId, id);
  const side = sideOf(user, providerId);
  enforce(checkConfirm(decision, side, revision));
  if (decision.figuresChanged) {
    throw new AppError(
      409,
      "figures_changed",
      `Die Zahlen des Jahresabgleichs ${spanLabel(decision.fromYear, decision.toYear)} haben sich seit diesem Vorschlag geändert; bitte den Vorschlag mit den aktuellen Zahlen neu speichern („Ändern“) und dann bestätigen.`,
    );
  }
  const mySide = side as SettlementSide;
  const talk = await findRunningTalkOfProvider(deps.db, providerId);
  const confirmed = await transaction(deps.db, async (trx) => {
    if (!(await recordConfirmation(trx, { id, revision, side: mySide, userId: user.id, at: Date.now(), talkId: talk?.id ?? null }))) {
      throw new AppError(409, "conflict", "Diese Seite hat bereits bestätigt, oder der Vorschlag wurde inzwischen geändert; bitte neu laden.");
    }
    const stored = (await findSettlement(trx, providerId, id))!;
    const final = stored.state === "confirmed";
    await audit(
      trx,
      "settlement.confirmed",
      user,
      stored,
      { side: mySide, revision, final, talkId: stored.talk?.id ?? null, supersedes: stored.supersedes },
      final ? (talk?.scorecardId ?? null) : null,
    );
    return stored;
  });
  if (confirmed.state === "confirmed") {
    const replaced = confirmed.supersedes ? ((await findSettlement(deps.db, providerId, confirmed.supersedes)) ?? null) : null;
    await writeMeasureLinks(deps, confirmed, replaced, user.id);
  }
  return decisionOf(deps, providerId, id);
}

/**
 * Corrects a confirmed decision: a new proposal on the numbers as they are now that names
 * the old one; the old one counts until the correction is confirmed by both sides.
 * @throws AppError 403 without a side, 404, 409 when not confirmed, already corrected or a
 *   correction is pending, 400
 */
export async function correctSettlement(deps: SettlementMeasureDeps, user: UserRecord, providerId: string, id: string, body: SettlementCorrection): Promise<SettlementDecision> {
  const old = await decisionOf(deps, providerId, id);
  const side = sideOf(user, providerId);
  enforce(checkCorrect(old, side));
  const content = await contentFor(deps, providerId, old.fromYear, old.toYear, body, old.id);
  const newId = randomUUID();
  await transaction(deps.db, async (trx) => {
    await lockKey(trx, `settlements:${providerId}`);
    const pending = (await listSettlements(trx, providerId)).find((s) => s.supersedes === old.id);
    if (pending) throw new AppError(409, "conflict", "Zu dieser Entscheidung liegt bereits ein Korrekturvorschlag vor; bitte diesen ändern.");
    await insertSettlement(trx, {
      ...content,
      id: newId,
      providerId,
      fromYear: old.fromYear,
      toYear: old.toYear,
      supersedes: old.id,
      correctionReason: body.correctionReason,
      userId: user.id,
      at: Date.now(),
    });
    await audit(
      trx,
      "settlement.corrected",
      user,
      { ...content, id: newId, providerId, fromYear: old.fromYear, toYear: old.toYear },
      { side, supersedes: old.id, correctionReason: body.correctionReason },
    );
  });
  return decisionOf(deps, providerId, newId);
}
