import { z } from "zod";
import type { MeasureStatus, ResponsibleSide, TrafficLight } from "../document/measures";
import { MeasureStatusSchema, TrafficLightSchema } from "../document/measures";
import type { CirculationStatus, TalkState } from "./talks";

/** The value of the provider filter that stands for the conference's shared scorecard. */
export const CONFERENCE_FILTER = "conference";

/** One measure in the funder's overview across all providers (`GET /api/overview/measures`). */
export interface OverviewMeasure {
  /** The scorecard it stands in. */
  scorecardId: string;
  /** The scorecard's title. */
  scorecardTitle: string;
  /** The provider, or null for the conference's scorecard. */
  providerId: string | null;
  /** The provider's name, or null. */
  providerName: string | null;
  /** The measure's id (the link's anchor). */
  measureId: string;
  /** Title. */
  title: string;
  /** Perspective it stands under, or null. */
  perspective: string | null;
  /** Goal it stands under, or null. */
  goal: string | null;
  /** Progress. */
  status: MeasureStatus;
  /** The participants' traffic light, or null. */
  trafficLight: TrafficLight | null;
  /** Responsible side. */
  responsibleSide: ResponsibleSide;
  /** Responsible person, free text. */
  responsiblePerson: string;
  /** Due date `YYYY-MM-DD`, or null. */
  dueDate: string | null;
  /** Due before today and neither done nor dropped. */
  overdue: boolean;
  /** The newest status line (date and text), or null. */
  lastStatus: { talkDate: string; text: string } | null;
}

/** Which due dates the overview shows. */
export const DueFilterSchema = z.enum(["all", "overdue", "next30"]);
export type DueFilter = z.infer<typeof DueFilterSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

/** Filters of the measure overview, as query parameters; each one left out shows everything. */
export const OverviewFiltersSchema = z.object({
  /** A provider's id, or {@link CONFERENCE_FILTER}. */
  provider: optionalText(100),
  /** Progress. */
  status: MeasureStatusSchema.optional(),
  /** Traffic light, or "none" for measures without one. */
  light: z.union([TrafficLightSchema, z.literal("none")]).optional(),
  /** Part of the responsible person's name, or of the side's word ("Leistungsträger"). */
  owner: optionalText(100),
  /** Overdue, due within 30 days (from today, overdue ones included), or all. */
  due: DueFilterSchema.optional(),
});
export type OverviewFilters = Partial<z.infer<typeof OverviewFiltersSchema>>;

/** The German words of the responsible sides, so "Leistungsträger" finds the funder's measures. */
const SIDE_WORDS: Record<ResponsibleSide, string> = { provider: "Leistungserbringer", funder: "Leistungsträger", both: "beide" };

/**
 * The day `days` after a date.
 * @param date - `YYYY-MM-DD`
 * @param days - may be negative
 */
export function addDaysToDate(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * The measures that pass every filter, in the order given. "Due within 30 days" keeps the
 * overdue open measures too: a controller asking what is due soon wants the late ones first.
 * @param measures - the overview's rows
 * @param filters - the chosen filters
 * @param today - `YYYY-MM-DD` in Europe/Berlin
 * @example filterOverviewMeasures(rows, { provider: "conference", light: "red" }, "2026-03-05")
 */
export function filterOverviewMeasures(measures: readonly OverviewMeasure[], filters: OverviewFilters, today: string): OverviewMeasure[] {
  const owner = filters.owner?.toLocaleLowerCase("de");
  const horizon = addDaysToDate(today, 30);
  return measures.filter((measure) => {
    if (filters.provider && (measure.providerId ?? CONFERENCE_FILTER) !== filters.provider) return false;
    if (filters.status && measure.status !== filters.status) return false;
    if (filters.light && (measure.trafficLight ?? "none") !== filters.light) return false;
    if (owner && !`${measure.responsiblePerson} ${SIDE_WORDS[measure.responsibleSide]}`.toLocaleLowerCase("de").includes(owner)) return false;
    if (filters.due === "overdue" && !measure.overdue) return false;
    if (filters.due === "next30") {
      const open = measure.status !== "done" && measure.status !== "dropped";
      if (!open || measure.dueDate === null || measure.dueDate > horizon) return false;
    }
    return true;
  });
}

/**
 * Sorts by due date, measures without one last; equal dates keep their order.
 * @param direction - "ascending" (soonest first) or "descending"
 */
export function sortByDue(measures: readonly OverviewMeasure[], direction: "ascending" | "descending"): OverviewMeasure[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...measures].sort((a, b) => {
    if (a.dueDate === b.dueDate) return 0;
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return sign * a.dueDate.localeCompare(b.dueDate);
  });
}

/** Answer of `GET /api/overview/measures` (the funder's). */
export interface MeasureOverviewAnswer {
  /** Today in Europe/Berlin, `YYYY-MM-DD`, on which `overdue` and the due filters are based. */
  today: string;
  /** The providers with a scorecard, by name, to filter by (the conference is {@link CONFERENCE_FILTER}). */
  providers: { id: string; name: string }[];
  /** The measures that pass the query's filters, in scorecard and document order. */
  measures: OverviewMeasure[];
  /** How many measures there are without filters. */
  total: number;
}

/** A scorecard's next talk, as the scorecard list shows it. */
export interface NextTalkInfo {
  /** The talk. */
  id: string;
  /** Start, ISO. */
  startsAt: string;
  /** Start date in Europe/Berlin, `YYYY-MM-DD`. */
  localDate: string;
  /** Start time in Europe/Berlin, `HH:mm`. */
  localTime: string;
  /** Scheduled, circulated or running. */
  state: TalkState;
  /** When the circulation is due, ISO. */
  circulationDueAt: string;
  /** Where the circulation stands. */
  circulation: CirculationStatus;
}

/** What the scorecard list shows beside one scorecard. */
export interface ScorecardListInfo {
  /** The scorecard. */
  scorecardId: string;
  /** Its next talk not yet closed or cancelled, or null. */
  nextTalk: NextTalkInfo | null;
  /** Comment threads (questions) not marked done. */
  openQuestions: number;
  /** Red KPIs of the periods its KPI blocks show that no open measure and no explanation answers. */
  unansweredRedKpis: number;
}

/** Answer of `GET /api/overview/scorecards`: one entry per scorecard the user may open. */
export interface ScorecardListInfoAnswer {
  /** The entries, in the order of `GET /api/scorecards`. */
  scorecards: ScorecardListInfo[];
}
