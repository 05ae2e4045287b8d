import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyStore } from "../audit/verify";
import { createScorecard } from "../scorecards/scorecardCreator";
import { closeDatabase, openDatabase, transaction, type Db } from "./db";
import { appendUpdates, createDocUpdateStore, type DocUpdateStore } from "./docUpdates";

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** Resolves after the current turn of the event loop, when appends asked for in it have run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let dir: string;
let location: string;
let db: Db;
let store: DocUpdateStore;
let scorecardId: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-append-"));
  location = join(dir, "steuerrad.sqlite");
  db = await openDatabase(location);
  store = createDocUpdateStore(db);
  scorecardId = await createScorecard(db, store, { title: "A", providerId: null, template: "empty" });
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe("appending on SQLite's handle (docUpdatesSqlite.ts)", () => {
  it("stays out of a Kysely transaction open on the same handle and appends after it, even when that transaction rolls back", async () => {
    let appending: Promise<number[]> | undefined;
    const rolledBack = transaction(db, async (trx) => {
      await trx.updateTable("scorecards").set({ title: "Umbenannt" }).where("id", "=", scorecardId).execute();
      appending = appendUpdates(db, [{ scorecardId, update: edit("dazwischen"), userId: null }]);
      await nextTurn();
      throw new Error("zurückgerollt");
    });
    await expect(rolledBack).rejects.toThrow("zurückgerollt");
    expect(await appending!).toHaveLength(1);
    expect(await store.count(scorecardId)).toBe(2);
    const row = await db.selectFrom("scorecards").select("title").where("id", "=", scorecardId).executeTakeFirstOrThrow();
    expect(row.title).toBe("A");
  });

  it("waits without blocking the event loop while another handle holds the write lock, and appends once it is gone", async () => {
    const other = new Database(location);
    try {
      other.prepare("begin immediate").run();
      let stored = false;
      const appending = appendUpdates(db, [{ scorecardId, update: edit("später"), userId: null }]).then((seqs) => {
        stored = true;
        return seqs;
      });
      for (let turn = 0; turn < 5; turn++) await nextTurn();
      expect(stored).toBe(false);
      other.prepare("commit").run();
      expect(await appending).toHaveLength(1);
      expect(await store.count(scorecardId)).toBe(2);
    } finally {
      other.close();
    }
  });

  it("chains to what another connection appended since, although it knows the head it stored last", async () => {
    await appendUpdates(db, [{ scorecardId, update: edit("hier"), userId: null }]);
    const other = await openDatabase(location);
    try {
      await appendUpdates(other, [{ scorecardId, update: edit("dort"), userId: null }]);
    } finally {
      await closeDatabase(other);
    }
    await appendUpdates(db, [{ scorecardId, update: edit("wieder hier"), userId: null }]);
    expect(await store.count(scorecardId)).toBe(4);
    expect((await verifyStore(db)).problem).toBeNull();
  });

  it("chains to what a transaction on the same handle appended since", async () => {
    await appendUpdates(db, [{ scorecardId, update: edit("zuerst"), userId: null }]);
    await transaction(db, (trx) => appendUpdates(trx, [{ scorecardId, update: edit("in der Transaktion"), userId: null }]));
    await appendUpdates(db, [{ scorecardId, update: edit("danach"), userId: null }]);
    expect(await store.count(scorecardId)).toBe(4);
    expect((await verifyStore(db)).problem).toBeNull();
  });
});
