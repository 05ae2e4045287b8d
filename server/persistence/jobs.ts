import type { Db } from "./db";

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

const COLUMNS = `id, kind, subject_id AS subjectId, due_at AS dueAt, state, claimed_by AS claimedBy, claimed_at AS claimedAt,
  attempts, last_error AS lastError, done_at AS doneAt`;

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
export function scheduleJob(db: Db, kind: string, subjectId: string, dueAt: number): JobRow {
  return db
    .transaction(() => {
      db.prepare(
        `INSERT INTO jobs (kind, subject_id, due_at, state) VALUES (?, ?, ?, 'pending')
       ON CONFLICT (kind, subject_id) DO UPDATE SET
         due_at = excluded.due_at,
         attempts = CASE WHEN jobs.state = 'pending' THEN jobs.attempts ELSE 0 END,
         last_error = CASE WHEN jobs.state = 'pending' THEN jobs.last_error ELSE NULL END,
         claimed_by = NULL, claimed_at = NULL, done_at = NULL, state = 'pending'
       WHERE jobs.state IN ('pending', 'failed', 'cancelled')`,
      ).run(kind, subjectId, dueAt);
      return findJob(db, kind, subjectId)!;
    })
    .immediate();
}

/**
 * Cancels a job that has not started.
 * @returns whether a pending job was cancelled
 */
export function cancelJob(db: Db, kind: string, subjectId: string, now: number): boolean {
  return db.prepare("UPDATE jobs SET state = 'cancelled', done_at = ? WHERE kind = ? AND subject_id = ? AND state = 'pending'").run(now, kind, subjectId).changes > 0;
}

/** The job of a kind and subject, or undefined. */
export function findJob(db: Db, kind: string, subjectId: string): JobRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE kind = ? AND subject_id = ?`).get(kind, subjectId) as JobRow | undefined;
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
 * Claims the most overdue job, atomically: one UPDATE … RETURNING inside an IMMEDIATE
 * transaction, so of several workers on the same database file (threads or processes)
 * exactly one gets it. A job whose worker crashed (running, lease expired) is claimed
 * again; one that crashed `maxAttempts` times is failed instead, so a job that kills its
 * worker cannot kill every worker forever.
 * @param db - the database
 * @param now - ms since the epoch
 * @param workerId - who claims
 * @param options - lease and attempts (defaults: 10 minutes, 8)
 * @returns the claimed job, or undefined when nothing is due
 */
export function claimDue(db: Db, now: number, workerId: string, options: Partial<ClaimOptions> = {}): JobRow | undefined {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return db
    .transaction(() => {
      const staleBefore = now - leaseMs;
      db.prepare(
        `UPDATE jobs SET state = 'failed', done_at = ?, last_error = COALESCE(last_error || '; ', '') || 'abandoned: the worker stopped ' || attempts || ' times while running it'
       WHERE state = 'running' AND claimed_at <= ? AND attempts >= ?`,
      ).run(now, staleBefore, maxAttempts);
      return db
        .prepare(
          `UPDATE jobs SET state = 'running', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs
                     WHERE (state = 'pending' AND due_at <= ?) OR (state = 'running' AND claimed_at <= ?)
                     ORDER BY due_at, id LIMIT 1)
           -- Checked again on the row itself: PostgreSQL lets a second claimer wait for the
           -- first and then re-evaluates only this condition, not the subquery.
           AND ((state = 'pending' AND due_at <= ?) OR (state = 'running' AND claimed_at <= ?))
         RETURNING ${COLUMNS}`,
        )
        .get(workerId, now, now, staleBefore, now, staleBefore) as JobRow | undefined;
    })
    .immediate();
}

/**
 * Marks a claimed job done, unless another worker took it over meanwhile.
 * @returns whether it was still this worker's
 */
export function completeJob(db: Db, id: number, workerId: string, now: number): boolean {
  return db.prepare("UPDATE jobs SET state = 'done', done_at = ?, last_error = NULL WHERE id = ? AND state = 'running' AND claimed_by = ?").run(now, id, workerId).changes > 0;
}

/**
 * Records a failed run: pending again at `retryAt`, or failed for good when `retryAt` is null.
 * @returns whether it was still this worker's
 */
export function failJob(db: Db, id: number, workerId: string, error: string, now: number, retryAt: number | null): boolean {
  const result =
    retryAt === null
      ? db.prepare("UPDATE jobs SET state = 'failed', done_at = ?, last_error = ? WHERE id = ? AND state = 'running' AND claimed_by = ?").run(now, error, id, workerId)
      : db
          .prepare("UPDATE jobs SET state = 'pending', due_at = ?, last_error = ?, claimed_by = NULL, claimed_at = NULL WHERE id = ? AND state = 'running' AND claimed_by = ?")
          .run(retryAt, error, id, workerId);
  return result.changes > 0;
}

/**
 * When the next pending job is due, for the scheduler's timer.
 * @returns ms since the epoch, or null when none is pending
 */
export function nextDueAt(db: Db): number | null {
  const row = db.prepare("SELECT MIN(due_at) AS dueAt FROM jobs WHERE state = 'pending'").get() as { dueAt: number | null };
  return row.dueAt;
}

/**
 * How many pending jobs are due at `now`, and how many of them were due by `lateBefore` already.
 * @param db - the database
 * @param now - ms since the epoch
 * @param lateBefore - a job due at or before this counts as late
 */
export function countPendingJobs(db: Db, now: number, lateBefore: number): { due: number; late: number } {
  const row = db
    .prepare(
      `SELECT SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END) AS due,
              SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END) AS late
       FROM jobs WHERE state = 'pending'`,
    )
    .get(now, lateBefore) as { due: number | null; late: number | null };
  return { due: Number(row.due ?? 0), late: Number(row.late ?? 0) };
}
