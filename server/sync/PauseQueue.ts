/**
 * Work that must wait while a room loads or reloads its document from storage: messages of
 * connections and of other processes, run afterwards in arrival order. Work run on resuming
 * may pause again (a refused update reloads); what follows it then waits for that reload.
 */
export class PauseQueue {
  private waiting: (() => void)[] | null = [];
  private stopped = false;

  /** Whether work runs at once. */
  get open(): boolean {
    return this.waiting === null && !this.stopped;
  }

  /** Whether work waits. */
  get paused(): boolean {
    return this.waiting !== null;
  }

  /** Runs `work` now, or after the pause, in order; never after `stop`. */
  run(work: () => void): void {
    if (this.stopped) return;
    if (this.waiting) this.waiting.push(work);
    else work();
  }

  /** Makes work wait; `first` runs before everything already waiting. */
  pause(first?: () => void): void {
    this.waiting ??= [];
    if (first) this.waiting.unshift(first);
  }

  /** Runs what waits, in order; if a piece of work pauses again, the rest waits behind that pause. */
  resume(): void {
    if (this.stopped || !this.waiting) return;
    const waiting = this.waiting;
    this.waiting = null;
    for (let i = 0; i < waiting.length; i++) {
      waiting[i]();
      if (this.waiting) {
        (this.waiting as (() => void)[]).push(...waiting.slice(i + 1));
        return;
      }
    }
  }

  /** Drops what waits; nothing runs any more. */
  stop(): void {
    this.stopped = true;
    this.waiting = null;
  }
}
