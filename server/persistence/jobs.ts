import { sql, type ExpressionBuilder } from "kysely";
import { isPostgres, transaction, type Db } from "./db";
import type { Tables } from "./schema";

/** A job's state: waiting for its time, claimed by a worker, or finished one way or another. */
export type JobState = "pending" | "running" | "done" | "failed" | "cancelled";

/** A row of `jobs`: work that must happen once at a given time. */
export interface JobRow {
  /** Id. */
  id: number;
  /** What to do, e.g. `talk.circulate`; one handler per kind. */
  kind: string;
  /** What to do it to, e.g. a talk id; unique per kind. */
  subjectId: string;
  /** When it is due, ms since the epoch. */
  dueAt: number;
  /** State. */
  state: JobState;
  /** The worker holding (or last holding) it. */
  claimedBy: string | null;
  /** When it was claimed. */
  claimedAt: number | null;
  /** How often it was claimed. */
  attempts: number;
  /** The last failure. */
  lastError: string | null;
  /** When it finished. */
  doneAt: number | null;
}

const COLUMNS = [
  "id",
  "kind",
  "subject_id as subjectId",
  "due_at as dueAt",
  "state",
  "claimed_by as claimedBy",
  "claimed_at as claimedAt",
  "attempts",
  "last_error as lastError",
  "done_at as doneAt",
] as const;

function toJob<T extends { state: string }>(row: T): Omit<T, "state"> & { state: JobState } {
  return { ...row, state: row.state as JobState };
}

/**
 * Makes sure a job runs at `dueAt`: inserts it, moves a pending one, and sets a failed or
 * cancelled one pending again (a new request to run it). A running or done job is left
 * alone: it ran, or is running, and never runs twice.
 * @param db - the database
 * @param kind - the job's kind
 * @param subjectId - what it is about
 * @param dueAt - ms since the epoch
 * @returns the job as stored now
 */
export async function scheduleJob(db: Db, kind: string, subjectId: string, dueAt: number): Promise<JobRow> {
  return transaction(db, async (trx) => {
    await trx
      .insertInto("jobs")
      .values({ kind, subject_id: subjectId, due_at: dueAt, state: "pending" })
      .onConflict((oc) =>
        oc
          .columns(["kind", "subject_id"])
          .doUpdateSet((eb) => ({
            due_at: eb.ref("excluded.due_at"),
            attempts: eb.case().when("jobs.state", "=", "pending").then(eb.ref("jobs.attempts")).else(sql.lit(0)).end(),
            last_error: eb.case().when("jobs.state", "=", "pending").then(eb.ref("jobs.last_error")).else(null).end(),
            claimed_by: null,
            claimed_at: null,
            done_at: null,
            state: "pending",
          }))
          .where("jobs.state", "in", ["pending", "failed", "cancelled"]),
      )
      .execute();
    return (await findJob(trx, kind, subjectId))!;
  });
}

/**
 * Cancels a job that has not started.
 * @returns whether a pending job was cancelled
 */
