import type { Db } from "./db";

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
export async function insertSession(db: Db, session: SessionRow, createdAt: number): Promise<void> {
  await db.insertInto("sessions").values({ id: session.id, user_id: session.userId, expires_at: session.expiresAt, created_at: createdAt }).execute();
}

/** Finds a session by id, expired or not. */
export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom("sessions").select(["id", "user_id as userId", "expires_at as expiresAt"]).where("id", "=", id).executeTakeFirst();
}

/** Moves a session's expiry. */
export async function setSessionExpiry(db: Db, id: string, expiresAt: number): Promise<void> {
  await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", id).execute();
}

/** Deletes one session. */
export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/**
 * Deletes every session of a user.
 * @returns the ids of the deleted sessions
 */
export async function deleteUserSessions(db: Db, userId: string): Promise<string[]> {
  const rows = await db.deleteFrom("sessions").where("user_id", "=", userId).returning("id").execute();
  return rows.map((row) => row.id);
}

/**
 * Which of these sessions no longer exist or have expired at `now`.
 * @returns the ended session ids, in the order given
 */
export async function endedSessionIds(db: Db, sessionIds: string[], now: number): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const alive = new Set<string>();
  // One statement per chunk; the chunks stay far below both engines' parameter limits.
  for (let start = 0; start < sessionIds.length; start += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom("sessions")
      .select("id")
      .where("id", "in", sessionIds.slice(start, start + IDS_PER_QUERY))
      .where("expires_at", ">", now)
      .execute();
    for (const row of rows) alive.add(row.id);
  }
  return sessionIds.filter((id) => !alive.has(id));
}

const IDS_PER_QUERY = 500;

/**
 * Deletes the sessions expired at `now`.
 * @returns how many were deleted
 */
export async function deleteExpiredSessions(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
