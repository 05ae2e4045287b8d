/**
 * Security headers on every response, and error answers that name the problem without
 * internals (no stack, no SQL, no paths).
 */
import { describe, expect, it } from "vitest";
import { buildTestApp } from "../fixtures/testApp";

describe("security headers", () => {
  it("sends a strict Content-Security-Policy and the usual headers on API, page and error responses", async () => {
    const { request } = await buildTestApp();
    for (const path of ["/api/health", "/api/scorecards", "/api/nothing-here", "/"]) {
      const response = await request(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("keeps API answers out of the browser's HTTP cache, so nothing of a user stays on the device after logout", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("sozialamt@demo.test");
    for (const path of ["/api/me", "/api/scorecards", "/api/scorecards/unknown/versions"]) {
      const response = await request(path, { headers: { cookie } });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("answers errors with a code and a message only", async () => {
    const { request, loginAs } = await buildTestApp();
    const cookie = await loginAs("sozialamt@demo.test");
    const answers = [
      await request("/api/nothing-here"),
      await request("/api/scorecards", { method: "POST", headers: { cookie }, json: { title: 42 } }),
      await request("/api/scorecards", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{ not json" }),
      await request("/api/scorecards/unknown/versions", { headers: { cookie } }),
    ];
    for (const response of answers) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body)).toEqual(["error"]);
      expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
      expect(JSON.stringify(body)).not.toMatch(/at .+\.ts:\d+|stack|SQLITE|node_modules/);
    }
  });
});
