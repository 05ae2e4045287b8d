import { describe, expect, it } from "vitest";
import { buildTestApp } from "../fixtures/testApp";

describe("GET /api/session", () => {
  it("answers 200 with me: null when logged out, so a logged-out start logs no failed request", async () => {
    const { request } = await buildTestApp();
    for (const cookie of [undefined, "steuerrad_session=erfunden"]) {
      const response = await request("/api/session", cookie ? { headers: { cookie } } : {});
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ me: null });
      // Like every API answer, it stays out of the browser's HTTP cache.
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("names the logged-in user exactly as GET /api/me does", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("anbieter-a@demo.test");
    const probe = (await (await request("/api/session", { headers: { cookie } })).json()) as { me: unknown };
    const me = await (await request("/api/me", { headers: { cookie } })).json();
    expect(probe.me).toEqual(me);
  });

  it("[SYNC24] says nobody once the session ended, where GET /api/me says 401", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("anbieter-a@demo.test");
    expect((await request("/api/auth/logout", { method: "POST", headers: { cookie } })).status).toBe(200);
    expect((await request("/api/me", { headers: { cookie } })).status).toBe(401);
    expect(await (await request("/api/session", { headers: { cookie } })).json()).toEqual({ me: null });
  });
});
