import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { describe, expect, it } from "vitest";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { createLogger } from "../log";
import { runHousekeeping } from "../server";
import { createSession, SESSION_LIFETIME_MS, sessionIdOf, validateSessionToken } from "./sessions";

function setup() {
  const db = openTestDatabase();
  const org = createOrganisation(db, "Amt", "funder");
  const userId = createUser(db, { email: "a@b.test", name: "A", passwordHash: "x", organisationId: org.id, role: "editor" });
  return { db, userId };
}

describe("sessions", () => {
  it("stores only the SHA-256 of the token", () => {
    const { db, userId } = setup();
    const { token } = createSession(db, userId);
    const row = db.prepare("SELECT id FROM sessions").get() as { id: string };
    expect(row.id).toBe(sessionIdOf(token));
    expect(row.id).not.toContain(token);
  });

  it("slides the expiry when used in the second half of its lifetime", () => {
    const { db, userId } = setup();
    const start = 1_000_000;
    const { token } = createSession(db, userId, start);
    expect(validateSessionToken(db, token, start + 1000)?.renewed).toBe(false);
    const late = start + SESSION_LIFETIME_MS * 0.75;
    const renewed = validateSessionToken(db, token, late);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.session.expiresAt).toBe(late + SESSION_LIFETIME_MS);
  });

  it("rejects and deletes an expired session", () => {
    const { db, userId } = setup();
    const { token } = createSession(db, userId, 0);
    expect(validateSessionToken(db, token, SESSION_LIFETIME_MS)).toBeNull();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sessions").get()).toEqual({ n: 0 });
  });

  it("is deleted by the daily housekeeping once expired, while a live one stays", () => {
    const { db, userId } = setup();
    const now = 10 * SESSION_LIFETIME_MS;
    const expired = createSession(db, userId, now - SESSION_LIFETIME_MS - 1);
    const live = createSession(db, userId, now - 1000);
    runHousekeeping(db, createLogger("silent"), now);
    const ids = (db.prepare("SELECT id FROM sessions").all() as { id: string }[]).map((row) => row.id);
    expect(ids).toEqual([live.session.id]);
    expect(ids).not.toContain(expired.session.id);
  });
});
