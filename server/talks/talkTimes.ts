import type { CirculationStatus, TalkState } from "../../shared/domain/talks";
import { isShortNotice } from "../../shared/domain/talkSchedule";
import { addDays, berlinMidnight, daysBetween, epochToBerlinLocal } from "./berlinTime";

/** The circulation goes out this many days before the talk (domain.md: "Ten days before"). */
export const CIRCULATION_LEAD_DAYS = 10;

/**
 * When a talk's circulation is due: 00:00 Europe/Berlin on the day ten days before the
 * talk's local date, so participants get the whole tenth day and a talk's time of day
 * does not matter.
 * @param startsAt - the talk's start, ms since the epoch
 * @returns ms since the epoch
 * @example circulationDueAt(Date.parse("2026-04-09T08:00:00Z")) === Date.parse("2026-03-29T22:00:00Z")
 */
export function circulationDueAt(startsAt: number): number {
  return berlinMidnight(addDays(epochToBerlinLocal(startsAt).date, -CIRCULATION_LEAD_DAYS));
}

/**
 * Whether a talk is planned at short notice: its date is less than 14 calendar days after
 * `now`'s date (Europe/Berlin), the minimum notice the conference agreed.
 * @param startsAt - the talk's start, ms since the epoch
 * @param now - when it is planned or moved, ms since the epoch
 */
export function plannedAtShortNotice(startsAt: number, now: number): boolean {
  return isShortNotice(epochToBerlinLocal(now).date, epochToBerlinLocal(startsAt).date);
}

/**
 * When the circulation of a talk planned (or moved) at `now` is due: at once when the talk
 * is less than 14 days ahead, since the participants then get less notice than agreed and
 * should have the scorecard as early as possible; otherwise ten days before
 * ({@link circulationDueAt}).
 * @param startsAt - the talk's start, ms since the epoch
 * @param now - when it is planned or moved
 * @returns ms since the epoch
 * @example circulationDue(Date.parse("2026-04-09T08:00:00Z"), Date.parse("2026-03-30T09:00:00Z")) // the second argument: at once
 */
export function circulationDue(startsAt: number, now: number): number {
  return plannedAtShortNotice(startsAt, now) ? now : circulationDueAt(startsAt);
}

/**
 * The calendar quarter a talk discusses: the one before the quarter of its date
 * (a talk in April reviews January to March).
 * @param localDate - the talk's date in Europe/Berlin, `YYYY-MM-DD`
 * @returns the quarter (`2026-Q1`) and its months (`2026-01` …)
 */
export function quarterBefore(localDate: string): { quarter: string; months: string[] } {
  const year = Number(localDate.slice(0, 4));
  const quarterOfDate = Math.ceil(Number(localDate.slice(5, 7)) / 3);
  const [y, q] = quarterOfDate === 1 ? [year - 1, 4] : [year, quarterOfDate - 1];
  const months = [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, "0")}`);
  return { quarter: `${y}-Q${q}`, months };
}

/** The parts of a talk that decide its circulation status. */
export interface CirculationFacts {
  /** The talk's state. */
  state: TalkState;
  /** The talk's start. */
  startsAt: number;
  /** When the circulation version was taken, or null. */
  circulatedAt: number | null;
  /** When the circulation is due, if not ten days before the talk (a talk planned at short notice). */
  circulationDueAt?: number;
}

/**
 * Where a talk's circulation stands at `now`, in calendar days of Europe/Berlin.
 * @param talk - state, start and circulation time
 * @param now - ms since the epoch
 */
export function circulationStatus(talk: CirculationFacts, now: number): CirculationStatus {
  const today = epochToBerlinLocal(now).date;
  if (talk.circulatedAt !== null) return { code: "sent", days: daysBetween(epochToBerlinLocal(talk.circulatedAt).date, today) };
  if (talk.state !== "scheduled") return { code: "skipped", days: 0 };
  const due = talk.circulationDueAt ?? circulationDueAt(talk.startsAt);
  const dueDate = epochToBerlinLocal(due).date;
  if (now < due) return { code: "due", days: daysBetween(today, dueDate) };
  return { code: "overdue", days: daysBetween(dueDate, today) };
}
