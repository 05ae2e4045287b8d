import { afterEach, describe, expect, it, vi } from "vitest";
import { testDatabaseKind } from "../fixtures/testDatabase";
import { buildTestApp } from "../fixtures/testApp";

describe("login", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie valid for 30 days on correct credentials", async () => {
    const { request } = await buildTestApp();
    const response = await request("/api/auth/login", { method: "POST", json: { email: "Sozialamt@Demo.test", password: "test-password-123" } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^steuerrad_session=[a-z2-7]{32};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Max-Age=2592000");
    expect(cookie).not.toContain("Secure");
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const { request } = await buildTestApp();
    const response = await request("/api/auth/login", {
      method: "POST",
      headers: { "x-forwarded-proto": "https" },
      json: { email: "sozialamt@demo.test", password: "test-password-123" },
    });
    expect(response.headers.get("set-cookie")).toContain("Secure");
  });

  it("returns 401 for a wrong password and for an unknown e-mail alike", async () => {
    const { request } = await buildTestApp();
    const wrong = await request("/api/auth/login", { method: "POST", json: { email: "sozialamt@demo.test", password: "nope" } });
    const unknown = await request("/api/auth/login", { method: "POST", json: { email: "nobody@demo.test", password: "nope" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("returns 400 naming the field for malformed input, and 400 for broken JSON", async () => {
    const { request } = await buildTestApp();
    const malformed = await request("/api/auth/login", { method: "POST", json: { email: "kein-email" } });
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: { message: string } };
    expect(body.error.message).toContain("email:");
    expect(body.error.message).toContain("password:");
    const broken = await request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(broken.status).toBe(400);
  });

  it("delays an account at the address that failed five times, even for the right password then", async () => {
    const { request } = await buildTestApp();
    for (let i = 0; i < 5; i++) {
      const r = await request("/api/auth/login", { method: "POST", json: { email: "anbieter-a@demo.test", password: "falsch" } });
      expect(r.status).toBe(401);
    }
    const blocked = await request("/api/auth/login", { method: "POST", json: { email: "anbieter-a@demo.test", password: "test-password-123" } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other accounts are not affected.
    const other = await request("/api/auth/login", { method: "POST", json: { email: "anbieter-b@demo.test", password: "test-password-123" } });
    expect(other.status).toBe(200);
  });

  it("counts an account's failures whatever the case of the address typed", async () => {
    const { request } = await buildTestApp();
    for (const email of ["Anbieter-A@demo.test", "ANBIETER-A@DEMO.TEST", "anbieter-a@Demo.test", "anbieter-A@demo.test", "anbieter-a@demo.TEST"]) {
      expect((await request("/api/auth/login", { method: "POST", json: { email, password: "falsch" } })).status).toBe(401);
    }
    const blocked = await request("/api/auth/login", { method: "POST", json: { email: "anbieter-a@demo.test", password: "test-password-123" } });
    expect(blocked.status).toBe(429);
  });

  it("throttles parallel wrong logins too, not only sequential ones", async () => {
    const { request } = await buildTestApp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => request("/api/auth/login", { method: "POST", json: { email: "anbieter-b@demo.test", password: "falsch" } })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  });

  it("delays guesses of the current password in a password change after five", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("anbieter-a@demo.test");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await request("/api/auth/password", { method: "POST", headers: { cookie }, json: { currentPassword: `falsch-${i}`, newPassword: "ein-neues-passwort" } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it("refuses a login posted from a foreign origin (CSRF)", async () => {
    const { request } = await buildTestApp();
    const response = await request("/api/auth/login", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      json: { email: "sozialamt@demo.test", password: "test-password-123" },
    });
    expect(response.status).toBe(403);
  });

  it("replaces a session planted before login instead of keeping it (session fixation)", async () => {
    const { request, loginAs } = await buildTestApp();
    const planted = await loginAs("gast-a@demo.test");
    const response = await request("/api/auth/login", {
      method: "POST",
      headers: { cookie: planted },
      json: { email: "sozialamt@demo.test", password: "test-password-123" },
    });
    const fresh = response.headers.get("set-cookie")!.split(";")[0];
    expect(fresh).not.toBe(planted);
    expect((await request("/api/me", { headers: { cookie: planted } })).status).toBe(401);
  });
});

describe("throttling per account and address", () => {
  const ATTACKER = "203.0.113.66";
  const OWNER = "198.51.100.7";
  const MINUTE = 60_000;

  /** The server's clock, set by the test: waits are passed by moving it, never by sleeping. */
  function startClock() {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-02T08:00:00Z"));
  }
  function advance(ms: number) {
    vi.setSystemTime(Date.now() + ms);
  }
  afterEach(() => void vi.useRealTimers());

  /** Requests as a client at `address`: the server takes it from the socket. */
  async function buildApp() {
    const built = await buildTestApp();
    function from(address: string) {
      return (path: string, init: { method?: string; cookie?: string; json?: unknown } = {}) =>
        built.app.request(
          `http://localhost${path}`,
          {
            method: init.method ?? "GET",
            headers: { host: "localhost", "content-type": "application/json", ...(init.cookie ? { cookie: init.cookie } : {}) },
            body: init.json === undefined ? undefined : JSON.stringify(init.json),
          },
          { incoming: { socket: { remoteAddress: address } } },
        );
    }
    async function login(address: string, email: string, password: string) {
      return from(address)("/api/auth/login", { method: "POST", json: { email, password } });
    }
    return { ...built, from, login };
  }

  async function errorMessage(response: Response): Promise<string> {
    return ((await response.json()) as { error: { message: string } }).error.message;
  }

  it("lets the owner log in from another address while an attacker's address fails", async () => {
    startClock();
    const { login } = await buildApp();
    for (let i = 0; i < 5; i++) expect((await login(ATTACKER, "anbieter-a@demo.test", `falsch-${i}`)).status).toBe(401);
    expect((await login(OWNER, "anbieter-a@demo.test", "test-password-123")).status).toBe(200);
    // The owner's success settles only the owner's address; the attacker's must wait.
    const delayed = await login(ATTACKER, "anbieter-a@demo.test", "test-password-123");
    expect(delayed.status).toBe(429);
    expect(delayed.headers.get("retry-after")).toBe("60");
    expect(await errorMessage(delayed)).toBe("Zu viele Fehlversuche für dieses Konto von Ihrer Adresse. Bitte in 1 Minute erneut versuchen.");
  });

  it("answers an address that keeps failing with waits doubling up to 15 minutes, and still lets the owner in after 50", async () => {
    startClock();
    const { login } = await buildApp();
    const waits: number[] = [];
    for (let failures = 1; failures <= 50; failures++) {
      expect((await login(ATTACKER, "anbieter-a@demo.test", `falsch-${failures}`)).status).toBe(401);
      if (failures < 5) continue;
      const delayed = await login(ATTACKER, "anbieter-a@demo.test", "noch-falsch");
      expect(delayed.status).toBe(429);
      const wait = Number(delayed.headers.get("retry-after"));
      waits.push(wait);
      // One second short of the wait is still too early.
      advance(wait * 1000 - 1000);
      expect((await login(ATTACKER, "anbieter-a@demo.test", "noch-falsch")).status).toBe(429);
      advance(1000);
    }
    expect(waits.slice(0, 6)).toEqual([60, 120, 240, 480, 900, 900]);
    expect(waits).toHaveLength(46);
    expect(waits.slice(4).every((wait) => wait === 900)).toBe(true);
    expect((await login(OWNER, "anbieter-a@demo.test", "test-password-123")).status).toBe(200);
  });

  it("forgets a pair's failures when it logs in", async () => {
    startClock();
    const { login } = await buildApp();
    for (let i = 0; i < 4; i++) expect((await login(OWNER, "anbieter-b@demo.test", "vertippt")).status).toBe(401);
    expect((await login(OWNER, "anbieter-b@demo.test", "test-password-123")).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(OWNER, "anbieter-b@demo.test", "vertippt")).status).toBe(401);
    expect((await login(OWNER, "anbieter-b@demo.test", "test-password-123")).status).toBe(429);
  });

  it("still refuses an address after 50 failures on any accounts within 15 minutes, for 15 minutes", async () => {
    startClock();
    const { login } = await buildApp();
    for (let i = 0; i < 50; i++) expect((await login(ATTACKER, `geraten-${i}@demo.test`, "falsch")).status).toBe(401);
    const refused = await login(ATTACKER, "sozialamt@demo.test", "test-password-123");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("900");
    expect(await errorMessage(refused)).toMatch(/^Zu viele Fehlversuche.*\. Bitte in 15 Minuten erneut versuchen\.$/);
    expect((await login(OWNER, "sozialamt@demo.test", "test-password-123")).status).toBe(200);
    advance(15 * MINUTE);
    expect((await login(ATTACKER, "sozialamt@demo.test", "test-password-123")).status).toBe(200);
  });

  it("delays a thief guessing the current password with a stolen session, never the owner elsewhere", async () => {
    startClock();
    const { from, login } = await buildApp();
    const stolen = (await login(OWNER, "anbieter-a@demo.test", "test-password-123")).headers.get("set-cookie")!.split(";")[0];
    const guess = (currentPassword: string) => from(ATTACKER)("/api/auth/password", { method: "POST", cookie: stolen, json: { currentPassword, newPassword: "vom-dieb-gesetzt" } });
    for (let i = 0; i < 5; i++) expect((await guess(`falsch-${i}`)).status).toBe(401);
    expect((await guess("falsch")).status).toBe(429);
    // The owner, at their own address, logs in at once.
    const ownLogin = await login(OWNER, "anbieter-a@demo.test", "test-password-123");
    expect(ownLogin.status).toBe(200);
    const own = ownLogin.headers.get("set-cookie")!.split(";")[0];
    const first = await guess("falsch");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("60");
    advance(MINUTE);
    expect((await guess("falsch-6")).status).toBe(401);
    expect((await guess("falsch")).headers.get("retry-after")).toBe("120");
    // ... and changes the password at once, which ends the stolen session.
    const changed = await from(OWNER)("/api/auth/password", { method: "POST", cookie: own, json: { currentPassword: "test-password-123", newPassword: "ein-neues-passwort" } });
    expect(changed.status).toBe(200);
    expect((await from(ATTACKER)("/api/me", { cookie: stolen })).status).toBe(401);
  });

  it("shows the admin each account's failed logins of the last 24 hours", async () => {
    startClock();
    const { from, login } = await buildApp();
    for (let i = 0; i < 3; i++) await login(ATTACKER, "anbieter-a@demo.test", "falsch");
    for (let i = 0; i < 2; i++) await login(OWNER, "Anbieter-A@demo.test", "vertippt");
    await login(OWNER, "anbieter-a@demo.test", "test-password-123");
    await login(ATTACKER, "niemand@demo.test", "falsch");
    const admin = (await login(OWNER, "admin@demo.test", "test-password-123")).headers.get("set-cookie")!.split(";")[0];
    async function failures() {
      const users = (await (await from(OWNER)("/api/admin/users", { cookie: admin })).json()) as { email: string; recentLoginFailures: number }[];
      return Object.fromEntries(users.filter((user) => user.recentLoginFailures > 0).map((user) => [user.email, user.recentLoginFailures]));
    }
    expect(await failures()).toEqual({ "anbieter-a@demo.test": 5 });
    advance(24 * 60 * MINUTE);
    expect(await failures()).toEqual({});
  });
});

describe("sessions", () => {
  it("ends the session on logout", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("sozialamt@demo.test");
    expect((await request("/api/me", { headers: { cookie } })).status).toBe(200);
    expect((await request("/api/auth/logout", { method: "POST", headers: { cookie } })).status).toBe(200);
    expect((await request("/api/me", { headers: { cookie } })).status).toBe(401);
  });

  it("ends every other session on password change and keeps the changing browser logged in", async () => {
    const { request, loginAs } = await buildTestApp();
    const elsewhere = await loginAs("anbieter-b@demo.test");
    const here = await loginAs("anbieter-b@demo.test");
    const response = await request("/api/auth/password", {
      method: "POST",
      headers: { cookie: here },
      json: { currentPassword: "test-password-123", newPassword: "ein-neues-passwort" },
    });
    expect(response.status).toBe(200);
    const renewed = response.headers.get("set-cookie")!.split(";")[0];
    expect((await request("/api/me", { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await request("/api/me", { headers: { cookie: here } })).status).toBe(401);
    expect((await request("/api/me", { headers: { cookie: renewed } })).status).toBe(200);
    expect(await loginAs("anbieter-b@demo.test", "ein-neues-passwort")).toMatch(/^steuerrad_session=/);
  });

  it("tells who is logged in at /api/me, with organisation and colour", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("anbieter-a@demo.test");
    const me = (await (await request("/api/me", { headers: { cookie } })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ email: "anbieter-a@demo.test", role: "editor", isAdmin: false, organisation: { kind: "provider", name: "Beispiel e.V. (Demo)" } });
    expect(me.colour).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("scorecard list", () => {
  async function titlesFor(email: string) {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs(email);
    return (await (await request("/api/scorecards", { headers: { cookie } })).json()) as { title: string; provider: string | null; access: string }[];
  }

  it("shows the funder every scorecard with edit access", async () => {
    const list = await titlesFor("sozialamt@demo.test");
    expect(list).toHaveLength(3);
    expect(list.every((s) => s.access === "edit")).toBe(true);
  });

  it("shows a provider editor only its own and the conference scorecard", async () => {
    const list = await titlesFor("anbieter-a@demo.test");
    expect(list.map((s) => s.provider)).toEqual([null, "Beispiel e.V. (Demo)"]);
  });

  it("gives a viewer read access only", async () => {
    const list = await titlesFor("gast-a@demo.test");
    expect(list.map((s) => s.access)).toEqual(["read", "read"]);
  });

  it("returns 401 without a session", async () => {
    const { request } = await buildTestApp();
    expect((await request("/api/scorecards")).status).toBe(401);
  });
});

describe("admin API", () => {
  it("refuses user management to non-admins", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("sozialamt@demo.test");
    expect((await request("/api/admin/users", { headers: { cookie } })).status).toBe(403);
    expect((await request("/api/admin/users/organisations", { headers: { cookie } })).status).toBe(403);
  });

  it("lists the organisations for the admin's user form, the funder first", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("admin@demo.test");
    const organisations = (await (await request("/api/admin/users/organisations", { headers: { cookie } })).json()) as { kind: string }[];
    expect(organisations.map((o) => o.kind)).toEqual(["funder", "provider", "provider"]);
  });
});

describe("errors", () => {
  it("answers an unknown API path with a JSON 404", async () => {
    const { request } = await buildTestApp();
    const response = await request("/api/nope");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("answers /api/health with the database state", async () => {
    const { request } = await buildTestApp();
    const engine = testDatabaseKind() === "postgres" ? "postgresql" : "sqlite";
    expect(await (await request("/api/health")).json()).toMatchObject({ status: "ok", database: "ok", engine, node: process.versions.node });
  });
});
