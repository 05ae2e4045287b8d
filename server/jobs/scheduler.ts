import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../persistence/db";
import { DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, claimDue, completeJob, failJob, nextDueAt, type JobRow } from "../persistence/jobs";
import type { Logger } from "../log";

/** Runs one kind of job for a subject; a throw records the failure and retries later. */
export type JobHandler = (subjectId: string) => Promise<void>;

/** What the scheduler needs. */
export interface SchedulerOptions {
  /** The database holding `jobs`; other processes may share its file. */
  db: Db;
  /** The time, ms since the epoch; injectable so tests control it. */
  clock: () => number;
  /** One handler per job kind. */
  handlers: Record<string, JobHandler>;
  /** How often to look for due jobs, also ones other processes scheduled (default 15 s). */
  pollMs?: number;
  /** This worker's name in `claimed_by` (default host, process id and a random part). */
  workerId?: string;
  /** A running job older than this counts as crashed and is claimed again (default 10 minutes). */
  leaseMs?: number;
  /** Claims after which a job is given up (default 8). */
  maxAttempts?: number;
  /** First delay before a failed job is retried; doubles per attempt, at most an hour (default 1 minute). */
  retryDelayMs?: number;
  /** Structured log. */
  logger?: Logger;
}

/** A durable scheduler of jobs stored in the database. */
export interface Scheduler {
  /** Runs everything due now (catch-up after downtime), then keeps polling until `stop`. */
  start(): Promise<void>;
  /** Stops polling and waits for a running pass to finish. */
  stop(): Promise<void>;
  /**
   * Claims and runs every job due at `clock()`, one after the other.
   * @returns the number of jobs run (successfully or not)
   */
  runDueNow(): Promise<number>;
}

const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Creates a scheduler over the `jobs` table. Claims are atomic in the database, so any
 * number of schedulers (in this process or others on the same file) run each job once;
 * a worker that dies mid-job leaves it to be claimed again after the lease.
 * @example
 * const scheduler = createScheduler({ db, clock: Date.now, handlers: { "talk.circulate": (id) => talks.runCirculationJob(id) } });
 * await scheduler.start();
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, clock, handlers } = options;
  const pollMs = options.pollMs ?? 15_000;
  const workerId = options.workerId ?? `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`;
  const claim = { leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS };
  const retryDelayMs = options.retryDelayMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  // Passes run one after another, so a timer firing during a manual run never overlaps it.
  let pass: Promise<number> = Promise.resolve(0);

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job.subjectId);
      await completeJob(db, job.id, workerId, clock());
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const giveUp = !handler || job.attempts >= claim.maxAttempts;
      const retryAt = giveUp ? null : clock() + Math.min(retryDelayMs * 2 ** (job.attempts - 1), MAX_RETRY_DELAY_MS);
      await failJob(db, job.id, workerId, message, clock(), retryAt);
      options.logger?.log(giveUp ? "error" : "warn", "job failed", { kind: job.kind, subjectId: job.subjectId, attempt: job.attempts, retryAt, error: message });
    }
  }

  async function drain(): Promise<number> {
    let count = 0;
    for (let job = await claimDue(db, clock(), workerId, claim); job; job = await claimDue(db, clock(), workerId, claim)) {
      await runOne(job);
      count += 1;
    }
    return count;
  }

  function runDueNow(): Promise<number> {
    pass = pass.catch(() => 0).then(drain);
    return pass;
  }

  async function arm(): Promise<void> {
    if (stopped) return;
    // Wake at the next due instant when it comes before the next poll; polling still
    // catches jobs that other processes schedule. A database that does not answer is
    // asked again at the next poll.
    const next = await nextDueAt(db).catch((error: Error) => {
      options.logger?.log("error", "job pass failed", { error: error.message });
      return null;
    });
    // Stopped while asking: no timer may outlive `stop`.
    if (stopped) return;
    const delay = next === null ? pollMs : Math.max(0, Math.min(pollMs, next - clock()));
    timer = setTimeout(() => {
      runDueNow()
        .catch((error: Error) => options.logger?.log("error", "job pass failed", { error: error.message }))
        .finally(() => void arm());
    }, delay);
    timer.unref();
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      await runDueNow();
      await arm();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await pass.catch(() => 0);
    },
    runDueNow,
  };
}
