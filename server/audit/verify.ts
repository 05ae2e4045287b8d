import * as Y from "yjs";
import type { Db } from "../persistence/db";
import type { IntegrityReport } from "../../shared/domain/versions";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { MEASURES_MAP } from "../../shared/document/measures";
import { sameHash, hashHex } from "./chain";
import { eventHash, updateHash, versionHash } from "./records";

/** What to check. */
export interface VerifyOptions {
  /** Check only this scorecard's updates, versions and checkpoints (plus the event chain). */
  scorecardId?: string;
  /**
   * Which checkpoints to compare with the replayed updates: all (the command), or only
   * the newest, the one documents actually load from (the quicker check of the UI).
   */
  checkpoints?: "all" | "latest";
}

/** Records read per query, so a long chain is never held in memory at once. */
const PAGE = 2000;
/** Versions hold a whole document each, so fewer of them per page. */
const VERSION_PAGE = 50;

type Bytes = Uint8Array | null;
type UpdateRow = [seq: number, userId: string | null, createdAt: number, data: Uint8Array, prevHash: Bytes, hash: Bytes];
type VersionRow = [
  id: number,
  number: number,
  kind: string,
  name: string,
  createdBy: string | null,
  createdAt: number,
  upToSeq: number,
  updateHash: Bytes,
  state: Uint8Array,
  kpisJson: string,
  authorsJson: string,
  prevHash: Bytes,
  hash: Bytes,
];
type EventRow = [id: number, kind: string, scorecardId: string | null, userId: string | null, createdAt: number, detailJson: string, prevHash: Bytes, hash: Bytes];

/** Tally of verified records, by chain; the same object as the report's `checked`. */
type Checked = IntegrityReport["checked"];

/**
 * Verifies the audit trail: every scorecard's update chain, its version chain (including
 * each version's seal on the update chain), the store-wide audit event chain, and that
 * every checkpoint equals the replay of the chained updates it claims to cover. Stops at
 * the first problem and names that record. Runs in one read transaction, so a server
 * writing at the same time cannot cause a false alarm.
 * @param db - the database
 * @param options - `scorecardId` to check one scorecard only
 * @returns the report; `head` is the hex hash of the newest update (of the scorecard, or of the store)
 * @example
 * const report = verifyStore(db);
 * if (!report.ok) console.error(report.problem); // "doc_updates seq 1234 (scorecard …): content altered (hash mismatch)"
 */
export function verifyStore(db: Db, options: VerifyOptions = {}): IntegrityReport {
  const checked: Checked = { updates: 0, versions: 0, events: 0, checkpoints: 0 };
  const queries = prepareQueries(db);
  const run = db.transaction(() => {
    const scorecards = options.scorecardId !== undefined ? [options.scorecardId] : (queries.scorecardsWithRecords.all() as string[]);
    let problem: string | null = null;
    for (const scorecardId of scorecards) {
      problem = verifyUpdates(queries, scorecardId, checked, options.checkpoints ?? "all") ?? verifyVersions(queries, scorecardId, checked);
      if (problem) break;
    }
    problem ??= verifyEvents(queries, checked);
    const head = (options.scorecardId !== undefined ? queries.scorecardHead.get(options.scorecardId) : queries.storeHead.get()) as Bytes | undefined;
    return { problem, head: hashHex(head ?? null) };
  });
  const { problem, head } = run();
  return { ok: problem === null, checked, problem, head, checkedAt: new Date().toISOString() };
}

type Queries = ReturnType<typeof prepareQueries>;

function prepareQueries(db: Db) {
  return {
    scorecardsWithRecords: db.prepare("SELECT scorecard_id FROM doc_updates UNION SELECT scorecard_id FROM versions UNION SELECT scorecard_id FROM doc_checkpoints ORDER BY 1").pluck(),
    updates: db.prepare("SELECT seq, user_id, created_at, update_data, prev_hash, hash FROM doc_updates WHERE scorecard_id = ? AND seq > ? ORDER BY seq LIMIT ?").raw(),
    updateWithHash: db.prepare("SELECT seq, scorecard_id AS scorecardId FROM doc_updates WHERE hash = ? LIMIT 1"),
    sealedUpdate: db.prepare("SELECT hash FROM doc_updates WHERE seq = ? AND scorecard_id = ?").pluck(),
    checkpointSeqs: db.prepare("SELECT up_to_seq FROM doc_checkpoints WHERE scorecard_id = ? ORDER BY up_to_seq").pluck(),
    checkpointState: db.prepare("SELECT state FROM doc_checkpoints WHERE scorecard_id = ? AND up_to_seq = ?").pluck(),
    versions: db
      .prepare(
        `SELECT id, number, kind, name, created_by, created_at, up_to_seq, update_hash, state, kpis_json, authors_json, prev_hash, hash
         FROM versions WHERE scorecard_id = ? AND number > ? ORDER BY number LIMIT ?`,
      )
      .raw(),
    events: db.prepare("SELECT id, kind, scorecard_id, user_id, created_at, detail_json, prev_hash, hash FROM audit_events WHERE id > ? ORDER BY id LIMIT ?").raw(),
    storeHead: db.prepare("SELECT hash FROM doc_updates ORDER BY seq DESC LIMIT 1").pluck(),
    scorecardHead: db.prepare("SELECT hash FROM doc_updates WHERE scorecard_id = ? ORDER BY seq DESC LIMIT 1").pluck(),
  };
}

