import { randomUUID } from "node:crypto";
import { cachedStatement, type Db } from "./db";

/**
 * Failed password checks, one row each, with the account (the e-mail as typed, lower
 * case) and the client address. Kept in the database so that every server process and a
 * restart see the same counts; rows older than the memory (a day) are deleted as new
 * failures come in.
 */

/** The not yet settled failures of one account from one address. */
export interface PairFailures {
  /** How many. */
  failures: number;
  /** When the last one happened; 0 when there is none. */
  lastFailedAt: number;
}

/**
 * Stores one failure, and deletes the rows that passed the memory.
 * @param forgetBefore - rows that failed at or before this are deleted
 * @returns the failure's id, to take it back with {@link removeFailure}
 */
export function insertFailure(db: Db, account: string, address: string, now: number, forgetBefore: number): string {
  const id = randomUUID();
  db.transaction(() => {
    cachedStatement(db, "DELETE FROM login_failures WHERE failed_at <= ?").run(forgetBefore);
    cachedStatement(db, "INSERT INTO login_failures (id, account, address, failed_at) VALUES (?, ?, ?, ?)").run(id, account, address, now);
  }).immediate();
  return id;
}

/** Takes back one failure (an attempt counted in advance that succeeded). */
export function removeFailure(db: Db, id: string): void {
  cachedStatement(db, "DELETE FROM login_failures WHERE id = ?").run(id);
}

/**
 * The failures of one account from one address after `since` that no later success of
 * the same pair settled.
 */
export function pairFailures(db: Db, account: string, address: string, since: number): PairFailures {
  const row = cachedStatement(
    db,
    `SELECT COUNT(*) AS failures, MAX(failed_at) AS lastFailedAt FROM login_failures
     WHERE account = ? AND address = ? AND failed_at > ? AND settled = 0`,
  ).get(account, address, since) as { failures: number; lastFailedAt: number | null };
  return { failures: Number(row.failures), lastFailedAt: row.lastFailedAt ?? 0 };
}

/** Marks the failures of one account from one address settled: they no longer delay it. */
export function settlePair(db: Db, account: string, address: string): void {
  cachedStatement(db, "UPDATE login_failures SET settled = 1 WHERE account = ? AND address = ? AND settled = 0").run(account, address);
}

/** How many failures came from one address after `since`, whatever the account. */
export function addressFailureCount(db: Db, address: string, since: number): number {
  const row = cachedStatement(db, "SELECT COUNT(*) AS n FROM login_failures WHERE address = ? AND failed_at > ?").get(address, since) as { n: number };
  return Number(row.n);
}

/**
 * When the `nth` newest failure of an address after `since` happened, or undefined when
 * there are fewer.
 * @param nth - 1 for the newest
 */
export function nthNewestAddressFailure(db: Db, address: string, nth: number, since: number): number | undefined {
  const row = cachedStatement(db, "SELECT failed_at AS failedAt FROM login_failures WHERE address = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT 1 OFFSET ?").get(address, since, nth - 1) as
    { failedAt: number } | undefined;
  return row?.failedAt;
}

/**
 * The failures after `since` per account that belongs to a user, settled ones included
 * (for the admin's user list).
 * @returns lower-case e-mail → count; accounts without failures are missing
 */
export function failuresPerUserAccount(db: Db, since: number): Map<string, number> {
  const rows = db.prepare("SELECT account, COUNT(*) AS n FROM login_failures WHERE failed_at > ? AND account IN (SELECT LOWER(email) FROM users) GROUP BY account").all(since) as {
    account: string;
    n: number;
  }[];
  return new Map(rows.map((row) => [row.account, Number(row.n)]));
}
