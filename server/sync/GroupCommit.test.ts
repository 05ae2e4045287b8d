import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocUpdateStore, type DocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";
import { verifyStore } from "../audit/verify";
import { GroupCommit, type PendingUpdate } from "./GroupCommit";

function setup() {
  const db = openTestDatabase();
  const store = createDocUpdateStore(db);
  const ids = [insertScorecard(db, "A", null), insertScorecard(db, "B", null)];
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 6; i++) doc.getText("t").insert(i, String(i));
  return { db, store, ids, updates };
}

function pending(scorecardId: string, update: Uint8Array, log: string[]): PendingUpdate {
  return { scorecardId, update, userId: null, stored: (seq) => log.push(`stored ${seq}`), failed: (error) => log.push(`failed ${error.message}`) };
}

describe("GroupCommit", () => {
  it("stores nothing until the turn of the event loop ends, then everything in order in one transaction", async () => {
    const { db, store, ids, updates } = setup();
    const log: string[] = [];
    let transactions = 0;
    const counting: DocUpdateStore = { ...store, appendBatch: (entries) => (transactions++, store.appendBatch(entries)) };
    const grouped = new GroupCommit(counting);
    updates.forEach((update, i) => grouped.add(pending(ids[i % 2], update, log)));
    expect(store.count(ids[0]) + store.count(ids[1])).toBe(0);
    expect(log).toEqual([]);
    await new Promise((done) => setImmediate(done));
    expect(transactions).toBe(1);
    expect(store.count(ids[0])).toBe(3);
    expect(store.count(ids[1])).toBe(3);
    const seqs = log.map((line) => Number(line.split(" ")[1]));
    expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
    // Each scorecard's chain stays intact although its updates were interleaved in one batch.
    expect(verifyStore(db)).toMatchObject({ ok: true, checked: { updates: 6 } });
    expect(grouped.waiting).toBe(false);
  });

  it("stores at once on flush, and the scheduled flush then has nothing left to do", async () => {
    const { store, ids, updates } = setup();
    const commit = new GroupCommit(store);
    const log: string[] = [];
    commit.add(pending(ids[0], updates[0], log));
    expect(commit.waiting).toBe(true);
    commit.flush();
    expect(store.count(ids[0])).toBe(1);
    expect(log).toHaveLength(1);
    await new Promise((done) => setImmediate(done));
    expect(log).toHaveLength(1);
  });

  it("runs whenStored callbacks after all stored callbacks of the batch, once", () => {
    const { store, ids, updates } = setup();
    const commit = new GroupCommit(store);
    const log: string[] = [];
    commit.add({ ...pending(ids[0], updates[0], log), stored: () => (log.push("stored 1"), commit.whenStored(() => log.push("after"))) });
    commit.add({ ...pending(ids[0], updates[1], log), stored: () => log.push("stored 2") });
    commit.flush();
    commit.flush();
    expect(log).toEqual(["stored 1", "stored 2", "after"]);
  });

  it("lists one scorecard's waiting updates with their users", () => {
    const { store, ids, updates } = setup();
    const commit = new GroupCommit(store);
    commit.add({ ...pending(ids[0], updates[0], []), userId: "u1" });
    commit.add(pending(ids[1], updates[1], []));
    expect(commit.waitingFor(ids[0])).toMatchObject([{ update: updates[0], userId: "u1" }]);
  });

  it("tells every update of a failed transaction that it was not stored, and stores none of them", () => {
    const { store, ids, updates } = setup();
    const log: string[] = [];
    const failing = new GroupCommit({
      ...store,
      appendBatch: () => {
        throw new Error("disk full");
      },
    });
    failing.add(pending(ids[0], updates[0], log));
    failing.add(pending(ids[1], updates[1], log));
    failing.flush();
    expect(log).toEqual(["failed disk full", "failed disk full"]);
    expect(store.count(ids[0]) + store.count(ids[1])).toBe(0);
  });

  it("runs the other callbacks of a batch when one throws, and reports the error", () => {
    const { store, ids, updates } = setup();
    const errors: string[] = [];
    const log: string[] = [];
    const commit = new GroupCommit(store, (error) => errors.push(error.message));
    commit.add({
      ...pending(ids[0], updates[0], log),
      stored: () => {
        throw new Error("relay broke");
      },
    });
    commit.add(pending(ids[0], updates[1], log));
    commit.flush();
    expect(errors).toEqual(["relay broke"]);
    expect(log).toHaveLength(1);
    expect(store.count(ids[0])).toBe(2);
  });
});
