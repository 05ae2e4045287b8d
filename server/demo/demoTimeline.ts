/**
 * The dates of the demo's living year, all relative to the day the demo is created, so a
 * demo made in any month tells the same story: five years of figures up to last month, the
 * last closed quarter red, two talks in the past and the next one just before its circulation.
 */
import { addDays, berlinLocalToEpoch, daysBetween, epochToBerlinLocal } from "../talks/berlinTime";
import { quarterBefore } from "../talks/talkTimes";

/** One talk of the story: its day and the moments around it. */
export interface DemoTalkDates {
  /** The talk's day in Europe/Berlin, `YYYY-MM-DD`. */
  date: string;
  /** Its start, `YYYY-MM-DDTHH:mm` in Europe/Berlin. */
  startsAt: string;
  /** The start as ms since the epoch. */
  at: number;
  /** The quarter it discusses (the one before its date's quarter), e.g. `2026-Q3`. */
  quarter: string;
}

/** Everything dated in the demo. */
export interface DemoTimeline {
  /** Today in Europe/Berlin, `YYYY-MM-DD`. */
  today: string;
  /** Now, ms since the epoch. */
  now: number;
  /** The current year. */
  year: number;
  /** Every month with figures, oldest first: January four years ago up to the last complete month. */
  months: string[];
  /** The last closed quarter, whose occupancy is red for provider A. */
  redQuarter: string;
  /** The first month of the red quarter. */
  redStart: string;
  /** The earlier of the two closed talks (about a quarter before the second). */
  firstTalk: DemoTalkDates;
  /** The later closed talk, after the red quarter ended. */
  secondTalk: DemoTalkDates;
  /** The next talk, 11 to 13 days ahead (later around the turn of the year), so its circulation is due in a few days. */
  nextTalk: DemoTalkDates;
  /** The next session of the conference, two weeks after the next talk. */
  nextSession: DemoTalkDates;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Day of the week of a date, 0 = Sunday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The date itself on a weekday, else the Monday after (`forward`) or the Friday before. */
function onWeekday(date: string, forward: boolean): string {
  const day = weekday(date);
  if (day === 6) return addDays(date, forward ? 2 : -1);
  if (day === 0) return addDays(date, forward ? 1 : -2);
  return date;
}

/**
 * The date itself, or the first working day after it: no weekend, and nothing between
 * Christmas Eve and New Year's Day, when no steering talk takes place.
 */
function workingDayFrom(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** Monday to Friday, outside Christmas Eve … New Year's Day. */
function isWorkingDay(date: string): boolean {
  return weekday(date) !== 0 && weekday(date) !== 6 && date.slice(5) < "12-24" && date.slice(5) !== "01-01";
}

/** The first working day from `date` whose circulation, ten days earlier, falls on a working day too. */
function meetingDayFrom(date: string): string {
  let day = workingDayFrom(date);
  while (!isWorkingDay(addDays(day, -10))) day = workingDayFrom(addDays(day, 1));
  return day;
}

function talkOn(date: string, time: string): DemoTalkDates {
  const startsAt = `${date}T${time}`;
  return { date, startsAt, at: berlinLocalToEpoch(startsAt), quarter: quarterBefore(date).quarter };
}

/** `YYYY-MM` of a year and month (1–12). */
function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/**
 * The demo's dates for a moment.
 * @param now - ms since the epoch (the real clock)
 * @returns the timeline
 * @example demoTimeline(Date.parse("2026-12-07T09:00:00Z")).redQuarter // "2026-Q3"
 */
export function demoTimeline(now: number): DemoTimeline {
  const today = epochToBerlinLocal(now).date;
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let y = year - 4; y <= year; y++) for (let m = 1; m <= 12 && (y < year || m < month); m++) months.push(monthKey(y, m));
  const { quarter: redQuarter, months: redMonths } = quarterBefore(today);
  const quarterStart = `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  // The second talk discusses the red quarter: about two months ago, but inside the current
  // quarter (so after the red quarter ended) and at least a day before today.
  let second = addDays(today, -60);
  if (second < addDays(quarterStart, 3)) second = addDays(quarterStart, 3);
  if (daysBetween(second, today) < 1) second = addDays(today, -1);
  second = onWeekday(second, weekday(second) === 0 && daysBetween(addDays(second, 1), today) >= 1);
  const first = onWeekday(addDays(second, -91), false);
  const next = meetingDayFrom(addDays(today, 11));
  const session = meetingDayFrom(addDays(next, 14));
  return {
    today,
    now,
    year,
    months,
    redQuarter,
    redStart: redMonths[0],
    firstTalk: talkOn(first, "10:00"),
    secondTalk: talkOn(second, "10:00"),
    nextTalk: talkOn(next, "10:00"),
    nextSession: talkOn(session, "14:00"),
  };
}

/**
 * A moment some days before (negative) or after a talk's start, e.g. the circulation ten
 * days before or a status update a week after.
 * @param talk - the talk
 * @param days - whole days, fractions allowed
 */
export function aroundTalk(talk: Pick<DemoTalkDates, "at">, days: number): number {
  return talk.at + days * DAY_MS;
}

/**
 * A date as German text reads it.
 * @param date - `YYYY-MM-DD`
 * @example germanDate("2026-10-08") // "08.10.2026"
 */
export function germanDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/**
 * A calendar date some days from a day, `YYYY-MM-DD` (for due dates in the story).
 * @param date - `YYYY-MM-DD`
 * @param days - days to add, negative to go back
 */
export function dayOffset(date: string, days: number): string {
  return addDays(date, days);
}
