import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { secureHeaders } from "hono/secure-headers";
import { HTTPException } from "hono/http-exception";
import { staticAssets } from "./http/staticAssets";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Limits } from "../shared/limits";
import type { AppDeps } from "./appDeps";
import { AppError } from "./errors";
import { originCheck } from "./http/middleware/origin";
import { sessionMiddleware, type SessionVariables } from "./http/middleware/session";
import { mustChangePasswordGuard } from "./http/middleware/mustChangePassword";
import { metricsRoutes } from "./http/routes/metrics";
import { requestId, requestIdOf, type RequestIdVariables } from "./http/middleware/requestId";
import { authRoutes } from "./http/routes/auth";
import { healthRoutes } from "./http/routes/health";
import { meRoutes } from "./http/routes/me";
import { sessionRoutes } from "./http/routes/session";
import { scorecardRoutes } from "./http/routes/scorecards";
import { userRoutes } from "./http/routes/users";
import { providerRoutes, uploadBodyLimit } from "./http/routes/providers";
import { settlementRoutes } from "./http/routes/settlements";
import { InputIssuesError } from "./controlling/figuresRecorder";
import { versionRoutes } from "./http/routes/versions";
import { exportRoutes } from "./http/routes/exports";
import { commentRoutes } from "./http/routes/comments";
import { talkRoutes } from "./http/routes/talks";
import { topicRoutes } from "./http/routes/topics";
import { searchRoutes } from "./http/routes/search";
import { overviewRoutes } from "./http/routes/overview";
import { docsRoutes } from "./http/routes/docs";

// Kept until tests/fixtures/testApp.ts imports it from ./appDeps: a type-only re-export makes no import cycle.
export type { KpiEvents } from "./appDeps";

/**
 * Builds the HTTP app: JSON API under /api and the built client for everything else.
 * @param deps - database, collaboration server, settings
 * @returns the Hono app; its type is the client's API contract
 */
export function createApp(deps: AppDeps) {
  const api = new Hono<{ Variables: SessionVariables & RequestIdVariables }>()
    .use(requestId(deps.logger, deps.config.trustProxy))
    // Answers carry a user's figures and names: the browser must not keep them on the device
    // after logout (a shared office PC), so nothing from the API enters its HTTP cache.
    .use(async (c, next) => {
      await next();
      if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
    })
    // Figures uploads may be larger than JSON requests; they get their own limit.
    .use("/providers/:providerId/figures/upload", uploadBodyLimit())
    .use(
      except(
        "/api/providers/:providerId/figures/upload",
        bodyLimit({
          maxSize: Limits.maxJsonBodyBytes,
          onError: () => {
            throw new AppError(413, "too_large", `Anfrage größer als ${Limits.maxJsonBodyBytes} Bytes.`);
          },
        }),
      ),
    )
    .use(originCheck(deps.config.allowedOrigins))
    .use(sessionMiddleware(deps.db, deps.config.secureCookie))
    .use(mustChangePasswordGuard())
    .route("/health", healthRoutes(deps))
    .route("/auth", authRoutes(deps))
    .route("/me", meRoutes(deps))
    .route("/session", sessionRoutes())
    .route("/scorecards", scorecardRoutes(deps))
    .route("/scorecards", versionRoutes(deps))
    .route("/scorecards", exportRoutes(deps))
    .route("/scorecards", commentRoutes(deps))
    .route("/scorecards", topicRoutes(deps))
    .route("/admin/users", userRoutes(deps))
    .route("/providers", providerRoutes(deps))
    .route("/providers", settlementRoutes(deps))
    .route("/talks", talkRoutes(deps))
    .route("/search", searchRoutes(deps))
    .route("/overview", overviewRoutes(deps));

  const app = new Hono()
    .use(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Tiptap and the caret labels set inline style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          workerSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      }),
    )
    .route("/api", api)
    // Outside /api: no session, no origin check; a scraper brings METRICS_TOKEN instead.
    .route("/metrics", metricsRoutes(deps));
  // Mounted on the whole app, not on `api`: the document describes every route, and `AppType` stays the JSON API.
  app.route("/api", docsRoutes(app));

  app.all("/api/*", () => {
    throw new AppError(404, "not_found", "Diesen API-Pfad gibt es nicht.");
  });
  app.onError((error, c) => {
    if (error instanceof InputIssuesError) {
      return c.json({ error: { code: error.code, message: error.message, issues: error.issues } }, error.status);
    }
    if (error instanceof AppError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
    if (error instanceof HTTPException) {
      return c.json({ error: { code: "bad_request", message: error.message || "Ungültige Anfrage." } }, error.status);
    }
    deps.logger.log("error", "unhandled error", { requestId: requestIdOf(c), path: c.req.path, error: (error as Error).message, stack: (error as Error).stack });
    return c.json({ error: { code: "internal", message: "Interner Fehler." } }, 500);
  });

  const indexFile = join(deps.config.clientDir, "index.html");
  if (existsSync(deps.config.clientDir)) app.use("/*", staticAssets({ root: deps.config.clientDir }));
  // Client-side routes (/scorecards/…, /login) all load the single page.
  app.get("/*", (c) => {
    if (!existsSync(indexFile)) return c.text("Client not built: run `npm run build`.", 503);
    return c.html(readFileSync(indexFile, "utf8"));
  });
  return { app, api };
}

/** The API's type, for `hc<AppType>` in the client. */
export type AppType = ReturnType<typeof createApp>["api"];
