import { lockScorecard, writeLater, type Db } from "./db";
import { updateHash } from "../audit/records";
import { writtenClients } from "./docClients";

/** What is needed to rebuild a document: the newest checkpoint and every update after it. */
export interface StoredDocument {
  /** Encoded state up to `checkpointSeq`, or null when there is no checkpoint. */
  checkpoint: Uint8Array | null;
  /** Sequence number the checkpoint covers (0 without checkpoint). */
  checkpointSeq: number;
  /** Updates after the checkpoint, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the newest stored update (0 when none). */
  lastSeq: number;
}

/** One stored update with who made it and when. */
export interface StoredUpdate {
  /** Sequence number (global, increasing). */
  seq: number;
  /** The authenticated user, or null for the system. */
  userId: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The Yjs update. */
  data: Uint8Array;
}

/** The newest record of a scorecard's update chain. */
export interface ChainHead {
  /** Its sequence number. */
  seq: number;
  /** Its hash. */
  hash: Uint8Array;
}

/**
 * The complete, append-only history of every scorecard document, with who made each
 * update and when. Checkpoints only speed up loading; no update is ever deleted.
 */
export interface DocUpdateStore {
  /**
   * Appends one update, chained to the scorecard's previous one, and returns its sequence
   * number. The user becomes the owner of every client id the update first writes under.
   */
  append(scorecardId: string, update: Uint8Array, userId: string | null): number;
  /**
   * Appends several updates, in order, in one transaction (all or none), and returns their
   * sequence numbers; each is chained and attributed as `append` does.
   */
  appendBatch(entries: readonly { scorecardId: string; update: Uint8Array; userId: string | null }[]): number[];
  /** Who owns each client id written under in a scorecard (null: the system). */
  clientOwners(scorecardId: string): Map<number, string | null>;
  /** Loads what is needed to rebuild a document. */
  load(scorecardId: string): StoredDocument;
  /** Loads what is needed to rebuild a document as it was after update `upToSeq`. */
  loadUpTo(scorecardId: string, upToSeq: number): StoredDocument;
  /** The updates with `afterSeq < seq <= upToSeq`, oldest first. */
  history(scorecardId: string, afterSeq: number, upToSeq: number): StoredUpdate[];
  /** The distinct users (not the system) who stored updates with `afterSeq < seq <= upToSeq`. */
  authors(scorecardId: string, afterSeq: number, upToSeq: number): string[];
  /** The newest update's sequence number and hash, or null when there is none. */
  head(scorecardId: string): ChainHead | null;
  /** Stores a checkpoint covering every update up to and including `upToSeq`. */
  writeCheckpoint(scorecardId: string, upToSeq: number, state: Uint8Array): void;
  /** Number of stored updates of a scorecard. */
  count(scorecardId: string): number;
}

/**
 * Creates the update store on a database.
 * @param db - the database
 * @returns the store
 */
