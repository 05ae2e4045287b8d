import { createMiddleware } from "hono/factory";
import { forbidden } from "../../errors";

/**
 * Whether a request's Origin may change state. Browsers send Origin on every
 * cross-site POST and WebSocket, so a missing Origin means a non-browser client
 * (curl, an integration), which cannot be a cross-site request forgery.
 * @param origin - the Origin header
 * @param host - the Host header
 * @param allowed - further allowed origins, e.g. "https://steuerrad.example.de"
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Refuses state-changing requests from a foreign origin (CSRF protection). */
export function originCheck(allowedOrigins: string[]) {
  return createMiddleware(async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      if (!isAllowedOrigin(c.req.header("origin"), c.req.header("host"), allowedOrigins)) {
        throw forbidden("Anfrage von fremdem Ursprung abgelehnt (Origin).");
      }
    }
    await next();
  });
}
