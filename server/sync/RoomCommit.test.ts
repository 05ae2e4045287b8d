import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { closeDatabase } from "../persistence/db";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocUpdateLog, type DocUpdateLog } from "../persistence/docUpdateLog";
import { insertScorecard } from "../persistence/scorecards";
import { verifyStore } from "../audit/verify";
import { RoomCommit, type PendingUpdate, type RetryPolicy, type RoomCommitHooks } from "./RoomCommit";
import { StorageFailedError } from "./messages";

const FAST_RETRY: RetryPolicy = { attempts: 3, firstDelayMs: 1 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const db = await openTestDatabase();
  cleanups.push(() => closeDatabase(db));
  const log = createDocUpdateLog(db);
  const ids = [await insertScorecard(db, "A", null), await insertScorecard(db, "B", null)];
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 6; i++) doc.getText("t").insert(i, String(i));
  return { db, log, ids, updates };
}

function pending(update: Uint8Array, log: string[], name = "stored"): PendingUpdate {
  return { update, userId: null, stored: (seq) => log.push(`${name} ${seq}`) };
}

/** Hooks that record what the commit told its room. */
function recordingHooks() {
  const failures: Error[] = [];
  const callbackErrors: Error[] = [];
  let batches = 0;
  const hooks: RoomCommitHooks = {
    onFailed: (error) => failures.push(error),
    onBatchStored: () => batches++,
    onCallbackError: (error) => callbackErrors.push(error),
  };
  return { hooks, failures, callbackErrors, batches: () => batches };
}

const count = async (log: DocUpdateLog, scorecardId: string) => (await log.load(scorecardId)).updates.length;

