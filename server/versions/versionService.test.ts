import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";
import { listVersions } from "../persistence/versions";
import { createVersionService, hourlyVersionDue } from "./versionService";

const HOUR = 60 * 60 * 1000;

/** A scorecard whose "room" is a plain Y.Doc that stores every update, like the real one. */
function setup() {
  const db = openTestDatabase();
  const store = createDocUpdateStore(db);
  const id = insertScorecard(db, "Test", null);
  const doc = new Y.Doc();
  let lastSeq = 0;
  doc.on("update", (update: Uint8Array) => {
    lastSeq = store.append(id, update, null);
  });
  let clock = Date.parse("2026-03-02T08:00:00Z");
  const service = createVersionService({
    db,
    store,
    collab: {
      documentState: () => ({ state: Y.encodeStateAsUpdate(doc), upToSeq: lastSeq }),
      change: () => Promise.resolve(),
    },
    kpis: { snapshotFor: () => ({ scope: "conference", name: null, periods: {}, computedAt: "" }) },
    now: () => clock,
  });
  const edit = (text: string) => {
    doc.getText("t").insert(0, text);
    service.noteActivity(id, lastSeq);
  };
  return { db, id, service, edit, advance: (ms: number) => (clock += ms), lastSeq: () => lastSeq };
}

describe("automatic versions", () => {
  it("are due an hour after the first change since the last version", () => {
    expect(hourlyVersionDue(null, 10 * HOUR, HOUR)).toBe(false);
    expect(hourlyVersionDue(0, HOUR - 1, HOUR)).toBe(false);
    expect(hourlyVersionDue(0, HOUR, HOUR)).toBe(true);
  });

  it("are taken at most once per hour of editing, and never without changes", () => {
    const t = setup();
    t.edit("a");
    t.advance(30 * 60 * 1000);
    t.edit("b");
    expect(listVersions(t.db, t.id)).toHaveLength(0);
    t.advance(30 * 60 * 1000);
    t.edit("c");
    expect(listVersions(t.db, t.id).map((v) => v.kind)).toEqual(["auto"]);
    // Idle for a day: nothing new without changes.
    t.advance(24 * HOUR);
    t.service.noteActivity(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(1);
    t.edit("d");
    t.advance(10 * 60 * 1000);
    t.edit("e");
    expect(listVersions(t.db, t.id)).toHaveLength(1);
  });

  it("keep unsaved changes at the end of a session, and only then", () => {
    const t = setup();
    t.service.noteIdle(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(0);
    t.edit("a");
    t.service.noteIdle(t.id, t.lastSeq());
    const [version] = listVersions(t.db, t.id);
    expect(version).toMatchObject({ kind: "auto", upToSeq: t.lastSeq(), name: "Automatisch (Ende der Bearbeitung)" });
    t.service.noteIdle(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(1);
  });
});

describe("automatic versions with several server processes", () => {
  /** Two processes' version services on one database, reading the same stored document. */
  function twoProcesses() {
    const t = setup();
    const store = createDocUpdateStore(t.db);
    let clock = Date.parse("2026-03-02T08:00:00Z");
    const other = createVersionService({
      db: t.db,
      store,
      // As with a bus: the state is built from storage, whichever process stored it.
      collab: {
        documentState: () => {
          const doc = new Y.Doc();
          const { checkpoint, updates, lastSeq } = store.load(t.id);
          if (checkpoint) Y.applyUpdate(doc, checkpoint);
          for (const update of updates) Y.applyUpdate(doc, update);
          return { state: Y.encodeStateAsUpdate(doc), upToSeq: lastSeq };
        },
        change: () => Promise.resolve(),
      },
      kpis: { snapshotFor: () => ({ scope: "conference", name: null, periods: {}, computedAt: "" }) },
      now: () => clock,
    });
    return { ...t, other, advanceBoth: (ms: number) => (t.advance(ms), (clock += ms)) };
  }

  it("take the end-of-session version once when both processes see the session end", () => {
    const t = twoProcesses();
    t.edit("a");
    t.other.noteActivity(t.id, t.lastSeq()); // the other process follows the scorecard too
    t.service.noteIdle(t.id, t.lastSeq());
    t.other.noteIdle(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(1);
  });

  it("take the hourly version once, and the hour starts again from another process's version", () => {
    const t = twoProcesses();
    t.edit("a");
    t.other.noteActivity(t.id, t.lastSeq());
    t.advanceBoth(60 * 60 * 1000);
    t.edit("b"); // the first process takes it
    t.other.noteActivity(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(1);
    // More edits within the next hour: neither process takes another.
    t.advanceBoth(10 * 60 * 1000);
    t.edit("c");
    t.other.noteActivity(t.id, t.lastSeq());
    t.advanceBoth(10 * 60 * 1000);
    t.other.noteActivity(t.id, t.lastSeq());
    expect(listVersions(t.db, t.id)).toHaveLength(1);
  });
});
