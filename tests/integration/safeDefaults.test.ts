import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { login, startTestServer, TEST_PASSWORD, type TestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";
import { listScorecards } from "../../server/persistence/scorecards";

/**
 * Safe defaults (issue 19): the demo seeds itself only into a local SQLite start; on
 * PostgreSQL or in production only when asked for, and then its users must replace the
 * published password before they can do anything else.
 */

describe("SEED_DEMO and DEMO_PASSWORD_CHANGE defaults", () => {
  const POSTGRES = "postgres://steuerrad@localhost/steuerrad";

  it("seeds the demo by default only on a local SQLite start", () => {
    expect(loadConfig({})).toMatchObject({ seedDemo: true, seedLivingYear: true, demoPasswordChange: false });
    expect(loadConfig({ DATABASE_URL: POSTGRES })).toMatchObject({ seedDemo: false, seedLivingYear: false });
    expect(loadConfig({ NODE_ENV: "production" })).toMatchObject({ seedDemo: false, seedLivingYear: false });
  });

  it("lets an explicit SEED_DEMO win over the default", () => {
    expect(loadConfig({ DATABASE_URL: POSTGRES, SEED_DEMO: "true" })).toMatchObject({ seedDemo: true, seedLivingYear: true });
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "users" })).toMatchObject({ seedDemo: true, seedLivingYear: false });
    expect(loadConfig({ SEED_DEMO: "false" })).toMatchObject({ seedDemo: false });
  });

  it("makes demo users change the password on PostgreSQL or in production, unless DEMO_PASSWORD_CHANGE says otherwise", () => {
    expect(loadConfig({ DATABASE_URL: POSTGRES, SEED_DEMO: "true" }).demoPasswordChange).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).demoPasswordChange).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true", DEMO_PASSWORD_CHANGE: "false" }).demoPasswordChange).toBe(false);
    expect(loadConfig({ DEMO_PASSWORD_CHANGE: "true" }).demoPasswordChange).toBe(true);
  });
});

describe("a demo user who must change the password", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ demoPasswordChange: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = (path: string, cookie: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { cookie, ...(init.json !== undefined ? { "content-type": "application/json" } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });

  it("gets 403 password_change_required on other API calls, but may read who they are", async () => {
    const cookie = await login(server.url, "gast-a@demo.test");
    const refused = await call("/api/scorecards", cookie);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "password_change_required", message: expect.stringContaining("Passwort") } });
    expect((await call("/api/me", cookie)).status).toBe(200);
    // Nor may the user edit through the collaboration socket, as a hand-made client could try.
    const conference = (await listScorecards(server.db)).find((scorecard) => scorecard.providerId === null)!;
    const socket = await rawConnect(`${server.url.replace("http", "ws")}/collab/${conference.id}`, { cookie, origin: server.url });
    expect(socket.status).toBe(403);
    expect(await (await call("/api/session", cookie)).json()).toMatchObject({ me: { email: "gast-a@demo.test" } });
  });

  it("works normally after changing the password, while the other demo users stay marked", async () => {
    const cookie = await login(server.url, "anbieter-a@demo.test");
    const changed = await call("/api/auth/password", cookie, { method: "POST", json: { currentPassword: TEST_PASSWORD, newPassword: "ein-eigenes-passwort" } });
    expect(changed.status).toBe(200);
    const fresh = changed.headers.get("set-cookie")!.split(";")[0];
    expect((await call("/api/scorecards", fresh)).status).toBe(200);
    // A new login with the new password is not asked again.
    const again = await login(server.url, "anbieter-a@demo.test", "ein-eigenes-passwort");
    expect((await call("/api/scorecards", again)).status).toBe(200);
    const other = await login(server.url, "anbieter-b@demo.test");
    expect((await call("/api/scorecards", other)).status).toBe(403);
  });

  it("may still log out while marked", async () => {
    const cookie = await login(server.url, "sozialamt@demo.test");
    expect((await call("/api/auth/logout", cookie, { method: "POST" })).status).toBe(200);
    expect((await call("/api/me", cookie)).status).toBe(401);
  });
});
