import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { OverviewFiltersSchema, type MeasureOverviewAnswer, type ScorecardListInfoAnswer } from "../../../shared/domain/overview";
import type { AppDeps } from "../../appDeps";
import { forbidden } from "../../errors";
import { createMeasureOverview } from "../../overview/measureOverview";
import { createScorecardListInfo } from "../../overview/listInfo";
import { epochToBerlinLocal } from "../../talks/berlinTime";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/**
 * `/api/overview`: views across scorecards.
 * - `GET /measures?provider=&status=&light=&owner=&due=`: the funder's overview of every
 *   measure of every provider and of the conference; 403 for providers, who have one
 *   scorecard each and its own measure overview.
 * - `GET /scorecards`: for the scorecard list, per scorecard the user may open its next
 *   talk with the circulation, open questions and unanswered red KPIs.
 * @param deps - database, update store, documents, KPI values
 */
export function overviewRoutes(deps: Pick<AppDeps, "db" | "store" | "collab" | "currentKpis">) {
  const overview = createMeasureOverview(deps);
  const listInfo = createScorecardListInfo(deps);
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/measures",
      describeRoute({
        tags: [Tag.overview],
        summary: "Maßnahmenübersicht über alle Leistungserbringer",
        responses: { 200: json("Die Maßnahmen aller Scorecards nach den Filtern (nur Leistungsträger)."), ...errors(400, 401, 403) },
      }),
      validate("query", OverviewFiltersSchema),
      async (c) => {
        const user = requireUser(c);
        if (user.organisationKind !== "funder") throw forbidden("Die Maßnahmenübersicht über alle Leistungserbringer ist dem Leistungsträger vorbehalten.");
        const answer: MeasureOverviewAnswer = await overview.measures(user, c.req.valid("query"), epochToBerlinLocal(Date.now()).date);
        return c.json(answer);
      },
    )
    .get(
      "/scorecards",
      describeRoute({
        tags: [Tag.overview],
        summary: "Hinweise zur Scorecard-Liste",
        responses: { 200: json("Je Scorecard: nächstes Gespräch, Vorabversand, offene Fragen, unbeantwortete rote KPIs."), ...errors(401, 403) },
      }),
      async (c) => {
        const answer: ScorecardListInfoAnswer = { scorecards: await listInfo.info(requireUser(c), Date.now()) };
        return c.json(answer);
      },
    );
}
