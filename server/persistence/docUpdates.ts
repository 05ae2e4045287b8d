import type { Db } from "./db";

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

/**
 * The complete, append-only history of every scorecard document, with who made each
 * update and when. Checkpoints only speed up loading; no update is ever deleted.
 */
export interface DocUpdateStore {
  /** Appends one update and returns its sequence number. */
  append(scorecardId: string, update: Uint8Array, userId: string | null): number;
  /** Loads what is needed to rebuild a document. */
  load(scorecardId: string): StoredDocument;
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
  const insert = db.prepare(
    "INSERT INTO doc_updates (scorecard_id, update_data, user_id, created_at) VALUES (?, ?, ?, ?)",
  );
  const latestCheckpoint = db.prepare(
    "SELECT up_to_seq AS seq, state FROM doc_checkpoints WHERE scorecard_id = ? ORDER BY up_to_seq DESC LIMIT 1",
  );
  const updatesAfter = db
    .prepare("SELECT seq, update_data AS data FROM doc_updates WHERE scorecard_id = ? AND seq > ? ORDER BY seq")
    .raw();
  const insertCheckpoint = db.prepare(
    "INSERT OR IGNORE INTO doc_checkpoints (scorecard_id, up_to_seq, state, created_at) VALUES (?, ?, ?, ?)",
  );
  const countUpdates = db.prepare("SELECT COUNT(*) AS n FROM doc_updates WHERE scorecard_id = ?");

  return {
    append(scorecardId, update, userId) {
      return Number(insert.run(scorecardId, update, userId, Date.now()).lastInsertRowid);
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
    writeCheckpoint(scorecardId, upToSeq, state) {
      insertCheckpoint.run(scorecardId, upToSeq, state, Date.now());
    },
    count(scorecardId) {
      return (countUpdates.get(scorecardId) as { n: number }).n;
    },
  };
}
