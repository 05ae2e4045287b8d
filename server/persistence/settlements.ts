import type { ReconcileResult, SettlementConfirmation, SettlementDecision, SettlementMeasure, SettlementSide } from "../../shared/domain/settlement";
import type { Db } from "./db";

/** A stored decision: everything but what is computed when it is listed. */
export type StoredSettlement = Omit<SettlementDecision, "figuresChanged" | "supersededBy"> & {
  /** The confirmed correction that replaced it. */
  supersededBy: string | null;
};

interface SettlementRecord {
  id: string;
  providerId: string;
  fromYear: number;
  toYear: number;
  revision: number;
  basedOnJson: string;
  fingerprint: string;
  computedAt: number;
  proposalCents: number;
  repayCents: number;
  offsetCents: number;
  carryCents: number;
  measuresJson: string;
  reason: string | null;
  correctionReason: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  funderBy: string | null;
  funderName: string | null;
  funderAt: number | null;
  providerBy: string | null;
  providerName: string | null;
  providerAt: number | null;
  confirmedAt: number | null;
  talkId: string | null;
  talkStartsAt: number | null;
  createdBy: string;
  createdByName: string;
  createdAt: number;
  updatedBy: string;
  updatedByName: string;
  updatedAt: number;
}

const SELECT_SETTLEMENT = `
  SELECT s.id, s.provider_id AS providerId, s.from_year AS fromYear, s.to_year AS toYear, s.revision,
         s.based_on_json AS basedOnJson, s.fingerprint, s.computed_at AS computedAt, s.proposal_cents AS proposalCents,
         s.repay_cents AS repayCents, s.offset_cents AS offsetCents, s.carry_cents AS carryCents, s.measures_json AS measuresJson,
         s.reason, s.correction_reason AS correctionReason, s.supersedes,
         (SELECT c.id FROM settlements c WHERE c.supersedes = s.id AND c.confirmed_at IS NOT NULL) AS supersededBy,
         s.funder_confirmed_by AS funderBy, fu.name AS funderName, s.funder_confirmed_at AS funderAt,
         s.provider_confirmed_by AS providerBy, pu.name AS providerName, s.provider_confirmed_at AS providerAt,
         s.confirmed_at AS confirmedAt, s.talk_id AS talkId, t.starts_at AS talkStartsAt,
         s.created_by AS createdBy, cu.name AS createdByName, s.created_at AS createdAt,
         s.updated_by AS updatedBy, uu.name AS updatedByName, s.updated_at AS updatedAt
  FROM settlements s
  JOIN users cu ON cu.id = s.created_by
  JOIN users uu ON uu.id = s.updated_by
  LEFT JOIN users fu ON fu.id = s.funder_confirmed_by
  LEFT JOIN users pu ON pu.id = s.provider_confirmed_by
  LEFT JOIN talks t ON t.id = s.talk_id`;

const iso = (ms: number) => new Date(ms).toISOString();

function confirmation(userId: string | null, name: string | null, at: number | null): SettlementConfirmation | null {
  return userId === null || at === null ? null : { userId, name: name ?? userId, at: iso(at) };
}

function toSettlement(row: SettlementRecord): StoredSettlement {
  const confirmations = { funder: confirmation(row.funderBy, row.funderName, row.funderAt), provider: confirmation(row.providerBy, row.providerName, row.providerAt) };
  return {
    id: row.id,
    providerId: row.providerId,
    fromYear: row.fromYear,
    toYear: row.toYear,
    revision: row.revision,
    proposalCents: row.proposalCents,
    basedOn: { result: JSON.parse(row.basedOnJson) as ReconcileResult, fingerprint: row.fingerprint, computedAt: iso(row.computedAt) },
    repayCents: row.repayCents,
    offsetCents: row.offsetCents,
    carryCents: row.carryCents,
    measures: JSON.parse(row.measuresJson) as SettlementMeasure[],
    reason: row.reason,
    confirmations,
    state: row.confirmedAt === null ? "proposed" : "confirmed",
    confirmedAt: row.confirmedAt === null ? null : iso(row.confirmedAt),
    supersedes: row.supersedes,
    supersededBy: row.supersededBy,
    correctionReason: row.correctionReason,
    talk: row.talkId !== null && row.talkStartsAt !== null ? { id: row.talkId, startsAt: iso(row.talkStartsAt) } : null,
    createdBy: { userId: row.createdBy, name: row.createdByName },
    createdAt: iso(row.createdAt),
    updatedBy: { userId: row.updatedBy, name: row.updatedByName },
    updatedAt: iso(row.updatedAt),
  };
}

/** The numbers and parts a proposal or change writes. */
export interface SettlementContent {
  /** The reconciliation it is based on. */
  basedOn: ReconcileResult;
  /** Fingerprint of its inputs. */
  fingerprint: string;
  /** When the reconciliation was computed, ms. */
  computedAt: number;
  /** The proposed amount. */
  proposalCents: number;
  /** Repay, cents. */
  repayCents: number;
  /** Offset, cents. */
  offsetCents: number;
  /** Carry, cents. */
  carryCents: number;
  /** The offset's measures. */
  measures: SettlementMeasure[];
  /** The written reason. */
  reason: string | null;
}

/** A new decision. */
export interface NewSettlement extends SettlementContent {
  /** Id. */
  id: string;
  /** The provider. */
  providerId: string;
  /** First year. */
  fromYear: number;
  /** Last year. */
  toYear: number;
  /** The decision it corrects. */
  supersedes: string | null;
  /** Why it corrects it. */
  correctionReason: string | null;
  /** The proposing user. */
  userId: string;
  /** Now, ms. */
  at: number;
}

