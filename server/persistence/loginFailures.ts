import { randomUUID } from "node:crypto";
import { transaction, type Db } from "./db";

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
export async function insertFailure(db: Db, account: string, address: string, now: number, forgetBefore: number): Promise<string> {
  const id = randomUUID();
  await transaction(db, async (trx) => {
    await trx.deleteFrom("login_failures").where("failed_at", "<=", forgetBefore).execute();
    await trx.insertInto("login_failures").values({ id, account, address, failed_at: now }).execute();
  });
  return id;
}

/** Takes back one failure (an attempt counted in advance that succeeded). */
export async function removeFailure(db: Db, id: string): Promise<void> {
  await db.deleteFrom("login_failures").where("id", "=", id).execute();
}

/**
 * The failures of one account from one address after `since` that no later success of
 * the same pair settled.
 */
export async function pairFailures(db: Db, account: string, address: string, since: number): Promise<PairFailures> {
  const row = await db
    .selectFrom("login_failures")
    .select((eb) => [eb.fn.countAll<number>().as("failures"), eb.fn.max("failed_at").as("lastFailedAt")])
    .where("account", "=", account)
    .where("address", "=", address)
    .where("failed_at", ">", since)
    .where("settled", "=", 0)
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lastFailedAt: row.lastFailedAt === null ? 0 : Number(row.lastFailedAt) };
}

/** Marks the failures of one account from one address settled: they no longer delay it. */
export async function settlePair(db: Db, account: string, address: string): Promise<void> {
  await db.updateTable("login_failures").set({ settled: 1 }).where("account", "=", account).where("address", "=", address).where("settled", "=", 0).execute();
}

/** How many failures came from one address after `since`, whatever the account. */
export async function addressFailureCount(db: Db, address: string, since: number): Promise<number> {
  const row = await db
    .selectFrom("login_failures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("address", "=", address)
    .where("failed_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * When the `nth` newest failure of an address after `since` happened, or undefined when
 * there are fewer.
 * @param nth - 1 for the newest
 */
export async function nthNewestAddressFailure(db: Db, address: string, nth: number, since: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("login_failures")
    .select("failed_at")
    .where("address", "=", address)
    .where("failed_at", ">", since)
    .orderBy("failed_at", "desc")
    .limit(1)
    .offset(nth - 1)
    .executeTakeFirst();
  return row?.failed_at;
}

/**
 * The failures after `since` per account that belongs to a user, settled ones included
 * (for the admin's user list).
 * @returns lower-case e-mail → count; accounts without failures are missing
 */
export async function failuresPerUserAccount(db: Db, since: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("login_failures")
    .select((eb) => ["account", eb.fn.countAll<number>().as("n")])
    .where("failed_at", ">", since)
    .where("account", "in", (eb) => eb.selectFrom("users").select((inner) => inner.fn<string>("lower", [inner.ref("email")]).as("email")))
    .groupBy("account")
    .execute();
  return new Map(rows.map((row) => [row.account, Number(row.n)]));
}
