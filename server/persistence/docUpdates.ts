import { lockScorecard, transaction, type Db } from "./db";
import { updateHash } from "../audit/records";
import { writtenClients } from "./docClients";
import { appendOnSqliteSoon, type OwnerRow, type UpdateRow } from "./docUpdatesSqlite";

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

/** An update to append to a scorecard, with the user it is attributed to (null: the system). */
export interface ScorecardUpdate {
  scorecardId: string;
  update: Uint8Array;
  userId: string | null;
  /** The client ids it writes under that have no owner yet, when the caller knows (see `UpdateToAppend`); else all it writes under. */
  newClients?: readonly number[];
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
  append(scorecardId: string, update: Uint8Array, userId: string | null): Promise<number>;
  /**
   * Appends several updates, in order, in one transaction (all or none), and returns their
   * sequence numbers; each is chained and attributed as `append` does.
   */
  appendBatch(entries: readonly ScorecardUpdate[]): Promise<number[]>;
  /** Who owns each client id written under in a scorecard (null: the system). */
  clientOwners(scorecardId: string): Promise<Map<number, string | null>>;
  /** Loads what is needed to rebuild a document. */
  load(scorecardId: string): Promise<StoredDocument>;
  /** Loads what is needed to rebuild a document as it was after update `upToSeq`. */
  loadUpTo(scorecardId: string, upToSeq: number): Promise<StoredDocument>;
  /** The updates with `afterSeq < seq <= upToSeq`, oldest first. */
  history(scorecardId: string, afterSeq: number, upToSeq: number): Promise<StoredUpdate[]>;
  /** The distinct users (not the system) who stored updates with `afterSeq < seq <= upToSeq`. */
  authors(scorecardId: string, afterSeq: number, upToSeq: number): Promise<string[]>;
  /** The newest update's sequence number and hash, or null when there is none. */
  head(scorecardId: string): Promise<ChainHead | null>;
  /** Stores a checkpoint covering every update up to and including `upToSeq`. */
  writeCheckpoint(scorecardId: string, upToSeq: number, state: Uint8Array): Promise<void>;
  /** Number of stored updates of a scorecard. */
  count(scorecardId: string): Promise<number>;
}

/**
 * Appends updates, in order, in one transaction (all or none; called with a transaction it
 * joins it), each chained to its scorecard's previous update, and returns their sequence
 * numbers. The user becomes the owner of every client id an update first writes under.
 * On SQLite (not inside a transaction) the appends asked for in one go share one
 * transaction, each all or none on its own (docUpdatesSqlite.ts).
 * @example await transaction(db, async (trx) => { const id = await insertScorecard(trx, …); await appendUpdates(trx, [{ scorecardId: id, update, userId: null }]); });
 */
export async function appendUpdates(db: Db, entries: readonly ScorecardUpdate[]): Promise<number[]> {
  if (entries.length === 0) return [];
  // The locks in a fixed order, so two processes appending to the same scorecards cannot deadlock.
  const scorecardIds = [...new Set(entries.map((entry) => entry.scorecardId))].sort();
  const owners = ownerRows(entries);
  const later = () =>
    transaction(db, async (trx) => {
      // Reading the chain's head and appending must not interleave with another writer.
      for (const scorecardId of scorecardIds) await lockScorecard(trx, scorecardId);
      const heads = new Map<string, Uint8Array | null>();
      for (const scorecardId of scorecardIds) {
        const head = await trx.selectFrom("doc_updates").select("hash").where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirst();
        heads.set(scorecardId, head?.hash ?? null);
      }
      const rows = chainedRows(entries, heads);
      // Few statements for the batch; the keys are handed out in the order of their rows.
      const seqs: number[] = [];
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const inserted = await trx
          .insertInto("doc_updates")
          .values(rows.slice(start, start + ROWS_PER_INSERT))
          .returning("seq")
          .execute();
        seqs.push(...inserted.map((row) => Number(row.seq)).sort((a, b) => a - b));
      }
      for (let start = 0; start < owners.length; start += ROWS_PER_INSERT) {
        await trx
          .insertInto("doc_clients")
          .values(owners.slice(start, start + ROWS_PER_INSERT))
          .onConflict((conflict) => conflict.doNothing())
          .execute();
      }
      return seqs;
    });
  return appendOnSqliteSoon(db, scorecardIds, (heads) => chainedRows(entries, heads), owners, later) ?? later();
}