/**
 * Inserts a new proposal (revision 1, nobody confirmed). Call inside a transaction.
 * @param db - the database
 * @param settlement - the proposal
 */
export function insertSettlement(db: Db, settlement: NewSettlement): void {
  db.prepare(
    `INSERT INTO settlements (id, provider_id, from_year, to_year, revision, based_on_json, fingerprint, computed_at, proposal_cents,
       repay_cents, offset_cents, carry_cents, measures_json, reason, correction_reason, supersedes, created_by, created_at, updated_by, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    settlement.id,
    settlement.providerId,
    settlement.fromYear,
    settlement.toYear,
    JSON.stringify(settlement.basedOn),
    settlement.fingerprint,
    settlement.computedAt,
    settlement.proposalCents,
    settlement.repayCents,
    settlement.offsetCents,
    settlement.carryCents,
    JSON.stringify(settlement.measures),
    settlement.reason,
    settlement.correctionReason,
    settlement.supersedes,
    settlement.userId,
    settlement.at,
    settlement.userId,
    settlement.at,
  );
}

/**
 * Replaces a proposal's numbers and parts and clears its confirmations, if it is still the
 * revision the user saw and nobody confirmed it for both sides.
 * @returns false when it was confirmed or changed meanwhile (nothing written)
 */
export function updateSettlement(db: Db, id: string, revision: number, content: SettlementContent, userId: string, at: number): boolean {
  const result = db
    .prepare(
      `UPDATE settlements SET revision = revision + 1, based_on_json = ?, fingerprint = ?, computed_at = ?, proposal_cents = ?,
         repay_cents = ?, offset_cents = ?, carry_cents = ?, measures_json = ?, reason = ?,
         funder_confirmed_by = NULL, funder_confirmed_at = NULL, provider_confirmed_by = NULL, provider_confirmed_at = NULL,
         updated_by = ?, updated_at = ?
       WHERE id = ? AND revision = ? AND confirmed_at IS NULL`,
    )
    .run(
      JSON.stringify(content.basedOn),
      content.fingerprint,
      content.computedAt,
      content.proposalCents,
      content.repayCents,
      content.offsetCents,
      content.carryCents,
      JSON.stringify(content.measures),
      content.reason,
      userId,
      at,
      id,
      revision,
    );
  return result.changes === 1;
}

/**
 * Records one side's confirmation of a revision. When the other side has confirmed already
 * (read by the same statement, so two sides confirming at once cannot both miss it), the
 * decision becomes final: `confirmed_at` and the running talk are set.
 * @returns false when that side already confirmed, the revision changed or it is final
 */
export function recordConfirmation(db: Db, confirm: { id: string; revision: number; side: SettlementSide; userId: string; at: number; talkId: string | null }): boolean {
  const [by, at, other] =
    confirm.side === "funder" ? ["funder_confirmed_by", "funder_confirmed_at", "provider_confirmed_by"] : ["provider_confirmed_by", "provider_confirmed_at", "funder_confirmed_by"];
  const result = db
    .prepare(
      `UPDATE settlements SET ${by} = ?, ${at} = ?,
         confirmed_at = CASE WHEN ${other} IS NOT NULL THEN CAST(? AS INTEGER) ELSE NULL END,
         talk_id = CASE WHEN ${other} IS NOT NULL THEN CAST(? AS TEXT) ELSE NULL END
       WHERE id = ? AND revision = ? AND ${by} IS NULL AND confirmed_at IS NULL`,
    )
    .run(confirm.userId, confirm.at, confirm.at, confirm.talkId, confirm.id, confirm.revision);
  return result.changes === 1;
}

/** A decision of a provider by id, or undefined. */
export function findSettlement(db: Db, providerId: string, id: string): StoredSettlement | undefined {
  const row = db.prepare(`${SELECT_SETTLEMENT} WHERE s.id = ? AND s.provider_id = ?`).get(id, providerId) as SettlementRecord | undefined;
  return row && toSettlement(row);
}

/** Every decision of a provider, newest first. */
export function listSettlements(db: Db, providerId: string): StoredSettlement[] {
  return (db.prepare(`${SELECT_SETTLEMENT} WHERE s.provider_id = ? ORDER BY s.created_at DESC, s.id`).all(providerId) as SettlementRecord[]).map(toSettlement);
}

/** The decisions confirmed while a talk was running, oldest first (for its minutes). */
export function listSettlementsOfTalk(db: Db, talkId: string): StoredSettlement[] {
  return (db.prepare(`${SELECT_SETTLEMENT} WHERE s.talk_id = ? ORDER BY s.confirmed_at, s.id`).all(talkId) as SettlementRecord[]).map(toSettlement);
}

/**
 * Decisions of a provider whose span overlaps the given years and that still count: open
 * proposals, and confirmed decisions not replaced by a confirmed correction.
 */
export function listLiveSettlements(db: Db, providerId: string, fromYear: number, toYear: number): StoredSettlement[] {
  return listSettlements(db, providerId).filter((s) => s.fromYear <= toYear && s.toYear >= fromYear && s.supersededBy === null);
}

/** A provider's steering talk that is running now, the latest started first; null when none. */
export function findRunningTalkOfProvider(db: Db, providerId: string): { id: string; scorecardId: string } | null {
  const row = db
    .prepare(
      `SELECT t.id, t.scorecard_id AS scorecardId FROM talks t JOIN scorecards s ON s.id = t.scorecard_id
       WHERE s.provider_id = ? AND s.deleted_at IS NULL AND t.state = 'running' ORDER BY t.started_at DESC, t.id LIMIT 1`,
    )
    .get(providerId) as { id: string; scorecardId: string } | undefined;
  return row ?? null;
}