describe("RoomCommit", () => {
  it("[SYNC1] stores nothing during the turn of the event loop, then the turn's updates in order in one transaction", async () => {
    const { db, log, ids, updates } = await setup();
    const calls: number[] = [];
    const counting: DocUpdateLog = { ...log, appendBatch: (id, entries) => (calls.push(entries.length), log.appendBatch(id, entries)) };
    const recorded: string[] = [];
    const { hooks, batches } = recordingHooks();
    const commit = new RoomCommit(ids[0], counting, hooks, FAST_RETRY);
    for (const update of updates) commit.add(pending(update, recorded));
    expect(commit.settled).toBe(false);
    expect(commit.unstored).toHaveLength(6);
    expect(calls).toEqual([]);
    expect(recorded).toEqual([]);

    await commit.settledThen(() => undefined);
    expect(calls).toEqual([6]);
    expect(batches()).toBe(1);
    expect(await count(log, ids[0])).toBe(6);
    const seqs = recorded.map((line) => Number(line.split(" ")[1]));
    expect(seqs).toHaveLength(6);
    expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(6);
    expect(await verifyStore(db)).toMatchObject({ ok: true, checked: { updates: 6 } });
    expect(commit.settled).toBe(true);
    expect(commit.unstored).toEqual([]);
  });

  it("[SYNC1] stores what arrives while a batch is in flight as the next batch, after it, in order", async () => {
    const { log, ids, updates } = await setup();
    const calls: number[] = [];
    // The first append waits until the test lets it go, so the batch is surely in flight (on SQLite it would finish in the same turn).
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: DocUpdateLog = {
      ...log,
      appendBatch: async (id, entries) => {
        calls.push(entries.length);
        if (calls.length === 1) await gate;
        return log.appendBatch(id, entries);
      },
    };
    const recorded: string[] = [];
    const commit = new RoomCommit(ids[0], gated, recordingHooks().hooks, FAST_RETRY);
    commit.add(pending(updates[0], recorded, "first"));
    commit.add(pending(updates[1], recorded, "first"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([2]);
    commit.add(pending(updates[2], recorded, "second"));
    expect(commit.settled).toBe(false);
    expect(commit.unstored.map((entry) => entry.update)).toEqual([updates[0], updates[1], updates[2]]);
    // The next turn's scheduled store does not start a second batch beside the one in flight.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([2]);
    release();
    await commit.settledThen(() => undefined);
    expect(calls).toEqual([2, 1]);
    expect(recorded.map((line) => line.split(" ")[0])).toEqual(["first", "first", "second"]);
    const seqs = recorded.map((line) => Number(line.split(" ")[1]));
    expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
  });

  it("runs settledThen after all stored callbacks, once everything is stored, and at once when nothing waits", async () => {
    const { log, ids, updates } = await setup();
    const recorded: string[] = [];
    const commit = new RoomCommit(ids[0], log, recordingHooks().hooks, FAST_RETRY);
    expect(await commit.settledThen(() => "nothing waits")).toBe("nothing waits");
    // A read asked for from a stored callback runs once the whole batch is stored.
    let reading: Promise<Promise<number>> | null = null;
    commit.add({ ...pending(updates[0], recorded), stored: () => (recorded.push("stored 1"), (reading = commit.settledThen(() => count(log, ids[0])))) });
    commit.add({ ...pending(updates[1], recorded), stored: () => recorded.push("stored 2") });
    const first = commit.settledThen(() => (recorded.push("settled"), count(log, ids[0])));
    expect(recorded).toEqual([]);
    expect(await first).toBe(2);
    expect(await reading).toBe(2);
    expect(recorded).toEqual(["stored 1", "stored 2", "settled"]);
  });

  it("[SYNC6] one room's failing append fails no other room", async () => {
    // The old GroupCommit stored the updates of every room of a turn in one transaction, so
    // one room's failing append failed every room of the batch.
    const { log, ids, updates } = await setup();
    const [x, y] = ids;
    const failingForX: DocUpdateLog = {
      ...log,
      appendBatch: (id, entries) => (id === x ? Promise.reject(new Error("disk full for X")) : log.appendBatch(id, entries)),
    };
    const recorded: string[] = [];
    const ofX = recordingHooks();
    const ofY = recordingHooks();
    const commitX = new RoomCommit(x, failingForX, ofX.hooks, FAST_RETRY);
    const commitY = new RoomCommit(y, failingForX, ofY.hooks, FAST_RETRY);
    // Interleaved within one turn.
    commitX.add(pending(updates[0], recorded, "x"));
    commitY.add(pending(updates[1], recorded, "y"));
    commitX.add(pending(updates[2], recorded, "x"));
    commitY.add(pending(updates[3], recorded, "y"));

    // Handled at once: X may fail before Y is stored.
    const settledX = expect(commitX.settledThen(() => "x settled")).rejects.toBeInstanceOf(StorageFailedError);
    await expect(commitY.settledThen(() => "y settled")).resolves.toBe("y settled");
    await settledX;
    expect(await count(log, y)).toBe(2);
    expect(await count(log, x)).toBe(0);
    expect(recorded.map((line) => line.split(" ")[0])).toEqual(["y", "y"]);
    expect(ofY.failures).toEqual([]);
    expect(ofX.failures.map((error) => error.message)).toEqual(["disk full for X"]);
  });

  it("[SYNC6] tries a batch again after a transient failure, stores it once, and confirms nothing before", async () => {
    const { log, ids, updates } = await setup();
    let failuresLeft = 2;
    const attempts: string[] = [];
    const flaky: DocUpdateLog = {
      ...log,
      appendBatch: (id, entries) => {
        attempts.push(`attempt with ${entries.length}`);
        if (failuresLeft-- > 0) return Promise.reject(new Error("connection reset"));
        return log.appendBatch(id, entries);
      },
    };
    const recorded: string[] = [];
    const { hooks, failures } = recordingHooks();
    const commit = new RoomCommit(ids[0], flaky, hooks, FAST_RETRY);
    commit.add(pending(updates[0], recorded));
    commit.add(pending(updates[1], recorded));
    const settled = commit.settledThen(() => [...recorded]);
    // While the retries run, nothing is confirmed and the updates still count as unstored.
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorded).toEqual([]);
    expect(commit.unstored).toHaveLength(2);

    expect(await settled).toHaveLength(2);
    expect(attempts).toEqual(["attempt with 2", "attempt with 2", "attempt with 2"]);
    expect(failures).toEqual([]);
    expect(await count(log, ids[0])).toBe(2);
  });

  it("[SYNC6] gives up after the attempts: onFailed fires, settledThen rejects with StorageFailedError, and nothing is stored or confirmed", async () => {
    const { log, ids, updates } = await setup();
    let attempts = 0;
    const broken: DocUpdateLog = { ...log, appendBatch: () => (attempts++, Promise.reject(new Error("disk full"))) };
    const recorded: string[] = [];
    const { hooks, failures } = recordingHooks();
    const commit = new RoomCommit(ids[0], broken, hooks, FAST_RETRY);
    commit.add(pending(updates[0], recorded));
    commit.add(pending(updates[1], recorded));

    const settled = commit.settledThen(() => "stored");
    await expect(settled).rejects.toBeInstanceOf(StorageFailedError);
    await expect(settled).rejects.toThrow("disk full");
    expect(attempts).toBe(FAST_RETRY.attempts);
    expect(failures.map((error) => error.message)).toEqual(["disk full"]);
    expect(recorded).toEqual([]);
    expect(await count(log, ids[0])).toBe(0);
    // Afterwards it takes nothing more and every reader is refused.
    commit.add(pending(updates[2], recorded));
    await expect(commit.settledThen(() => "stored")).rejects.toBeInstanceOf(StorageFailedError);
    expect(attempts).toBe(FAST_RETRY.attempts);
  });

  it("runs the other callbacks of a batch when one throws, and reports the error", async () => {
    const { log, ids, updates } = await setup();
    const recorded: string[] = [];
    const { hooks, callbackErrors } = recordingHooks();
    const commit = new RoomCommit(ids[0], log, hooks, FAST_RETRY);
    commit.add({
      ...pending(updates[0], recorded),
      stored: () => {
        throw new Error("relay broke");
      },
    });
    commit.add(pending(updates[1], recorded));
    await commit.settledThen(() => undefined);
    expect(callbackErrors.map((error) => error.message)).toEqual(["relay broke"]);
    expect(recorded).toHaveLength(1);
    expect(await count(log, ids[0])).toBe(2);
  });
});
