import { hc } from "hono/client";
import type { AppType } from "../../server/app";

/** The typed API client; request and response types come from the server's routes. */
export const api = hc<AppType>("/api");

/** An error answer of the API, with the server's message. */
export class ApiError extends Error {
  /**
   * @param status - HTTP status; 0 when the server could not be reached
   * @param message - the server's message
   * @param code - the server's error code, e.g. "unauthenticated", for texts in the UI's language
   */
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = "",
  ) {
    super(message);
  }
}

const sessionDoubtListeners = new Set<() => void>();

/**
 * Subscribes to signs that the session may have ended: an API answer 401, a collaboration
 * close 4401/4403, a socket the server keeps refusing. Only a check of `GET /api/me`
 * decides (see client/state/session.ts, [SYNC24]).
 * @returns a function that unsubscribes
 */
export function onSessionDoubt(listener: () => void): () => void {
  sessionDoubtListeners.add(listener);
  return () => sessionDoubtListeners.delete(listener);
}

/** Reports a sign that the session may have ended, see {@link onSessionDoubt}. */
export function reportSessionDoubt(): void {
  for (const listener of Array.from(sessionDoubtListeners)) listener();
}

/**
 * Reads a JSON answer, turning error answers into ApiError with the server's message.
 * @throws ApiError
 */
export async function readJson<T>(response: Response | Promise<Response>): Promise<T> {
  let answer: Response;
  try {
    answer = await response;
  } catch {
    throw new ApiError(0, "offline");
  }
  // A wrong password also answers 401, so this is only a doubt that GET /api/me settles.
  if (answer.status === 401) reportSessionDoubt();
  if (!answer.ok) {
    const body = (await answer.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    throw new ApiError(answer.status, body?.error?.message ?? answer.statusText, body?.error?.code ?? "");
  }
  return (await answer.json()) as T;
}
