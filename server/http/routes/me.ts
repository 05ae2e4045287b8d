import { Hono } from "hono";
import type { Me } from "../../../shared/domain/user";
import { colourForUser } from "../../../shared/domain/colour";
import type { UserRecord } from "../../persistence/users";
import { requireUser, type SessionVariables } from "../middleware/session";

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
  };
}

/** `GET /api/me`: the logged-in user. */
export function meRoutes() {
  return new Hono<{ Variables: SessionVariables }>().get("/", (c) => c.json(toMe(requireUser(c))));
}
