import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { SearchQuerySchema, type SearchResult } from "../../../shared/domain/search";
import type { AppDeps } from "../../appDeps";
import { createScorecardSearch } from "../../search/searchService";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/**
 * `GET /api/search?q=…`: searches the titles, measures, text and comments of the
 * scorecards the user may open; 400 with a German message for a text shorter than 2 or
 * longer than 100 characters. Scorecards the user may not open are never read.
 * @param deps - database, update store, documents, log
 */
export function searchRoutes(deps: Pick<AppDeps, "db" | "store" | "collab" | "logger">) {
  const scorecards = createScorecardSearch(deps);
  return new Hono<{ Variables: SessionVariables }>().get(
    "/",
    describeRoute({
      tags: [Tag.search],
      summary: "Scorecards durchsuchen",
      responses: { 200: json("Treffer in Titeln, Maßnahmen, Text und Kommentaren der Scorecards, die der Benutzer öffnen darf."), ...errors(400, 401, 403) },
    }),
    validate("query", SearchQuerySchema),
    async (c) => {
      const user = requireUser(c);
      const result: SearchResult = await scorecards.search(user, c.req.valid("query").q);
      deps.logger.log("debug", "search", { userId: user.id, scorecards: result.scorecards, hits: result.total, tookMs: result.tookMs });
      return c.json(result);
    },
  );
}
