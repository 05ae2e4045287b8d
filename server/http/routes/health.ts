import { Hono } from "hono";
import type { AppDeps } from "../../app";
import { checkReadiness } from "../../ops/readiness";

/**
 * `GET /api/health`: liveness plus whether the database answers.
 * `GET /api/health/ready`: readiness for a load balancer: 200 `{ ready: true }` when the
 * database answers, all migrations are applied and the server is not shutting down,
 * else 503 `{ ready: false, reason }`.
 */
export function healthRoutes(deps: Pick<AppDeps, "db" | "collab">) {
  return new Hono()
    .get("/", (c) => {
      let database = "ok";
      try {
        deps.db.prepare("SELECT 1").get();
      } catch {
        database = "unavailable";
      }
      const status = database === "ok" ? "ok" : "degraded";
      return c.json({ status, database, collaboration: deps.collab.stats() }, database === "ok" ? 200 : 503);
    })
    .get("/ready", (c) => {
      const readiness = checkReadiness(deps.db);
      return readiness.ready ? c.json({ ready: true as const }, 200) : c.json({ ready: false as const, reason: readiness.reason }, 503);
    });
}
