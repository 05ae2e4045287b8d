/**
 * What a user leaves on the device, and how it goes: the offline copies (one IndexedDB
 * database per user and scorecard), the app's localStorage and sessionStorage entries and
 * any Cache Storage cache beside the app shell's. The one place that knows these names, so
 * logout and an ended session ([SYNC24] in server/sync/SPEC.md) delete the same things.
 */
import { markSynced, unsyncedKey } from "./unsyncedChanges";

/** Prefix of every offline copy's database: `steuerrad:<userId>:<scorecardId>`. */
const COPY_PREFIX = "steuerrad:";
/** Prefix of the app's localStorage and sessionStorage keys (see offlineCache.ts). */
const STORAGE_PREFIX = "steuerrad.";
/**
 * Entries that belong to the device, not to a user: the UI language (the login page speaks
 * it too) and the note that the server still has to hear of an offline logout.
 */
const DEVICE_KEYS = new Set(["steuerrad.language", "steuerrad.logoutPending"]);
/**
 * The service worker's caches of the app shell (`steuerrad-shell-precache-<build>`, see
 * client/sw.ts): public code only, needed to start offline.
 */
const SHELL_CACHE_PREFIX = "steuerrad-shell-";
/** How long cleanup waits for a database that another window still holds open. */
const DEFAULT_TIMEOUT_MS = 5_000;

/** The name of a user's offline copy of a scorecard. */
export function offlineCopyName(userId: string, scorecardId: string): string {
  return `${COPY_PREFIX}${userId}:${scorecardId}`;
}

/** An open scorecard whose offline copy must be closed before its database can go. */
export interface OpenCopy {
  /** Whose copy. */
  userId: string;
  /** Which scorecard. */
  scorecardId: string;
  /** Closes the connection and the IndexedDB persistence; safe to call more than once. */
  close(): Promise<void>;
  /** Resolves once no local change is on its way to the server (or at once when none is). */
  settled(): Promise<void>;
}

const openCopies = new Set<OpenCopy>();

/**
 * Registers an open copy, so cleanup closes it before deleting its database.
 * @returns a function that unregisters it
 */
export function registerOpenCopy(copy: OpenCopy): () => void {
  openCopies.add(copy);
  return () => openCopies.delete(copy);
}

/**
 * Waits until no open copy of the user has a change on its way to the server, at most
 * `timeoutMs`: a logout right after typing should not warn about a change the server is
 * about to confirm.
 */
export async function waitForOpenCopies(userId: string, timeoutMs: number): Promise<void> {
  await withTimeout(Promise.all(Array.from(openCopies, (copy) => (copy.userId === userId ? copy.settled() : undefined))), timeoutMs);
}

/** The part of `Storage` cleanup uses. */
interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  removeItem(key: string): void;
}

/** The part of `IDBFactory` cleanup uses; `databases()` is missing in older browsers. */
interface IndexedDbLike {
  deleteDatabase(name: string): IDBOpenDBRequest;
  databases?: () => Promise<{ name?: string }[]>;
}

/** The browser's storages; each may be missing (private mode, tests). */
export interface DeviceStores {
  /** IndexedDB. */
  indexedDB?: IndexedDbLike;
  /** localStorage. */
  localStorage?: StorageLike;
  /** sessionStorage. */
  sessionStorage?: StorageLike;
  /** Cache Storage. */
  caches?: { keys(): Promise<string[]>; delete(name: string): Promise<boolean> };
}

/** What a cleanup did. */
export interface DeviceCleanupResult {
  /** Databases deleted. */
  deleted: string[];
  /** Databases whose deletion is still waiting, e.g. for another window to close them; the browser finishes it later. */
  pending: string[];
  /** Databases the browser refused to delete. */
  failed: string[];
}

/** The browser's own storages, each only if reachable. */
export function browserStores(): DeviceStores {
  const reach = <T>(get: () => T): T | undefined => {
    try {
      return get() ?? undefined;
    } catch {
      return undefined; // e.g. storage disabled: a SecurityError on access
    }
  };
  return {
    indexedDB: reach(() => globalThis.indexedDB),
    localStorage: reach(() => globalThis.localStorage),
    sessionStorage: reach(() => globalThis.sessionStorage),
    caches: reach(() => globalThis.caches),
  };
}

/**
 * Deletes everything a user left on this device: closes their open copies first, then
 * deletes every database `steuerrad:<userId>:…` (those `indexedDB.databases()` lists plus
 * those of the scorecards the app knows of), the app's storage entries except the device's
 * own settings, and any cache beside the app shell. Never throws; a database another
 * window holds open is reported as pending after `timeoutMs` (the browser deletes it once
 * that window lets go).
 * @param userId - whose data
 * @param options - scorecards known besides the cached list, the stores (tests), the wait
 * @returns what was deleted
 * @example
 * await clearDevice(me.id); // then show the login page
 */
