import { lockVersions, type Db } from "./db";
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

const COLUMNS = `id, scorecard_id AS scorecardId, number, kind, name, created_by AS createdBy, created_at AS createdAt,
  up_to_seq AS upToSeq, authors_json AS authorsJson, hash`;

/**
 * Appends a version to the scorecard's version chain. The version seals the update
 * chain at `upToSeq`: its hash covers the hash of that update.
 * @returns the stored version
 */
export function insertVersion(db: Db, record: NewVersionRecord): VersionRow {
  return db
    .transaction(() => {
      lockVersions(db, record.scorecardId);
      const previous = db.prepare("SELECT number, hash FROM versions WHERE scorecard_id = ? ORDER BY number DESC LIMIT 1").get(record.scorecardId) as { number: number; hash: Buffer } | undefined;
      const updateHash =
        record.upToSeq > 0
          ? ((db.prepare("SELECT hash FROM doc_updates WHERE seq = ? AND scorecard_id = ?").get(record.upToSeq, record.scorecardId) as { hash: Buffer } | undefined)?.hash ?? null)
          : null;
      if (record.upToSeq > 0 && !updateHash) throw new Error(`update ${record.upToSeq} of scorecard ${record.scorecardId} does not exist`);
      const full: VersionRecord = { ...record, number: (previous?.number ?? 0) + 1, updateHash };
      const prevHash = previous?.hash ?? null;
      const hash = versionHash(prevHash, full);
      const id = Number(
        db
          .prepare(
            `INSERT INTO versions (scorecard_id, number, kind, name, created_by, created_at, up_to_seq, update_hash, state, kpis_json, authors_json, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(full.scorecardId, full.number, full.kind, full.name, full.createdBy, full.createdAt, full.upToSeq, updateHash, full.state, full.kpisJson, full.authorsJson, prevHash, hash)
          .lastInsertRowid,
      );
      return {
        id,
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
    })
    .immediate();
}

/** A scorecard's versions, newest first, without their content. */
export function listVersions(db: Db, scorecardId: string): VersionRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM versions WHERE scorecard_id = ? ORDER BY number DESC`).all(scorecardId) as VersionRow[]).map(withBytes);
}

/** The newest version of a scorecard, without its content, or undefined. */
export function latestVersion(db: Db, scorecardId: string): VersionRow | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM versions WHERE scorecard_id = ? ORDER BY number DESC LIMIT 1`).get(scorecardId) as VersionRow | undefined;
  return row && withBytes(row);
}

/** One version of a scorecard with its content, or undefined. */
export function findVersion(db: Db, scorecardId: string, versionId: number): VersionWithState | undefined {
  const row = db.prepare(`SELECT ${COLUMNS}, state, kpis_json AS kpisJson FROM versions WHERE scorecard_id = ? AND id = ?`).get(scorecardId, versionId) as
    (VersionWithState & { state: Buffer }) | undefined;
  return row && { ...withBytes(row), state: new Uint8Array(row.state) };
}

function withBytes<T extends VersionRow>(row: T): T {
  return { ...row, hash: new Uint8Array(row.hash) };
}
