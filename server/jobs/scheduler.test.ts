import { openTestDatabase, testDatabaseKind, testDatabaseLocation } from "../../tests/fixtures/testDatabase";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "../persistence/db";
import { cancelJob, claimDue, findJob, scheduleJob } from "../persistence/jobs";
import { createScheduler } from "./scheduler";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MINUTE = 60_000;

async function setup() {
  const db = await openTestDatabase();
  cleanups.push(() => closeDatabase(db));
  let now = T0;
  const runs: string[] = [];
  const clock = () => now;
  const setNow = (value: number) => (now = value);
  return { db, clock, setNow, runs };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe("job scheduler", () => {
  it("runs a job at its due instant, not a millisecond before, and only once", async () => {
    const { db, clock, setNow, runs } = await setup();
    const scheduler = createScheduler({ db, clock, handlers: { ping: async (id) => void runs.push(id) } });
    await scheduleJob(db, "ping", "a", T0 + 10 * MINUTE);
    setNow(T0 + 10 * MINUTE - 1);
    expect(await scheduler.runDueNow()).toBe(0);
    setNow(T0 + 10 * MINUTE);
    expect(await scheduler.runDueNow()).toBe(1);
    expect(await scheduler.runDueNow()).toBe(0);
    expect(runs).toEqual(["a"]);
    expect(await findJob(db, "ping", "a")).toMatchObject({ state: "done", attempts: 1, doneAt: T0 + 10 * MINUTE, lastError: null });
  });

  it("catches up on start with everything that fell due while it was down", async () => {
    const { db, clock, setNow, runs } = await setup();
    await scheduleJob(db, "ping", "late-1", T0 - 3 * MINUTE);
    await scheduleJob(db, "ping", "late-2", T0 - 5 * MINUTE);
    await scheduleJob(db, "ping", "future", T0 + MINUTE);
    setNow(T0);
    const scheduler = createScheduler({ db, clock, handlers: { ping: async (id) => void runs.push(id) } });
    await scheduler.start();
    await scheduler.stop();
    // Most overdue first.
    expect(runs).toEqual(["late-2", "late-1"]);
  });

  it("keeps polling after start, also for jobs scheduled later", async () => {
    const { db, clock, runs } = await setup();
    const scheduler = createScheduler({ db, clock, handlers: { ping: async (id) => void runs.push(id) }, pollMs: 20 });
    await scheduler.start();
    cleanups.push(() => scheduler.stop());
    await scheduleJob(db, "ping", "later", T0);
    await expect.poll(() => runs, { timeout: 2000 }).toEqual(["later"]);
  });

  it("retries a failed job later with growing delays, records the error, and gives up after maxAttempts", async () => {
    const { db, clock, setNow } = await setup();
    let calls = 0;
    const scheduler = createScheduler({
      db,
      clock,
      handlers: {
        flaky: async () => {
          calls += 1;
          throw new Error(`smtp down ${calls}`);
        },
      },
      retryDelayMs: MINUTE,
      maxAttempts: 3,
    });
    await scheduleJob(db, "flaky", "x", T0);
    await scheduler.runDueNow();
    expect(await findJob(db, "flaky", "x")).toMatchObject({ state: "pending", attempts: 1, dueAt: T0 + MINUTE, lastError: "smtp down 1" });
    setNow(T0 + MINUTE);
    await scheduler.runDueNow();
    expect(await findJob(db, "flaky", "x")).toMatchObject({ state: "pending", attempts: 2, dueAt: T0 + 3 * MINUTE });
    setNow(T0 + 3 * MINUTE);
    await scheduler.runDueNow();
    expect(await findJob(db, "flaky", "x")).toMatchObject({ state: "failed", attempts: 3, lastError: "smtp down 3" });
    expect(calls).toBe(3);
  });

  it("fails a job whose kind has no handler instead of retrying it forever", async () => {
    const { db, clock } = await setup();
    await scheduleJob(db, "unknown", "x", T0);
    await createScheduler({ db, clock, handlers: {} }).runDueNow();
    expect(await findJob(db, "unknown", "x")).toMatchObject({ state: "failed", lastError: 'no handler for job kind "unknown"' });
  });

  it("claims a job again whose worker crashed, but only after the lease", async () => {
    const { db } = await setup();
    const options = { leaseMs: 10 * MINUTE, maxAttempts: 3 };
    await scheduleJob(db, "ping", "a", T0);
    expect((await claimDue(db, T0, "crashed-worker", options))?.subjectId).toBe("a");
    // The crashed worker never finishes; another one waits for the lease to run out.
    expect(await claimDue(db, T0 + 10 * MINUTE - 1, "other", options)).toBeUndefined();
    expect(await claimDue(db, T0 + 10 * MINUTE, "other", options)).toMatchObject({ subjectId: "a", claimedBy: "other", attempts: 2 });
    expect(await claimDue(db, T0 + 20 * MINUTE, "third", options)).toMatchObject({ attempts: 3 });
    // A job that killed its worker maxAttempts times is given up.
    expect(await claimDue(db, T0 + 30 * MINUTE, "fourth", options)).toBeUndefined();
    expect(await findJob(db, "ping", "a")).toMatchObject({ state: "failed" });
    expect((await findJob(db, "ping", "a"))?.lastError).toMatch(/abandoned/);
  });

  it("moves a pending job when rescheduled, leaves a done one alone, and cancels only pending ones", async () => {
    const { db, clock, setNow, runs } = await setup();
    const scheduler = createScheduler({ db, clock, handlers: { ping: async (id) => void runs.push(id) } });
    await scheduleJob(db, "ping", "a", T0 + MINUTE);
    expect(await scheduleJob(db, "ping", "a", T0 + 5 * MINUTE)).toMatchObject({ state: "pending", dueAt: T0 + 5 * MINUTE });
    setNow(T0 + MINUTE);
    expect(await scheduler.runDueNow()).toBe(0);
    setNow(T0 + 5 * MINUTE);
    expect(await scheduler.runDueNow()).toBe(1);
    expect(await scheduleJob(db, "ping", "a", T0 + 9 * MINUTE)).toMatchObject({ state: "done", dueAt: T0 + 5 * MINUTE });
    expect(await cancelJob(db, "ping", "a", T0)).toBe(false);
    await scheduleJob(db, "ping", "b", T0 + 6 * MINUTE);
    expect(await cancelJob(db, "ping", "b", T0)).toBe(true);
    setNow(T0 + 7 * MINUTE);
    expect(await scheduler.runDueNow()).toBe(0);
    expect(runs).toEqual(["a"]);
  });

  it("gives a due job to exactly one of two schedulers, on two connections to the same database where the engine allows it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "steuerrad-jobs-"));
    const location = testDatabaseLocation(join(dir, "jobs.sqlite"));
    const first = await openDatabase(location);
    // Two SQLite handles on one file in one process would stall each other: a handle waiting
    // for the write lock waits synchronously, so the event loop cannot commit the other's
    // transaction. SQLite across processes: tests/multiInstance.
    const dbs: Db[] = [first, testDatabaseKind() === "postgres" ? await openDatabase(location) : first];
    cleanups.push(async () => {
      await Promise.all([...new Set(dbs)].map((db) => closeDatabase(db)));
      rmSync(dir, { recursive: true, force: true });
    });
    for (let i = 0; i < 20; i++) await scheduleJob(dbs[0], "ping", `job-${i}`, T0);
    const ran: string[][] = [[], []];
    const schedulers = dbs.map((db, index) =>
      createScheduler({
        db,
        clock: () => T0,
        workerId: `worker-${index}`,
        // Yield between jobs, so the two schedulers interleave their claims.
        handlers: {
          ping: async (id) => {
            ran[index].push(id);
            await new Promise((resolve) => setTimeout(resolve, 1));
          },
        },
      }),
    );
    await Promise.all(schedulers.map((scheduler) => scheduler.runDueNow()));
    const all = [...ran[0], ...ran[1]].sort();
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => `job-${i}`).sort());
    expect(ran[0].length).toBeGreaterThan(0);
    expect(ran[1].length).toBeGreaterThan(0);
  });
});
