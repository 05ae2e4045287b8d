import { Hono } from "hono";
import { NewUserSchema, UserRightsSchema, type UserSummary } from "../../../shared/domain/user";
import type { AppDeps } from "../../app";
import { hashPassword } from "../../auth/passwords";
import { invalidateUserSessions } from "../../auth/sessions";
import { findOrganisation, listOrganisations } from "../../persistence/organisations";
import { createUser, disableUser, findUserByEmail, findUserById, listUsers, updateUserRights, type UserRecord } from "../../persistence/users";
import { AppError, badRequest, forbidden, notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";
import { toMe } from "./me";

function toSummary(user: UserRecord): UserSummary {
  return { ...toMe(user), disabled: user.disabledAt !== null };
}

/**
 * `/api/admin/users`: list, create, change rights, remove. Changes take effect on open
 * collaboration connections at once.
 */
export function userRoutes(deps: AppDeps) {
  function requireAdmin(user: UserRecord): void {
    if (!user.isAdmin) throw forbidden("Nur Administratoren dürfen Benutzer verwalten.");
  }
  function existing(id: string): UserRecord {
    const user = findUserById(deps.db, id);
    if (!user) throw notFound("Benutzer");
    return user;
  }

  return new Hono<{ Variables: SessionVariables }>()
    .get("/", (c) => {
      requireAdmin(requireUser(c));
      return c.json(listUsers(deps.db).map(toSummary));
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
      return c.json(toSummary(existing(id)), 201);
    })
    .patch("/:id", validate("json", UserRightsSchema), (c) => {
      requireAdmin(requireUser(c));
      const user = existing(c.req.param("id"));
      updateUserRights(deps.db, user.id, c.req.valid("json"));
      deps.collab.refreshUser(user.id);
      return c.json(toSummary(existing(user.id)));
    })
    .delete("/:id", (c) => {
      const admin = requireUser(c);
      requireAdmin(admin);
      const user = existing(c.req.param("id"));
      if (user.id === admin.id) throw badRequest("id: an admin cannot remove themselves");
      disableUser(deps.db, user.id);
      deps.collab.closeSessions(invalidateUserSessions(deps.db, user.id));
      deps.collab.refreshUser(user.id);
      return c.json(toSummary(existing(user.id)));
    });
}