/** The entries as rows of their chains, each linked to the one before; `heads` holds each scorecard's newest hash and is moved along. */
function chainedRows(entries: readonly ScorecardUpdate[], heads: Map<string, Uint8Array | null>): UpdateRow[] {
  const createdAt = Date.now();
  return entries.map(({ scorecardId, update, userId }) => {
    const previous = heads.get(scorecardId) ?? null;
    const hash = updateHash(previous, { scorecardId, userId, createdAt, data: update });
    heads.set(scorecardId, hash);
    return { scorecard_id: scorecardId, update_data: toBuffer(update), user_id: userId, created_at: createdAt, prev_hash: previous ? toBuffer(previous) : null, hash: toBuffer(hash) };
  });
}

/** The owner of every client id the entries write under: the first entry's user writing under it. */
function ownerRows(entries: readonly ScorecardUpdate[]): OwnerRow[] {
  const owners = new Map<string, OwnerRow>();
  for (const { scorecardId, update, userId, newClients } of entries) {
    for (const client of newClients ?? writtenClients(update)) {
      const key = `${scorecardId} ${client}`;
      if (!owners.has(key)) owners.set(key, { scorecard_id: scorecardId, client_id: client, user_id: userId });
    }
  }
  return [...owners.values()];
}

/**
 * Creates the update store on a database (or an open transaction, which every method then joins).
 * @param db - the database
 * @returns the store
 */
export function createDocUpdateStore(db: Db): DocUpdateStore {
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
    async append(scorecardId, update, userId) {
      return (await appendUpdates(db, [{ scorecardId, update, userId }]))[0];
    },
    appendBatch: (entries) => appendUpdates(db, entries),

    async clientOwners(scorecardId) {
      const rows = await db.selectFrom("doc_clients").select(["client_id", "user_id"]).where("scorecard_id", "=", scorecardId).execute();
      return new Map(rows.map((row) => [row.client_id, row.user_id]));
    },

    load: (scorecardId) => loadBetween(scorecardId, null),
    loadUpTo: (scorecardId, upToSeq) => loadBetween(scorecardId, upToSeq),

    async history(scorecardId, afterSeq, upToSeq) {
      const rows = await db
        .selectFrom("doc_updates")
        .select(["seq", "user_id", "created_at", "update_data"])
        .where("scorecard_id", "=", scorecardId)
        .where("seq", ">", afterSeq)
        .where("seq", "<=", upToSeq)
        .orderBy("seq")
        .execute();
      return rows.map((row) => ({ seq: row.seq, userId: row.user_id, createdAt: row.created_at, data: new Uint8Array(row.update_data) }));
    },

    async authors(scorecardId, afterSeq, upToSeq) {
      const rows = await db
        .selectFrom("doc_updates")
        .select("user_id")
        .distinct()
        .where("scorecard_id", "=", scorecardId)
        .where("seq", ">", afterSeq)
        .where("seq", "<=", upToSeq)
        .where("user_id", "is not", null)
        .orderBy("user_id")
        .execute();
      return rows.map((row) => row.user_id as string);
    },

    async head(scorecardId) {
      const row = await db.selectFrom("doc_updates").select(["seq", "hash"]).where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirst();
      // Every update stored since the hash chain began has one (migration 3 filled in the older ones).
      return row ? { seq: row.seq, hash: new Uint8Array(row.hash ?? []) } : null;
    },

    async writeCheckpoint(scorecardId, upToSeq, state) {
      await db
        .insertInto("doc_checkpoints")
        .values({ scorecard_id: scorecardId, up_to_seq: upToSeq, state: toBuffer(state), created_at: Date.now() })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },

    async count(scorecardId) {
      const row = await db
        .selectFrom("doc_updates")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("scorecard_id", "=", scorecardId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

// Six parameters a row: far below SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 1000;

// Both drivers bind Buffers as binary; a Uint8Array view is passed on without a copy.
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The first and last sequence numbers of a scorecard's updates stored in `[fromMs, toMs)`, or null when there are none. */
export async function seqRangeBetween(db: Db, scorecardId: string, fromMs: number, toMs: number): Promise<{ first: number; last: number } | null> {
  const bounds = await db
    .selectFrom("doc_updates")
    .select((eb) => [eb.fn.min("seq").as("first"), eb.fn.max("seq").as("last")])
    .where("scorecard_id", "=", scorecardId)
    .where("created_at", ">=", fromMs)
    .where("created_at", "<", toMs)
    .executeTakeFirstOrThrow();
  return bounds.first === null || bounds.last === null ? null : { first: Number(bounds.first), last: Number(bounds.last) };
}
