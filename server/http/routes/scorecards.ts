import { Hono } from "hono";
import { z } from "zod";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { ScorecardSummarySchema, ProviderSummarySchema } from "../openapi/schemas";
import { NewScorecardSchema, type ProviderSummary, type ScorecardSummary } from "../../../shared/domain/scorecard";
import { readMeasure, isOverdue, measureWarnings } from "../../../shared/document/measures";
import { readOutline } from "../../../shared/document/outline";
import { kpiBlocksOf } from "../../../shared/document/redKpis";
import { yDocToDocumentJson } from "../../../shared/document/schema";
import type { AppDeps } from "../../appDeps";
import { canCreateScorecards, scorecardAccess } from "../../auth/permissions";
import { findScorecard, listScorecards } from "../../persistence/scorecards";
import { findOrganisation, listProviders } from "../../persistence/organisations";
import { createScorecard } from "../../scorecards/scorecardCreator";
import { badRequest, forbidden, notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** Today as YYYY-MM-DD in Europe/Berlin, where the talks happen. */
function todayInBerlin(): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(new Date());
}

/** `/api/scorecards`: list, create, and read a scorecard's measures. */
export function scorecardRoutes(deps: AppDeps) {
  return (
    new Hono<{ Variables: SessionVariables }>()
      .get(
        "/",
        describeRoute({
          tags: [Tag.scorecards],
          summary: "Scorecards auflisten",
          responses: { 200: json("Die Scorecards, die der Benutzer öffnen darf, mit seinem Zugriff.", z.array(ScorecardSummarySchema)), ...errors(401, 403) },
        }),
        async (c) => {
          const user = requireUser(c);
          const scorecards: ScorecardSummary[] = [];
          for (const scorecard of await listScorecards(deps.db)) {
            const access = scorecardAccess(user, scorecard);
            if (access) scorecards.push({ id: scorecard.id, title: scorecard.title, provider: scorecard.providerName, access });
          }
          return c.json(scorecards);
        },
      )
      .get(
        "/providers",
        describeRoute({
          tags: [Tag.scorecards],
          summary: "Leistungserbringer für neue Scorecards",
          responses: { 200: json("Dem Leistungsträger alle, einem Leistungserbringer er selbst.", z.array(ProviderSummarySchema)), ...errors(401, 403) },
        }),
        async (c) => {
          const user = requireUser(c);
          const providers: ProviderSummary[] = (await listProviders(deps.db))
            .filter((provider) => user.organisationKind === "funder" || provider.id === user.organisationId)
            .map(({ id, name }) => ({ id, name }));
          return c.json(providers);
        },
      )
      .post(
        "/",
        describeRoute({
          tags: [Tag.scorecards],
          summary: "Scorecard anlegen",
          responses: { 201: json("Die neue Scorecard.", ScorecardSummarySchema), ...errors(400, 401, 403) },
        }),
        validate("json", NewScorecardSchema),
        async (c) => {
          const user = requireUser(c);
          if (!canCreateScorecards(user)) throw forbidden("Nur Bearbeiterinnen und Bearbeiter des Leistungsträgers legen Scorecards an.");
          const input = c.req.valid("json");
          if (input.providerId !== null && (await findOrganisation(deps.db, input.providerId))?.kind !== "provider") {
            throw badRequest("providerId: no such provider");
          }
          const id = await createScorecard(deps.db, deps.store, input);
          const created = (await findScorecard(deps.db, id))!;
          const summary: ScorecardSummary = { id, title: created.title, provider: created.providerName, access: "edit" };
          return c.json(summary, 201);
        },
      )
      // The measures with their place, warnings and overdue state, and the KPI blocks with
      // their notes: what the dashboard needs to tell which red KPIs are still unanswered.
      .get(
        "/:id/measures",
        describeRoute({
          tags: [Tag.scorecards],
          summary: "Maßnahmen und KPI-Blöcke einer Scorecard",
          responses: { 200: json("Maßnahmen mit Perspektive, Ziel, Warnungen und Überfälligkeit; KPI-Blöcke mit ihren Notizen."), ...errors(401, 403, 404) },
        }),
        async (c) => {
          const user = requireUser(c);
          const scorecard = await findScorecard(deps.db, c.req.param("id"));
          if (!scorecard || !scorecardAccess(user, scorecard)) throw notFound("Scorecard");
          const doc = await deps.collab.readDocument(scorecard.id);
          const today = todayInBerlin();
          const json = yDocToDocumentJson(doc);
          const measures = readOutline(json).placements.flatMap((placement) => {
            const measure = readMeasure(doc, placement.measureId);
            if (!measure) return [];
            return [{ ...measure, perspective: placement.perspective, goal: placement.goal, warnings: measureWarnings(measure), overdue: isOverdue(measure, today) }];
          });
          doc.destroy();
          return c.json({ measures, kpiBlocks: kpiBlocksOf(json) });
        },
      )
  );
}
