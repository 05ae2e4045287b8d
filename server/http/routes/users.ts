import { Hono } from "hono";
import { NewUserSchema, UserRightsSchema, type UserSummary } from "../../../shared/domain/user";
import { Limits } from "../../../shared/limits";
import type { AppDeps } from "../../app";
import { hashPassword } from "../../auth/passwords";
import { invalidateUserSessions } from "../../auth/sessions";
import { findOrganisation, listOrganisations } from "../../persistence/organisations";
import { failuresPerUserAccount } from "../../persistence/loginFailures";
import { createUser, disableUser, findUserByEmail, findUserById, listUsers, updateUserRights, type UserRecord } from "../../persistence/users";
import { AppError, badRequest, forbidden, notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";
import { toMe } from "./me";

/** A user as the admin's list shows them. */
interface AdminUserSummary extends UserSummary {
  /** Failed password checks of this account in the last 24 hours, from any address. */
  recentLoginFailures: number;
}

function toSummary(user: UserRecord, failures: ReadonlyMap<string, number>): AdminUserSummary {
  return { ...toMe(user), disabled: user.disabledAt !== null, recentLoginFailures: failures.get(user.email.toLowerCase()) ?? 0 };
}

/**
 * `/api/admin/users`: list (with each account's failed logins of the last 24 hours),
 * create, change rights, remove. Changes take effect on open collaboration connections at once.
 */
export function userRoutes(deps: AppDeps) {
  function requireAdmin(user: UserRecord): void {
    if (!user.isAdmin) throw forbidden("Nur Administratoren dürfen Benutzer verwalten.");
  }
  function recentFailures(): Map<string, number> {
    return failuresPerUserAccount(deps.db, Date.now() - Limits.loginFailureMemoryMs);
  }
  function summaryOf(id: string): AdminUserSummary {
    return toSummary(existing(id), recentFailures());
  }
  function existing(id: string): UserRecord {
    const user = findUserById(deps.db, id);
    if (!user) throw notFound("Benutzer");
    return user;
  }

  return new Hono<{ Variables: SessionVariables }>()
    .get("/", (c) => {
      requireAdmin(requireUser(c));
      const failures = recentFailures();
      return c.json(listUsers(deps.db).map((user) => toSummary(user, failures)));
    })
    // Under the users' path because it serves the user form: which organisations exist.
    .get("/organisations", (c) => {
      requireAdmin(requireUser(c));
      return c.json(listOrganisations(deps.db));
    })
    .post("/", validate("json", NewUserSchema), async (c) => {
      requireAdmin(requireUser(c));
      const input = c.req.valid("json");
      if (!findOrganisation(deps.db, input.organisationId)) throw badRequest("organisationId: unknown organisation");
      if (findUserByEmail(deps.db, input.email)) throw new AppError(409, "conflict", "email: already in use");
      const id = createUser(deps.db, { ...input, passwordHash: await hashPassword(input.password) });
      return c.json(summaryOf(id), 201);
    })
    .patch("/:id", validate("json", UserRightsSchema), (c) => {
      requireAdmin(requireUser(c));
      const user = existing(c.req.param("id"));
      updateUserRights(deps.db, user.id, c.req.valid("json"));
      deps.collab.refreshUser(user.id);
      return c.json(summaryOf(user.id));
    })
    .delete("/:id", (c) => {
      const admin = requireUser(c);
      requireAdmin(admin);
      const user = existing(c.req.param("id"));
      if (user.id === admin.id) throw badRequest("id: an admin cannot remove themselves");
      disableUser(deps.db, user.id);
      deps.collab.closeSessions(invalidateUserSessions(deps.db, user.id));
      deps.collab.refreshUser(user.id);
      return c.json(summaryOf(user.id));
    });
}
