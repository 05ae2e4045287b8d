import type { Me } from "../../shared/domain/user";
import { api, ApiError, onSessionDoubt, readJson } from "../lib/api";
import { clearDevice, type DeviceCleanupResult } from "./deviceCleanup";
import { clearCached, loadCached, saveCached } from "./offlineCache";

/** Who is logged in; `offline` when taken from the cache because the server was unreachable. */
export interface SessionState {
  /** The user, or null when logged out. */
  me: Me | null;
  /** Whether this came from the offline cache. */
  offline: boolean;
}

/** Set while the server has not yet heard of a logout made offline (survives the cleanup). */
const LOGOUT_PENDING = "logoutPending";

/**
 * Asks the server who is logged in (`GET /api/session`); without network, falls back to the
 * last known user. A logout made offline is sent first. When the server says nobody is logged
 * in, the last user's data goes from the device ([SYNC24]).
 */
export async function loadSession(): Promise<SessionState> {
  if (loadCached<boolean>(LOGOUT_PENDING)) {
    // The browser still holds the cookie of a session its user ended: nobody may use it.
    const told = await tellServerLogout();
    return { me: null, offline: !told };
  }
  try {
    // The probe answers 200 with `me: null` when logged out (no failed request in the console);
    // its null means what a 401 of GET /api/me means.
    const { me } = await readJson(api.session.$get(), "Anmeldung prüfen");
    if (me) {
      saveCached("me", me);
      return { me, offline: false };
    }
    const last = loadCached<Me>("me");
    if (last) await clearDevice(last.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return { me: loadCached<Me>("me"), offline: true };
  }
  clearCached("me");
  return { me: null, offline: false };
}

/**
 * Logs in.
 * @throws ApiError with the server's message (wrong credentials, throttled)
 */
export async function logIn(email: string, password: string): Promise<Me> {
  await readJson(api.auth.login.$post({ json: { email, password } }), "Anmelden");
  // A login ends the session the browser held before, so a pending logout is done.
  clearCached(LOGOUT_PENDING);
  const session = await loadSession();
  if (!session.me) throw new ApiError(401, "login failed");
  return session.me;
}

/** What a logout did. */
export interface LogoutResult {
  /** What left the device. */
  cleanup: DeviceCleanupResult;
  /** Whether the server ended the session now; otherwise the next start tells it. */
  serverTold: boolean;
}

/**
 * Logs out and deletes the user's data from the device: the server ends the session (or,
 * offline, hears of it at the next start), then every offline copy and cached entry of the
 * user goes. Unsynced changes are lost; the caller asks first.
 * @param userId - the user logging out
 */
export async function logOut(userId: string): Promise<LogoutResult> {
  saveCached(LOGOUT_PENDING, true);
  const serverTold = await tellServerLogout();
  const cleanup = await clearDevice(userId);
  return { cleanup, serverTold };
}

/** Whether this browser's session still stands: the answer of `GET /api/me`, nothing else. */
export type SessionCheck = "valid" | "gone" | "unknown";

/**
 * Asks the server whether the user's session still stands. Only a 401, or another user
 * now logged in in this browser, is "gone"; no network or a server error is "unknown".
 */
export async function checkSession(userId: string): Promise<SessionCheck> {
  try {
    // Not through readJson: its 401 would report another doubt, and this check settles doubts.
    const answer = await api.me.$get();
    if (answer.status === 401) return "gone";
    if (!answer.ok) return "unknown";
    return (await answer.json()).id === userId ? "valid" : "gone";
  } catch {
    return "unknown";
  }
}

/**
 * Watches for the end of a user's session: each doubt (see `onSessionDoubt`) is settled by
 * {@link checkSession}, retried with back-off while the answer is unknown; `onGone` runs
 * once the server says the session is gone.
 * @returns a function that stops watching
 */
export function watchSessionEnd(userId: string, onGone: () => void, retryMs = 2_000): () => void {
  let checking = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function handleDoubt(attempt = 0): Promise<void> {
    if (stopped || (checking && attempt === 0)) return;
    checking = true;
    const answer = await checkSession(userId);
    if (stopped) return;
    if (answer === "gone") {
      stopped = true;
      onGone();
    } else if (answer === "unknown" && attempt < 5) {
      timer = setTimeout(() => void handleDoubt(attempt + 1), retryMs * 2 ** attempt);
    } else {
      checking = false;
    }
  }

  const unsubscribe = onSessionDoubt(() => void handleDoubt());
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}

async function tellServerLogout(): Promise<boolean> {
  try {
    await readJson(api.auth.logout.$post(), "Abmelden");
  } catch (error) {
    // 401: no session to end. Anything else (offline, server error): try again at the next start.
    if (!(error instanceof ApiError && error.status === 401)) return false;
  }
  clearCached(LOGOUT_PENDING);
  return true;
}
