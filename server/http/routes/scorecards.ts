import { Hono } from "hono";
import type { ScorecardSummary } from "../../../shared/domain/scorecard";
import type { AppDeps } from "../../app";
import { scorecardAccess } from "../../auth/permissions";
import { listScorecards } from "../../persistence/scorecards";
import { requireUser, type SessionVariables } from "../middleware/session";

/** `GET /api/scorecards`: the scorecards the user may open, with their access. */
export function scorecardRoutes(deps: AppDeps) {
  return new Hono<{ Variables: SessionVariables }>().get("/", (c) => {
    const user = requireUser(c);
    const scorecards: ScorecardSummary[] = [];
    for (const scorecard of listScorecards(deps.db)) {
      const access = scorecardAccess(user, scorecard);
      if (access) scorecards.push({ id: scorecard.id, title: scorecard.title, provider: scorecard.providerName, access });
    }
    return c.json(scorecards);
  });
}
