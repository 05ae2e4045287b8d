import { Hono } from "hono";
import type { Me } from "../../../shared/domain/user";
import { NotificationSettingsPatchSchema, type NotificationSettings } from "../../../shared/domain/notifications";
import { colourForUser } from "../../../shared/domain/colour";
import type { AppDeps } from "../../app";
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
    .get("/", (c) => c.json(toMe(requireUser(c))))
    .get("/notifications", (c) => {
      const settings: NotificationSettings | undefined = findNotificationSettings(deps.db, requireUser(c).id);
      if (!settings) throw notFound("Benutzer");
      return c.json(settings);
    })
    .patch("/notifications", validate("json", NotificationSettingsPatchSchema), (c) => {
      const settings: NotificationSettings | undefined = updateNotificationSettings(deps.db, requireUser(c).id, c.req.valid("json"));
      if (!settings) throw notFound("Benutzer");
      return c.json(settings);
    });
}
