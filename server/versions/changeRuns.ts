import type { RawHistoryEntry } from "./historyReplay";

/**
 * Groups a history of single updates into runs, so typing a title reads as one change.
 * Each keystroke in the collaborative editor is a stored update of its own, and other
 * people's updates to other things arrive in between; grouping therefore goes by the
 * thing changed (a measure field, the document text), not by neighbouring updates.
 */

/** Changes of one person to one thing within this time of the run's first change form one run. */
export const MERGE_WINDOW_MS = 5 * 60 * 1000;

/** The part of a change that decides whether it joins a run. */
export interface RunMember {
  /** Who stored it; null for the system. */
  userId: string | null;
  /** When, ms since the epoch. */
  createdAt: number;
  /** The stored update's sequence number. */
  seq: number;
}

/** Consecutive changes of one person to one thing. */
export interface ChangeRun<T extends RunMember> {
  /** The thing's key, as `keyOf` gave it. */
  key: string;
  /** The run's first change. */
  first: T;
  /** Its last change (the same as `first` for a run of one). */
  last: T;
}

/** How {@link groupRuns} groups. */
export interface GroupOptions<T> {
  /** A change that starts a run of its own and ends the one before (e.g. a measure created). */
  standsAlone?: (change: T) => boolean;
  /** The window, default {@link MERGE_WINDOW_MS}. */
  windowMs?: number;
}

/**
 * Groups changes, oldest first, into runs: a change joins the run of its thing when the
 * same person made that run and it started at most `windowMs` before. Another person's
 * change to the same thing ends the run; changes to other things do not.
 * @param changes - the changes, oldest first
 * @param keyOf - names the thing a change changed (e.g. `"m-1:title"`)
 * @param options - changes that stand alone, and the window
 * @returns the runs, ordered by their first change
 * @example
 * groupRuns(entries, (entry) => entry.field) // one run per typed title
 */
export function groupRuns<T extends RunMember>(changes: readonly T[], keyOf: (change: T) => string, options: GroupOptions<T> = {}): ChangeRun<T>[] {
  const windowMs = options.windowMs ?? MERGE_WINDOW_MS;
  const runs: ChangeRun<T>[] = [];
  // The newest run of each thing: only that one can still grow.
  const open = new Map<string, ChangeRun<T>>();
  for (const change of changes) {
    const key = keyOf(change);
    const run = open.get(key);
    const alone = options.standsAlone?.(change) ?? false;
    if (run && !alone && !options.standsAlone?.(run.first) && run.first.userId === change.userId && change.createdAt - run.first.createdAt <= windowMs) {
      run.last = change;
      continue;
    }
    const started: ChangeRun<T> = { key, first: change, last: change };
    runs.push(started);
    open.set(key, started);
  }
  return runs;
}

/**
 * A measure's history as the "Verlauf" shows it: one entry per run of one person on one
 * field, from the value before the run to the value after it, at the run's first change.
 * The creation of a measure stays an entry of its own (its "before" is null).
 * @param entries - the raw entries, one per update and field, oldest first
 * @returns the grouped entries, oldest first
 */
export function groupMeasureHistory(entries: readonly RawHistoryEntry[]): RawHistoryEntry[] {
  return groupRuns(entries, (entry) => entry.field, { standsAlone: (entry) => entry.before === null }).map(({ first, last }) => ({
    ...first,
    after: last.after,
  }));
}
