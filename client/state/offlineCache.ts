/**
 * Small JSON values kept in localStorage, so the app can start without network
 * (who is logged in, which scorecards exist). Documents live in IndexedDB instead.
 */
export function saveCached(key: string, value: unknown): void {
  try {
    localStorage.setItem(`steuerrad.${key}`, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app still works online.
  }
}

/** Reads a cached value, or null. */
export function loadCached<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(`steuerrad.${key}`);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Removes a cached value. */
export function clearCached(key: string): void {
  try {
    localStorage.removeItem(`steuerrad.${key}`);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