export async function cancelJob(db: Db, kind: string, subjectId: string, now: number): Promise<boolean> {
  const result = await db.updateTable("jobs").set({ state: "cancelled", done_at: now }).where("kind", "=", kind).where("subject_id", "=", subjectId).where("state", "=", "pending").executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The job of a kind and subject, or undefined. */
export async function findJob(db: Db, kind: string, subjectId: string): Promise<JobRow | undefined> {
  const row = await db.selectFrom("jobs").select(COLUMNS).where("kind", "=", kind).where("subject_id", "=", subjectId).executeTakeFirst();
  return row && toJob(row);
}

/** A running job older than this counts as crashed (10 minutes: far above any talk job's run). */
export const DEFAULT_LEASE_MS = 10 * 60 * 1000;
/** Claims after which a job is given up. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Settings of a claim. */
export interface ClaimOptions {
  /** A running job claimed longer ago than this is taken to have crashed and may be claimed again. */
  leaseMs: number;
  /** A crashed job that was claimed this often is given up (failed) instead of claimed again. */
  maxAttempts: number;
}

/**
 * Claims the most overdue job, atomically: one UPDATE … RETURNING inside a transaction
 * (BEGIN IMMEDIATE on SQLite), so of several workers on the same database (threads or
 * processes) exactly one gets it. A job whose worker crashed (running, lease expired) is
 * claimed again; one that crashed `maxAttempts` times is failed instead, so a job that
 * kills its worker cannot kill every worker forever.
 * @param db - the database
 * @param now - ms since the epoch
 * @param workerId - who claims
 * @param options - lease and attempts (defaults: 10 minutes, 8)
 * @returns the claimed job, or undefined when nothing is due
 */
export async function claimDue(db: Db, now: number, workerId: string, options: Partial<ClaimOptions> = {}): Promise<JobRow | undefined> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const staleBefore = now - leaseMs;
  const claimable = (eb: ExpressionBuilder<Tables, "jobs">) =>
    eb.or([eb.and([eb("state", "=", "pending"), eb("due_at", "<=", now)]), eb.and([eb("state", "=", "running"), eb("claimed_at", "<=", staleBefore)])]);
  const postgres = isPostgres(db);
  return transaction(db, async (trx) => {
    await trx
      .updateTable("jobs")
      .set({
        state: "failed",
        done_at: now,
        last_error: sql<string>`COALESCE(last_error || '; ', '') || 'abandoned: the worker stopped ' || attempts || ' times while running it'`,
      })
      .where("state", "=", "running")
      .where("claimed_at", "<=", staleBefore)
      .where("attempts", ">=", maxAttempts)
      .execute();
    const row = await trx
      .updateTable("jobs")
      .set((eb) => ({ state: "running", claimed_by: workerId, claimed_at: now, attempts: eb("attempts", "+", 1) }))
      // On PostgreSQL a job another claimer holds is skipped, not waited for: the loser of a
      // race takes the next job instead of finding the first one gone and nothing due.
      .where((eb) =>
        eb(
          "id",
          "=",
          eb
            .selectFrom("jobs")
            .select("id")
            .where(claimable)
            .orderBy("due_at")
            .orderBy("id")
            .limit(1)
            .$if(postgres, (query) => query.forUpdate().skipLocked()),
        ),
      )
      // Checked again on the row itself: PostgreSQL lets a second claimer wait for the
      // first and then re-evaluates only this condition, not the subquery.
      .where(claimable)
      .returning(COLUMNS)
      .executeTakeFirst();
    return row && toJob(row);
  });
}

/**
 * Marks a claimed job done, unless another worker took it over meanwhile.
 * @returns whether it was still this worker's
 */
export async function completeJob(db: Db, id: number, workerId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ state: "done", done_at: now, last_error: null })
    .where("id", "=", id)
    .where("state", "=", "running")
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Records a failed run: pending again at `retryAt`, or failed for good when `retryAt` is null.
 * @returns whether it was still this worker's
 */
export async function failJob(db: Db, id: number, workerId: string, error: string, now: number, retryAt: number | null): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set(retryAt === null ? { state: "failed", done_at: now, last_error: error } : { state: "pending", due_at: retryAt, last_error: error, claimed_by: null, claimed_at: null })
    .where("id", "=", id)
    .where("state", "=", "running")
    .where("claimed_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * When the next pending job is due, for the scheduler's timer.
 * @returns ms since the epoch, or null when none is pending
 */
export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => eb.fn.min("due_at").as("dueAt"))
    .where("state", "=", "pending")
    .executeTakeFirst();
  return row?.dueAt ?? null;
}

/**
 * How many pending jobs are due at `now`, and how many of them were due by `lateBefore` already.
 * @param db - the database
 * @param now - ms since the epoch
 * @param lateBefore - a job due at or before this counts as late
 */
export async function countPendingJobs(db: Db, now: number, lateBefore: number): Promise<{ due: number; late: number }> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => [
      eb.fn.sum<number | null>(eb.case().when("due_at", "<=", now).then(sql.lit(1)).else(sql.lit(0)).end()).as("due"),
      eb.fn.sum<number | null>(eb.case().when("due_at", "<=", lateBefore).then(sql.lit(1)).else(sql.lit(0)).end()).as("late"),
    ])
    .where("state", "=", "pending")
    .executeTakeFirst();
  return { due: Number(row?.due ?? 0), late: Number(row?.late ?? 0) };
}
