/**
 * What the talks API answers (`GET /api/talks`, `POST /api/talks`, `PATCH /api/talks/:id`,
 * the mail log): a talk as everyone in it sees it, with its circulation, reporting deadline,
 * meeting state and mails. Re-exported by talks.ts, where the request schemas are.
 */
import type { PreviousMinutes } from "./talkMeeting";
import type { TalkKind } from "./meetingWords";
import type { AgendaItem, ParticipantSide, TalkState } from "./talkBasics";

/** A person named in a talk record. */
export interface TalkPersonRef {
  /** User id. */
  id: string;
  /** Display name. */
  name: string;
}

/** A participant of a talk. */
export interface TalkParticipant {
  /** The user, or null for a guest. */
  userId: string | null;
  /** Address the circulation and minutes go to. */
  email: string;
  /** Name. */
  name: string;
  /** Side. */
  side: ParticipantSide;
  /** Recorded as present in the talk. */
  present: boolean;
}

/** An agreement made in a talk. */
export interface TalkAgreement {
  /** Id. */
  id: string;
  /** What was agreed. */
  text: string;
  /** Who takes care of it. */
  owner: string;
  /** By when, or null. */
  dueDate: string | null;
  /** The measure it became, or null. */
  measureId: string | null;
  /** Who recorded it. */
  createdBy: TalkPersonRef;
  /** ISO time. */
  createdAt: string;
}

/** The approval of the previous minutes. */
export interface TalkApproval {
  /** Approved as they were, or amended. */
  decision: "approved" | "amended";
  /** What was amended, or a remark. */
  note: string | null;
  /** Who recorded it. */
  by: TalkPersonRef | null;
  /** ISO time. */
  at: string | null;
  /** 1 for the first decision, +1 for each correction; a correction names the one it corrects. */
  revision: number;
}

/**
 * Where the circulation stands: `due` in `days` calendar days (Europe/Berlin), `overdue`
 * by `days` (the server was down or the mail failed; it is sent as soon as possible),
 * `sent` `days` ago, or `skipped` (cancelled, or started without a circulation).
 */
export interface CirculationStatus {
  /** The state, as a code for the UI's text. */
  code: "due" | "overdue" | "sent" | "skipped";
  /** Calendar days until due, since due, or since sent; 0 for skipped. */
  days: number;
}

/** Delivery of one of the talk's mails. */
export interface TalkMailState {
  /** ISO time it was handed to the mail server or written to the outbox, or null. */
  sentAt: string | null;
  /** The last failure, or null. */
  error: string | null;
}

/**
 * What is still missing before the talk. Rules: `unreportedMonths` are the months of
 * the calendar quarter before the talk's date without any figures row of the provider
 * (empty for the conference scorecard, which has no figures of its own);
 * `measuresWithoutStatusLine` are the open measures (not done or dropped) placed in the
 * document that have no status line dated after the previous talk of this scorecard
 * (any status line counts when there was no previous talk).
 */
export interface TalkMissing {
  /** The quarter discussed, e.g. `2026-Q1`. */
  quarter: string;
  /** Its months without figures, e.g. `["2026-02"]`. */
  unreportedMonths: string[];
  /** Open measures without a status line for this talk. */
  measuresWithoutStatusLine: { id: string; title: string }[];
}

/**
 * The reporting deadline of a provider's talk (server/talks/reportingDeadline.ts): the
 * figures of `month` (the last complete month before the deadline) are due by the end of
 * `deadline`, `reportLeadDays` before the talk; three days before, the provider's editors
 * are reminded by mail if they are still missing.
 */
export interface ReportingStatus {
  /** The month whose figures are due, `YYYY-MM`. */
  month: string;
  /** The last day to report them, `YYYY-MM-DD` (Europe/Berlin). */
  deadline: string;
  /** Whether any figures of that month are stored (`present`) or not yet (`missing`). */
  status: "present" | "missing";
  /** When the reminder is due, ISO. */
  reminderAt: string;
  /** The reminder mail, once one was sent or tried; null when none went out (not due, or figures were there). */
  reminder: TalkMailState | null;
}

/** Something the planner should know about a talk just scheduled or moved. */
export interface TalkWarning {
  /** `shortNotice`: less than 14 days ahead; the circulation goes out at once (if not sent already). */
  code: "shortNotice";
  /** The warning in German. */
  message: string;
}

/**
 * Why closing a talk did not lock the quarter it discussed: it was closed before its
 * scheduled date and time (`before_start`), or without the circulation ten days ahead
 * (`not_circulated`). A funder editor's close always locks.
 */
export type TalkLockGap = "before_start" | "not_circulated";

/**
 * The lock of the quarter a talk discusses (only the funder locks a quarter by hand;
 * closing a talk locks it when a funder editor closes it, or when the talk was circulated
 * and is closed after its scheduled time).
 */
