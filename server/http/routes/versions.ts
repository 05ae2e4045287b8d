import { Hono, type Context } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { VersionListSchema, VersionSummarySchema, DeletedScorecardSchema } from "../openapi/schemas";
import { z } from "zod";
import type { KpiSnapshot } from "../../../shared/domain/kpiSnapshot";
import { NewVersionSchema, RestoreVersionSchema, type MeasureHistory, type VersionContent } from "../../../shared/domain/versions";
import { readMeasure } from "../../../shared/document/measures";
import { multiLineText } from "../../../shared/domain/text";
import type { AppDeps } from "../../appDeps";
import { scorecardAccess } from "../../auth/permissions";
import { findScorecard, type ScorecardRecord } from "../../persistence/scorecards";
import { findVersion, listVersions } from "../../persistence/versions";
import type { UserRecord } from "../../persistence/users";
import { createPeople } from "../../versions/people";
import { versionSummary } from "../../history/historyJobs";
import { deleteScorecard } from "../../scorecards/scorecardDeletion";
import { badRequest, forbidden, notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

type Ctx = Context<{ Variables: SessionVariables }>;

/** The scorecard of the path, if the user may see it; otherwise 404 (never tell what exists). */
async function visibleScorecard(c: Ctx, deps: Pick<AppDeps, "db">): Promise<{ user: UserRecord; scorecard: ScorecardRecord; canEdit: boolean }> {
  const user = requireUser(c);
  const scorecard = await findScorecard(deps.db, c.req.param("id") ?? "");
  const access = scorecard ? scorecardAccess(user, scorecard) : null;
  if (!scorecard || !access) throw notFound("Scorecard");
  return { user, scorecard, canEdit: access === "edit" };
}

function versionId(raw: string | undefined): number {
  if (!raw || !/^\d{1,15}$/.test(raw)) throw badRequest(`version: "${raw ?? ""}" is not a version id`);
  return Number(raw);
}

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const AuditQuerySchema = z.object({ from: DateSchema, to: DateSchema });
const CompareQuerySchema = z.object({
  from: z.string().regex(/^(\d{1,15}|current)$/, 'must be a version id or "current"'),
  to: z.string().regex(/^(\d{1,15}|current)$/, 'must be a version id or "current"'),
});
const DeleteSchema = z.object({ reason: z.string().trim().min(1, "a reason is required").max(500).check(multiLineText("Begründung")) });

/** Midnight at the start of a day in Europe/Berlin, as ms since the epoch (CET or CEST). */
function berlinMidnight(date: string): number {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const offsetHours of [1, 2]) {
    const candidate = Date.parse(`${date}T00:00:00Z`) - offsetHours * 60 * 60 * 1000;
    if (format.format(candidate) === `${date} 00:00`) return candidate;
  }
  throw badRequest(`${date}: not a day in Europe/Berlin`);
}

/**
 * `/api/scorecards/:id/…`: versions, compare, restore, measure history, integrity and
 * the audit report; and deleting a scorecard (admins).
 */
