import type { QuarterLock } from "../../shared/domain/figures";
import type { Db } from "./db";

const SELECT_LOCK = `
  SELECT l.quarter, l.locked_at AS lockedAt, u.name AS lockedBy, l.reason
  FROM quarter_locks l JOIN users u ON u.id = l.locked_by`;

function toLock(row: { quarter: string; lockedAt: number; lockedBy: string; reason: string }): QuarterLock {
  return { ...row, lockedAt: new Date(row.lockedAt).toISOString() };
}

/**
 * The quarter a month belongs to.
 * @param month - `YYYY-MM`
 * @returns e.g. `2025-Q2` for `2025-05`
 */
export function quarterOfMonth(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/**
 * Lists a provider's locked quarters.
 * @param db - the database
 * @param providerId - the provider
 * @returns the locks, by quarter
 */
export function listLocks(db: Db, providerId: string): QuarterLock[] {
  return (db.prepare(`${SELECT_LOCK} WHERE l.provider_id = ? ORDER BY l.quarter`).all(providerId) as Parameters<typeof toLock>[0][]).map(toLock);
}

/**
 * Finds the lock of one quarter.
 * @param db - the database
 * @param providerId - the provider
 * @param quarter - e.g. `2025-Q2`
 * @returns the lock, or undefined when the quarter is open
 */
export function findLock(db: Db, providerId: string, quarter: string): QuarterLock | undefined {
  const row = db.prepare(`${SELECT_LOCK} WHERE l.provider_id = ? AND l.quarter = ?`).get(providerId, quarter) as Parameters<typeof toLock>[0] | undefined;
  return row ? toLock(row) : undefined;
}

/**
 * The months among `months` whose quarter is locked.
 * @param db - the database
 * @param providerId - the provider
 * @param months - `YYYY-MM` months
 * @returns the locked ones, in the given order
 */
export function lockedMonths(db: Db, providerId: string, months: readonly string[]): string[] {
  const locked = new Set((db.prepare("SELECT quarter FROM quarter_locks WHERE provider_id = ?").all(providerId) as { quarter: string }[]).map((r) => r.quarter));
  return months.filter((month) => locked.has(quarterOfMonth(month)));
}

function recordEvent(db: Db, providerId: string, quarter: string, action: "lock" | "reopen", userId: string, reason: string): void {
  db.prepare("INSERT INTO quarter_lock_events (provider_id, quarter, action, user_id, created_at, reason) VALUES (?, ?, ?, ?, ?, ?)").run(providerId, quarter, action, userId, Date.now(), reason);
}

/**
 * Locks a quarter and records the event, in one transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param quarter - e.g. `2025-Q2`
 * @param userId - who locks it
 * @param reason - why, e.g. "Steuerungsgespräch am 2025-07-15"
 * @returns the lock, or null when the quarter was already locked
 */
export function lockQuarter(db: Db, providerId: string, quarter: string, userId: string, reason: string): QuarterLock | null {
  return db.transaction(() => {
    const inserted = db.prepare("INSERT OR IGNORE INTO quarter_locks (provider_id, quarter, locked_by, locked_at, reason) VALUES (?, ?, ?, ?, ?)").run(providerId, quarter, userId, Date.now(), reason);
    if (inserted.changes === 0) return null;
    recordEvent(db, providerId, quarter, "lock", userId, reason);
    return findLock(db, providerId, quarter) ?? null;
  })();
}

/**
 * Reopens a locked quarter and records who did it and why, in one transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param quarter - e.g. `2025-Q2`
 * @param userId - who reopens it
 * @param reason - why
 * @returns false when the quarter was not locked
 */
export function reopenQuarter(db: Db, providerId: string, quarter: string, userId: string, reason: string): boolean {
  return db.transaction(() => {
    const deleted = db.prepare("DELETE FROM quarter_locks WHERE provider_id = ? AND quarter = ?").run(providerId, quarter);
    if (deleted.changes === 0) return false;
    recordEvent(db, providerId, quarter, "reopen", userId, reason);
    return true;
  })();
}

/** One lock or reopening in a provider's lock history. */
export interface LockEvent {
  /** The quarter. */
  quarter: string;
  /** Locked or reopened. */
  action: "lock" | "reopen";
  /** Name of the user. */
  userName: string;
  /** ISO time. */
  createdAt: string;
  /** Why. */
  reason: string;
}

/**
 * Lists a provider's lock history, oldest first.
 * @param db - the database
 * @param providerId - the provider
 * @returns every lock and reopening
 */
export function listLockEvents(db: Db, providerId: string): LockEvent[] {
  const rows = db
    .prepare(
      `SELECT e.quarter, e.action, u.name AS userName, e.created_at AS createdAt, e.reason
       FROM quarter_lock_events e JOIN users u ON u.id = e.user_id WHERE e.provider_id = ? ORDER BY e.id`,
    )
    .all(providerId) as (Omit<LockEvent, "createdAt"> & { createdAt: number })[];
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
