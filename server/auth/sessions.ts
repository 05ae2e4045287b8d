import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db } from "../persistence/db";
import { deleteExpiredSessions, deleteSession, deleteUserSessions, endedSessionIds, findSession, insertSession, setSessionExpiry } from "../persistence/sessions";
import { findUserById, type UserRecord } from "../persistence/users";

/** Sessions last 30 days and slide: using one in its second half renews it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_MS = SESSION_LIFETIME_MS / 2;

/** The name of the session cookie. */
export const SESSION_COOKIE = "steuerrad_session";

/** A stored session. Its id is the SHA-256 of the token the browser holds. */
export interface Session {
  /** Hex SHA-256 of the token. */
  id: string;
  /** Owner. */
  userId: string;
  /** Expiry, ms since epoch. */
  expiresAt: number;
}

/** A valid session with its user. */
export interface SessionValidation {
  /** The session, possibly renewed. */
  session: Session;
  /** The session's user. */
  user: UserRecord;
  /** Whether the expiry moved, so the cookie must be sent again. */
  renewed: boolean;
}

/** Creates a random session token (160 bits, base32) as the Lucia guide does. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: hex SHA-256, so the table alone opens no session. */
export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Creates a session for a user.
 * @returns the token for the cookie and the stored session
 */
export async function createSession(db: Db, userId: string, now = Date.now()): Promise<{ token: string; session: Session }> {
  const token = generateSessionToken();
  const session = { id: sessionIdOf(token), userId, expiresAt: now + SESSION_LIFETIME_MS };
  await insertSession(db, session, now);
  return { token, session };
}

/**
 * Validates a token: unknown, expired or belonging to a disabled user gives null.
 * Renews the expiry when less than half of the lifetime is left.
 * @returns the session and user, or null
 */
export async function validateSessionToken(db: Db, token: string, now = Date.now()): Promise<SessionValidation | null> {
  const id = sessionIdOf(token);
  const row: Session | undefined = await findSession(db, id);
  if (!row) return null;
  if (now >= row.expiresAt) {
    await invalidateSession(db, id);
    return null;
  }
  const user = await findUserById(db, row.userId);
  if (!user || user.disabledAt !== null) return null;
  let renewed = false;
  if (row.expiresAt - now < RENEW_WHEN_LEFT_MS) {
    row.expiresAt = now + SESSION_LIFETIME_MS;
    await setSessionExpiry(db, id, row.expiresAt);
    renewed = true;
  }
  return { session: row, user, renewed };
}

/** Ends one session. */
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

/**
 * Ends every session of a user.
 * @returns the ids of the ended sessions, so their connections can be closed
 */
export function invalidateUserSessions(db: Db, userId: string): Promise<string[]> {
  return deleteUserSessions(db, userId);
}

/**
 * Which of these sessions no longer exist or have expired, so their open WebSockets can
 * be closed: sessions are checked at the upgrade, and this catches the ones that ran out
 * while a connection stayed open.
 * @returns the ended session ids
 */
export function endedSessions(db: Db, sessionIds: string[], now = Date.now()): Promise<string[]> {
  return endedSessionIds(db, sessionIds, now);
}

/**
 * Deletes the sessions that have expired: validation refuses them anyway, but one that is
 * never presented again would otherwise stay in the table for good.
 * @returns how many were deleted
 */
export function purgeExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  return deleteExpiredSessions(db, now);
}
