import { lockVersions, transaction, type Db } from "./db";
import { versionHash, type VersionRecord } from "../audit/records";
import type { VersionKind } from "../../shared/domain/versions";

/** A stored version, without its state. */
export interface VersionRow {
  id: number;
  scorecardId: string;
  number: number;
  kind: VersionKind;
  name: string;
  createdBy: string | null;
  createdAt: number;
  upToSeq: number;
  authorsJson: string;
  hash: Uint8Array;
}

/** A stored version with its content. */
export interface VersionWithState extends VersionRow {
  /** The encoded Yjs state of the whole document. */
  state: Uint8Array;
  /** The KPI values shown at that moment, as JSON (KpiSnapshot). */
  kpisJson: string;
}

/** What a new version consists of; number, hashes and id are assigned on insert. */
export interface NewVersionRecord {
  scorecardId: string;
  kind: VersionKind;
  name: string;
  createdBy: string | null;
  createdAt: number;
  upToSeq: number;
  state: Uint8Array;
  kpisJson: string;
  authorsJson: string;
}

const COLUMNS = [
  "id",
  "scorecard_id as scorecardId",
  "number",
  "kind",
  "name",
  "created_by as createdBy",
  "created_at as createdAt",
  "up_to_seq as upToSeq",
  "authors_json as authorsJson",
  "hash",
] as const;

/**
 * Appends a version to the scorecard's version chain. The version seals the update
 * chain at `upToSeq`: its hash covers the hash of that update.
 * @param db - the database or an open transaction, which the append joins
 * @returns the stored version
 */
export async function insertVersion(db: Db, record: NewVersionRecord): Promise<VersionRow> {
  return transaction(db, async (trx) => {
    await lockVersions(trx, record.scorecardId);
    const previous = await trx.selectFrom("versions").select(["number", "hash"]).where("scorecard_id", "=", record.scorecardId).orderBy("number", "desc").limit(1).executeTakeFirst();
    const updateHash =
      record.upToSeq > 0
        ? ((await trx.selectFrom("doc_updates").select("hash").where("seq", "=", record.upToSeq).where("scorecard_id", "=", record.scorecardId).executeTakeFirst())?.hash ?? null)
        : null;
    if (record.upToSeq > 0 && !updateHash) throw new Error(`update ${record.upToSeq} of scorecard ${record.scorecardId} does not exist`);
    const full: VersionRecord = { ...record, number: (previous?.number ?? 0) + 1, updateHash };
    const prevHash = previous?.hash ?? null;
    const hash = versionHash(prevHash, full);
    const inserted = await trx
      .insertInto("versions")
      .values({
        scorecard_id: full.scorecardId,
        number: full.number,
        kind: full.kind,
        name: full.name,
        created_by: full.createdBy,
        created_at: full.createdAt,
        up_to_seq: full.upToSeq,
        update_hash: updateHash,
        state: toBuffer(full.state),
        kpis_json: full.kpisJson,
        authors_json: full.authorsJson,
        prev_hash: prevHash,
        hash: toBuffer(hash),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: Number(inserted.id),
      scorecardId: full.scorecardId,
      number: full.number,
      kind: record.kind,
      name: full.name,
      createdBy: full.createdBy,
      createdAt: full.createdAt,
      upToSeq: full.upToSeq,
      authorsJson: full.authorsJson,
      hash,
    };
  });
}

/** A scorecard's versions, newest first, without their content. */
export async function listVersions(db: Db, scorecardId: string): Promise<VersionRow[]> {
  const rows = await db.selectFrom("versions").select(COLUMNS).where("scorecard_id", "=", scorecardId).orderBy("number", "desc").execute();
  return rows.map(withBytes);
}

/** The newest version of a scorecard, without its content, or undefined. */
export async function latestVersion(db: Db, scorecardId: string): Promise<VersionRow | undefined> {
  const row = await db.selectFrom("versions").select(COLUMNS).where("scorecard_id", "=", scorecardId).orderBy("number", "desc").limit(1).executeTakeFirst();
  return row && withBytes(row);
}

/** One version of a scorecard with its content, or undefined. */
export async function findVersion(db: Db, scorecardId: string, versionId: number): Promise<VersionWithState | undefined> {
  const row = await db
    .selectFrom("versions")
    .select([...COLUMNS, "state", "kpis_json as kpisJson"])
    .where("scorecard_id", "=", scorecardId)
    .where("id", "=", versionId)
    .executeTakeFirst();
  return row && { ...withBytes(row), state: new Uint8Array(row.state), kpisJson: row.kpisJson };
}

function withBytes<T extends { kind: string; hash: Buffer }>(row: T): Omit<T, "kind" | "hash"> & { kind: VersionKind; hash: Uint8Array } {
  return { ...row, kind: row.kind as VersionKind, hash: new Uint8Array(row.hash) };
}

// Both drivers bind Buffers as binary; a Uint8Array view is passed on without a copy.
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The versions of a scorecard taken in `[fromMs, toMs)`, oldest first, without their states (the audit report). */
export async function listVersionsCreatedBetween(db: Db, scorecardId: string, fromMs: number, toMs: number) {
  return db
    .selectFrom("versions")
    .select(["number", "name", "kind", "created_by as createdBy", "created_at as createdAt"])
    .where("scorecard_id", "=", scorecardId)
    .where("created_at", ">=", fromMs)
    .where("created_at", "<", toMs)
    .orderBy("number")
    .execute();
}