export interface TalkQuarterLock {
  /** The quarter discussed, e.g. `2026-Q1`. */
  quarter: string;
  /** Whether the quarter is locked now (by closing a talk, or by hand). */
  locked: boolean;
  /**
   * Why closing did not lock it (a closed talk), or would not lock it if this user closed
   * it now (a running talk); empty when closing locks it.
   */
  withheld: TalkLockGap[];
  /** Whether this user may lock the quarter by hand (funder editors). */
  canLock: boolean;
}

/** A talk as the API returns it. */
export interface TalkSummary {
  /** Id. */
  id: string;
  /** A provider's steering talk, or a session of the conference (its scorecard has no provider). */
  kind: TalkKind;
  /** The working group holding a session instead of the full conference, or null. */
  body: string | null;
  /** Its place in a quarterly series planned at once (`number` of `count`, by date), or null. */
  series: { id: string; number: number; count: number } | null;
  /** The scorecard discussed. */
  scorecard: { id: string; title: string; providerId: string | null; providerName: string | null };
  /** Start, ISO (UTC). */
  startsAt: string;
  /** Start date in Europe/Berlin, `YYYY-MM-DD`. */
  localDate: string;
  /** Start time in Europe/Berlin, `HH:mm`. */
  localTime: string;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Place. */
  place: string;
  /** Agenda. */
  agenda: AgendaItem[];
  /** State. */
  state: TalkState;
  /**
   * When the circulation is due: 00:00 Europe/Berlin ten days before the talk's date, or at
   * once for a talk planned (or moved) less than 14 days ahead; ISO.
   */
  circulationDueAt: string;
  /** Where the circulation stands. */
  circulation: CirculationStatus;
  /** Participants. */
  participants: TalkParticipant[];
  /** What is missing before the talk; null once the talk is closed or cancelled. */
  missing: TalkMissing | null;
  /** Days before the talk by which the figures are due. */
  reportLeadDays: number;
  /** The reporting deadline of a provider's open talk; null for sessions of the conference and for talks over or cancelled. */
  reporting: ReportingStatus | null;
  /** Ids of the versions taken for the talk. */
  versions: { circulation: number | null; talk: number | null; minutes: number | null };
  /** Approval of the previous minutes, once recorded. */
  approval: TalkApproval | null;
  /** Agreements, oldest first. */
  agreements: TalkAgreement[];
  /** Delivery of the circulation and the minutes. */
  mails: { circulation: TalkMailState | null; minutes: TalkMailState | null };
  /** ISO time the talk was started, or null. */
  startedAt: string | null;
  /** ISO time the talk was closed, or null. */
  closedAt: string | null;
  /** Whether the user may edit and run the talk. */
  canEdit: boolean;
  /** The discussed quarter's lock, for running and closed talks of a provider's scorecard; null otherwise. */
  quarterLock: TalkQuarterLock | null;
  /** Counts the changes of the meeting state: of two answers, the higher revision is newer. */
  revision: number;
  /** Index of the agenda item everyone in the talk is at. */
  currentAgendaItem: number;
  /** The minutes this talk approves, or null for a scorecard's first talk (nothing to approve). */
  previousMinutes: PreviousMinutes | null;
}

/** `POST /api/talks`: the (first) talk, warnings, and every talk of a quarterly series. */
export interface ScheduledTalk extends TalkSummary {
  /** Warnings for the planner, e.g. short notice. */
  warnings: TalkWarning[];
  /** The talks planned, in date order: this one alone, or the whole series. */
  planned: TalkSummary[];
}

/** `PATCH /api/talks/:id`: the talk and warnings about the change. */
export interface EditedTalk extends TalkSummary {
  /** Warnings for the planner, e.g. short notice. */
  warnings: TalkWarning[];
}

/** `GET /api/talks`. */
export interface TalkList {
  /** Talks not closed or cancelled, soonest first. */
  upcoming: TalkSummary[];
  /** Closed or cancelled talks of the last twelve months, newest first. */
  recent: TalkSummary[];
}

/** One sent (or attempted) mail: `GET /api/talks/mails`. */
export interface MailSummary {
  /** Id. */
  id: number;
  /** The talk it belongs to, or null. */
  talkId: string | null;
  /** Why it was sent: `circulation`, `minutes`, `reportReminder`. */
  kind: string;
  /** Addresses. */
  recipients: string[];
  /** Subject. */
  subject: string;
  /** Plain-text body. */
  body: string;
  /** Attachment file names. */
  attachments: string[];
  /** Sent by SMTP, or written to the outbox folder. */
  transport: "smtp" | "outbox";
  /** File name in the outbox folder, or null. */
  outboxFile: string | null;
  /** ISO time it was recorded. */
  createdAt: string;
  /** ISO time it was sent, or null. */
  sentAt: string | null;
  /** Why sending failed, or null. */
  error: string | null;
}
