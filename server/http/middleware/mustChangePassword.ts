import { createMiddleware } from "hono/factory";
import { AppError } from "../../errors";
import type { SessionVariables } from "./session";

/**
 * What a user who must change the password may still call: who am I, the session, the
 * change itself, logout, a fresh login, and what needs no user at all: the health checks and
 * the API description with its page (public, so a logged-in user must not get less than a stranger).
 */
const ALLOWED: { method: string; path: RegExp }[] = [
  { method: "GET", path: /^\/api\/me\/?$/ },
  { method: "GET", path: /^\/api\/session\/?$/ },
  { method: "POST", path: /^\/api\/auth\/(password|logout|login)\/?$/ },
  { method: "GET", path: /^\/api\/health(\/.*)?$/ },
  { method: "GET", path: /^\/api\/(openapi\.json|docs(\/.*)?)$/ },
];

/**
 * Refuses every other API call with 403 `password_change_required` while the logged-in
 * user is marked "must change the password" (demo users seeded on PostgreSQL or in
 * production: their password is in the README). Runs after the session middleware, whose
 * user record carries the mark.
 */
export function mustChangePasswordGuard() {
  return createMiddleware<{ Variables: SessionVariables }>(async (c, next) => {
    const user = c.get("user");
    if (user && !ALLOWED.some((rule) => rule.method === c.req.method && rule.path.test(c.req.path)) && user.mustChangePassword) {
      throw new AppError(403, "password_change_required", "Bitte ändern Sie zuerst Ihr Passwort: Das Demo-Passwort ist öffentlich bekannt.");
    }
    await next();
  });
}
