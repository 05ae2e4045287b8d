import { clearCached, loadCached, saveCached } from "./offlineCache";

/**
 * Which of a user's scorecards hold local changes the server has not confirmed yet, kept
 * in localStorage beside the offline copies. Outlives the open editor, so a logout from
 * the list page still knows that an offline copy holds unsent work.
 */

/** The offlineCache key of a user's list (stored as `steuerrad.unsynced.<userId>`). */
export function unsyncedKey(userId: string): string {
  return `unsynced.${userId}`;
}

/** The scorecards of a user with local changes the server has not confirmed. */
export function unsyncedScorecardIds(userId: string): string[] {
  const ids = loadCached<unknown>(unsyncedKey(userId));
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

/** Notes a local change of a scorecard that the server has not confirmed yet. */
export function markUnsynced(userId: string, scorecardId: string): void {
  const ids = unsyncedScorecardIds(userId);
  if (!ids.includes(scorecardId)) saveCached(unsyncedKey(userId), [...ids, scorecardId]);
}

/** Notes that the server confirmed every change of a scorecard (or that its copy is gone). */
export function markSynced(userId: string, scorecardId: string): void {
  const ids = unsyncedScorecardIds(userId);
  if (!ids.includes(scorecardId)) return;
  const rest = ids.filter((id) => id !== scorecardId);
  if (rest.length > 0) saveCached(unsyncedKey(userId), rest);
  else clearCached(unsyncedKey(userId));
}
