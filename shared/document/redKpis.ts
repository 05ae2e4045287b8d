import type { PeriodKpis } from "../domain/kpiSnapshot";
import { KPI_CATALOGUE } from "./kpiCatalogue";
import type { Measure } from "./measures";
import type { DocumentJson } from "./schema";

/** A KPI block as found in the document. */
export interface KpiBlockRef {
  /** KPI key. */
  kpi: string;
  /** Period. */
  period: string;
  /** The participants' explanation, "" when none. */
  note: string;
}

/** A red KPI that nothing in the scorecard answers yet. */
export interface UnansweredRedKpi {
  /** KPI key (a deviation with a corridor). */
  kpi: string;
  /** Period. */
  period: string;
  /** Above or below budget. */
  direction: "above" | "below" | "on";
}

/** The KPI blocks of a document, in order. */
export function kpiBlocksOf(doc: DocumentJson): KpiBlockRef[] {
  const blocks: KpiBlockRef[] = [];
  const visit = (node: DocumentJson) => {
    if (node.type === "kpiBlock" && typeof node.attrs?.kpi === "string" && typeof node.attrs?.period === "string") {
      blocks.push({ kpi: node.attrs.kpi, period: node.attrs.period, note: String(node.attrs.note ?? "") });
    }
    node.content?.forEach(visit);
  };
  visit(doc);
  return blocks;
}

const OPEN_STATUSES = new Set(["planned", "in_progress", "postponed"]);

/**
 * "Red needs an answer": every corridor KPI that is red in a period the scorecard shows
 * (the periods of its KPI blocks), unless an open measure is linked to that KPI or a KPI
 * block of it in that period carries an explanation. So no red figure reaches the talk
 * without a measure or a note.
 * @param blocks - the document's KPI blocks
 * @param measures - the document's measures
 * @param periods - the server's KPI results by period
 */
export function unansweredRedKpis(blocks: KpiBlockRef[], measures: Pick<Measure, "linkedKpis" | "status">[], periods: Record<string, PeriodKpis | undefined>): UnansweredRedKpi[] {
  const linked = new Set(measures.filter((m) => OPEN_STATUSES.has(m.status)).flatMap((m) => m.linkedKpis));
  const explained = new Set(blocks.filter((b) => b.note.trim() !== "").map((b) => `${b.kpi}|${b.period}`));
  const shownPeriods = Array.from(new Set(blocks.map((b) => b.period)));
  const unanswered: UnansweredRedKpi[] = [];
  for (const period of shownPeriods) {
    const result = periods[period]?.result;
    if (!result) continue;
    for (const kpi of KPI_CATALOGUE) {
      if (!kpi.corridor) continue;
      const corridor = result.corridor[kpi.corridor];
      if (corridor?.colour !== "red") continue;
      if (linked.has(kpi.key) || explained.has(`${kpi.key}|${period}`)) continue;
      unanswered.push({ kpi: kpi.key, period, direction: corridor.direction });
    }
  }
  return unanswered;
}
