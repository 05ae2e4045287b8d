import { filterOverviewMeasures, type MeasureOverviewAnswer, type OverviewFilters, type OverviewMeasure } from "../../shared/domain/overview";
import { isOverdue, readMeasure } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { yDocToDocumentJson } from "../../shared/document/schema";
import type * as Y from "yjs";
import type { AppDeps } from "../appDeps";
import { scorecardAccess, type Principal } from "../auth/permissions";
import { listScorecards, type ScorecardRecord } from "../persistence/scorecards";
import { createDocumentDigests } from "../search/documentDigests";

/** A row as read from the document; `overdue` depends on the day and is added per request. */
type StoredRow = Omit<OverviewMeasure, "overdue">;

/**
 * The measures placed in one scorecard, as overview rows, in document order.
 * @param doc - the scorecard's document
 * @param scorecard - the scorecard
 */
export function overviewRowsOf(doc: Y.Doc, scorecard: ScorecardRecord): StoredRow[] {
  return readOutline(yDocToDocumentJson(doc)).placements.flatMap((placement) => {
    const measure = readMeasure(doc, placement.measureId);
    if (!measure) return [];
    const last = measure.statusLines.at(-1);
    return [
      {
        scorecardId: scorecard.id,
        scorecardTitle: scorecard.title,
        providerId: scorecard.providerId,
        providerName: scorecard.providerName,
        measureId: measure.id,
        title: measure.title,
        perspective: placement.perspective,
        goal: placement.goal,
        status: measure.status,
        trafficLight: measure.trafficLight,
        responsibleSide: measure.responsibleSide,
        responsiblePerson: measure.responsiblePerson,
        dueDate: measure.dueDate,
        lastStatus: last ? { talkDate: last.talkDate, text: last.text } : null,
      },
    ];
  });
}

/** The funder's overview of measures across scorecards. */
export interface MeasureOverview {
  /**
   * The measures of every scorecard the user may open (for the funder: all of them,
   * providers' and the conference's), filtered as asked. The caller checks that the user is
   * the funder's; the access check here keeps a mistake there from leaking a scorecard.
   * @param user - who asks
   * @param filters - provider, status, traffic light, owner, due
   * @param today - `YYYY-MM-DD` in Europe/Berlin
   */
  measures(user: Principal, filters: OverviewFilters, today: string): Promise<MeasureOverviewAnswer>;
}

/**
 * Creates the measure overview; each scorecard's rows are read from its document once and
 * kept until it changes (server/search/documentDigests.ts).
 * @param deps - database, update store, documents
 * @example await createMeasureOverview(deps).measures(funder, { light: "red", due: "overdue" }, "2026-03-05")
 */
export function createMeasureOverview(deps: Pick<AppDeps, "db" | "store" | "collab">): MeasureOverview {
  const rows = createDocumentDigests(deps, overviewRowsOf);
  return {
    async measures(user, filters, today) {
      const all = await listScorecards(deps.db);
      const scorecards = all.filter((scorecard) => scorecardAccess(user, scorecard) !== null);
      const measures = (await rows.of(scorecards, all)).flat().map((row) => ({ ...row, overdue: isOverdue(row, today) }));
      const providers = new Map<string, string>();
      for (const scorecard of scorecards) if (scorecard.providerId) providers.set(scorecard.providerId, scorecard.providerName ?? "");
      return {
        today,
        providers: Array.from(providers, ([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "de")),
        measures: filterOverviewMeasures(measures, filters, today),
        total: measures.length,
      };
    },
  };
}
