import type { IncomingMessage } from "node:http";
import { parse as parseCookies } from "hono/utils/cookie";
import type { Access } from "../../shared/domain/scorecard";
import type { Db } from "../persistence/db";
import { findScorecard } from "../persistence/scorecards";
import { SESSION_COOKIE, validateSessionToken } from "../auth/sessions";
import { scorecardAccess } from "../auth/permissions";
import { isAllowedOrigin, requestScheme } from "../http/middleware/origin";

const ROOM_PATH = /^\/collab\/([A-Za-z0-9_-]{1,100})$/;

/** An upgrade that may become a connection, with who asks and what for. */
export interface AllowedUpgrade {
  allowed: true;
  scorecardId: string;
  userId: string;
  sessionId: string;
  access: Access;
  /** The editor schema the client declared (`?schema=N`), or null for a plain y-websocket client ([SYNC-A5]). */
  clientSchema: number | null;
}

/** An upgrade refused with an HTTP status. */
export interface RefusedUpgrade {
  allowed: false;
  status: number;
  text: string;
}

/**
 * The checks of an upgrade to `/collab/<scorecardId>` ([SYNC-A1] … [SYNC-A3], [SYNC-A5]):
 * the path, the origin, the session, the scorecard and the user's right to it. The limit
 * per user ([SYNC-A4]) is counted by the caller, which knows the connections.
 */
export async function checkUpgrade(request: IncomingMessage, db: Db, allowedOrigins: string[]): Promise<AllowedUpgrade | RefusedUpgrade> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const match = ROOM_PATH.exec(url.pathname);
  if (!match) return refused(404, "Not Found");
  const forwardedProto = request.headers["x-forwarded-proto"];
  const scheme = requestScheme((request.socket as { encrypted?: boolean }).encrypted === true, Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto);
  if (!isAllowedOrigin(request.headers.origin, { host: request.headers.host, scheme }, allowedOrigins)) return refused(403, "Forbidden: foreign origin");
  const token = parseCookies(request.headers.cookie ?? "")[SESSION_COOKIE];
  const validation = token ? await validateSessionToken(db, token) : null;
  if (!validation) return refused(401, "Unauthorized");
  const scorecard = await findScorecard(db, match[1]);
  if (!scorecard) return refused(404, "Not Found: scorecard");
  const access = scorecardAccess(validation.user, scorecard);
  if (!access) return refused(403, "Forbidden");
  // A demo user with the published password edits nothing until it is changed (as the API).
  if (validation.user.mustChangePassword) return refused(403, "Forbidden: password change required");
  const schemaParam = url.searchParams.get("schema");
  const clientSchema = schemaParam !== null && /^\d+$/.test(schemaParam) ? Number(schemaParam) : null;
  return { allowed: true, scorecardId: scorecard.id, userId: validation.user.id, sessionId: validation.session.id, access, clientSchema };
}

function refused(status: number, text: string): RefusedUpgrade {
  return { allowed: false, status, text };
}