export async function clearDevice(userId: string, options: { scorecardIds?: string[]; stores?: DeviceStores; timeoutMs?: number } = {}): Promise<DeviceCleanupResult> {
  const stores = options.stores ?? browserStores();
  const known = new Set([...(options.scorecardIds ?? []), ...knownScorecardIds(userId, stores.localStorage)]);
  const closing: Promise<void>[] = [];
  for (const copy of Array.from(openCopies)) {
    if (copy.userId !== userId) continue;
    known.add(copy.scorecardId);
    closing.push(copy.close().catch(() => undefined));
  }
  // The storage goes first: it is synchronous and must not wait for a database another window holds.
  const otherUsersMarks = `${STORAGE_PREFIX}${unsyncedKey("")}`;
  const ownMarks = `${STORAGE_PREFIX}${unsyncedKey(userId)}`;
  removeAppEntries(stores.localStorage, (key) => !DEVICE_KEYS.has(key) && (key === ownMarks || !key.startsWith(otherUsersMarks)));
  removeAppEntries(stores.sessionStorage, () => true);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  await withTimeout(Promise.all(closing), timeoutMs);
  const names = new Set(Array.from(known, (id) => offlineCopyName(userId, id)));
  for (const name of await listedDatabases(stores.indexedDB)) if (name.startsWith(offlineCopyName(userId, ""))) names.add(name);
  const outcomes = await Promise.all(Array.from(names, (name) => deleteDatabase(stores.indexedDB, name, timeoutMs)));
  await clearCaches(stores.caches);
  const result: DeviceCleanupResult = { deleted: [], pending: [], failed: [] };
  Array.from(names).forEach((name, index) => result[outcomes[index]].push(name));
  return result;
}

/**
 * Deletes a user's offline copy of one scorecard and what is cached of it (after the server
 * said the user may no longer open it). The caller closes the copy first.
 */
export async function clearScorecardCopy(userId: string, scorecardId: string, stores: DeviceStores = browserStores()): Promise<void> {
  removeAppEntries(stores.localStorage, (key) => key === `${STORAGE_PREFIX}kpis:${scorecardId}`);
  markSynced(userId, scorecardId);
  await deleteDatabase(stores.indexedDB, offlineCopyName(userId, scorecardId), DEFAULT_TIMEOUT_MS);
}

/** Scorecards whose copies may exist: the cached list and the ones with unsynced changes. */
function knownScorecardIds(userId: string, storage: StorageLike | undefined): string[] {
  const listed = readJson<{ id?: unknown }[]>(storage, `${STORAGE_PREFIX}scorecards`) ?? [];
  const unsynced = readJson<unknown[]>(storage, `${STORAGE_PREFIX}${unsyncedKey(userId)}`) ?? [];
  const ids = [...(Array.isArray(listed) ? listed.map((s) => s?.id) : []), ...(Array.isArray(unsynced) ? unsynced : [])];
  return ids.filter((id): id is string => typeof id === "string");
}

function readJson<T>(storage: StorageLike | undefined, key: string): T | null {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function removeAppEntries(storage: StorageLike | undefined, remove: (key: string) => boolean): void {
  if (!storage) return;
  try {
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter((key): key is string => key !== null && key.startsWith(STORAGE_PREFIX) && remove(key));
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept there.
  }
}

async function listedDatabases(factory: IndexedDbLike | undefined): Promise<string[]> {
  try {
    return (await factory?.databases?.())?.map((db) => db.name ?? "") ?? [];
  } catch {
    return []; // the known names still go
  }
}

function deleteDatabase(factory: IndexedDbLike | undefined, name: string, timeoutMs: number): Promise<keyof DeviceCleanupResult> {
  if (!factory) return Promise.resolve("deleted");
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: keyof DeviceCleanupResult) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      const request = factory.deleteDatabase(name);
      request.onsuccess = () => finish("deleted");
      request.onerror = () => finish("failed");
      // "blocked": another window still has it open; the request stays queued until it closes.
      timer = setTimeout(() => finish("pending"), timeoutMs);
    } catch {
      finish("failed");
    }
  });
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

async function clearCaches(caches: DeviceStores["caches"]): Promise<void> {
  try {
    const names = (await caches?.keys()) ?? [];
    await Promise.all(names.filter((name) => !name.startsWith(SHELL_CACHE_PREFIX)).map((name) => caches!.delete(name)));
  } catch {
    // Cache Storage is unavailable outside secure contexts: then there is nothing in it.
  }
}
