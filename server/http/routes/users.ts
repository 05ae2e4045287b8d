import { Hono } from "hono";
import { z } from "zod";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { AdminUserSummarySchema, OrganisationSchema } from "../openapi/schemas";
import { NewUserSchema, UserRightsSchema, type UserSummary } from "../../../shared/domain/user";
import { Limits } from "../../../shared/limits";
import type { AppDeps } from "../../appDeps";
import { hashPassword } from "../../auth/passwords";
import { invalidateUserSessions } from "../../auth/sessions";
import { transaction } from "../../persistence/db";
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
  function recentFailures(): Promise<Map<string, number>> {
    return failuresPerUserAccount(deps.db, Date.now() - Limits.loginFailureMemoryMs);
  }
  async function summaryOf(id: string): Promise<AdminUserSummary> {
    return toSummary(await existing(id), await recentFailures());
  }
  async function existing(id: string): Promise<UserRecord> {
    const user = await findUserById(deps.db, id);
    if (!user) throw notFound("Benutzer");
    return user;
  }

  return (
    new Hono<{ Variables: SessionVariables }>()
      .get(
        "/",
        describeRoute({
          tags: [Tag.users],
          summary: "Benutzer auflisten",
          responses: { 200: json("Alle Benutzer mit den Fehlversuchen der letzten 24 Stunden.", z.array(AdminUserSummarySchema)), ...errors(401, 403) },
        }),
        async (c) => {
          requireAdmin(requireUser(c));
          const failures = await recentFailures();
          return c.json((await listUsers(deps.db)).map((user) => toSummary(user, failures)));
        },
      )
      // Under the users' path because it serves the user form: which organisations exist.
      .get(
        "/organisations",
        describeRoute({
          tags: [Tag.users],
          summary: "Organisationen",
          responses: { 200: json("Leistungsträger zuerst, dann die Leistungserbringer.", z.array(OrganisationSchema)), ...errors(401, 403) },
        }),
        async (c) => {
          requireAdmin(requireUser(c));
          return c.json(await listOrganisations(deps.db));
        },
      )
      .post(
        "/",
        describeRoute({
          tags: [Tag.users],
          summary: "Benutzer anlegen",
          responses: { 201: json("Der neue Benutzer.", AdminUserSummarySchema), ...errors(400, 401, 403, 409) },
        }),
        validate("json", NewUserSchema),
        async (c) => {
          requireAdmin(requireUser(c));
          const input = c.req.valid("json");
          if (!(await findOrganisation(deps.db, input.organisationId))) throw badRequest("organisationId: unknown organisation");
          if (await findUserByEmail(deps.db, input.email)) throw new AppError(409, "conflict", "email: already in use");
          const id = await createUser(deps.db, { ...input, passwordHash: await hashPassword(input.password) });
          return c.json(await summaryOf(id), 201);
        },
      )
      .patch(
        "/:id",
        describeRoute({
          tags: [Tag.users],
          summary: "Rechte eines Benutzers ändern",
          responses: { 200: json("Der geänderte Benutzer.", AdminUserSummarySchema), ...errors(400, 401, 403, 404) },
        }),
        validate("json", UserRightsSchema),
        async (c) => {
          requireAdmin(requireUser(c));
          const user = await existing(c.req.param("id"));
          await updateUserRights(deps.db, user.id, c.req.valid("json"));
          await deps.collab.refreshUser(user.id);
          return c.json(await summaryOf(user.id));
        },
      )
      .delete(
        "/:id",
        describeRoute({
          tags: [Tag.users],
          summary: "Benutzer entfernen",
          responses: { 200: json("Der entfernte Benutzer (`disabled`).", AdminUserSummarySchema), ...errors(400, 401, 403, 404) },
        }),
        async (c) => {
          const admin = requireUser(c);
          requireAdmin(admin);
          const user = await existing(c.req.param("id"));
          if (user.id === admin.id) throw badRequest("id: an admin cannot remove themselves");
          const ended = await transaction(deps.db, async (trx) => {
            await disableUser(trx, user.id);
            return invalidateUserSessions(trx, user.id);
          });
          deps.collab.closeSessions(ended);
          await deps.collab.refreshUser(user.id);
          return c.json(await summaryOf(user.id));
        },
      )
  );
}
