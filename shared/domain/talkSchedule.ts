/**
 * Rules of planning talks that the schedule form and the server share: the minimum notice
 * the conference agreed (two weeks), and the dates of a quarterly series. Pure calendar
 * arithmetic on Europe/Berlin wall-clock dates; no time zone library.
 */

/** The conference agreed two weeks as the minimum notice of a talk or session. */
export const MIN_NOTICE_DAYS = 14;

/** The German warning of a talk planned at short notice, whose circulation goes out at once. */
export const SHORT_NOTICE_WARNING = "Weniger als 14 Tage Vorlauf (Mindestfrist der Konferenz). Der Vorabversand geht sofort nach dem Anlegen raus.";

/** The warning when a talk already circulated is moved to short notice. */
export const SHORT_NOTICE_WARNING_CIRCULATED = "Weniger als 14 Tage Vorlauf (Mindestfrist der Konferenz). Der Vorabversand ist bereits verschickt.";

/** Longest quarterly series that can be planned at once. */
export const MAX_SERIES_COUNT = 8;

/** Days from one calendar date to another (negative when `to` is earlier). */
function calendarDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether a talk on `talkDate` is planned at short notice on `today`: less than 14 calendar
 * days ahead (Europe/Berlin dates), so on the 1st a talk on the 15th is in time and one on
 * the 14th is not.
 * @param today - today's date in Europe/Berlin, `YYYY-MM-DD`
 * @param talkDate - the talk's date in Europe/Berlin, `YYYY-MM-DD`
 * @example isShortNotice("2026-11-01", "2026-11-14") // true
 */
export function isShortNotice(today: string, talkDate: string): boolean {
  return calendarDays(today, talkDate) < MIN_NOTICE_DAYS;
}

/**
 * The dates of a quarterly series: the first talk and every third month after it, at the
 * same local time, on the same day of the month, or the month's last day when it is
 * shorter (31 January → 30 April → 31 July → 31 October; counted from the first date, so a
 * clamped day does not stick).
 * @param start - the first talk, `YYYY-MM-DDTHH:mm` (Europe/Berlin)
 * @param count - how many talks, the first included
 * @returns `count` local times, the first being `start`
 * @example quarterlySeries("2026-01-31T10:00", 3) // ["2026-01-31T10:00", "2026-04-30T10:00", "2026-07-31T10:00"]
 */
export function quarterlySeries(start: string, count: number): string[] {
  const [year, month, day] = start.slice(0, 10).split("-").map(Number);
  const time = start.slice(11);
  return Array.from({ length: count }, (_, index) => {
    const monthIndex = month - 1 + index * 3;
    const y = year + Math.floor(monthIndex / 12);
    const m = (monthIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const d = Math.min(day, lastDay);
    return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T${time}`;
  });
}
