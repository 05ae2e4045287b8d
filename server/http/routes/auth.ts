import { Hono, type Context } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, PUBLIC, Tag } from "../openapi/describe";
import { OkSchema } from "../openapi/schemas";
import { LoginSchema, PasswordChangeSchema } from "../../../shared/domain/user";
import type { AppDeps } from "../../appDeps";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../auth/passwords";
import { createSession, invalidateSession, invalidateUserSessions } from "../../auth/sessions";
import { createLoginThrottle, waitInGerman, type Wait } from "../../auth/throttle";
import { transaction } from "../../persistence/db";
import { findUserByEmail, setMustChangePassword, updatePasswordHash } from "../../persistence/users";
import { tooManyRequests, unauthenticated } from "../../errors";
import { clearSessionCookie, requireUser, setSessionCookie, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";
import { clientAddressOf, NO_TRUSTED_PROXIES } from "../clientAddress";

/** Login, logout and password change. */
export function authRoutes(deps: AppDeps) {
  const throttle = createLoginThrottle(deps.db, deps.logger);

  // Behind a trusted proxy the socket is the proxy's: counting it would put every user into one bucket.
  // AppDeps' config lists only some settings; the server passes the whole Config, tests may not.
  const proxies = deps.config.trustProxy ?? NO_TRUSTED_PROXIES;
  const clientAddress = (c: Context) => clientAddressOf(c, proxies);

  /** Refuses with 429, a German message naming the wait, and Retry-After in seconds. */
  function refuse(c: { header(name: string, value: string): void }, wait: Wait): never {
    c.header("Retry-After", String(Math.ceil(wait.retryAfterMs / 1000)));
    const what = wait.cause === "pair" ? "für dieses Konto von Ihrer Adresse" : "von Ihrer Adresse";
    throw tooManyRequests(`Zu viele Fehlversuche ${what}. Bitte in ${waitInGerman(wait.retryAfterMs)} erneut versuchen.`);
  }

  return new Hono<{ Variables: SessionVariables }>()
    .post(
      "/login",
      describeRoute({
        tags: [Tag.auth],
        summary: "Anmelden",
        ...PUBLIC,
        responses: {
          200: json("Angemeldet; das Sitzungs-Cookie ist gesetzt (jede Anmeldung beginnt eine neue Sitzung).", OkSchema),
          ...errors(400, 401, 403, 429),
        },
      }),
      validate("json", LoginSchema),
      async (c) => {
        const { email: typed, password } = c.req.valid("json");
        // Addresses compare without case (as the users table does): no fresh count per spelling.
        const email = typed.toLowerCase();
        const address = clientAddress(c);
        // Counted before the slow hash check, so parallel guesses cannot all slip under the limit.
        const checked = await throttle.waitOrBegin(email, address);
        if (checked.wait) refuse(c, checked.wait);
        const { attempt } = checked;
        const user = await findUserByEmail(deps.db, email);
        const valid = user && user.disabledAt === null ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
        if (!user || !valid) {
          throttle.failed(attempt);
          throw unauthenticated("E-Mail oder Passwort ist falsch.");
        }
        await throttle.succeeded(attempt);
        // A fresh session on every login: a session id planted before login is never promoted.
        const previous = c.get("session");
        if (previous) await invalidateSession(deps.db, previous.id);
        const { token } = await createSession(deps.db, user.id);
        setSessionCookie(c, token, deps.config.secureCookie);
        return c.json({ ok: true as const });
      },
    )
    .post(
      "/logout",
      describeRoute({
        tags: [Tag.auth],
        summary: "Abmelden",
        ...PUBLIC,
        responses: { 200: json("Abgemeldet; Sitzung und Cookie sind beendet, offene Verbindungen geschlossen.", OkSchema), ...errors(403) },
      }),
      async (c) => {
        const session = c.get("session");
        if (session) {
          await invalidateSession(deps.db, session.id);
          deps.collab.closeSessions([session.id]);
        }
        clearSessionCookie(c);
        return c.json({ ok: true as const });
      },
    )
    .post(
      "/password",
      describeRoute({
        tags: [Tag.auth],
        summary: "Eigenes Passwort ändern",
        responses: { 200: json("Geändert; alle Sitzungen des Kontos sind beendet, dieser Browser hat eine neue.", OkSchema), ...errors(400, 401, 403, 429) },
      }),
      validate("json", PasswordChangeSchema),
      async (c) => {
        const user = requireUser(c);
        const { currentPassword, newPassword } = c.req.valid("json");
        const email = user.email.toLowerCase();
        const address = clientAddress(c);
        // A stolen session must not allow unlimited guesses of the current password. Counted
        // per account and address like logins, so a thief's guesses never make the owner wait.
        const checked = await throttle.waitOrBegin(email, address, { perAddress: false });
        if (checked.wait) refuse(c, checked.wait);
        const { attempt } = checked;
        if (!(await verifyPassword(user.passwordHash, currentPassword))) {
          throttle.failed(attempt);
          throw unauthenticated("Das aktuelle Passwort ist falsch.");
        }
        await throttle.succeeded(attempt);
        // Hashed before the transaction, which must not wait for anything but the database.
        const passwordHash = await hashPassword(newPassword);
        const { ended, token } = await transaction(deps.db, async (trx) => {
          await updatePasswordHash(trx, user.id, passwordHash);
          // The published demo password is gone now, so the user may do everything again.
          await setMustChangePassword(trx, user.id, false);
          // Every session ends, including ones a thief may hold; this browser gets a new one.
          const ended = await invalidateUserSessions(trx, user.id);
          return { ended, token: (await createSession(trx, user.id)).token };
        });
        deps.collab.closeSessions(ended);
        setSessionCookie(c, token, deps.config.secureCookie);
        return c.json({ ok: true as const });
      },
    );
}