export function versionRoutes(deps: AppDeps) {
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/:id/versions",
      describeRoute({
        tags: [Tag.versions],
        summary: "Versionen einer Scorecard",
        responses: { 200: json("Die Versionen, neueste zuerst, und ob der Benutzer neue speichern darf.", VersionListSchema), ...errors(401, 403, 404) },
      }),
      async (c) => {
        const { scorecard, canEdit } = await visibleScorecard(c, deps);
        const people = await createPeople(deps.db);
        return c.json({ versions: (await listVersions(deps.db, scorecard.id)).map((row) => versionSummary(row, people)), canEdit });
      },
    )
    .post(
      "/:id/versions",
      describeRoute({
        tags: [Tag.versions],
        summary: "Version speichern",
        responses: { 201: json("Die neue Version.", VersionSummarySchema), ...errors(400, 401, 403, 404) },
      }),
      validate("json", NewVersionSchema),
      async (c) => {
        const { user, scorecard, canEdit } = await visibleScorecard(c, deps);
        if (!canEdit) throw forbidden("Nur Bearbeiterinnen und Bearbeiter speichern Versionen.");
        const row = await deps.versions.take(scorecard.id, "named", c.req.valid("json").name, user.id);
        return c.json(versionSummary(row, await createPeople(deps.db)), 201);
      },
    )
    .get(
      "/:id/versions/:versionId",
      describeRoute({
        tags: [Tag.versions],
        summary: "Version mit Inhalt",
        responses: { 200: json("Die Version mit dem Yjs-Zustand (base64) und den KPI-Werten von damals."), ...errors(400, 401, 403, 404) },
      }),
      async (c) => {
        const { scorecard } = await visibleScorecard(c, deps);
        const version = await findVersion(deps.db, scorecard.id, versionId(c.req.param("versionId")));
        if (!version) throw notFound("Version");
        const content: VersionContent = {
          ...versionSummary(version, await createPeople(deps.db)),
          state: Buffer.from(version.state).toString("base64"),
          kpis: JSON.parse(version.kpisJson) as KpiSnapshot,
        };
        return c.json(content);
      },
    )
    .post(
      "/:id/versions/:versionId/restore",
      describeRoute({
        tags: [Tag.versions],
        summary: "Version wiederherstellen",
        responses: { 201: json("Die neue Version mit dem wiederhergestellten Stand.", VersionSummarySchema), ...errors(400, 401, 403, 404) },
      }),
      validate("json", RestoreVersionSchema),
      async (c) => {
        const { user, scorecard, canEdit } = await visibleScorecard(c, deps);
        if (!canEdit) throw forbidden("Nur Bearbeiterinnen und Bearbeiter stellen Versionen wieder her.");
        const row = await deps.versions.restore(scorecard.id, versionId(c.req.param("versionId")), user.id, c.req.valid("json").reason);
        return c.json(versionSummary(row, await createPeople(deps.db)), 201);
      },
    )
    .get(
      "/:id/compare",
      describeRoute({
        tags: [Tag.versions],
        summary: "Zwei Stände vergleichen",
        responses: { 200: json("Der Vergleich zweier Versionen oder einer Version mit dem aktuellen Stand."), ...errors(400, 401, 403, 404) },
      }),
      validate("query", CompareQuerySchema),
      async (c) => {
        const { scorecard } = await visibleScorecard(c, deps);
        const query = c.req.valid("query");
        const side = async (raw: string) => {
          if (raw === "current") return null;
          const version = await findVersion(deps.db, scorecard.id, Number(raw));
          if (!version) throw notFound(`Version ${raw}`);
          return version;
        };
        let older = await side(query.from);
        let newer = await side(query.to);
        if (!older && !newer) throw badRequest("from, to: compare at least one version");
        const current = !older || !newer ? await deps.collab.documentState(scorecard.id) : null;
        const seqOf = (version: typeof older) => version?.upToSeq ?? current!.upToSeq;
        // Either order is accepted; the older side is the one with less history.
        if (seqOf(older) > seqOf(newer) || (seqOf(older) === seqOf(newer) && older === null)) [older, newer] = [newer, older];
        if (!older) throw badRequest("from, to: compare at least one version");
        const comparison = await deps.history.run("compare", { scorecardId: scorecard.id, olderId: older.id, newerId: newer?.id ?? null, toSeq: seqOf(newer) });
        return c.json(comparison);
      },
    )
    .get(
      "/:id/measures/:measureId/history",
      describeRoute({
        tags: [Tag.versions],
        summary: "Verlauf einer Maßnahme",
        responses: { 200: json("Die Maßnahme und ihre Änderungen über die Versionen."), ...errors(401, 403, 404) },
      }),
      async (c) => {
        const { scorecard } = await visibleScorecard(c, deps);
        const measureId = c.req.param("measureId");
        const doc = await deps.collab.readDocument(scorecard.id);
        const measure = readMeasure(doc, measureId);
        doc.destroy();
        if (!measure) throw notFound("Maßnahme");
        const history: MeasureHistory = { measure, entries: await deps.history.run("measureHistory", { scorecardId: scorecard.id, measureId }) };
        return c.json(history);
      },
    )
    .get(
      "/:id/audit/verify",
      describeRoute({
        tags: [Tag.versions],
        summary: "Versionskette prüfen",
        responses: { 200: json("Ergebnis der Integritätsprüfung der Versionskette."), ...errors(401, 403, 404) },
      }),
      async (c) => {
        const { scorecard } = await visibleScorecard(c, deps);
        return c.json(await deps.history.run("verify", { scorecardId: scorecard.id }));
      },
    )
    .get(
      "/:id/audit.csv",
      describeRoute({
        tags: [Tag.versions],
        summary: "Änderungsprotokoll als CSV",
        responses: {
          200: { description: "Das Protokoll der Tage `from` bis `to` (einschließlich, Europe/Berlin).", content: { "text/csv": {} } },
          ...errors(400, 401, 403, 404),
        },
      }),
      validate("query", AuditQuerySchema),
      async (c) => {
        const { scorecard } = await visibleScorecard(c, deps);
        const { from, to } = c.req.valid("query");
        if (to < from) throw badRequest("to: must not be before from");
        // "to" is inclusive: the whole day.
        const toNextDay = new Date(Date.parse(`${to}T12:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
        const csv = await deps.history.run("auditCsv", { scorecardId: scorecard.id, fromMs: berlinMidnight(from), toMs: berlinMidnight(toNextDay) });
        const name = `Protokoll_${scorecard.title.replace(/[^\p{L}\p{N}]+/gu, "_")}_${from}_${to}.csv`;
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
        });
      },
    )
    .delete(
      "/:id",
      describeRoute({
        tags: [Tag.versions],
        summary: "Scorecard löschen (Administration)",
        responses: { 200: json("Gelöscht; endgültig entfernt nach `purgeAfter`.", DeletedScorecardSchema), ...errors(400, 401, 403, 404) },
      }),
      validate("json", DeleteSchema),
      async (c) => {
        const user = requireUser(c);
        if (!user.isAdmin) throw forbidden("Nur Administratorinnen und Administratoren löschen Scorecards.");
        const scorecard = await findScorecard(deps.db, c.req.param("id"));
        if (!scorecard) throw notFound("Scorecard");
        const purgeAfter = await deleteScorecard(deps.db, scorecard.id, user.id, c.req.valid("json").reason, deps.config.retentionYears);
        deps.collab.closeScorecard(scorecard.id);
        return c.json({ deleted: scorecard.id, purgeAfter: new Date(purgeAfter).toISOString() });
      },
    );
}
