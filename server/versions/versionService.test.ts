import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";
import { listVersions } from "../persistence/versions";
import { createVersionService, hourlyVersionDue } from "./versionService";

const HOUR = 60 * 60 * 1000;

/** A scorecard whose "room" is a plain Y.Doc that stores every update, like the real one. */
async function setup() {
  const db = await openTestDatabase();
  const store = createDocUpdateStore(db);
  const id = await insertScorecard(db, "Test", null);
  const doc = new Y.Doc();
  let lastSeq = 0;
  // Stored in order after each edit, as the room stores them.
  const pending: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => pending.push(update));
  let clock = Date.parse("2026-03-02T08:00:00Z");
  const service = createVersionService({
    db,
    store,
    collab: {
      documentState: async () => ({ state: Y.encodeStateAsUpdate(doc), upToSeq: lastSeq }),
      change: () => Promise.resolve(),
    },
    kpis: { snapshotFor: async () => ({ scope: "conference", name: null, periods: {}, computedAt: "" }) },
    now: () => clock,
  });
  const edit = async (text: string) => {
    doc.getText("t").insert(0, text);
    for (const update of pending.splice(0)) lastSeq = await store.append(id, update, null);
    await service.noteActivity(id, lastSeq);
  };
  return { db, id, service, edit, advance: (ms: number) => (clock += ms), lastSeq: () => lastSeq };
}

describe("automatic versions", () => {
  it("are due an hour after the first change since the last version", () => {
    expect(hourlyVersionDue(null, 10 * HOUR, HOUR)).toBe(false);
    expect(hourlyVersionDue(0, HOUR - 1, HOUR)).toBe(false);
    expect(hourlyVersionDue(0, HOUR, HOUR)).toBe(true);
  });

  it("are taken at most once per hour of editing, and never without changes", async () => {
    const t = await setup();
    await t.edit("a");
    t.advance(30 * 60 * 1000);
    await t.edit("b");
    expect(await listVersions(t.db, t.id)).toHaveLength(0);
    t.advance(30 * 60 * 1000);
    await t.edit("c");
    expect((await listVersions(t.db, t.id)).map((v) => v.kind)).toEqual(["auto"]);
    // Idle for a day: nothing new without changes.
    t.advance(24 * HOUR);
    await t.service.noteActivity(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
    await t.edit("d");
    t.advance(10 * 60 * 1000);
    await t.edit("e");
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
  });

  it("keep unsaved changes at the end of a session, and only then", async () => {
    const t = await setup();
    await t.service.noteIdle(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(0);
    await t.edit("a");
    await t.service.noteIdle(t.id, t.lastSeq());
    const [version] = await listVersions(t.db, t.id);
    expect(version).toMatchObject({ kind: "auto", upToSeq: t.lastSeq(), name: "Automatisch (Ende der Bearbeitung)" });
    await t.service.noteIdle(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
  });
});

describe("automatic versions with several server processes", () => {
  /** Two processes' version services on one database, reading the same stored document. */
  async function twoProcesses() {
    const t = await setup();
    const store = createDocUpdateStore(t.db);
    let clock = Date.parse("2026-03-02T08:00:00Z");
    const other = createVersionService({
      db: t.db,
      store,
      // As with a bus: the state is built from storage, whichever process stored it.
      collab: {
        documentState: async () => {
          const doc = new Y.Doc();
          const { checkpoint, updates, lastSeq } = await store.load(t.id);
          if (checkpoint) Y.applyUpdate(doc, checkpoint);
          for (const update of updates) Y.applyUpdate(doc, update);
          return { state: Y.encodeStateAsUpdate(doc), upToSeq: lastSeq };
        },
        change: () => Promise.resolve(),
      },
      kpis: { snapshotFor: async () => ({ scope: "conference", name: null, periods: {}, computedAt: "" }) },
      now: () => clock,
    });
    return { ...t, other, advanceBoth: (ms: number) => (t.advance(ms), (clock += ms)) };
  }

  it("take the end-of-session version once when both processes see the session end", async () => {
    const t = await twoProcesses();
    await t.edit("a");
    await t.other.noteActivity(t.id, t.lastSeq()); // the other process follows the scorecard too
    await t.service.noteIdle(t.id, t.lastSeq());
    await t.other.noteIdle(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
  });

  it("take the hourly version once, and the hour starts again from another process's version", async () => {
    const t = await twoProcesses();
    await t.edit("a");
    await t.other.noteActivity(t.id, t.lastSeq());
    t.advanceBoth(60 * 60 * 1000);
    await t.edit("b"); // the first process takes it
    await t.other.noteActivity(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
    // More edits within the next hour: neither process takes another.
    t.advanceBoth(10 * 60 * 1000);
    await t.edit("c");
    await t.other.noteActivity(t.id, t.lastSeq());
    t.advanceBoth(10 * 60 * 1000);
    await t.other.noteActivity(t.id, t.lastSeq());
    expect(await listVersions(t.db, t.id)).toHaveLength(1);
  });
});
