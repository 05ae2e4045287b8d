import { cachedStatement, type Db } from "./db";

/**
 * Failed logins per key (an account's e-mail, a client address) in a fixed window, kept in
 * the database so that every server process and a restart see the same count. Rows of
 * windows that ended are deleted as new failures come in: nothing is kept longer than the
 * window needs.
 */

/** The failures of a key in its current window, or undefined when it has none. */
export function currentFailures(db: Db, scope: string, key: string, windowStartAfter: number): { failures: number; windowStart: number } | undefined {
  return cachedStatement(db, "SELECT failures, window_start AS windowStart FROM login_failures WHERE scope = ? AND key = ? AND window_start > ?").get(scope, key, windowStartAfter) as
    | { failures: number; windowStart: number }
    | undefined;
}

/**
 * Counts one failure, atomically across processes: a window that ended starts again.
 * @param windowStartAfter - windows that started at or before this have ended
 */
export function recordFailure(db: Db, scope: string, key: string, now: number, windowStartAfter: number): void {
  db.transaction(() => {
    cachedStatement(db, "DELETE FROM login_failures WHERE window_start <= ?").run(windowStartAfter);
    cachedStatement(
      db,
      `INSERT INTO login_failures (scope, key, failures, window_start) VALUES (?, ?, 1, ?)
       ON CONFLICT (scope, key) DO UPDATE SET failures = login_failures.failures + 1`,
    ).run(scope, key, now);
  }).immediate();
}

/** Forgets a key's failures. */
export function clearFailures(db: Db, scope: string, key: string): void {
  cachedStatement(db, "DELETE FROM login_failures WHERE scope = ? AND key = ?").run(scope, key);
}

/** Takes back one failure of a key. */
export function forgiveFailure(db: Db, scope: string, key: string): void {
  cachedStatement(db, "UPDATE login_failures SET failures = failures - 1 WHERE scope = ? AND key = ? AND failures > 0").run(scope, key);
}
