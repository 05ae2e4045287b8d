import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKind } from "../../tests/fixtures/testDatabase";
import { verifyStore } from "../audit/verify";
import { createScorecard } from "../scorecards/scorecardCreator";
import { closeDatabase, type Db } from "./db";
import { appendUpdates, createDocUpdateStore, type DocUpdateStore } from "./docUpdates";

/** A small update, as an editor would send one, under its own client id. */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

let db: Db;
let store: DocUpdateStore;
beforeEach(async () => {
  db = await openTestDatabase();
  store = createDocUpdateStore(db);
});
afterEach(() => closeDatabase(db));

describe(`appends asked for together (${testDatabaseKind()})`, () => {
  it("chain each update to the one stored before it, also when several appends to one scorecard are asked for in one go", async () => {
    const a = await createScorecard(db, store, { title: "A", providerId: null, template: "empty" });
    const b = await createScorecard(db, store, { title: "B", providerId: null, template: "empty" });
    const asked = [
      appendUpdates(db, [{ scorecardId: a, update: edit("eins"), userId: null }]),
      appendUpdates(db, [{ scorecardId: b, update: edit("zwei"), userId: null }]),
      appendUpdates(db, [
        { scorecardId: a, update: edit("drei"), userId: null },
        { scorecardId: a, update: edit("vier"), userId: null },
      ]),
    ];
    const [[first], [second], [third, fourth]] = await Promise.all(asked);
    expect(first).toBeLessThan(third);
    expect(third).toBeLessThan(fourth);
    expect(second).toBeGreaterThan(0);

    const rows = await db.selectFrom("doc_updates").select(["seq", "prev_hash", "hash"]).where("scorecard_id", "=", a).orderBy("seq").execute();
    const bySeq = new Map(rows.map((row) => [row.seq, row]));
    expect(Buffer.from(bySeq.get(third)!.prev_hash!)).toEqual(Buffer.from(bySeq.get(first)!.hash!));
    expect(Buffer.from(bySeq.get(fourth)!.prev_hash!)).toEqual(Buffer.from(bySeq.get(third)!.hash!));
    const report = await verifyStore(db);
    expect(report.problem).toBeNull();
    expect(report.checked.updates).toBe(6);
  });

  it("fail one at a time: an append that fails half-way stores nothing of itself and takes none of the others with it", async () => {
    const a = await createScorecard(db, store, { title: "A", providerId: null, template: "empty" });
    const b = await createScorecard(db, store, { title: "B", providerId: null, template: "empty" });
    const failing = appendUpdates(db, [
      { scorecardId: a, update: edit("halb"), userId: null },
      // No such scorecard: the second row breaks the foreign key after the first was inserted.
      { scorecardId: "no-such-scorecard", update: edit("fehlt"), userId: null },
    ]);
    const succeeding = appendUpdates(db, [{ scorecardId: b, update: edit("ganz"), userId: null }]);
    await expect(failing).rejects.toThrow(/foreign key|FOREIGN KEY/i);
    expect(await succeeding).toHaveLength(1);
    expect(await store.count(a)).toBe(1);
    expect(await store.count(b)).toBe(2);
    expect((await verifyStore(db)).problem).toBeNull();
  });

  it("record the owners the caller names instead of every client id the update writes under", async () => {
    const a = await createScorecard(db, store, { title: "A", providerId: null, template: "empty" });
    const update = edit("neu");
    const [client] = Y.parseUpdateMeta(update).to.keys();
    await appendUpdates(db, [{ scorecardId: a, update, userId: null, newClients: [] }]);
    expect((await store.clientOwners(a)).has(client)).toBe(false);
    await appendUpdates(db, [{ scorecardId: a, update: edit("anders"), userId: null }]);
    expect((await store.clientOwners(a)).size).toBe(2);
  });
});
