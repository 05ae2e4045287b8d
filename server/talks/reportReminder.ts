/**
 * The reminder of a reporting deadline: three days before the deadline, the editors of the
 * provider are told by mail which month's figures are still missing, by when, and where to
 * report them. Sent once per talk, also with several server processes (the job is claimed
 * atomically, the mail is recorded once per talk and kind), and never to users who turned
 * reminders off.
 */
import type { Db } from "../persistence/db";
import { scheduleJob, cancelJob } from "../persistence/jobs";
import { reminderRecipients } from "../persistence/reminders";
import { findScorecard } from "../persistence/scorecards";
import { findTalk, type TalkRow } from "../persistence/talks";
import type { Mailer } from "../mail/mailer";
import type { Logger } from "../log";
import { epochToBerlinLocal } from "./berlinTime";
import { reminderDue, reportingDeadline, type ReportingDeadline } from "./reportingDeadline";
import { circulationDueAt } from "./talkTimes";

/** Job kind: remind the provider's editors of missing figures three days before the deadline. */
export const REPORT_REMINDER_JOB = "talk.reportReminder";

/** Mail kind of the reminder (one per talk). */
export const REPORT_REMINDER_MAIL = "reportReminder";

const MONTH = new Intl.DateTimeFormat("de-DE", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * A month in German words.
 * @param month - `YYYY-MM`
 * @example germanMonth("2026-10") // "Oktober 2026"
 */
export function germanMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return MONTH.format(Date.UTC(year, number - 1, 15));
}

function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/** What the reminder tells. */
export interface ReminderFacts {
  /** The provider's name. */
  providerName: string;
  /** The talk's start, ms since the epoch. */
  startsAt: number;
  /** The talk's place. */
  place: string;
  /** Days before the talk by which the figures are due. */
  leadDays: number;
  /** The deadline. */
  due: Pick<ReportingDeadline, "month" | "deadline">;
  /** Where the figures are reported in the app. */
  figuresLink: string;
  /** When the circulation goes out, `YYYY-MM-DD`, or null when it went out already. */
  circulationDate: string | null;
}

/**
 * Subject and plain-text body of the reminder, in German.
 * @param facts - the talk, the deadline and the link
 */
export function composeReminderMail(facts: ReminderFacts): { subject: string; text: string } {
  const local = epochToBerlinLocal(facts.startsAt);
  const month = germanMonth(facts.due.month);
  const deadline = germanDate(facts.due.deadline);
  const subject = `Erinnerung: Zahlen für ${month} bis zum ${deadline} melden (Steuerungsgespräch am ${germanDate(local.date)})`;
  const text = [
    "Guten Tag,",
    "",
    `für das Steuerungsgespräch mit ${facts.providerName} am ${germanDate(local.date)}, ${local.time} Uhr (Ort: ${facts.place}) sind die Zahlen bis einschließlich ${month} bis zum ${deadline} zu melden (Meldefrist: ${facts.leadDays} Tage vor dem Termin).`,
    `Für ${month} liegen in Steuerrad noch keine Zahlen vor.`,
    "",
    "Bitte melden Sie die Zahlen unter Controlling, „Zahlen melden“ (nach Anmeldung):",
    facts.figuresLink,
    "",
    ...(facts.circulationDate
      ? [
          `Der Vorabversand der Balanced Scorecard an alle Teilnehmenden ist für den ${germanDate(facts.circulationDate)} vorgesehen; ihre Kennzahlen zeigen den Stand der bis dahin gemeldeten Zahlen.`,
          "",
        ]
      : []),
    `Sie erhalten diese Erinnerung als Bearbeiterin oder Bearbeiter von ${facts.providerName}. Erinnerungen an Meldefristen können Sie auf Ihrer Kontoseite abschalten.`,
    "",
    "Diese Nachricht wurde von Steuerrad verschickt.",
  ].join("\n");
  return { subject, text };
}

/**
 * Link to the page where a provider reports figures.
 * @param publicUrl - the app's public address
 */
export function figuresLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/controlling`;
}

/**
 * Schedules (or moves) the reminder of a provider's talk, or cancels it for a session of the
 * conference. A reminder already sent is not sent again for a new date. Call inside the
 * transaction that schedules or moves the talk.
 * @param db - the database
 * @param talk - the talk's id, start, lead days and whether its scorecard has a provider
 * @param now - for cancelling
 */
export async function planReminder(db: Db, talk: Pick<TalkRow, "id" | "startsAt" | "reportLeadDays"> & { hasProvider: boolean }, now: number): Promise<void> {
  if (!talk.hasProvider) {
    await cancelJob(db, REPORT_REMINDER_JOB, talk.id, now);
    return;
  }
  await scheduleJob(db, REPORT_REMINDER_JOB, talk.id, reportingDeadline(talk.startsAt, talk.reportLeadDays).reminderAt);
}

/** The day the circulation is still to go out on, or null when it went out (or goes out at once). */
function circulationDateAhead(talk: TalkRow, now: number): string | null {
  const due = circulationDueAt(talk.startsAt);
  return talk.state === "scheduled" && due > now ? epochToBerlinLocal(due).date : null;
}

/** What sending reminders needs. */
export interface ReminderDeps {
  /** The database. */
  db: Db;
  /** Sends and records the mail. */
  mailer: Pick<Mailer, "send">;
  /** The app's public address. */
  publicUrl: string;
  /** The time. */
  clock: () => number;
  /** Structured log. */
  logger?: Logger;
}

/**
 * The reminder job's handler: sends the reminder if it is still due (figures missing,
 * deadline not passed, talk planned) to the provider's editors who want reminders, once.
 * @param deps - database, mailer, address, clock
 * @returns the handler for `talk.reportReminder`
 * @throws from the handler when another process is sending the same reminder right now, so the job checks again later
 */
export function createReminderJob(deps: ReminderDeps): (talkId: string) => Promise<void> {
  return async (talkId) => {
    const talk = await findTalk(deps.db, talkId);
    const scorecard = talk && (await findScorecard(deps.db, talk.scorecardId));
    if (!talk || !scorecard || scorecard.providerId === null || scorecard.providerName === null) return;
    const due = await reminderDue(deps.db, talk, scorecard, deps.clock());
    if (!due) return;
    const to = await reminderRecipients(deps.db, scorecard.providerId);
    if (to.length === 0) return;
    const { subject, text } = composeReminderMail({
      providerName: scorecard.providerName,
      startsAt: talk.startsAt,
      place: talk.place,
      leadDays: talk.reportLeadDays,
      due,
      figuresLink: figuresLink(deps.publicUrl),
      circulationDate: circulationDateAhead(talk, deps.clock()),
    });
    const outcome = await deps.mailer.send({ talkId, kind: REPORT_REMINDER_MAIL, to, subject, text, attachments: [], once: true });
    if (outcome.status === "inFlight") throw new Error(`the reminder of talk ${talkId} is being sent by another worker; checking again later`);
    if (outcome.status === "sent") deps.logger?.log("info", "reporting reminder sent", { talkId, month: due.month, recipients: to.length });
  };
}
