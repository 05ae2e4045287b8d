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

function selectSettlement(db: Db) {
  return db
    .selectFrom("settlements as s")
    .innerJoin("users as cu", "cu.id", "s.created_by")
    .innerJoin("users as uu", "uu.id", "s.updated_by")
    .leftJoin("users as fu", "fu.id", "s.funder_confirmed_by")
    .leftJoin("users as pu", "pu.id", "s.provider_confirmed_by")
    .leftJoin("talks as t", "t.id", "s.talk_id")
    .select((eb) => [
      "s.id",
      "s.provider_id as providerId",
      "s.from_year as fromYear",
      "s.to_year as toYear",
      "s.revision",
      "s.based_on_json as basedOnJson",
      "s.fingerprint",
      "s.computed_at as computedAt",
      "s.proposal_cents as proposalCents",
      "s.repay_cents as repayCents",
      "s.offset_cents as offsetCents",
      "s.carry_cents as carryCents",
      "s.measures_json as measuresJson",
      "s.reason",
      "s.correction_reason as correctionReason",
      "s.supersedes",
      eb.selectFrom("settlements as c").select("c.id").whereRef("c.supersedes", "=", "s.id").where("c.confirmed_at", "is not", null).as("supersededBy"),
      "s.funder_confirmed_by as funderBy",
      "fu.name as funderName",
      "s.funder_confirmed_at as funderAt",
      "s.provider_confirmed_by as providerBy",
      "pu.name as providerName",
      "s.provider_confirmed_at as providerAt",
      "s.confirmed_at as confirmedAt",
      "s.talk_id as talkId",
      "t.starts_at as talkStartsAt",
      "s.created_by as createdBy",
      "cu.name as createdByName",
      "s.created_at as createdAt",
      "s.updated_by as updatedBy",
      "uu.name as updatedByName",
      "s.updated_at as updatedAt",
    ]);
}

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
export async function insertSettlement(db: Db, settlement: NewSettlement): Promise<void> {
  await db
    .insertInto("settlements")
    .values({
      id: settlement.id,
      provider_id: settlement.providerId,
      from_year: settlement.fromYear,
      to_year: settlement.toYear,
      revision: 1,
      based_on_json: JSON.stringify(settlement.basedOn),
      fingerprint: settlement.fingerprint,
      computed_at: settlement.computedAt,
      proposal_cents: settlement.proposalCents,
      repay_cents: settlement.repayCents,
      offset_cents: settlement.offsetCents,
      carry_cents: settlement.carryCents,
      measures_json: JSON.stringify(settlement.measures),
      reason: settlement.reason,
      correction_reason: settlement.correctionReason,
      supersedes: settlement.supersedes,
      created_by: settlement.userId,
      created_at: settlement.at,
      updated_by: settlement.userId,
      updated_at: settlement.at,
    })
    .execute();
}

/**
 * Replaces a proposal's numbers and parts and clears its confirmations, if it is still the
 * revision the user saw and nobody confirmed it for both sides.
 * @returns false when it was confirmed or changed meanwhile (nothing written)
 */
export async function updateSettlement(db: Db, id: string, revision: number, content: SettlementContent, userId: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable("settlements")
    .set((eb) => ({
      revision: eb("revision", "+", 1),
      based_on_json: JSON.stringify(content.basedOn),
      fingerprint: content.fingerprint,
      computed_at: content.computedAt,
      proposal_cents: content.proposalCents,
      repay_cents: content.repayCents,
      offset_cents: content.offsetCents,
      carry_cents: content.carryCents,
      measures_json: JSON.stringify(content.measures),
      reason: content.reason,
      funder_confirmed_by: null,
      funder_confirmed_at: null,
      provider_confirmed_by: null,
      provider_confirmed_at: null,
      updated_by: userId,
      updated_at: at,
    }))
    .where("id", "=", id)
    .where("revision", "=", revision)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records one side's confirmation of a revision. When the other side has confirmed already
 * (read by the same statement, so two sides confirming at once cannot both miss it), the
 * decision becomes final: `confirmed_at` and the running talk are set.
 * @returns false when that side already confirmed, the revision changed or it is final
 */
export async function recordConfirmation(db: Db, confirm: { id: string; revision: number; side: SettlementSide; userId: string; at: number; talkId: string | null }): Promise<boolean> {
  const [by, at, other] =
    confirm.side === "funder"
      ? (["funder_confirmed_by", "funder_confirmed_at", "provider_confirmed_by"] as const)
      : (["provider_confirmed_by", "provider_confirmed_at", "funder_confirmed_by"] as const);
  const result = await db
    .updateTable("settlements")
    .set((eb) => ({
      [by]: confirm.userId,
      [at]: confirm.at,
      // Typed, since PostgreSQL cannot infer a parameter's type inside CASE.
      confirmed_at: eb
        .case()
        .when(other, "is not", null)
        .then(eb.cast<number>(eb.val(confirm.at), "bigint"))
        .else(null)
        .end(),
      talk_id: eb
        .case()
        .when(other, "is not", null)
        .then(eb.cast<string | null>(eb.val(confirm.talkId), "text"))
        .else(null)
        .end(),
    }))
    .where("id", "=", confirm.id)
    .where("revision", "=", confirm.revision)
    .where(by, "is", null)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A decision of a provider by id, or undefined. */
export async function findSettlement(db: Db, providerId: string, id: string): Promise<StoredSettlement | undefined> {
  const row = (await selectSettlement(db).where("s.id", "=", id).where("s.provider_id", "=", providerId).executeTakeFirst()) as SettlementRecord | undefined;
  return row && toSettlement(row);
}

/** Every decision of a provider, newest first. */
export async function listSettlements(db: Db, providerId: string): Promise<StoredSettlement[]> {
  const rows = await selectSettlement(db).where("s.provider_id", "=", providerId).orderBy("s.created_at", "desc").orderBy("s.id").execute();
  return (rows as SettlementRecord[]).map(toSettlement);
}

/** The decisions confirmed while a talk was running, oldest first (for its minutes). */
export async function listSettlementsOfTalk(db: Db, talkId: string): Promise<StoredSettlement[]> {
  const rows = await selectSettlement(db).where("s.talk_id", "=", talkId).orderBy("s.confirmed_at").orderBy("s.id").execute();
  return (rows as SettlementRecord[]).map(toSettlement);
}

/**
 * Decisions of a provider whose span overlaps the given years and that still count: open
 * proposals, and confirmed decisions not replaced by a confirmed correction.
 */
export async function listLiveSettlements(db: Db, providerId: string, fromYear: number, toYear: number): Promise<StoredSettlement[]> {
  return (await listSettlements(db, providerId)).filter((s) => s.fromYear <= toYear && s.toYear >= fromYear && s.supersededBy === null);
}

/** A provider's steering talk that is running now, the latest started first; null when none. */
export async function findRunningTalkOfProvider(db: Db, providerId: string): Promise<{ id: string; scorecardId: string } | null> {
  const row = await db
    .selectFrom("talks as t")
    .innerJoin("scorecards as s", "s.id", "t.scorecard_id")
    .select(["t.id", "t.scorecard_id as scorecardId"])
    .where("s.provider_id", "=", providerId)
    .where("s.deleted_at", "is", null)
    .where("t.state", "=", "running")
    .orderBy("t.started_at", "desc")
    .orderBy("t.id")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
