import { hc, type ClientResponse, type InferRequestType } from "hono/client";
import type { ResponseFormat } from "hono/types";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "../../server/app";
import type { KpiIssue } from "../../shared/kpi/errors";

/**
 * The typed API client, the only one in the client; request and response types come from
 * the server's routes. Call it through {@link readJson}. Only file downloads (exports,
 * audit report: plain links the browser saves) and the collaboration WebSocket (y-websocket,
 * client/editor/collaboration.ts) go past it; the figures upload goes through it with an
 * untyped FormData body (see controllingApi.ts).
 */
export const api = hc<AppType>("/api");

/** An error answer of the API, or no answer at all; `message` is shown to the user as it is. */
export class ApiError extends Error {
  /**
   * @param status - HTTP status; 0 when the server could not be reached
   * @param message - the server's message (German), or a German sentence naming what failed
   * @param code - the server's error code, e.g. "unauthenticated", for texts in the UI's language;
   *   "offline" without an answer, "http_error" for an answer without error body
   * @param issues - the problems of a rejected file or form (code `invalid_input`, controlling)
   */
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = "",
    readonly issues: KpiIssue[] = [],
  ) {
    super(message);
  }
}

/**
 * The body of an error answer. Hand-written because `app.onError` writes it, outside every
 * route, so hc cannot infer it; server/app.ts is its single source.
 */
interface ErrorBody {
  /** What went wrong. */
  error?: { code?: string; message?: string; issues?: KpiIssue[] };
}

/**
 * The body of a successful answer, as the route declares it. Routes answering without JSON
 * (`c.body(null, 204)`) give null.
 */
export type SuccessBody<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends "json" ? T : null) : never) : never;

/** The JSON body a call of {@link api} sends, e.g. `RequestJson<typeof api.talks.$post>`. */
export type RequestJson<Call> = InferRequestType<Call> extends { json: infer J } ? J : never;

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
 * Unwraps an answer of the typed client: the route's JSON when it is ok, else an ApiError
 * with the server's message, or a German sentence naming what failed when the server sent
 * none (a proxy's 502, no network).
 * @param call - a call of {@link api}, e.g. `api.talks.$get()`
 * @param what - what was attempted, in German, e.g. "Gespräche laden"
 * @returns the answer's body, typed by the route
 * @throws ApiError
 * @example
 * const talks = await readJson(api.talks.$get(), "Gespräche laden");
 */
export async function readJson<R extends ClientResponse<unknown, number, ResponseFormat>>(call: Promise<R>, what: string): Promise<SuccessBody<R>> {
  let answer: R;
  try {
    answer = await call;
  } catch {
    throw new ApiError(0, `${what}: Der Server ist nicht erreichbar.`, "offline");
  }
  // A wrong password also answers 401, so this is only a doubt that GET /api/me settles.
  if (answer.status === 401) reportSessionDoubt();
  if (!answer.ok) {
    const body = (await answer.json().catch(() => null)) as ErrorBody | null;
    // No error body (a proxy's 502): "http_error", which the upload form words in the UI's language.
    throw new ApiError(answer.status, body?.error?.message ?? `${what} ist fehlgeschlagen (HTTP ${answer.status}).`, body?.error?.code ?? "http_error", body?.error?.issues ?? []);
  }
  if (answer.status === 204) return null as SuccessBody<R>;
  return (await answer.json()) as SuccessBody<R>;
}
