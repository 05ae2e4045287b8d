import { updateHash } from "../audit/records";
import { lockKeys, writeTransaction, type AsyncDb } from "./asyncDb";
import { writtenClients } from "./docClients";
import type { ChainHead, StoredDocument } from "./docUpdates";

/** An update to append, with the user it is attributed to (null: the system). */
export interface UpdateToAppend {
  update: Uint8Array;
  userId: string | null;
}

/**
 * The asynchronous side of the document history, for the sync core: what a room appends,
 * loads and checkpoints. Same tables and rules as `DocUpdateStore` ([SYNC1], [SYNC7a],
 * [SYNC7]); a statement that waits (a lock, a slow disk, a lost connection) waits for its
 * own room only.
 */
export interface DocUpdateLog {
  /**
   * Appends one scorecard's updates, in order, in one transaction (all or none), chained to
   * its previous update, and returns their sequence numbers. The user becomes the owner of
   * every client id an update first writes under.
   */
  appendBatch(scorecardId: string, entries: readonly UpdateToAppend[]): Promise<number[]>;
  /** Loads what is needed to rebuild a document. */
  load(scorecardId: string): Promise<StoredDocument>;
  /** Loads what is needed to rebuild a document as it was after update `upToSeq`. */
  loadUpTo(scorecardId: string, upToSeq: number): Promise<StoredDocument>;
  /** The newest update's sequence number and hash, or null when there is none. */
  head(scorecardId: string): Promise<ChainHead | null>;
  /** Who owns each client id written under in a scorecard (null: the system). */
  clientOwners(scorecardId: string): Promise<Map<number, string | null>>;
  /** Stores a checkpoint covering every update up to and including `upToSeq`. */
  writeCheckpoint(scorecardId: string, upToSeq: number, state: Uint8Array): Promise<void>;
}

/**
 * Creates the log on the asynchronous handle.
 * @example const seqs = await createDocUpdateLog(asyncDbOf(db)).appendBatch(id, [{ update, userId }]);
 */
export function createDocUpdateLog(db: AsyncDb): DocUpdateLog {
  async function loadBetween(scorecardId: string, upToSeq: number | null): Promise<StoredDocument> {
    let checkpointQuery = db.selectFrom("doc_checkpoints").select(["up_to_seq", "state"]).where("scorecard_id", "=", scorecardId);
    if (upToSeq !== null) checkpointQuery = checkpointQuery.where("up_to_seq", "<=", upToSeq);
    const checkpoint = await checkpointQuery.orderBy("up_to_seq", "desc").limit(1).executeTakeFirst();
    const checkpointSeq = checkpoint?.up_to_seq ?? 0;
    let updatesQuery = db.selectFrom("doc_updates").select(["seq", "update_data"]).where("scorecard_id", "=", scorecardId).where("seq", ">", checkpointSeq);
    if (upToSeq !== null) updatesQuery = updatesQuery.where("seq", "<=", upToSeq);
    const rows = await updatesQuery.orderBy("seq").execute();
    return {
      checkpoint: checkpoint ? new Uint8Array(checkpoint.state) : null,
      checkpointSeq,
      updates: rows.map((row) => new Uint8Array(row.update_data)),
      lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : checkpointSeq,
    };
  }

  return {
    async appendBatch(scorecardId, entries) {
      if (entries.length === 0) return [];
      return writeTransaction(db, async (trx) => {
        // Reading the chain's head and appending must not interleave with another writer.
        await lockKeys(trx, [`scorecard:${scorecardId}`]);
        const head = await trx.selectFrom("doc_updates").select("hash").where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirst();
        const createdAt = Date.now();
        let previous: Uint8Array | null = head?.hash ?? null;
        const rows = entries.map(({ update, userId }) => {
          const hash = updateHash(previous, { scorecardId, userId, createdAt, data: update });
          const row = { scorecard_id: scorecardId, update_data: toBuffer(update), user_id: userId, created_at: createdAt, prev_hash: previous ? toBuffer(previous) : null, hash: toBuffer(hash) };
          previous = hash;
          return row;
        });
        // Few statements for the batch; the keys are handed out in the order of their rows.
        const seqs: number[] = [];
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          const inserted = await trx
            .insertInto("doc_updates")
            .values(rows.slice(start, start + ROWS_PER_INSERT))
            .returning("seq")
            .execute();
          seqs.push(...inserted.map((row) => row.seq).sort((a, b) => a - b));
        }
        const clients = new Map<number, string | null>();
        for (const { update, userId } of entries) for (const client of writtenClients(update)) if (!clients.has(client)) clients.set(client, userId);
        if (clients.size > 0) {
          const owners = [...clients].map(([client, userId]) => ({ scorecard_id: scorecardId, client_id: client, user_id: userId }));
          await trx
            .insertInto("doc_clients")
            .values(owners)
            .onConflict((conflict) => conflict.doNothing())
            .execute();
        }
        return seqs;
      });
    },

    load: (scorecardId) => loadBetween(scorecardId, null),
    loadUpTo: (scorecardId, upToSeq) => loadBetween(scorecardId, upToSeq),

    async head(scorecardId) {
      const row = await db.selectFrom("doc_updates").select(["seq", "hash"]).where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirst();
      // Every update stored since the hash chain began has one (migration 3 filled in the older ones).
      return row ? { seq: row.seq, hash: new Uint8Array(row.hash ?? []) } : null;
    },

    async clientOwners(scorecardId) {
      const rows = await db.selectFrom("doc_clients").select(["client_id", "user_id"]).where("scorecard_id", "=", scorecardId).execute();
      return new Map(rows.map((row) => [row.client_id, row.user_id]));
    },

    async writeCheckpoint(scorecardId, upToSeq, state) {
      await db
        .insertInto("doc_checkpoints")
        .values({ scorecard_id: scorecardId, up_to_seq: upToSeq, state: toBuffer(state), created_at: Date.now() })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },
  };
}

// Six parameters a row: far below SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 1000;

// Both drivers bind Buffers as binary; a Uint8Array view is passed on without a copy.
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
