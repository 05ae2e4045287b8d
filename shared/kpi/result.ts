/**
 * The KPI result: exactly the JSON object of the KPI command (domain.md, "Exchange
 * formats"), plus extra keys marked as such. Numbers are unrounded; cents are integers.
 * The German reasons (`reasonsDe`, `trendReasonDe`) are for the UI and documents; the
 * command leaves them out, its output is English.
 */
import type { CorridorEntry } from "./corridor";
import type { KpiTrend } from "./trend";

/** A value per need group, keys "1" … "5". */
export type ByNeedGroup<T> = Record<"1" | "2" | "3" | "4" | "5", T>;

/** Corridor entries of the three steered deviations; null where the deviation has no value. */
export interface KpiCorridors {
  /** Of `occupancyDeviationPct`. */
  occupancy: CorridorEntry | null;
  /** Of `valueDeviationPct`. */
  value: CorridorEntry | null;
  /** Of `staffDeviationPct`. */
  staff: CorridorEntry | null;
}

/** All KPIs of one provider for one period. */
export interface KpiResult {
  /** The period as given. */
  period: string;
  /** [KPI1] Annual budget of the period's year (its budget months), cents. */
  annualBudgetCents: number;
  /** [KPI1] Payment schedule of the period's year: all 12 instalments, 0 before the budget start, cents. */
  monthlyInstalmentsCents: number[];
  /** [KPI2] Σ budgetedCases × budget days of the period. */
  budgetedOccupancyDays: number;
  /** Local occupancy days of the reported months. */
  actualOccupancyDays: number | null;
  /** [KPI3] (actual − budgeted) × 100 / budgeted. */
  occupancyDeviationPct: number | null;
  /** [KPI4] Service value delivered, cents. */
  serviceValueCents: number | null;
  /** [KPI4] Annual budget × budget days of the period / budget days of the year, cents. */
  proRataBudgetCents: number;
  /** [KPI4] Delivered − pro-rata budget, cents. */
  valueDeviationCents: number | null;
  /** [KPI4] Value deviation in percent of the pro-rata budget. */
  valueDeviationPct: number | null;
  /** [KPI5] Σ group × budgetedCases / Σ budgetedCases. */
  avgNeedGroupBudgeted: number | null;
  /** [KPI5] Σ group × occupancyDays / Σ occupancyDays (local). */
  avgNeedGroupActual: number | null;
  /** [KPI6] Local cases in the period's last month. */
  casesAtEnd: number | null;
  /** [KPI6] Σ budgetedCases. */
  budgetedCases: number;
  /** [KPI6] Local cases at period end per current need group. */
  casesByGroup: ByNeedGroup<number> | null;
  /** [KPI7] Capacity-weighted utilisation of all persons, %. */
  utilisationPct: number | null;
  /** [KPI8] External occupancy days / all occupancy days, %. */
  externalSharePct: number | null;
  /** [KPI9] Mean staffFte × (1 − external share / 100). */
  staffFteLocal: number | null;
  /** [KPI9] Deviation of staffFteLocal from budgetedStaffFte, %. */
  staffDeviationPct: number | null;
  /** [KPI9] staffFteLocal / casesAtEnd × 10. */
  ftePer10Cases: number | null;
  /** [KPI10] Local +S cases at period end. */
  socialSpaceCases: number | null;
  /** [KPI10] +S cases / local cases at period end, %. */
  socialSpaceSharePct: number | null;
  /** [KPI10] Σ +S occupancyDays × (fee(prior) − fee(group)), cents. */
  socialSpaceValueFreedCents: number | null;
  /** [KPI11] Five-year trend of local cases. */
  trend: KpiTrend | null;
  /** [KPI11] Why there is no trend; null when there is one. */
  trendReason: string | null;
  /** Extra: `trendReason` in German. */
  trendReasonDe: string | null;
  /** [KPI12] Corridor colour and direction. */
  corridor: KpiCorridors;
  /** Extra: Σ budgetedCases per need group. */
  budgetedCasesByGroup: ByNeedGroup<number>;
  /** Extra: utilisation per offer, % (null for an offer without places). */
  utilisationByOfferPct: Record<string, number | null>;
  /** Extra: budget days of the period (its calendar days from the budget start on). */
  daysInPeriod: number;
  /** Extra: budget months of the period with at least one figures row. */
  reportedMonths: string[];
  /** Extra: budget months of the period without figures ("Monat 2024-08 nicht gemeldet"); months before the start never. */
  unreportedMonths: string[];
  /** Extra: budget months of the period with a staff row. */
  staffMonths: string[];
  /** Why each null KPI has no value, under its own key (corridor entries as `corridor.x`). */
  reasons: Record<string, string>;
  /**
   * Extra: `reasons` in German, under the same keys. Results stored before it existed (KPI
   * values of older versions) lack it; readers then fall back to `reasons`.
   */
  reasonsDe: Record<string, string>;
}
