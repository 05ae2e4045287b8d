import { Hono } from "hono";
import type { AppDeps } from "../../app";
import { checkReadiness } from "../../ops/readiness";
import { isPostgres } from "../../persistence/db";

/**
 * `GET /api/health`: liveness plus whether the database answers, which engine it is, and
 * with several processes whether Redis is reachable. Without Redis a process keeps serving
 * its own editors, so that is "degraded" but still 200: a load balancer must not take every
 * process out at once for it.
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
      const collaboration = deps.collab.stats();
      const status = database === "ok" && collaboration.redis !== "unavailable" ? "ok" : "degraded";
      const engine = isPostgres(deps.db) ? "postgresql" : "sqlite";
      return c.json({ status, database, engine, collaboration }, database === "ok" ? 200 : 503);
    })
    .get("/ready", (c) => {
      const readiness = checkReadiness(deps.db);
      return readiness.ready ? c.json({ ready: true as const }, 200) : c.json({ ready: false as const, reason: readiness.reason }, 503);
    });
}
