import type { QuarterLock } from "../../shared/domain/figures";
import { transaction, type Db } from "./db";

function selectLock(db: Db) {
  return db.selectFrom("quarter_locks as l").innerJoin("users as u", "u.id", "l.locked_by").select(["l.quarter", "l.locked_at as lockedAt", "u.name as lockedBy", "l.reason"]);
}

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
export async function listLocks(db: Db, providerId: string): Promise<QuarterLock[]> {
  return (await selectLock(db).where("l.provider_id", "=", providerId).orderBy("l.quarter").execute()).map(toLock);
}

/**
 * Finds the lock of one quarter.
 * @param db - the database
 * @param providerId - the provider
 * @param quarter - e.g. `2025-Q2`
 * @returns the lock, or undefined when the quarter is open
 */
export async function findLock(db: Db, providerId: string, quarter: string): Promise<QuarterLock | undefined> {
  const row = await selectLock(db).where("l.provider_id", "=", providerId).where("l.quarter", "=", quarter).executeTakeFirst();
  return row ? toLock(row) : undefined;
}

/**
 * The months among `months` whose quarter is locked.
 * @param db - the database
 * @param providerId - the provider
 * @param months - `YYYY-MM` months
 * @returns the locked ones, in the given order
 */
export async function lockedMonths(db: Db, providerId: string, months: readonly string[]): Promise<string[]> {
  const locked = new Set((await db.selectFrom("quarter_locks").select("quarter").where("provider_id", "=", providerId).execute()).map((r) => r.quarter));
  return months.filter((month) => locked.has(quarterOfMonth(month)));
}

async function recordEvent(db: Db, providerId: string, quarter: string, action: "lock" | "reopen", userId: string, reason: string): Promise<void> {
  await db.insertInto("quarter_lock_events").values({ provider_id: providerId, quarter, action, user_id: userId, created_at: Date.now(), reason }).execute();
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
export async function lockQuarter(db: Db, providerId: string, quarter: string, userId: string, reason: string): Promise<QuarterLock | null> {
  return transaction(db, async (trx) => {
    const inserted = await trx
      .insertInto("quarter_locks")
      .values({ provider_id: providerId, quarter, locked_by: userId, locked_at: Date.now(), reason })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    await recordEvent(trx, providerId, quarter, "lock", userId, reason);
    return (await findLock(trx, providerId, quarter)) ?? null;
  });
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
export async function reopenQuarter(db: Db, providerId: string, quarter: string, userId: string, reason: string): Promise<boolean> {
  return transaction(db, async (trx) => {
    const deleted = await trx.deleteFrom("quarter_locks").where("provider_id", "=", providerId).where("quarter", "=", quarter).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await recordEvent(trx, providerId, quarter, "reopen", userId, reason);
    return true;
  });
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
export async function listLockEvents(db: Db, providerId: string): Promise<LockEvent[]> {
  const rows = await db
    .selectFrom("quarter_lock_events as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select(["e.quarter", "e.action", "u.name as userName", "e.created_at as createdAt", "e.reason"])
    .where("e.provider_id", "=", providerId)
    .orderBy("e.id")
    .execute();
  return rows.map((row) => ({ ...row, action: row.action as LockEvent["action"], createdAt: new Date(row.createdAt).toISOString() }));
}
