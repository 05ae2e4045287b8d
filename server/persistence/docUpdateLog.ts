import type { Db } from "./db";
import { createDocUpdateStore, type ChainHead, type StoredDocument } from "./docUpdates";

/** An update to append, with the user it is attributed to (null: the system). */
export interface UpdateToAppend {
  update: Uint8Array;
  userId: string | null;
  /**
   * The client ids the update writes under that have no owner yet, when the caller keeps
   * track of the owners (a room does): the store then neither parses the update for them
   * nor writes owners it already has. Left out, every client id it writes under.
   */
  newClients?: readonly number[];
}

/**
 * The side of the document history the sync core needs: what a room appends, loads and
 * checkpoints. The same tables and rules as `DocUpdateStore` ([SYNC1], [SYNC7a], [SYNC7]),
 * which implements it; a statement that waits (a lock, a slow disk, a lost connection)
 * waits for its own room only.
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
 * Creates the log on the database: the update store seen through the sync core's interface.
 * @example const seqs = await createDocUpdateLog(db).appendBatch(id, [{ update, userId }]);
 */
export function createDocUpdateLog(db: Db): DocUpdateLog {
  const store = createDocUpdateStore(db);
  return {
    appendBatch: (scorecardId, entries) => store.appendBatch(entries.map(({ update, userId, newClients }) => ({ scorecardId, update, userId, newClients }))),
    load: (scorecardId) => store.load(scorecardId),
    loadUpTo: (scorecardId, upToSeq) => store.loadUpTo(scorecardId, upToSeq),
    head: (scorecardId) => store.head(scorecardId),
    clientOwners: (scorecardId) => store.clientOwners(scorecardId),
    writeCheckpoint: (scorecardId, upToSeq, state) => store.writeCheckpoint(scorecardId, upToSeq, state),
  };
}
