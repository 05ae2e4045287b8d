import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../log";
import { clientAddressOf, NO_TRUSTED_PROXIES, type TrustedProxies } from "../clientAddress";

/** The request id header, read from proxies and echoed on every response. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** What the request id middleware puts on the context. */
export interface RequestIdVariables {
  /** This request's id, from a sane `X-Request-Id` or generated. */
  requestId: string;
}

const SANE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Health checks are polled every few seconds; their lines only show at debug. */
const QUIET_PATHS = /^\/api\/health(\/|$)/;

/**
 * Takes the caller's `X-Request-Id` when it is sane (1–100 of `A-Za-z0-9._-`), else
 * makes a random one; sets it on the context and the response, and writes one log line
 * per request: method, path without query, status, ms, requestId, the client's address
 * (from X-Forwarded-For behind a trusted proxy) and userId if any.
 * Register it first, so the line covers everything after it (also errors, which reach
 * it as the error response).
 * @param logger - where the request lines go (info; health checks at debug)
 * @param proxies - TRUST_PROXY, whose X-Forwarded-For names the client (default: none)
 */
export function requestId(logger: Logger, proxies: TrustedProxies = NO_TRUSTED_PROXIES) {
  return createMiddleware<{ Variables: RequestIdVariables }>(async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", id);
    const started = performance.now();
    try {
      await next();
    } finally {
      c.header(REQUEST_ID_HEADER, id);
      const user = (c.var as { user?: { id: string } | null }).user;
      const path = c.req.path;
      logger.log(QUIET_PATHS.test(path) ? "debug" : "info", "request", {
        method: c.req.method,
        path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        requestId: id,
        address: clientAddressOf(c, proxies),
        ...(user ? { userId: user.id } : {}),
      });
    }
  });
}

/**
 * The request id of a request that went through `requestId`, for error log lines.
 * @param c - any Hono context
 * @returns the id, or undefined outside the middleware
 */
export function requestIdOf(c: Context): string | undefined {
  return (c.var as Partial<RequestIdVariables>).requestId;
}
