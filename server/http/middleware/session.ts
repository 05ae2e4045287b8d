import { createMiddleware } from "hono/factory";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { Context } from "hono";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, validateSessionToken, type Session } from "../../auth/sessions";
import type { UserRecord } from "../../persistence/users";
import type { Db } from "../../persistence/db";
import { unauthenticated } from "../../errors";

/** What the session middleware puts on the context. */
export interface SessionVariables {
  /** The logged-in user, or null. */
  user: UserRecord | null;
  /** The current session, or null. */
  session: Session | null;
}

/** Whether the cookie must be Secure: behind HTTPS, or when forced by configuration. */
function isSecure(c: Context, force: boolean | undefined): boolean {
  if (force !== undefined) return force;
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, 30 days. */
export function setSessionCookie(c: Context, token: string, secure: boolean | undefined): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isSecure(c, secure),
    path: "/",
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Loads the session from the cookie, renewing cookie and expiry when due. */
export function sessionMiddleware(db: Db, secureCookie: boolean | undefined) {
  return createMiddleware<{ Variables: SessionVariables }>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const validation = token ? await validateSessionToken(db, token) : null;
    if (token && !validation) clearSessionCookie(c);
    if (token && validation?.renewed) setSessionCookie(c, token, secureCookie);
    c.set("user", validation?.user ?? null);
    c.set("session", validation?.session ?? null);
    await next();
  });
}

/** Returns the logged-in user or throws 401. */
export function requireUser(c: Context<{ Variables: SessionVariables }>): UserRecord {
  const user = c.get("user");
  if (!user) throw unauthenticated();
  return user;
}
