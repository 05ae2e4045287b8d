import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { MeSchema, NotificationSettingsSchema } from "../openapi/schemas";
import type { Me } from "../../../shared/domain/user";
import { NotificationSettingsPatchSchema, type NotificationSettings } from "../../../shared/domain/notifications";
import { colourForUser } from "../../../shared/domain/colour";
import type { AppDeps } from "../../appDeps";
import { findNotificationSettings, updateNotificationSettings, type UserRecord } from "../../persistence/users";
import { notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** The public view of a user. */
export function toMe(user: UserRecord): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isAdmin: user.isAdmin,
    colour: colourForUser(user.id),
    organisation: { id: user.organisationId, name: user.organisationName, kind: user.organisationKind },
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/**
 * `/api/me`: the logged-in user (`GET /`), and which optional mails they receive
 * (`GET /notifications`, `PATCH /notifications` with `{ questionMails?, reminderMails? }`).
 * @param deps - the database, for the mail settings
 */
export function meRoutes(deps: Pick<AppDeps, "db">) {
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/",
      describeRoute({
        tags: [Tag.me],
        summary: "Angemeldeter Benutzer",
        responses: { 200: json("Der Benutzer mit Rolle, Organisation und Farbe.", MeSchema), ...errors(401) },
      }),
      (c) => c.json(toMe(requireUser(c))),
    )
    .get(
      "/notifications",
      describeRoute({
        tags: [Tag.me],
        summary: "Eigene Mail-Einstellungen",
        responses: { 200: json("Welche Mails der Benutzer bekommt.", NotificationSettingsSchema), ...errors(401, 403, 404) },
      }),
      async (c) => {
        const settings: NotificationSettings | undefined = await findNotificationSettings(deps.db, requireUser(c).id);
        if (!settings) throw notFound("Benutzer");
        return c.json(settings);
      },
    )
    .patch(
      "/notifications",
      describeRoute({
        tags: [Tag.me],
        summary: "Mail-Einstellungen ändern",
        responses: { 200: json("Die Einstellungen nach der Änderung.", NotificationSettingsSchema), ...errors(400, 401, 403, 404) },
      }),
      validate("json", NotificationSettingsPatchSchema),
      async (c) => {
        const settings: NotificationSettings | undefined = await updateNotificationSettings(deps.db, requireUser(c).id, c.req.valid("json"));
        if (!settings) throw notFound("Benutzer");
        return c.json(settings);
      },
    );
}
