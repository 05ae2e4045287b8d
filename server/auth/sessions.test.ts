import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db } from "../persistence/db";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { createLogger } from "../log";
import { runHousekeeping } from "../server";
import { createSession, SESSION_LIFETIME_MS, sessionIdOf, validateSessionToken } from "./sessions";

const opened: Db[] = [];

async function setup() {
  const db = await openTestDatabase();
  opened.push(db);
  const org = await createOrganisation(db, "Amt", "funder");
  const userId = await createUser(db, { email: "a@b.test", name: "A", passwordHash: "x", organisationId: org.id, role: "editor" });
  return { db, userId };
}

async function sessionIds(db: Db): Promise<string[]> {
  return (await db.selectFrom("sessions").select("id").execute()).map((row) => row.id);
}

describe("sessions", () => {
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => closeDatabase(db)));
  });

  it("stores only the SHA-256 of the token", async () => {
    const { db, userId } = await setup();
    const { token } = await createSession(db, userId);
    const [id] = await sessionIds(db);
    expect(id).toBe(sessionIdOf(token));
    expect(id).not.toContain(token);
  });

  it("slides the expiry when used in the second half of its lifetime", async () => {
    const { db, userId } = await setup();
    const start = 1_000_000;
    const { token } = await createSession(db, userId, start);
    expect((await validateSessionToken(db, token, start + 1000))?.renewed).toBe(false);
    const late = start + SESSION_LIFETIME_MS * 0.75;
    const renewed = await validateSessionToken(db, token, late);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.session.expiresAt).toBe(late + SESSION_LIFETIME_MS);
  });

  it("rejects and deletes an expired session", async () => {
    const { db, userId } = await setup();
    const { token } = await createSession(db, userId, 0);
    expect(await validateSessionToken(db, token, SESSION_LIFETIME_MS)).toBeNull();
    const { n } = await db
      .selectFrom("sessions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect({ n: Number(n) }).toEqual({ n: 0 });
  });

  it("is deleted by the daily housekeeping once expired, while a live one stays", async () => {
    const { db, userId } = await setup();
    const now = 10 * SESSION_LIFETIME_MS;
    const expired = await createSession(db, userId, now - SESSION_LIFETIME_MS - 1);
    const live = await createSession(db, userId, now - 1000);
    await runHousekeeping(db, createLogger("silent"), now);
    const ids = await sessionIds(db);
    expect(ids).toEqual([live.session.id]);
    expect(ids).not.toContain(expired.session.id);
  });
});
