import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createCollectingLogger } from "../../log";
import { requestId, requestIdOf } from "./requestId";
import { parseTrustedProxies } from "../clientAddress";

function buildApp() {
  const { logger, lines } = createCollectingLogger();
  const app = new Hono<{ Variables: { user: { id: string } | null } }>()
    .use(requestId(logger))
    .use(async (c, next) => {
      c.set("user", c.req.header("x-user") ? { id: c.req.header("x-user")! } : null);
      await next();
    })
    .get("/api/thing", (c) => c.json({ requestId: requestIdOf(c) }))
    .get("/api/broken", () => {
      throw new Error("boom");
    })
    .get("/api/health/ready", (c) => c.json({ ready: true }));
  app.onError((_error, c) => c.json({ requestId: requestIdOf(c) }, 500));
  return { app, lines };
}

describe("requestId", () => {
  it("echoes a sane X-Request-Id and logs one line with it, the path without query and the user", async () => {
    const { app, lines } = buildApp();
    const response = await app.request("/api/thing?secret=1", { headers: { "X-Request-Id": "lb-42.a_b", "x-user": "u1" } });
    expect(response.headers.get("X-Request-Id")).toBe("lb-42.a_b");
    expect(await response.json()).toEqual({ requestId: "lb-42.a_b" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", message: "request", fields: { method: "GET", path: "/api/thing", status: 200, requestId: "lb-42.a_b", userId: "u1" } });
    expect(typeof lines[0]?.fields.ms).toBe("number");
  });

  it("replaces an unsafe or overlong X-Request-Id with a generated one", async () => {
    const { app } = buildApp();
    for (const bad of ["a b", "x".repeat(101), "<script>", ""]) {
      const id = (await app.request("/api/thing", { headers: { "X-Request-Id": bad } })).headers.get("X-Request-Id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("logs the error status and keeps the id for the error handler", async () => {
    const { app, lines } = buildApp();
    const response = await app.request("/api/broken", { headers: { "X-Request-Id": "err-1" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("X-Request-Id")).toBe("err-1");
    expect(await response.json()).toEqual({ requestId: "err-1" });
    expect(lines[0]?.fields).toMatchObject({ status: 500, requestId: "err-1" });
    expect(lines[0]?.fields.userId).toBeUndefined();
  });

  it("logs health checks at debug only", async () => {
    const { app, lines } = buildApp();
    await app.request("/api/health/ready");
    expect(lines[0]?.level).toBe("debug");
  });

  it("logs the client's address from X-Forwarded-For only when the peer is a trusted proxy", async () => {
    const { logger, lines } = createCollectingLogger();
    const app = new Hono().use(requestId(logger, parseTrustedProxies("loopback"))).get("/api/thing", (c) => c.text("ok"));
    const viaProxy = { incoming: { socket: { remoteAddress: "127.0.0.1" } } };
    const direct = { incoming: { socket: { remoteAddress: "198.51.100.9" } } };
    await app.request("/api/thing", { headers: { "x-forwarded-for": "203.0.113.7" } }, viaProxy);
    await app.request("/api/thing", { headers: { "x-forwarded-for": "203.0.113.7" } }, direct);
    expect(lines.map((line) => line.fields.address)).toEqual(["203.0.113.7", "198.51.100.9"]);
  });
});
