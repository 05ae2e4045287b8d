import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error with an HTTP status and a stable code, shown to the client as `{ error: { code, message } }`. */
export class AppError extends Error {
  /**
   * @param status - HTTP status
   * @param code - stable machine-readable code
   * @param message - human-readable message, safe to show (no secrets, no stack)
   */
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 400: the request is malformed; the message names the field. */
export function badRequest(message: string): AppError {
  return new AppError(400, "bad_request", message);
}

/** 401: no valid session. */
export function unauthenticated(message = "Nicht angemeldet."): AppError {
  return new AppError(401, "unauthenticated", message);
}

/** 403: the user may not do this. */
export function forbidden(message = "Keine Berechtigung."): AppError {
  return new AppError(403, "forbidden", message);
}

/** 404: the named thing does not exist (or is not visible to the user). */
export function notFound(what: string): AppError {
  return new AppError(404, "not_found", `${what} nicht gefunden.`);
}

/** 429: too many attempts; retry later. */
export function tooManyRequests(message: string): AppError {
  return new AppError(429, "too_many_requests", message);
}