/**
 * Walks one scorecard's update chain in seq order and, in the same pass, replays the
 * verified updates to compare each checkpoint as the walk passes its seq.
 */
function verifyUpdates(q: Queries, scorecardId: string, checked: Checked, which: "all" | "latest"): string | null {
  const allCheckpoints = q.checkpointSeqs.all(scorecardId) as number[];
  const checkpoints = which === "all" ? allCheckpoints : allCheckpoints.slice(-1);
  // Replaying costs far more than hashing, so only as far as the last checkpoint.
  const replay = checkpoints.length > 0 ? new Y.Doc() : null;
  // Updates wait here and are applied in one transaction per checkpoint: Yjs's cost per
  // transaction, not per update, dominates a replay.
  let pending: Uint8Array[] = [];
  const catchUp = () => {
    const updates = pending;
    pending = [];
    replay?.transact(() => {
      for (const update of updates) Y.applyUpdate(replay, update);
    });
  };
  let nextCheckpoint = 0;
  let previous: { seq: number; hash: Uint8Array } | null = null;
  try {
    for (let rows = pageOfUpdates(q, scorecardId, 0); rows.length > 0; rows = pageOfUpdates(q, scorecardId, rows[rows.length - 1][0])) {
      for (const row of rows) {
        while (replay && nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] < row[0]) {
          catchUp();
          const problem = verifyCheckpoint(q, scorecardId, checkpoints[nextCheckpoint], previous?.seq ?? 0, replay);
          if (problem) return problem;
          checked.checkpoints += 1;
          nextCheckpoint += 1;
        }
        const problem = verifyUpdate(q, scorecardId, row, previous);
        if (problem) return problem;
        checked.updates += 1;
        previous = { seq: row[0], hash: row[5] as Uint8Array };
        if (replay && nextCheckpoint < checkpoints.length) pending.push(row[3]);
      }
    }
    catchUp();
    for (; replay && nextCheckpoint < checkpoints.length; nextCheckpoint++) {
      const problem = verifyCheckpoint(q, scorecardId, checkpoints[nextCheckpoint], previous?.seq ?? 0, replay);
      if (problem) return problem;
      checked.checkpoints += 1;
    }
    return null;
  } finally {
    replay?.destroy();
  }
}

function pageOfUpdates(q: Queries, scorecardId: string, afterSeq: number): UpdateRow[] {
  return q.updates.all(scorecardId, afterSeq, PAGE) as UpdateRow[];
}

function verifyUpdate(q: Queries, scorecardId: string, row: UpdateRow, previous: { seq: number; hash: Uint8Array } | null): string | null {
  const [seq, userId, createdAt, data, prevHash, hash] = row;
  const where = `doc_updates seq ${seq} (scorecard ${scorecardId})`;
  if (!hash) return `${where}: hash missing (record not chained)`;
  if (!sameHash(updateHash(prevHash, { scorecardId, userId, createdAt, data }), hash)) return `${where}: content altered (hash mismatch)`;
  if (previous === null && prevHash !== null) {
    return `${where}: first update of the chain has a prev_hash (earlier updates removed; ${describeUpdateHash(q, prevHash)})`;
  }
  if (previous !== null && !sameHash(prevHash, previous.hash)) {
    return `${where}: predecessor missing or reordered (prev_hash does not match seq ${previous.seq}; ${describeUpdateHash(q, prevHash)})`;
  }
  return null;
}

/** Where a broken link points, to tell a removed update from a moved one. */
function describeUpdateHash(q: Queries, hash: Bytes): string {
  if (!hash) return "prev_hash is empty";
  const owner = q.updateWithHash.get(hash) as { seq: number; scorecardId: string } | undefined;
  return owner ? `it points to seq ${owner.seq} of scorecard ${owner.scorecardId}` : "no stored update has that hash";
}

/**
 * Compares one checkpoint with the replay of every chained update up to its seq: the
 * same encoded bytes, or else the same Yjs snapshot (ids and deletions) and the same
 * content (ids alone do not show a forged text).
 */
