import type { DocUpdateLog } from "../persistence/docUpdateLog";
import { StorageFailedError } from "./messages";

/** An update waiting to be stored, and what to do once it is. */
export interface PendingUpdate {
  update: Uint8Array;
  userId: string | null;
  /** The client ids the update writes under that had no owner, when the room knows them. */
  newClients?: readonly number[];
  /** Called with the update's sequence number once it is stored, in the order updates were added. */
  stored(seq: number): void;
}

/** What the commit tells its room. */
export interface RoomCommitHooks {
  /** Storing failed for good (after the retries); nothing waiting was or will be stored. */
  onFailed(error: Error): void;
  /** A batch was stored and its `stored` callbacks ran. */
  onBatchStored?(): void;
  /** A callback threw; the others still run. */
  onCallbackError(error: Error): void;
}

/** How often and how long a failed batch is tried again before the room gives up ([SYNC6]). */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
}

/** About three seconds: a restarted connection or a failover, not an outage. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 50 };

// Every room's commit that has updates waiting stores them in one callback after the turn
// in which they arrived, one room after the other: on SQLite the store then writes them in
// one transaction (server/persistence/docUpdatesSqlite.ts), a room at a time elsewhere.
const due = new Set<RoomCommit>();
let turnEnd: NodeJS.Immediate | null = null;

function storeAfterThisTurn(commit: RoomCommit): void {
  due.add(commit);
  turnEnd ??= setImmediate(() => {
    turnEnd = null;
    const commits = [...due];
    due.clear();
    for (const each of commits) void each.storeNext();
  });
}

/**
 * Group commit of one room ([SYNC1]): the updates that arrive during one turn of the event
 * loop are stored together right after it (in one transaction, on SQLite shared with the
 * other rooms' batches of that turn), then relayed in order. One batch is in flight at a
 * time, so a room's updates are stored and relayed in order; another room's batches never
 * wait for this one's, and a failure here fails no other room. A batch that fails (a lost
 * connection, a restarted database) is tried again, bounded; what waits behind it waits
 * too, and nothing is confirmed that was not stored.
 */
export class RoomCommit {
  private pending: PendingUpdate[] = [];
  private inFlight: PendingUpdate[] | null = null;
  private settledWaiters: { read: () => void; fail: (error: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly scorecardId: string,
    private readonly log: DocUpdateLog,
    private readonly hooks: RoomCommitHooks,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Whether everything added is stored. */
  get settled(): boolean {
    return this.inFlight === null && this.pending.length === 0;
  }

  /** What is not stored yet (in flight, then waiting), in order: a reload applies it on top of storage. */
  get unstored(): readonly PendingUpdate[] {
    return [...(this.inFlight ?? []), ...this.pending];
  }

  /** Queues an update; it is stored after this turn of the event loop. */
  add(entry: PendingUpdate): void {
    if (this.failure) return;
    this.pending.push(entry);
    storeAfterThisTurn(this);
  }

  /**
   * Runs `read` at the next moment everything added is stored (at once if it is), so what
   * it reads of the document is stored. Rejects with StorageFailedError if storing failed.
   */
  settledThen<T>(read: () => T): Promise<T> {
    if (this.failure) return Promise.reject(new StorageFailedError(this.failure.message));
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        read: () => {
          try {
            resolve(read());
          } catch (error) {
            reject(error as Error);
          }
        },
        fail: reject,
      };
      if (this.settled) waiter.read();
      else this.settledWaiters.push(waiter);
    });
  }

  /** Stores what waits, unless a batch is in flight (it stores what waits when it is done). */
  async storeNext(): Promise<void> {
    due.delete(this);
    if (this.inFlight || this.pending.length === 0 || this.failure) return;
    const batch = (this.inFlight = this.pending);
    this.pending = [];
    let seqs: number[];
    try {
      seqs = await this.appendWithRetry(batch);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    // Still in flight while its callbacks relay it: whoever reads "settled" from one of them
    // waits until the whole batch is relayed.
    batch.forEach((entry, i) => this.call(() => entry.stored(seqs[i])));
    this.inFlight = null;
    this.call(() => this.hooks.onBatchStored?.());
    if (this.pending.length > 0) return this.storeNext();
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    // Synchronously, one after the other: each reads the document while it is all stored.
    for (const waiter of waiters) this.call(waiter.read);
  }

  private async appendWithRetry(batch: PendingUpdate[]): Promise<number[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.log.appendBatch(this.scorecardId, batch);
      } catch (error) {
        if (attempt >= this.retry.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retry.firstDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    this.inFlight = null;
    this.pending = [];
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const waiter of waiters) waiter.fail(new StorageFailedError(error.message));
    this.call(() => this.hooks.onFailed(error));
  }

  // Runs from the event loop, where an exception would end the process.
  private call(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.hooks.onCallbackError(error as Error);
    }
  }
}
