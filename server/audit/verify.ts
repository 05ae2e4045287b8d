import * as Y from "yjs";
import type { Db } from "../persistence/db";
import {
  checkpointSeqs,
  checkpointState,
  inReadSnapshot,
  newestUpdateHash,
  pageOfEvents,
  pageOfUpdates,
  pageOfVersions,
  scorecardsWithRecords,
  updateHashAt,
  updateWithHash,
  type ChainedUpdate,
  type ChainedVersion,
} from "../persistence/auditChains";
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
 * const report = await verifyStore(db);
 * if (!report.ok) console.error(report.problem); // "doc_updates seq 1234 (scorecard …): content altered (hash mismatch)"
 */
export async function verifyStore(db: Db, options: VerifyOptions = {}): Promise<IntegrityReport> {
  const checked: Checked = { updates: 0, versions: 0, events: 0, checkpoints: 0 };
  const { problem, head } = await inReadSnapshot(db, async (q) => {
    const scorecards = options.scorecardId !== undefined ? [options.scorecardId] : await scorecardsWithRecords(q);
    let problem: string | null = null;
    for (const scorecardId of scorecards) {
      problem = (await verifyUpdates(q, scorecardId, checked, options.checkpoints ?? "all")) ?? (await verifyVersions(q, scorecardId, checked));
      if (problem) break;
    }
    problem ??= await verifyEvents(q, checked);
    return { problem, head: hashHex(await newestUpdateHash(q, options.scorecardId)) };
  });
  return { ok: problem === null, checked, problem, head, checkedAt: new Date().toISOString() };
}

/**
 * Walks one scorecard's update chain in seq order and, in the same pass, replays the
 * verified updates to compare each checkpoint as the walk passes its seq.
 */
async function verifyUpdates(q: Db, scorecardId: string, checked: Checked, which: "all" | "latest"): Promise<string | null> {
  const allCheckpoints = await checkpointSeqs(q, scorecardId);
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
    for (let rows = await pageOfUpdates(q, scorecardId, 0, PAGE); rows.length > 0; rows = await pageOfUpdates(q, scorecardId, rows[rows.length - 1].seq, PAGE)) {
      for (const row of rows) {
        while (replay && nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] < row.seq) {
          catchUp();
          const problem = await verifyCheckpoint(q, scorecardId, checkpoints[nextCheckpoint], previous?.seq ?? 0, replay);
          if (problem) return problem;
          checked.checkpoints += 1;
          nextCheckpoint += 1;
        }
        const problem = await verifyUpdate(q, scorecardId, row, previous);
        if (problem) return problem;
        checked.updates += 1;
        previous = { seq: row.seq, hash: row.hash as Uint8Array };
        if (replay && nextCheckpoint < checkpoints.length) pending.push(row.data);
      }
    }
    catchUp();
    for (; replay && nextCheckpoint < checkpoints.length; nextCheckpoint++) {
      const problem = await verifyCheckpoint(q, scorecardId, checkpoints[nextCheckpoint], previous?.seq ?? 0, replay);
      if (problem) return problem;
      checked.checkpoints += 1;
    }
    return null;
  } finally {
    replay?.destroy();
  }
}

async function verifyUpdate(q: Db, scorecardId: string, row: ChainedUpdate, previous: { seq: number; hash: Uint8Array } | null): Promise<string | null> {
  const { seq, userId, createdAt, data, prevHash, hash } = row;
  const where = `doc_updates seq ${seq} (scorecard ${scorecardId})`;
  if (!hash) return `${where}: hash missing (record not chained)`;
  if (!sameHash(updateHash(prevHash, { scorecardId, userId, createdAt, data }), hash)) return `${where}: content altered (hash mismatch)`;
  if (previous === null && prevHash !== null) {
    return `${where}: first update of the chain has a prev_hash (earlier updates removed; ${await describeUpdateHash(q, prevHash)})`;
  }
  if (previous !== null && !sameHash(prevHash, previous.hash)) {
    return `${where}: predecessor missing or reordered (prev_hash does not match seq ${previous.seq}; ${await describeUpdateHash(q, prevHash)})`;
  }
  return null;
}

/** Where a broken link points, to tell a removed update from a moved one. */
async function describeUpdateHash(q: Db, hash: Bytes): Promise<string> {
  if (!hash) return "prev_hash is empty";
  const owner = await updateWithHash(q, hash);
  return owner ? `it points to seq ${owner.seq} of scorecard ${owner.scorecardId}` : "no stored update has that hash";
}

/**
 * Compares one checkpoint with the replay of every chained update up to its seq: the
 * same encoded bytes, or else the same Yjs snapshot (ids and deletions) and the same
 * content (ids alone do not show a forged text).
 */
async function verifyCheckpoint(q: Db, scorecardId: string, upToSeq: number, replayedSeq: number, replay: Y.Doc): Promise<string | null> {
  const where = `doc_checkpoints up_to_seq ${upToSeq} (scorecard ${scorecardId})`;
  // The server checkpoints at the seq of its newest stored update, so any other seq means that update is gone.
  if (upToSeq !== replayedSeq) {
    return `${where}: update seq ${upToSeq} is not in the chain (the newest update before it is seq ${replayedSeq}; updates removed?)`;
  }
  const state = (await checkpointState(q, scorecardId, upToSeq)) as Uint8Array;
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
async function verifyVersions(q: Db, scorecardId: string, checked: Checked): Promise<string | null> {
  let previous: { number: number; hash: Uint8Array } | null = null;
  for (let rows = await pageOfVersions(q, scorecardId, 0, VERSION_PAGE); rows.length > 0; rows = await pageOfVersions(q, scorecardId, rows[rows.length - 1].number, VERSION_PAGE)) {
    for (const row of rows) {
      const problem = await verifyVersion(q, scorecardId, row, previous);
      if (problem) return problem;
      checked.versions += 1;
      previous = { number: row.number, hash: row.hash as Uint8Array };
    }
  }
  return null;
}

async function verifyVersion(q: Db, scorecardId: string, row: ChainedVersion, previous: { number: number; hash: Uint8Array } | null): Promise<string | null> {
  const { id, number, kind, name, createdBy, createdAt, upToSeq, updateHash: sealed, state, kpisJson, authorsJson, prevHash, hash } = row;
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
    const current = await updateHashAt(q, upToSeq, scorecardId);
    if (!sealed || !sameHash(current, sealed)) return `${where}: seals update seq ${upToSeq}, which is missing or altered`;
  } else if (sealed !== null) {
    return `${where}: seals no update (up_to_seq ${upToSeq}) but has an update_hash`;
  }
  return null;
}

/** Walks the store-wide audit event chain in id order. */
async function verifyEvents(q: Db, checked: Checked): Promise<string | null> {
  let previous: { id: number; hash: Uint8Array } | null = null;
  for (let rows = await pageOfEvents(q, 0, PAGE); rows.length > 0; rows = await pageOfEvents(q, rows[rows.length - 1].id, PAGE)) {
    for (const { id, kind, scorecardId, userId, createdAt, detailJson, prevHash, hash } of rows) {
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
