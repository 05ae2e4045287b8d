/**
 * Wall-clock time in Europe/Berlin ↔ instants (ms since the epoch), with the time zone
 * rules of the runtime's Intl data, so both daylight-saving changes (last Sunday of March
 * 02:00 → 03:00, last Sunday of October 03:00 → 02:00) come out right without a library.
 */

/** The time zone of the talks: the funder's office. */
export const BERLIN = "Europe/Berlin";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: BERLIN,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  // h23: midnight is 00, never 24 as some runtimes print with hour12: false.
  hourCycle: "h23",
});

/** A wall-clock reading in Europe/Berlin. */
export interface BerlinLocal {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:mm`. */
  time: string;
}

function fields(ms: number): Record<string, string> {
  return Object.fromEntries(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
}

/**
 * The wall-clock date and time in Europe/Berlin at an instant.
 * @param ms - ms since the epoch
 * @example epochToBerlinLocal(Date.parse("2026-03-29T22:00:00Z")) // { date: "2026-03-30", time: "00:00" }
 */
export function epochToBerlinLocal(ms: number): BerlinLocal {
  const f = fields(ms);
  return { date: `${f.year}-${f.month}-${f.day}`, time: `${f.hour}:${f.minute}` };
}

/** Berlin's offset from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(ms: number): number {
  const f = fields(ms);
  const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in Europe/Berlin denotes. A time that occurs twice (the
 * hour after 02:00 on the last Sunday of October) is the earlier one, in summer time; a
 * time that never occurs (02:00–02:59 on the last Sunday of March) is an error.
 * @param local - `YYYY-MM-DDTHH:mm`
 * @returns ms since the epoch
 * @throws RangeError when the text is malformed or the time does not exist in Berlin
 * @example berlinLocalToEpoch("2026-04-09T10:00") === Date.parse("2026-04-09T08:00:00Z")
 */
export function berlinLocalToEpoch(local: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError(`${local}: not a local time YYYY-MM-DDTHH:mm`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force half a day before and after cover both sides of any change;
  // the larger offset first gives the earlier instant of an ambiguous time.
  const offsets = Array.from(new Set([offsetAt(wall - 14 * HOUR), offsetAt(wall + 14 * HOUR)])).sort((a, b) => b - a);
  for (const offset of offsets) {
    const candidate = wall - offset;
    const back = epochToBerlinLocal(candidate);
    if (`${back.date}T${back.time}` === local) return candidate;
  }
  throw new RangeError(`${local}: this time does not exist in Europe/Berlin (the clocks skip it)`);
}

/**
 * Midnight at the start of a day in Europe/Berlin (which always exists: the clocks
 * change at 02:00 and 03:00).
 * @param date - `YYYY-MM-DD`
 * @returns ms since the epoch
 */
export function berlinMidnight(date: string): number {
  return berlinLocalToEpoch(`${date}T00:00`);
}

/**
 * A calendar date plus a number of days (pure calendar arithmetic, no time zone).
 * @param date - `YYYY-MM-DD`
 * @param days - days to add, negative to go back
 * @returns `YYYY-MM-DD`
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * Calendar days from one date to another (negative when `to` is earlier).
 * @param from - `YYYY-MM-DD`
 * @param to - `YYYY-MM-DD`
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}
