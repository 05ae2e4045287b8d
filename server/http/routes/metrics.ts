import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { Tag } from "../openapi/describe";
import { timingSafeEqual } from "node:crypto";
import type { AppDeps } from "../../appDeps";

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compared in constant time, so the token cannot be guessed byte by byte from response times.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics`: the process's Prometheus metrics (text format), for a scraper that sends
 * `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN the route does not exist
 * (404), so an unconfigured server exposes nothing; a wrong or missing token gets 401.
 */
export function metricsRoutes(deps: Pick<AppDeps, "metrics" | "config">) {
  return new Hono().get(
    "/",
    describeRoute({
      tags: [Tag.operations],
      summary: "Prometheus-Metriken",
      security: [{ metrikToken: [] }],
      responses: {
        200: { description: "Metriken im Prometheus-Textformat.", content: { "text/plain": {} } },
        401: { description: "Token fehlt oder ist falsch." },
        404: { description: "Ohne METRICS_TOKEN gibt es die Route nicht." },
      },
    }),
    async (c) => {
      const token = deps.config.metricsToken;
      if (!token || !deps.metrics) return c.text("Not Found", 404);
      const header = c.req.header("authorization") ?? "";
      const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
      if (!sameToken(given, token)) {
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        return c.text("Unauthorized", 401);
      }
      const body = await deps.metrics.registry.metrics();
      return c.body(body, 200, { "content-type": deps.metrics.registry.contentType, "cache-control": "no-store" });
    },
  );
}
