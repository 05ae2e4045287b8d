import { Hono, type Context } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, Tag } from "../openapi/describe";
import { z } from "zod";
import { scorecardAccess } from "../../auth/permissions";
import { findScorecard } from "../../persistence/scorecards";
import { notFound } from "../../errors";
import { writeExport, type ExportFormat } from "../../exports/exportFiles";
import { loadExportSource, type ExportDeps } from "../../exports/exportSource";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** Query of an export: a version of the scorecard, or none for the current state. */
const ExportQuerySchema = z.object({
  /** Id of a version of this scorecard. */
  version: z
    .string()
    .regex(/^\d{1,15}$/, "must be a version id")
    .optional(),
});

type Ctx = Context<{ Variables: SessionVariables }, string, { out: { query: z.infer<typeof ExportQuerySchema> } }>;

async function handleExport(c: Ctx, deps: ExportDeps, format: ExportFormat) {
  const user = requireUser(c);
  const scorecard = await findScorecard(deps.db, c.req.param("id") ?? "");
  // Never tell what exists: a scorecard the user may not see is "not found".
  if (!scorecard || !scorecardAccess(user, scorecard)) throw notFound("Scorecard");
  const version = c.req.valid("query").version;
  const file = await writeExport(await loadExportSource(deps, scorecard, version === undefined ? null : Number(version)), format);
  return c.body(new Uint8Array(file.content), 200, {
    "content-type": file.contentType,
    // The name is plain ASCII (see fileName.ts); filename* (RFC 5987) states its encoding for every client.
    "content-disposition": `attachment; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    // Scorecards carry a provider's figures: no shared cache may keep a copy.
    "cache-control": "private, no-store",
  });
}

/**
 * `/api/scorecards/:id/export.docx` and `/api/scorecards/:id/export.pdf`: the current
 * state (default) or a version (`?version=<id>`) as a Word or PDF file, for everyone who
 * may read the scorecard; 404 when the user may not see the scorecard or the version is
 * not one of it, 400 for a malformed version id.
 * @param deps - database, documents and current KPI values (AppDeps plus `currentKpis`)
 */
export function exportRoutes(deps: ExportDeps) {
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/:id/export.docx",
      describeRoute({
        tags: [Tag.exports],
        summary: "Scorecard als Word-Datei",
        responses: {
          200: {
            description: "Aktueller Stand oder die Version `version`.",
            content: { "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {} },
          },
          ...errors(400, 401, 403, 404),
        },
      }),
      validate("query", ExportQuerySchema),
      (c) => handleExport(c, deps, "docx"),
    )
    .get(
      "/:id/export.pdf",
      describeRoute({
        tags: [Tag.exports],
        summary: "Scorecard als PDF",
        responses: { 200: { description: "Aktueller Stand oder die Version `version`.", content: { "application/pdf": {} } }, ...errors(400, 401, 403, 404) },
      }),
      validate("query", ExportQuerySchema),
      (c) => handleExport(c, deps, "pdf"),
    );
}
