import { sql } from "kysely";
import { isPostgres, type Db } from "./db";

/**
 * Reads of the audit check (server/audit/verify.ts): the hash chains of updates, versions
 * and audit events, and the checkpoints, page by page in chain order.
 */

/** One stored update as the check reads it. */
export interface ChainedUpdate {
  seq: number;
  userId: string | null;
  createdAt: number;
  data: Buffer;
  prevHash: Buffer | null;
  hash: Buffer | null;
}

/** One version as the check reads it. */
export interface ChainedVersion {
  id: number;
  number: number;
  kind: string;
  name: string;
  createdBy: string | null;
  createdAt: number;
  upToSeq: number;
  updateHash: Buffer | null;
  state: Buffer;
  kpisJson: string;
  authorsJson: string;
  prevHash: Buffer | null;
  hash: Buffer | null;
}

/** One audit event as the check reads it. */
export interface ChainedEvent {
  id: number;
  kind: string;
  scorecardId: string | null;
  userId: string | null;
  createdAt: number;
  detailJson: string;
  prevHash: Buffer | null;
  hash: Buffer | null;
}

/**
 * Runs `work` on one snapshot of the database, so that every read sees the same moment
 * while servers keep writing: SQLite's deferred transaction (a read takes no write lock,
 * and in WAL mode writers go on), PostgreSQL's repeatable read. Joins an open transaction.
 * Also works on a database opened for reading only.
 */
export async function inReadSnapshot<T>(db: Db, work: (snapshot: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (isPostgres(db)) return db.transaction().setIsolationLevel("repeatable read").execute(work);
  return db.connection().execute(async (connection) => {
    await sql`BEGIN`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`COMMIT`.execute(connection);
    }
  });
}

/** Every scorecard with updates, versions or checkpoints (also purged ones' leftovers), by id. */
export async function scorecardsWithRecords(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("doc_updates")
    .select("scorecard_id")
    .union(db.selectFrom("versions").select("scorecard_id"))
    .union(db.selectFrom("doc_checkpoints").select("scorecard_id"))
    .orderBy("scorecard_id")
    .execute();
  return rows.map((row) => row.scorecard_id);
}

/** Whether any update, version or scorecard row has this id. */
export async function scorecardHasRecords(db: Db, scorecardId: string): Promise<boolean> {
  const row = await db
    .selectFrom("scorecards")
    .select("id")
    .where("id", "=", scorecardId)
    .union(db.selectFrom("doc_updates").select("scorecard_id as id").where("scorecard_id", "=", scorecardId))
    .union(db.selectFrom("versions").select("scorecard_id as id").where("scorecard_id", "=", scorecardId))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A scorecard's updates after `afterSeq`, oldest first. */
export async function pageOfUpdates(db: Db, scorecardId: string, afterSeq: number, limit: number): Promise<ChainedUpdate[]> {
  return db
    .selectFrom("doc_updates")
    .select(["seq", "user_id as userId", "created_at as createdAt", "update_data as data", "prev_hash as prevHash", "hash"])
    .where("scorecard_id", "=", scorecardId)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

/** The update with this hash, if any (to tell a removed update from a moved one). */
export async function updateWithHash(db: Db, hash: Uint8Array): Promise<{ seq: number; scorecardId: string } | undefined> {
  return db.selectFrom("doc_updates").select(["seq", "scorecard_id as scorecardId"]).where("hash", "=", toBuffer(hash)).limit(1).executeTakeFirst();
}

/** The hash of a scorecard's update `seq`, or null when there is none. */
export async function updateHashAt(db: Db, seq: number, scorecardId: string): Promise<Buffer | null> {
  const row = await db.selectFrom("doc_updates").select("hash").where("seq", "=", seq).where("scorecard_id", "=", scorecardId).executeTakeFirst();
  return row?.hash ?? null;
}

/** The seqs a scorecard's checkpoints cover, ascending. */
export async function checkpointSeqs(db: Db, scorecardId: string): Promise<number[]> {
  const rows = await db.selectFrom("doc_checkpoints").select("up_to_seq").where("scorecard_id", "=", scorecardId).orderBy("up_to_seq").execute();
  return rows.map((row) => row.up_to_seq);
}

/** The state of one checkpoint. */
export async function checkpointState(db: Db, scorecardId: string, upToSeq: number): Promise<Buffer | undefined> {
  const row = await db.selectFrom("doc_checkpoints").select("state").where("scorecard_id", "=", scorecardId).where("up_to_seq", "=", upToSeq).executeTakeFirst();
  return row?.state;
}

/** A scorecard's versions after number `afterNumber`, in number order. */
export async function pageOfVersions(db: Db, scorecardId: string, afterNumber: number, limit: number): Promise<ChainedVersion[]> {
  return db
    .selectFrom("versions")
    .select([
      "id",
      "number",
      "kind",
      "name",
      "created_by as createdBy",
      "created_at as createdAt",
      "up_to_seq as upToSeq",
      "update_hash as updateHash",
      "state",
      "kpis_json as kpisJson",
      "authors_json as authorsJson",
      "prev_hash as prevHash",
      "hash",
    ])
    .where("scorecard_id", "=", scorecardId)
    .where("number", ">", afterNumber)
    .orderBy("number")
    .limit(limit)
    .execute();
}

/** Audit events after id `afterId`, in id order. */
export async function pageOfEvents(db: Db, afterId: number, limit: number): Promise<ChainedEvent[]> {
  return db
    .selectFrom("audit_events")
    .select(["id", "kind", "scorecard_id as scorecardId", "user_id as userId", "created_at as createdAt", "detail_json as detailJson", "prev_hash as prevHash", "hash"])
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The hash of the newest update, of one scorecard or of the whole store; null when there is none. */
export async function newestUpdateHash(db: Db, scorecardId?: string): Promise<Buffer | null> {
  let query = db.selectFrom("doc_updates").select("hash");
  if (scorecardId !== undefined) query = query.where("scorecard_id", "=", scorecardId);
  const row = await query.orderBy("seq", "desc").limit(1).executeTakeFirst();
  return row?.hash ?? null;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
