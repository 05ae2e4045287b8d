import { afterEach, describe, expect, it } from "vitest";
import { clearDevice, clearScorecardCopy, offlineCopyName, registerOpenCopy, type DeviceStores } from "./deviceCleanup";

/** A Map behind the Storage interface. */
class MemoryStorage {
  private readonly entries = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.entries.set(key, value);
  }
  get length(): number {
    return this.entries.size;
  }
  key(index: number): string | null {
    return Array.from(this.entries.keys())[index] ?? null;
  }
  getItem(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.entries.set(key, value);
  }
  removeItem(key: string): void {
    this.entries.delete(key);
  }
  keys(): string[] {
    return Array.from(this.entries.keys()).sort();
  }
}

/** IndexedDB's databases as a set of names; a name in `held` is open in another window, so its deletion waits. */
function fakeIndexedDb(names: string[], options: { listing?: boolean; held?: string[]; log?: string[] } = {}) {
  const existing = new Set(names);
  const factory = {
    existing,
    deleteDatabase(name: string) {
      options.log?.push(`delete ${name}`);
      const request = {} as { onsuccess?: () => void; onerror?: () => void; onblocked?: () => void };
      setTimeout(() => {
        if (options.held?.includes(name)) return request.onblocked?.();
        existing.delete(name);
        request.onsuccess?.();
      }, 0);
      return request as unknown as IDBOpenDBRequest;
    },
    databases: options.listing === false ? undefined : async () => Array.from(existing, (name) => ({ name })),
  };
  return factory;
}

const closers: (() => void)[] = [];
afterEach(() => {
  closers.splice(0).forEach((unregister) => unregister());
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe("clearDevice", () => {
  it("[SYNC24] deletes the user's listed databases and those of the scorecards the app knows, and no one else's", async () => {
    const indexedDB = fakeIndexedDb(["steuerrad:u1:a", "steuerrad:u1:b", "steuerrad:u10:x", "steuerrad:u2:c", "another-app"]);
    const localStorage = new MemoryStorage({
      "steuerrad.scorecards": JSON.stringify([{ id: "d", title: "D" }]),
      "steuerrad.unsynced.u1": JSON.stringify(["e"]),
    });
    const result = await clearDevice("u1", { stores: { indexedDB, localStorage } });
    expect(result.deleted.sort()).toEqual(["steuerrad:u1:a", "steuerrad:u1:b", "steuerrad:u1:d", "steuerrad:u1:e"]);
    expect(result.pending).toEqual([]);
    expect(Array.from(indexedDB.existing).sort()).toEqual(["another-app", "steuerrad:u10:x", "steuerrad:u2:c"]);
  });

  it("[SYNC24] deletes the known copies where the browser cannot list its databases", async () => {
    const indexedDB = fakeIndexedDb(["steuerrad:u1:a", "steuerrad:u1:unknown"], { listing: false });
    const localStorage = new MemoryStorage({ "steuerrad.scorecards": JSON.stringify([{ id: "a" }]) });
    const result = await clearDevice("u1", { stores: { indexedDB, localStorage }, scorecardIds: ["b"] });
    expect(result.deleted.sort()).toEqual(["steuerrad:u1:a", "steuerrad:u1:b"]);
  });

  it("[SYNC24] closes the user's open copies before deleting their databases", async () => {
    const log: string[] = [];
    const indexedDB = fakeIndexedDb(["steuerrad:u1:open"], { log });
    const copy = (userId: string, scorecardId: string) =>
      registerOpenCopy({
        userId,
        scorecardId,
        close: async () => {
          await Promise.resolve();
          log.push(`close ${userId}:${scorecardId}`);
        },
        settled: async () => undefined,
      });
    closers.push(copy("u1", "open"), copy("u2", "theirs"));
    await clearDevice("u1", { stores: { indexedDB } });
    expect(log).toEqual(["close u1:open", "delete steuerrad:u1:open"]);
  });

  it("[SYNC24] removes the app's storage entries but keeps the language, a pending logout and another user's unsynced marks", async () => {
    const localStorage = new MemoryStorage({
      "steuerrad.me": "{}",
      "steuerrad.scorecards": "[]",
      "steuerrad.kpis:a": "{}",
      "steuerrad.unsynced.u1": "[]",
      "steuerrad.unsynced.u2": "[]",
      "steuerrad.language": "en",
      "steuerrad.logoutPending": "true",
      "another-app": "kept",
    });
    const sessionStorage = new MemoryStorage({ "steuerrad.talk.t1.agendaItem": "2", "another-app": "kept" });
    await clearDevice("u1", { stores: { localStorage, sessionStorage } });
    expect(localStorage.keys()).toEqual(["another-app", "steuerrad.language", "steuerrad.logoutPending", "steuerrad.unsynced.u2"]);
    expect(sessionStorage.keys()).toEqual(["another-app"]);
  });

  it("[SYNC24] deletes Cache Storage caches but keeps the app shell", async () => {
    const names = new Set(["steuerrad-shell-v1", "steuerrad-api-v1"]);
    const caches: DeviceStores["caches"] = { keys: async () => Array.from(names), delete: async (name) => names.delete(name) };
    await clearDevice("u1", { stores: { caches } });
    expect(Array.from(names)).toEqual(["steuerrad-shell-v1"]);
  });

  it("[SYNC24] reports a database another window holds open as pending instead of waiting for ever", async () => {
    const indexedDB = fakeIndexedDb(["steuerrad:u1:a", "steuerrad:u1:held"], { held: ["steuerrad:u1:held"] });
    const result = await clearDevice("u1", { stores: { indexedDB }, timeoutMs: 20 });
    expect(result).toEqual({ deleted: ["steuerrad:u1:a"], pending: ["steuerrad:u1:held"], failed: [] });
  });

  it("names a copy by user and scorecard", () => {
    expect(offlineCopyName("u1", "s1")).toBe("steuerrad:u1:s1");
  });
});

describe("clearScorecardCopy", () => {
  it("[SYNC24] deletes one scorecard's copy, its cached KPIs and its unsynced mark", async () => {
    const localStorage = new MemoryStorage({
      "steuerrad.kpis:a": "{}",
      "steuerrad.kpis:b": "{}",
      "steuerrad.unsynced.u1": JSON.stringify(["a", "b"]),
    });
    Object.assign(globalThis, { localStorage });
    const indexedDB = fakeIndexedDb(["steuerrad:u1:a", "steuerrad:u1:b"]);
    await clearScorecardCopy("u1", "a", { indexedDB, localStorage });
    expect(Array.from(indexedDB.existing)).toEqual(["steuerrad:u1:b"]);
    expect(localStorage.keys()).toEqual(["steuerrad.kpis:b", "steuerrad.unsynced.u1"]);
    expect(localStorage.getItem("steuerrad.unsynced.u1")).toBe(JSON.stringify(["b"]));
  });
});
