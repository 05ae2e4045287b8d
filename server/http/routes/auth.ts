import { Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { LoginSchema, PasswordChangeSchema } from "../../../shared/domain/user";
import { Limits } from "../../../shared/limits";
import type { AppDeps } from "../../app";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../auth/passwords";
import { createSession, invalidateSession, invalidateUserSessions } from "../../auth/sessions";
import { createThrottle } from "../../auth/throttle";
import { findUserByEmail, updatePasswordHash } from "../../persistence/users";
import { tooManyRequests, unauthenticated } from "../../errors";
import { clearSessionCookie, requireUser, setSessionCookie, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** Login, logout and password change. */
export function authRoutes(deps: AppDeps) {
  const perAccount = createThrottle(deps.db, "account", Limits.loginFailuresPerAccount, Limits.loginWindowMs);
  const perAddress = createThrottle(deps.db, "address", Limits.loginFailuresPerAddress, Limits.loginWindowMs);

  function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown"; // app.request() in tests has no socket
    }
  }

  return new Hono<{ Variables: SessionVariables }>()
    .post("/login", validate("json", LoginSchema), async (c) => {
      const { email: typed, password } = c.req.valid("json");
      // Addresses compare without case (as the users table does): no fresh count per spelling.
      const email = typed.toLowerCase();
      const address = clientAddress(c);
      const wait = Math.max(perAccount.retryAfterMs(email), perAddress.retryAfterMs(address));
      if (wait > 0) {
        c.header("Retry-After", String(Math.ceil(wait / 1000)));
        throw tooManyRequests(`Zu viele Fehlversuche. Bitte in ${Math.ceil(wait / 60000)} Minuten erneut versuchen.`);
      }
      // Counted before the slow hash check, so parallel guesses cannot all slip under the limit.
      perAccount.fail(email);
      perAddress.fail(address);
      const user = findUserByEmail(deps.db, email);
      const valid = user && user.disabledAt === null ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
      if (!user || !valid) throw unauthenticated("E-Mail oder Passwort ist falsch.");
      perAccount.reset(email);
      perAddress.forgive(address);
      // A fresh session on every login: a session id planted before login is never promoted.
      const previous = c.get("session");
      if (previous) invalidateSession(deps.db, previous.id);
      const { token } = createSession(deps.db, user.id);
      setSessionCookie(c, token, deps.config.secureCookie);
      return c.json({ ok: true as const });
    })
    .post("/logout", (c) => {
      const session = c.get("session");
      if (session) {
        invalidateSession(deps.db, session.id);
        deps.collab.closeSessions([session.id]);
      }
      clearSessionCookie(c);
      return c.json({ ok: true as const });
    })
    .post("/password", validate("json", PasswordChangeSchema), async (c) => {
      const user = requireUser(c);
      const { currentPassword, newPassword } = c.req.valid("json");
      // A stolen session must not allow unlimited guesses of the current password.
      const wait = perAccount.retryAfterMs(user.email.toLowerCase());
      if (wait > 0) {
        c.header("Retry-After", String(Math.ceil(wait / 1000)));
        throw tooManyRequests(`Zu viele Fehlversuche. Bitte in ${Math.ceil(wait / 60000)} Minuten erneut versuchen.`);
      }
      perAccount.fail(user.email.toLowerCase());
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        throw unauthenticated("Das aktuelle Passwort ist falsch.");
      }
      perAccount.reset(user.email.toLowerCase());
      updatePasswordHash(deps.db, user.id, await hashPassword(newPassword));
      // Every session ends, including ones a thief may hold; this browser gets a new one.
      deps.collab.closeSessions(invalidateUserSessions(deps.db, user.id));
      const { token } = createSession(deps.db, user.id);
      setSessionCookie(c, token, deps.config.secureCookie);
      return c.json({ ok: true as const });
    });
}
