import { createMiddleware } from "hono/factory";
import { forbidden } from "../../errors";

/** The scheme a request reached the app by, as the browser saw it. */
export type Scheme = "http" | "https";

/**
 * The scheme a request reached the app by: HTTPS when the connection itself is TLS, or
 * when a proxy in front says so in X-Forwarded-Proto (the first entry, the one the browser
 * used). The same trust the Secure flag of the session cookie places in the header.
 * @param encrypted - whether the connection to this process is TLS
 * @param forwardedProto - the X-Forwarded-Proto header, if any
 */
export function requestScheme(encrypted: boolean, forwardedProto: string | undefined): Scheme {
  if (encrypted) return "https";
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
}

/**
 * An origin in its normal form `scheme://host[:port]`: lowercase, without the default
 * port (http:80, https:443), without path or trailing slash.
 * @param value - e.g. "HTTPS://Steuerrad.example.de:443/"
 * @returns e.g. "https://steuerrad.example.de"; null for anything but an http(s) origin ("null", a typo)
 */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username !== "" || url.password !== "") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a request's Origin may change state: the request's own origin (scheme, host and
 * port, from the Host header and the scheme the request came by) or one of the allowed
 * origins. Browsers send Origin on every cross-site POST and WebSocket, so a missing
 * Origin means a non-browser client (curl, an integration), which cannot be a cross-site
 * request forgery. A page on http://host may not change what https://host serves: an
 * attacker on the network can write such a page.
 * @param origin - the Origin header
 * @param own - the request's Host header and scheme (see `requestScheme`)
 * @param allowed - further allowed origins, e.g. "https://steuerrad.example.de" (ALLOWED_ORIGINS)
 * @example
 * isAllowedOrigin("http://steuerrad.example.de", { host: "steuerrad.example.de", scheme: "https" }, []) // false
 */
export function isAllowedOrigin(origin: string | undefined, own: { host: string | undefined; scheme: Scheme }, allowed: string[]): boolean {
  if (origin === undefined) return true;
  const normalised = normaliseOrigin(origin);
  if (normalised === null) return false;
  if (allowed.some((entry) => normaliseOrigin(entry) === normalised)) return true;
  if (own.host === undefined || own.host === "") return false;
  // A Host header with a path, user or the like is no host; new URL would read it leniently.
  if (/[/\\@?#\s]/.test(own.host)) return false;
  return normaliseOrigin(`${own.scheme}://${own.host}`) === normalised;
}

/** Refuses state-changing requests from a foreign origin (CSRF protection). */
export function originCheck(allowedOrigins: string[]) {
  return createMiddleware(async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      const scheme = requestScheme(new URL(c.req.url).protocol === "https:", c.req.header("x-forwarded-proto"));
      if (!isAllowedOrigin(c.req.header("origin"), { host: c.req.header("host"), scheme }, allowedOrigins)) {
        throw forbidden("Anfrage von fremdem Ursprung abgelehnt (Origin).");
      }
    }
    await next();
  });
}
