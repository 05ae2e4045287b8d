import { Hono } from "hono";
import { describeRoute, openAPIRouteHandler } from "hono-openapi";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { documentOptions, PUBLIC, Tag } from "../openapi/describe";

/** The page: Swagger UI from local files only (the offices' intranets block CDNs), no inline script (the CSP forbids it). */
const PAGE = `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8" />
    <title>Steuerrad – API-Beschreibung</title>
    <link rel="stylesheet" href="docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/assets/start.js"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
`;

/** The files the page loads, by the name in its path. */
const ASSETS = {
  "swagger-ui.css": { contentType: "text/css; charset=utf-8", load: () => readFileSync(join(swaggerUiDir(), "swagger-ui.css")) },
  "swagger-ui-bundle.js": { contentType: "text/javascript; charset=utf-8", load: () => readFileSync(join(swaggerUiDir(), "swagger-ui-bundle.js")) },
  "start.js": { contentType: "text/javascript; charset=utf-8", load: () => Buffer.from(START_SCRIPT) },
} as const;
type AssetName = keyof typeof ASSETS;

function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

function isAsset(name: string): name is AssetName {
  return Object.hasOwn(ASSETS, name);
}

/** Read on first use and kept: the bundle is 1.8 MB, its gzip copy about a third of that for slow lines. */
const loaded = new Map<AssetName, { plain: Buffer; gzip: Buffer }>();
function asset(name: AssetName): { plain: Buffer; gzip: Buffer } {
  let files = loaded.get(name);
  if (!files) {
    const plain = ASSETS[name].load();
    files = { plain, gzip: gzipSync(plain) };
    loaded.set(name, files);
  }
  return files;
}

/** The app whose routes the document describes. */
type DescribedApp = Parameters<typeof openAPIRouteHandler>[0];

/**
 * `/api/openapi.json`: the API as OpenAPI 3.1, generated from the routes' `describeRoute`
 * and validator schemas; `/api/docs`: the same as a readable page (Swagger UI) with its files
 * under `/api/docs/assets/:file`. All public: the shape of the API is no secret (the client's
 * script, loaded before login, names every route); its data stays behind the session.
 * @param app - the whole app, read at the first request of the document, when every route is registered
 * @returns the Hono sub-app to mount at /api
 */
export function docsRoutes(app: DescribedApp) {
  return new Hono()
    .get(
      "/openapi.json",
      describeRoute({
        tags: [Tag.docs],
        summary: "Diese API-Beschreibung (OpenAPI 3.1)",
        ...PUBLIC,
        responses: { 200: { description: "Das OpenAPI-Dokument." } },
      }),
      openAPIRouteHandler(app, documentOptions),
    )
    .get(
      "/docs",
      describeRoute({
        tags: [Tag.docs],
        summary: "API-Beschreibung als lesbare Seite (Swagger UI)",
        ...PUBLIC,
        responses: { 200: { description: "HTML-Seite.", content: { "text/html": {} } } },
      }),
      (c) => c.html(PAGE, 200, { "cache-control": "no-cache" }),
    )
    .get(
      "/docs/assets/:file",
      describeRoute({
        tags: [Tag.docs],
        summary: "Dateien der Dokumentationsseite (Swagger UI)",
        ...PUBLIC,
        parameters: [{ in: "path", name: "file", required: true, schema: { type: "string", enum: Object.keys(ASSETS) } }],
        responses: { 200: { description: "Stylesheet oder Skript; gzip, wenn der Browser es annimmt." }, 404: { description: "Keine Datei der Seite." } },
      }),
      (c) => {
        const name = c.req.param("file");
        if (!isAsset(name)) return c.text("Not found", 404);
        const files = asset(name);
        const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
        // The files change only with a new swagger-ui-dist; a day old copy after an update is harmless.
        const headers: Record<string, string> = { "content-type": ASSETS[name].contentType, "cache-control": "public, max-age=86400", vary: "Accept-Encoding" };
        if (gzip) headers["content-encoding"] = "gzip";
        return c.body(new Uint8Array(gzip ? files.gzip : files.plain), 200, headers);
      },
    );
}