export function createDocUpdateStore(db: Db): DocUpdateStore {
  const insert = db.prepare("INSERT INTO doc_updates (scorecard_id, update_data, user_id, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)");
  const lastHash = db.prepare("SELECT seq, hash FROM doc_updates WHERE scorecard_id = ? ORDER BY seq DESC LIMIT 1");
  const checkpointAtOrBefore = db.prepare("SELECT up_to_seq AS seq, state FROM doc_checkpoints WHERE scorecard_id = ? AND up_to_seq <= ? ORDER BY up_to_seq DESC LIMIT 1");
  const updatesBetween = db.prepare("SELECT seq, update_data AS data FROM doc_updates WHERE scorecard_id = ? AND seq > ? AND seq <= ? ORDER BY seq").raw();
  const historyBetween = db.prepare("SELECT seq, user_id AS userId, created_at AS createdAt, update_data AS data FROM doc_updates WHERE scorecard_id = ? AND seq > ? AND seq <= ? ORDER BY seq");
  const authorsBetween = db.prepare("SELECT DISTINCT user_id FROM doc_updates WHERE scorecard_id = ? AND seq > ? AND seq <= ? AND user_id IS NOT NULL ORDER BY user_id").pluck();
  const insertClient = "INSERT OR IGNORE INTO doc_clients (scorecard_id, client_id, user_id) VALUES (?, ?, ?)";
  const owners = db.prepare("SELECT client_id, user_id FROM doc_clients WHERE scorecard_id = ?").raw();
  // Reading the chain's head and appending must not interleave with another writer.
  const appendChained = db.transaction((entries: readonly { scorecardId: string; update: Uint8Array; userId: string | null }[]): number[] => {
    // In a fixed order, so two processes appending to the same scorecards cannot deadlock.
    for (const scorecardId of [...new Set(entries.map((entry) => entry.scorecardId))].sort()) lockScorecard(db, scorecardId);
    // Within the batch each scorecard's head is the hash just written.
    const heads = new Map<string, Uint8Array | null>();
    const createdAt = Date.now();
    return entries.map(({ scorecardId, update, userId }) => {
      const previous = heads.has(scorecardId) ? heads.get(scorecardId)! : ((lastHash.get(scorecardId) as { hash: Buffer | null } | undefined)?.hash ?? null);
      const hash = updateHash(previous, { scorecardId, userId, createdAt, data: update });
      heads.set(scorecardId, hash);
      const seq = Number(insert.run(scorecardId, update, userId, createdAt, previous, hash).lastInsertRowid);
      for (const client of writtenClients(update)) writeLater(db, insertClient, scorecardId, client, userId);
      return seq;
    });
  });
  const latestCheckpoint = db.prepare("SELECT up_to_seq AS seq, state FROM doc_checkpoints WHERE scorecard_id = ? ORDER BY up_to_seq DESC LIMIT 1");
  const updatesAfter = db.prepare("SELECT seq, update_data AS data FROM doc_updates WHERE scorecard_id = ? AND seq > ? ORDER BY seq").raw();
  const insertCheckpoint = db.prepare("INSERT OR IGNORE INTO doc_checkpoints (scorecard_id, up_to_seq, state, created_at) VALUES (?, ?, ?, ?)");
  const countUpdates = db.prepare("SELECT COUNT(*) AS n FROM doc_updates WHERE scorecard_id = ?");

  return {
    append(scorecardId, update, userId) {
      return appendChained.immediate([{ scorecardId, update, userId }])[0];
    },
    appendBatch(entries) {
      return entries.length === 0 ? [] : appendChained.immediate(entries);
    },
    clientOwners(scorecardId) {
      return new Map(owners.all(scorecardId) as [number, string | null][]);
    },
    load(scorecardId) {
      const checkpoint = latestCheckpoint.get(scorecardId) as { seq: number; state: Buffer } | undefined;
      const checkpointSeq = checkpoint?.seq ?? 0;
      const rows = updatesAfter.all(scorecardId, checkpointSeq) as [number, Buffer][];
      return {
        checkpoint: checkpoint ? new Uint8Array(checkpoint.state) : null,
        checkpointSeq,
        updates: rows.map((row) => new Uint8Array(row[1])),
        lastSeq: rows.length > 0 ? rows[rows.length - 1][0] : checkpointSeq,
      };
    },
    loadUpTo(scorecardId, upToSeq) {
      const checkpoint = checkpointAtOrBefore.get(scorecardId, upToSeq) as { seq: number; state: Buffer } | undefined;
      const checkpointSeq = checkpoint?.seq ?? 0;
      const rows = updatesBetween.all(scorecardId, checkpointSeq, upToSeq) as [number, Buffer][];
      return {
        checkpoint: checkpoint ? new Uint8Array(checkpoint.state) : null,
        checkpointSeq,
        updates: rows.map((row) => new Uint8Array(row[1])),
        lastSeq: rows.length > 0 ? rows[rows.length - 1][0] : checkpointSeq,
      };
    },
    history(scorecardId, afterSeq, upToSeq) {
      return (historyBetween.all(scorecardId, afterSeq, upToSeq) as (StoredUpdate & { data: Buffer })[]).map((row) => ({
        ...row,
        data: new Uint8Array(row.data),
      }));
    },
    authors(scorecardId, afterSeq, upToSeq) {
      return authorsBetween.all(scorecardId, afterSeq, upToSeq) as string[];
    },
    head(scorecardId) {
      const row = lastHash.get(scorecardId) as { seq: number; hash: Buffer } | undefined;
      return row ? { seq: row.seq, hash: new Uint8Array(row.hash) } : null;
    },
    writeCheckpoint(scorecardId, upToSeq, state) {
      insertCheckpoint.run(scorecardId, upToSeq, state, Date.now());
    },
    count(scorecardId) {
      return (countUpdates.get(scorecardId) as { n: number }).n;
    },
  };
}
