import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { json, PUBLIC, Tag } from "../openapi/describe";
import { SessionProbeSchema } from "../openapi/schemas";
import type { Me } from "../../../shared/domain/user";
import type { SessionVariables } from "../middleware/session";
import { toMe } from "./me";

/** The answer of `GET /api/session`. */
export interface SessionProbe {
  /** The logged-in user, or null when this browser has no valid session. */
  me: Me | null;
}

/**
 * `GET /api/session`: who is logged in, `{ me: null }` when nobody is. The app asks it at
 * every start; unlike `GET /api/me` a logged-out browser gets a 200, so the login page does
 * not log a failed request in the browser's console on every load. Only the answer's `me`
 * decides, exactly as a 401 of `/api/me` does ([SYNC24]).
 * @returns the Hono sub-app to mount at /api/session
 */
export function sessionRoutes() {
  return new Hono<{ Variables: SessionVariables }>().get(
    "/",
    describeRoute({
      tags: [Tag.auth],
      summary: "Sitzung prüfen: wer ist angemeldet?",
      ...PUBLIC,
      responses: { 200: json("`me` ist der angemeldete Benutzer oder null, ohne 401.", SessionProbeSchema) },
    }),
    (c) => {
      const user = c.get("user");
      return c.json<SessionProbe>({ me: user ? toMe(user) : null });
    },
  );
}
