import type { DocUpdateStore } from "../persistence/docUpdates";

/** An update waiting to be stored, and what to do once it is (or is not). */
export interface PendingUpdate {
  scorecardId: string;
  update: Uint8Array;
  userId: string | null;
  /** Called with the update's sequence number once it is stored, in the order updates were added. */
  stored(seq: number): void;
  /** Called when the transaction holding the update failed; nothing of it was stored. */
  failed(error: Error): void;
}

/**
 * Group commit for document updates ([SYNC1]): the updates that arrive during one turn of
 * the event loop are stored in one SQLite transaction right after it (setImmediate), and
 * only then relayed. Each update is still stored before anyone sees it; under load many
 * updates share one commit, which is most of what storing costs. Whoever reads a room's
 * state for others (a sync answer, a version, a save confirmation) calls `flush` first.
 */
export class GroupCommit {
  private pending: PendingUpdate[] = [];
  private afterBatch: (() => void)[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  /**
   * @param store - the update history
   * @param onCallbackError - told of an error a `stored` or `failed` callback threw; the
   *   other callbacks of the batch still run
   */
  constructor(
    private readonly store: DocUpdateStore,
    private readonly onCallbackError: (error: Error) => void = (error) => console.error(error),
  ) {}

  /** Whether updates are waiting to be stored. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /** The waiting updates of one scorecard, in order, with their users. */
  waitingFor(scorecardId: string): { update: Uint8Array; userId: string | null }[] {
    return this.pending.filter((entry) => entry.scorecardId === scorecardId);
  }

  /**
   * Runs `callback` once the current batch's `stored` callbacks have all run, so it sees
   * every room's sequence number up to date (a version taken then matches its state).
   * Outside a flush it runs after the next one.
   */
  whenStored(callback: () => void): void {
    this.afterBatch.push(callback);
  }

  /** Queues an update; it is stored at the end of this turn of the event loop, or by `flush`. */
  add(entry: PendingUpdate): void {
    this.pending.push(entry);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Stores every waiting update in one transaction, then tells each whether it was stored.
   * A callback may add or flush again; those updates go into the next transaction.
   */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let seqs: number[];
    try {
      seqs = this.store.appendBatch(batch);
    } catch (error) {
      for (const entry of batch) this.call(() => entry.failed(error as Error));
      return;
    }
    batch.forEach((entry, i) => this.call(() => entry.stored(seqs[i])));
    const after = this.afterBatch;
    this.afterBatch = [];
    for (const callback of after) this.call(callback);
  }

  // The flush runs from the event loop, where an exception would end the process.
  private call(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.onCallbackError(error as Error);
    }
  }
}
