import { cachedStatement, type Db } from "./db";

/** A stored session row. */
export interface SessionRow {
  /** Hex SHA-256 of the token. */
  id: string;
  /** Owner. */
  userId: string;
  /** Expiry, ms since epoch. */
  expiresAt: number;
}

/** Stores a new session. */
export function insertSession(db: Db, session: SessionRow, createdAt: number): void {
  db.prepare("INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)").run(session.id, session.userId, session.expiresAt, createdAt);
}

/** Finds a session by id, expired or not. */
export function findSession(db: Db, id: string): SessionRow | undefined {
  return cachedStatement(db, "SELECT id, user_id AS userId, expires_at AS expiresAt FROM sessions WHERE id = ?").get(id) as SessionRow | undefined;
}

/** Moves a session's expiry. */
export function setSessionExpiry(db: Db, id: string, expiresAt: number): void {
  db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").run(expiresAt, id);
}

/** Deletes one session. */
export function deleteSession(db: Db, id: string): void {
  db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
}

/**
 * Deletes every session of a user.
 * @returns the ids of the deleted sessions
 */
export function deleteUserSessions(db: Db, userId: string): string[] {
  const ids = (db.prepare("SELECT id FROM sessions WHERE user_id = ?").all(userId) as { id: string }[]).map((r) => r.id);
  db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
  return ids;
}

/**
 * Which of these sessions no longer exist or have expired at `now`.
 * @returns the ended session ids
 */
export function endedSessionIds(db: Db, sessionIds: string[], now: number): string[] {
  const alive = db.prepare("SELECT 1 FROM sessions WHERE id = ? AND expires_at > ?");
  return sessionIds.filter((id) => alive.get(id, now) === undefined);
}

/**
 * Deletes the sessions expired at `now`.
 * @returns how many were deleted
 */
export function deleteExpiredSessions(db: Db, now: number): number {
  return db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now).changes;
}
