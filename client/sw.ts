/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/client/sw.js):
 * keeps the app shell (index.html and every built asset) loadable without network, so a
 * reload during a Wi-Fi outage still opens the editor with its offline copy. API calls, file
 * downloads under /api and the collaboration WebSocket never touch it.
 *
 * Each build precaches into its own cache `steuerrad-shell-precache-<version>`, the version
 * being a hash of the build's file list; activating a new build deletes every older
 * `steuerrad-shell-*` cache, so a browser never keeps assets of an old build. Logout keeps
 * these caches (public code only, see client/state/deviceCleanup.ts).
 */
import { cacheNames, clientsClaim, setCacheNameDetails } from "workbox-core";
import { addRoute, matchPrecache, precache, type PrecacheEntry } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

/** An install or activate event: the worker waits for the promise before going on. */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The parts of the service worker's global scope used here. The client's TypeScript
 * program has the DOM library, not the WebWorker one (the two conflict), so they are named here.
 */
interface WorkerScope {
  /** The build's files with their revisions, put in by vite-plugin-pwa. */
  __WB_MANIFEST: (PrecacheEntry | string)[];
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEventLike) => void): void;
}

declare const self: WorkerScope;

/** Prefix of every cache of the app shell; deviceCleanup.ts keeps caches with this prefix at logout. */
const SHELL_CACHE_PREFIX = "steuerrad-shell";
/** How long a navigation waits for the network before it opens the cached shell (a Wi-Fi that drops packets). */
const NAVIGATION_TIMEOUT_MS = 3_000;

const manifest = self.__WB_MANIFEST;

/** FNV-1a over the file list: changes whenever any file of the build changes. */
function buildVersion(entries: (PrecacheEntry | string)[]): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(entries)) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

setCacheNameDetails({ prefix: SHELL_CACHE_PREFIX, precache: "precache", suffix: buildVersion(manifest) });

// A new build takes over at once; the page keeps the chunks it already has, and asks for a
// missing one again after a reload (see "vite:preloadError" in main.tsx).
void self.skipWaiting();
clientsClaim();

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(`${SHELL_CACHE_PREFIX}-`) && name !== cacheNames.precache).map((name) => caches.delete(name)))));
});

/**
 * Navigations go to the network first, so an online user always gets the newest build; the
 * cached shell answers when the network fails, is too slow, or the server has trouble.
 */
async function handleNavigation({ request }: { request: Request }): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), NAVIGATION_TIMEOUT_MS)));
    const response = await Promise.race([fetch(request), timeout]);
    if (response.status < 500) return response;
    return (await matchPrecache("/index.html")) ?? response;
  } catch (error) {
    const shell = await matchPrecache("/index.html");
    if (shell) return shell;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// Registered before the precache route, which would otherwise answer "/" from the cache first.
registerRoute(new NavigationRoute(handleNavigation, { denylist: [/^\/api\//, /^\/collab/] }));
precache(manifest);
// Built assets have content hashes in their names: a cached one never goes stale.
addRoute();
