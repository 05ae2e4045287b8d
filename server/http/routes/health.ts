import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { json, PUBLIC, Tag } from "../openapi/describe";
import { HealthSchema, ReadySchema } from "../openapi/schemas";
import type { AppDeps } from "../../appDeps";
import { checkReadiness } from "../../ops/readiness";
import { isPostgres } from "../../persistence/db";
import { databaseAnswers } from "../../persistence/db";

/**
 * `GET /api/health`: liveness plus whether the database answers, which engine it is, the
 * Node.js version the process runs on (operators check the runtime moved to 24), and
 * with several processes whether Redis is reachable. Without Redis a process keeps serving
 * its own editors, so that is "degraded" but still 200: a load balancer must not take every
 * process out at once for it.
 * `GET /api/health/ready`: readiness for a load balancer: 200 `{ ready: true }` when the
 * database answers, all migrations are applied and the server is not shutting down,
 * else 503 `{ ready: false, reason }`.
 */
export function healthRoutes(deps: Pick<AppDeps, "db" | "collab">) {
  return new Hono()
    .get(
      "/",
      describeRoute({
        tags: [Tag.operations],
        summary: "Zustand des Servers",
        ...PUBLIC,
        responses: {
          200: json("Datenbank erreichbar; ohne Redis „degraded“, aber 200.", HealthSchema),
          503: json("Datenbank nicht erreichbar.", HealthSchema),
        },
      }),
      async (c) => {
        // Asked through the pool: a stalled statement elsewhere does not hold the answer up.
        const database = (await databaseAnswers(deps.db)) ? "ok" : "unavailable";
        const collaboration = deps.collab.stats();
        const status = database === "ok" && collaboration.redis !== "unavailable" ? "ok" : "degraded";
        const engine = isPostgres(deps.db) ? "postgresql" : "sqlite";
        return c.json({ status, database, engine, node: process.versions.node, collaboration }, database === "ok" ? 200 : 503);
      },
    )
    .get(
      "/ready",
      describeRoute({
        tags: [Tag.operations],
        summary: "Bereitschaft für den Load Balancer",
        ...PUBLIC,
        responses: { 200: json("Bereit.", ReadySchema), 503: json("Nicht bereit; `reason` nennt den Grund.", ReadySchema) },
      }),
      async (c) => {
        const readiness = await checkReadiness(deps.db);
        return readiness.ready ? c.json({ ready: true as const }, 200) : c.json({ ready: false as const, reason: readiness.reason }, 503);
      },
    );
}
