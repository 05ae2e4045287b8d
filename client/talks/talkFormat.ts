import type { TFunction } from "i18next";
import { workingGroupName, type TalkKind } from "../../shared/domain/meetingWords";
import type { TalkSummary } from "../../shared/domain/talks";

/** Dates in German format, as everywhere in Steuerrad; noon avoids any day shift. */
const DAY = new Intl.DateTimeFormat("de-DE", { weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" });
const SHORT_DAY = new Intl.DateTimeFormat("de-DE", { day: "2-digit", month: "2-digit", year: "numeric" });
const MONTH = new Intl.DateTimeFormat("de-DE", { month: "long", year: "numeric" });
const BERLIN_DAY = new Intl.DateTimeFormat("de-DE", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Berlin" });

/**
 * A talk's day with weekday, e.g. "Di., 12.05.2026".
 * @param localDate - `YYYY-MM-DD` (already in Europe/Berlin)
 */
export function formatTalkDate(localDate: string): string {
  return DAY.format(new Date(`${localDate}T12:00:00`));
}

/**
 * A calendar day, e.g. "12.05.2026".
 * @param isoDate - `YYYY-MM-DD`
 */
export function formatDay(isoDate: string): string {
  return SHORT_DAY.format(new Date(`${isoDate}T12:00:00`));
}

/**
 * The day of an instant in Europe/Berlin, e.g. "02.05.2026".
 * @param iso - ISO time
 */
export function formatBerlinDay(iso: string): string {
  return BERLIN_DAY.format(new Date(iso));
}

/**
 * A month, e.g. "Februar 2026".
 * @param month - `YYYY-MM`
 */
export function formatMonth(month: string): string {
  return MONTH.format(new Date(`${month}-15T12:00:00`));
}

/**
 * Where a talk's circulation stands, in words (never by colour alone).
 * @param talk - the talk
 * @param t - the translation function
 */
export function circulationText(talk: Pick<TalkSummary, "circulation" | "circulationDueAt" | "mails">, t: TFunction): string {
  const { code, days } = talk.circulation;
  switch (code) {
    case "due":
      return days === 0 ? t("talks.circulation.dueToday") : t("talks.circulation.due", { count: days, date: formatBerlinDay(talk.circulationDueAt) });
    case "sent": {
      const sentAt = talk.mails.circulation?.sentAt;
      return sentAt ? t("talks.circulation.sent", { date: formatBerlinDay(sentAt) }) : t("talks.circulation.sentNoDate");
    }
    case "overdue":
      return days === 0 ? t("talks.circulation.overdueToday") : t("talks.circulation.overdue", { count: days });
    default:
      return t("talks.circulation.skipped");
  }
}

/**
 * The i18next options that choose a meeting's wording: `{ context: "session" }` for a session
 * of the conference (the `_session` keys: "Sitzung", "TOP 1"), nothing for a steering talk.
 * @param kind - the meeting's kind
 * @example t("talks.actions.meeting", kindContext(talk.kind)) // "Sitzungsmodus öffnen"
 */
export function kindContext(kind: TalkKind): { context?: "session" } {
  return kind === "session" ? { context: "session" } : {};
}

/**
 * What a session is called: "Sitzung der Sozialraumkonferenz", or of one of its working
 * groups ("Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz").
 * @param body - the working group, or null for the full conference
 * @param t - the translation function
 */
export function sessionName(body: string | null, t: TFunction): string {
  return body ? t("talks.sessionNameGroup", { group: workingGroupName(body) }) : t("talks.sessionName");
}

/**
 * The talk's heading, e.g. "Di., 12.05.2026, 10:00 Uhr – BSC Beispiel e.V.", or for a
 * session "Mi., 18.11.2026, 10:00 Uhr – Sitzung der Sozialraumkonferenz".
 * @param talk - the talk
 * @param t - the translation function
 */
export function talkTitle(talk: Pick<TalkSummary, "localDate" | "localTime" | "scorecard" | "kind" | "body">, t: TFunction): string {
  const date = formatTalkDate(talk.localDate);
  if (talk.kind === "session") return t("talks.talkTitle", { ...kindContext(talk.kind), date, time: talk.localTime, meeting: sessionName(talk.body, t) });
  return t("talks.talkTitle", { date, time: talk.localTime, scorecard: talk.scorecard.title });
}

/**
 * Today in Europe/Berlin as `YYYY-MM-DD`, the earliest day a talk can be planned for.
 * @param now - the moment
 */
export function berlinToday(now = new Date()): string {
  // The Canadian English format is exactly YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * Why closing does not (or did not) lock the talk's quarter, as one phrase to put in a
 * sentence, e.g. "vor seinem Termin (Do., 09.04.2026, 10:00 Uhr) und ohne Vorabversand".
 * @param talk - the talk, with its quarter lock
 * @param t - the translation function
 * @returns the phrase, or "" when nothing was withheld
 */
export function lockWithheldReasons(talk: Pick<TalkSummary, "quarterLock" | "localDate" | "localTime">, t: TFunction): string {
  const withheld = talk.quarterLock?.withheld ?? [];
  return withheld.map((gap) => t(`talks.quarterLock.reasons.${gap}`, { date: formatTalkDate(talk.localDate), time: talk.localTime })).join(t("talks.quarterLock.reasons.and"));
}

/**
 * The first and last month of a quarter, e.g. "Januar 2026" and "März 2026" for `2026-Q1`.
 * @param quarter - `YYYY-Qn`
 */
export function quarterMonthRange(quarter: string): { from: string; to: string } {
  const year = quarter.slice(0, 4);
  const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
  const month = (m: number) => formatMonth(`${year}-${String(m).padStart(2, "0")}`);
  return { from: month(first), to: month(first + 2) };
}
