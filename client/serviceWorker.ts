/**
 * The client's side of the service worker (client/sw.ts): when it is registered, and what
 * happens when a deploy removed the chunks an open page still asks for.
 */

/** Marks (in this tab) that a reload for a newer build was tried, so a missing chunk cannot loop. */
const RELOADED_FOR_VERSION = "steuerrad.reloadedForVersion";

let registered = false;

/**
 * Registers the service worker once the browser is idle; call it when a page has shown its
 * content. Its precaching of the whole app shell (about 430 KB compressed) must not compete
 * with the current page's own chunks over a slow line: on the login page it runs while the
 * user types, so the pages after the login come from the cache.
 */
export function registerServiceWorkerWhenIdle(): void {
  if (registered || !("serviceWorker" in navigator) || location.protocol === "file:") return;
  registered = true;
  const register = () => void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  if ("requestIdleCallback" in window) requestIdleCallback(register, { timeout: 3_000 });
  else setTimeout(register, 0);
}

/**
 * Reloads once when a lazily loaded chunk is missing: a page opened before a deploy asks for
 * chunks of its own build, which the server no longer has, and a reload brings the current
 * build. Offline a reload would not help (the cached shell is the one that failed), and a
 * second failure in the same tab is shown as it is.
 */
export function reloadOnMissingChunks(): void {
  window.addEventListener("vite:preloadError", (event) => {
    if (!navigator.onLine || sessionStorage.getItem(RELOADED_FOR_VERSION)) return;
    event.preventDefault();
    sessionStorage.setItem(RELOADED_FOR_VERSION, "1");
    location.reload();
  });
}