function verifyCheckpoint(q: Queries, scorecardId: string, upToSeq: number, replayedSeq: number, replay: Y.Doc): string | null {
  const where = `doc_checkpoints up_to_seq ${upToSeq} (scorecard ${scorecardId})`;
  // The server checkpoints at the seq of its newest stored update, so any other seq means that update is gone.
  if (upToSeq !== replayedSeq) {
    return `${where}: update seq ${upToSeq} is not in the chain (the newest update before it is seq ${replayedSeq}; updates removed?)`;
  }
  const state = q.checkpointState.get(scorecardId, upToSeq) as Uint8Array;
  // The server encodes its document just as the replay does, so identical bytes settle
  // it at a fraction of the cost of decoding; other encodings of the same state go on.
  if (Buffer.compare(state, Y.encodeStateAsUpdate(replay)) === 0) return null;
  const stored = new Y.Doc();
  try {
    try {
      Y.applyUpdate(stored, state);
    } catch (error) {
      return `${where}: state cannot be decoded (${(error as Error).message})`;
    }
    if (!Y.equalSnapshots(Y.snapshot(stored), Y.snapshot(replay))) {
      return `${where}: state differs from the replay of the chained updates (snapshot mismatch)`;
    }
    if (contentJson(stored) !== contentJson(replay)) {
      return `${where}: state differs from the replay of the chained updates (content mismatch)`;
    }
    return null;
  } catch (error) {
    return `${where}: state cannot be compared (${(error as Error).message})`;
  } finally {
    stored.destroy();
  }
}

function contentJson(doc: Y.Doc): string {
  return JSON.stringify([doc.getXmlFragment(DOCUMENT_FIELD).toJSON(), doc.getMap(MEASURES_MAP).toJSON()]);
}

/** Walks one scorecard's version chain: numbers 1..n, links, hashes, and each seal on the update chain. */
function verifyVersions(q: Queries, scorecardId: string, checked: Checked): string | null {
  let previous: { number: number; hash: Uint8Array } | null = null;
  for (let rows = pageOfVersions(q, scorecardId, 0); rows.length > 0; rows = pageOfVersions(q, scorecardId, rows[rows.length - 1][1])) {
    for (const row of rows) {
      const problem = verifyVersion(q, scorecardId, row, previous);
      if (problem) return problem;
      checked.versions += 1;
      previous = { number: row[1], hash: row[12] as Uint8Array };
    }
  }
  return null;
}

function pageOfVersions(q: Queries, scorecardId: string, afterNumber: number): VersionRow[] {
  return q.versions.all(scorecardId, afterNumber, VERSION_PAGE) as VersionRow[];
}

function verifyVersion(q: Queries, scorecardId: string, row: VersionRow, previous: { number: number; hash: Uint8Array } | null): string | null {
  const [id, number, kind, name, createdBy, createdAt, upToSeq, sealed, state, kpisJson, authorsJson, prevHash, hash] = row;
  const where = `versions #${id} (scorecard ${scorecardId}, number ${number})`;
  const expected = (previous?.number ?? 0) + 1;
  if (number !== expected) return `${where}: expected number ${expected} (a version is missing or was renumbered)`;
  if (!hash) return `${where}: hash missing (record not chained)`;
  const record = { scorecardId, number, kind, name, createdBy, createdAt, upToSeq, updateHash: sealed, state, kpisJson, authorsJson };
  if (!sameHash(versionHash(prevHash, record), hash)) return `${where}: content altered (hash mismatch)`;
  if (previous === null && prevHash !== null) return `${where}: first version of the chain has a prev_hash (earlier versions removed)`;
  if (previous !== null && !sameHash(prevHash, previous.hash)) {
    return `${where}: predecessor missing or reordered (prev_hash does not match number ${previous.number})`;
  }
  if (upToSeq > 0) {
    const current = (q.sealedUpdate.get(upToSeq, scorecardId) as Bytes | undefined) ?? null;
    if (!sealed || !sameHash(current, sealed)) return `${where}: seals update seq ${upToSeq}, which is missing or altered`;
  } else if (sealed !== null) {
    return `${where}: seals no update (up_to_seq ${upToSeq}) but has an update_hash`;
  }
  return null;
}

/** Walks the store-wide audit event chain in id order. */
function verifyEvents(q: Queries, checked: Checked): string | null {
  let previous: { id: number; hash: Uint8Array } | null = null;
  for (let rows = q.events.all(0, PAGE) as EventRow[]; rows.length > 0; rows = q.events.all(rows[rows.length - 1][0], PAGE) as EventRow[]) {
    for (const [id, kind, scorecardId, userId, createdAt, detailJson, prevHash, hash] of rows) {
      const where = `audit_events id ${id}`;
      if (!hash) return `${where}: hash missing (record not chained)`;
      if (!sameHash(eventHash(prevHash, { kind, scorecardId, userId, createdAt, detailJson }), hash)) return `${where}: content altered (hash mismatch)`;
      if (previous === null && prevHash !== null) return `${where}: first event of the chain has a prev_hash (earlier events removed)`;
      if (previous !== null && !sameHash(prevHash, previous.hash)) {
        return `${where}: predecessor missing or reordered (prev_hash does not match id ${previous.id})`;
      }
      checked.events += 1;
      previous = { id, hash };
    }
  }
  return null;
}
