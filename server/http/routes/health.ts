import { Hono } from "hono";
import type { AppDeps } from "../../app";

/** `GET /api/health`: liveness plus whether the database answers. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get("/", (c) => {
    let database = "ok";
    try {
      deps.db.prepare("SELECT 1").get();
    } catch {
      database = "unavailable";
    }
    const status = database === "ok" ? "ok" : "degraded";
    return c.json({ status, database, collaboration: deps.collab.stats() }, database === "ok" ? 200 : 503);
  });
}
