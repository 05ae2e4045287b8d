import { z } from "zod";
import type { KpiResult } from "../kpi/result";
import type { ConferenceKpiResult } from "../kpi/aggregate";

/** The most periods one connection may ask for at once. */
export const MAX_KPI_PERIODS = 60;

/** Body of a `kpiQuery` message. */
export const KpiQuerySchema = z.object({
  /** Periods like "2025-Q2", "2025-05", "2025-YTD-08", "2025". */
  periods: z.array(z.string().max(20)).max(MAX_KPI_PERIODS),
});
export type KpiQuery = z.infer<typeof KpiQuerySchema>;

/** A result as a scorecard shows it: a provider's, or the conference's with hidden sums. */
export type ShownKpiResult = KpiResult | ConferenceKpiResult;

/** The KPIs of one period, or why there are none. */
export interface PeriodKpis {
  /** The result (the conference's, with hidden sums, on its scorecard), or null when it cannot be computed. */
  result: ShownKpiResult | null;
  /** Why there is no result (no agreement for the year, bad period, no figures), in English. */
  error: string | null;
  /** The same in German; absent in snapshots of versions taken before it existed. */
  errorDe?: string | null;
  /** The first budget month (`YYYY-MM`) when the period lies wholly before it: "vor Budgetbeginn", not an under-run. */
  budgetStart?: string | null;
}

/** Body of a `kpiValues` message: server-computed KPIs for a scorecard. */
export interface KpiSnapshot {
  /** "provider" for a provider's scorecard; "conference" for the shared one (sums only, small counts suppressed). */
  scope: "provider" | "conference";
  /** The provider's name, or null for the conference. */
  name: string | null;
  /** Results by period. */
  periods: Record<string, PeriodKpis>;
  /** ISO time of computation. */
  computedAt: string;
}
