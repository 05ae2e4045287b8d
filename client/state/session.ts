import type { Me } from "../../shared/domain/user";
import { api, ApiError, readJson } from "../lib/api";
import { clearCached, loadCached, saveCached } from "./offlineCache";

/** Who is logged in; `offline` when taken from the cache because the server was unreachable. */
export interface SessionState {
  /** The user, or null when logged out. */
  me: Me | null;
  /** Whether this came from the offline cache. */
  offline: boolean;
}

/** Asks the server who is logged in; without network, falls back to the last known user. */
export async function loadSession(): Promise<SessionState> {
  try {
    const me = await readJson<Me>(api.me.$get());
    saveCached("me", me);
    return { me, offline: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return { me: loadCached<Me>("me"), offline: true };
    clearCached("me");
    return { me: null, offline: false };
  }
}

/**
 * Logs in.
 * @throws ApiError with the server's message (wrong credentials, throttled)
 */
export async function logIn(email: string, password: string): Promise<Me> {
  await readJson(api.auth.login.$post({ json: { email, password } }));
  const session = await loadSession();
  if (!session.me) throw new ApiError(401, "login failed");
  return session.me;
}

/** Logs out and forgets the cached user. */
export async function logOut(): Promise<void> {
  await readJson(api.auth.logout.$post()).catch(() => undefined);
  clearCached("me");
  clearCached("scorecards");
}
