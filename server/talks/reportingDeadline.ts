/**
 * The reporting deadline of a provider's steering talk: the figures the talk discusses
 * must be in before the scorecard is circulated, so its KPI values are complete.
 *
 * Rules (tested in reportingDeadline.test.ts):
 * - the deadline is the calendar day `reportLeadDays` (default 12) before the talk's date in
 *   Europe/Berlin; the figures count as in time until its end (24:00);
 * - the month due is the last complete month before the deadline: the calendar month before
 *   the deadline's month (deadline 18.11.2026 → October 2026; a deadline on 30 November
 *   still asks for October, since November's figures cannot be complete on its last day);
 * - the figures are there when the provider has stored any figures row of that month
 *   (as "Zahlen fehlen für" on the talks page counts them);
 * - the reminder is due at 00:00 Europe/Berlin three days before the deadline, and is sent
 *   only while the deadline has not passed, the talk is planned (not started, closed or
 *   cancelled) and the figures are still missing. A session of the conference has no
 *   figures and no deadline.
 */
import type { ReportingStatus, TalkMailState } from "../../shared/domain/talks";
import type { Db } from "../persistence/db";
import { readMonths } from "../persistence/figures";
import type { ScorecardRecord } from "../persistence/scorecards";
import type { TalkRow } from "../persistence/talks";
import { addDays, berlinMidnight, epochToBerlinLocal } from "./berlinTime";

/** The reminder goes out this many days before the deadline. */
export const REMINDER_DAYS_BEFORE_DEADLINE = 3;

/** When a talk's figures are due, and when their reminder goes out. */
export interface ReportingDeadline {
  /** The month whose figures are due, `YYYY-MM`. */
  month: string;
  /** The last day to report, `YYYY-MM-DD` (Europe/Berlin). */
  deadline: string;
  /** The end of that day (00:00 Europe/Berlin of the next), ms since the epoch. */
  endsAt: number;
  /** When the reminder is due, ms since the epoch. */
  reminderAt: number;
}

/**
 * The calendar month before a month.
 * @param month - `YYYY-MM`
 * @example monthBefore("2026-01") // "2025-12"
 */
export function monthBefore(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, "0")}`;
}

/**
 * The reporting deadline of a talk (rules in the file's header).
 * @param startsAt - the talk's start, ms since the epoch
 * @param leadDays - days before the talk's date
 * @example
 * reportingDeadline(Date.parse("2026-11-30T09:00:00Z"), 12)
 * // { month: "2026-10", deadline: "2026-11-18", reminderAt: 00:00 on 15.11.2026, endsAt: 00:00 on 19.11.2026 }
 */
export function reportingDeadline(startsAt: number, leadDays: number): ReportingDeadline {
  const deadline = addDays(epochToBerlinLocal(startsAt).date, -leadDays);
  return {
    month: monthBefore(deadline.slice(0, 7)),
    deadline,
    endsAt: berlinMidnight(addDays(deadline, 1)),
    reminderAt: berlinMidnight(addDays(deadline, -REMINDER_DAYS_BEFORE_DEADLINE)),
  };
}

/**
 * Whether a provider has stored any figures row of a month.
 * @param db - the database
 * @param providerId - the provider
 * @param month - `YYYY-MM`
 */
export async function figuresReported(db: Db, providerId: string, month: string): Promise<boolean> {
  return (await readMonths(db, providerId, [month], [])).figures.length > 0;
}

/** Talk states in which the figures are still awaited. */
const AWAITING = new Set(["scheduled", "circulated"]);

/**
 * The reporting deadline as the talks page shows it.
 * @param db - the database
 * @param talk - the talk
 * @param scorecard - its scorecard
 * @param reminder - the reminder mail's delivery, if one was sent or tried
 * @returns null for a session of the conference (no figures) and for a talk no longer planned
 */
export async function reportingStatus(db: Db, talk: TalkRow, scorecard: ScorecardRecord, reminder: TalkMailState | null): Promise<ReportingStatus | null> {
  if (scorecard.providerId === null || !AWAITING.has(talk.state)) return null;
  const due = reportingDeadline(talk.startsAt, talk.reportLeadDays);
  return {
    month: due.month,
    deadline: due.deadline,
    status: (await figuresReported(db, scorecard.providerId, due.month)) ? "present" : "missing",
    reminderAt: new Date(due.reminderAt).toISOString(),
    reminder,
  };
}

/**
 * Whether the reminder of a talk should go out at `now` (rules in the file's header), before
 * asking who would receive it.
 * @param db - the database
 * @param talk - the talk as it is now
 * @param scorecard - its scorecard
 * @param now - ms since the epoch
 * @returns the deadline to remind of, or null when nothing is to be sent
 */
export async function reminderDue(db: Db, talk: TalkRow, scorecard: ScorecardRecord, now: number): Promise<ReportingDeadline | null> {
  if (scorecard.providerId === null || !AWAITING.has(talk.state)) return null;
  const due = reportingDeadline(talk.startsAt, talk.reportLeadDays);
  if (now >= due.endsAt) return null;
  return (await figuresReported(db, scorecard.providerId, due.month)) ? null : due;
}
