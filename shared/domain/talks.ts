import { z } from "zod";
import { plausibleDate } from "./plausibleDate";
import { multiLineText, singleLineText } from "./text";
import type { PreviousMinutes } from "./talkMeeting";

/**
 * Steering talks (domain.md, "The steering talk, step by step"): scheduled with date,
 * place and participants; the scorecard is circulated ten days ahead; in the talk the
 * previous minutes are approved, presence and agreements are recorded; at the end the
 * minutes version is frozen and sent.
 */

/** Where a talk stands: scheduled → circulated → running → closed, or cancelled before it ran. */
export const TalkStateSchema = z.enum(["scheduled", "circulated", "running", "closed", "cancelled"]);
export type TalkState = z.infer<typeof TalkStateSchema>;

/** Which side a participant speaks for. */
export const ParticipantSideSchema = z.enum(["funder", "provider", "other"]);
export type ParticipantSide = z.infer<typeof ParticipantSideSchema>;

/** The agenda every talk starts with unless another is given (the meeting's usual order). */
export const DEFAULT_AGENDA: readonly AgendaItem[] = [
  { title: "Genehmigung des Protokolls des letzten Gesprächs" },
  { title: "Überblick über das Leistungsgeschehen (Kennzahlen)" },
  { title: "Maßnahmen der Balanced Scorecard" },
  { title: "Vereinbarungen" },
  { title: "Nächster Termin" },
];

/** Days a month has, for validating a local date without a time zone library. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A wall-clock time in Europe/Berlin, `YYYY-MM-DDTHH:mm` (no seconds, no offset). */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "must be a local time YYYY-MM-DDTHH:mm (Europe/Berlin)")
  .refine((value) => {
    const [year, month, day, hour, minute] = value.split(/[-T:]/).map(Number);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59;
  }, "is not a valid date and time");

/** A calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }, "is not a valid date");

/** One agenda item. */
export const AgendaItemSchema = z.object({
  /** The item's title. */
  title: z.string().trim().min(1, "must not be empty").max(300).check(singleLineText("Tagesordnungspunkt")),
  /** The Themenspeicher topic this item discusses (planned from the topic backlog). */
  topicId: z.string().min(1).max(100).optional(),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/** A participant as given when scheduling: a known user, or a guest by address. */
export type ParticipantInput = { userId: string } | { email: string; name: string; side: ParticipantSide };

/** A user who could take part in a talk about a scorecard: `GET /api/talks/candidates?scorecardId=`. */
export interface TalkCandidate {
  /** User id, sent as `{ userId }`. */
  id: string;
  /** Display name. */
  name: string;
  /** E-mail address. */
  email: string;
  /** The user's organisation. */
  organisation: string;
  /** Funder or provider. */
  side: "funder" | "provider";
}

/**
 * A participant: `{ userId }` for a user of Steuerrad (name, address and side come from the
 * account), or `{ email, name, side }` for a guest. One flat object with a check, so a 400
 * names the missing field instead of "invalid union".
 */
export const ParticipantInputSchema = z
  .object({
    /** A user of Steuerrad. */
    userId: z.string().min(1).max(100).optional(),
    /** A guest's address. */
    email: z.email("must be an e-mail address").max(254).optional(),
    /** A guest's name. */
    name: z.string().trim().min(1, "must not be empty").max(200).check(singleLineText("Name")).optional(),
    /** A guest's side. */
    side: ParticipantSideSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.userId !== undefined) return;
    if (p.email === undefined) ctx.addIssue({ code: "custom", path: ["email"], message: "give a userId, or an e-mail address with name and side" });
    if (p.name === undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "a guest needs a name" });
    if (p.side === undefined) ctx.addIssue({ code: "custom", path: ["side"], message: "a guest needs a side (funder, provider, other)" });
  })
  .transform((p): ParticipantInput => (p.userId !== undefined ? { userId: p.userId } : { email: p.email!.toLowerCase(), name: p.name!, side: p.side! }));

const ParticipantsSchema = z.array(ParticipantInputSchema).min(1, "at least one participant").max(50);
const AgendaSchema = z.array(AgendaItemSchema).min(1, "at least one item").max(30);

/** Body of `POST /api/talks`: schedule a talk. */
export const NewTalkSchema = z.object({
  /** The scorecard discussed (a provider's or the conference's). */
  scorecardId: z.string().min(1).max(100),
  /** Start, local time in Europe/Berlin. */
  startsAt: LocalDateTimeSchema.check(plausibleDate("Termin")),
  /** Planned length in minutes. */
  plannedMinutes: z.number().int().min(15).max(600).default(120),
  /** Where it takes place. */
  place: z.string().trim().min(1, "must not be empty").max(300).check(singleLineText("Ort")),
  /** Who takes part; every participant receives the circulation and the minutes. */
  participants: ParticipantsSchema,
  /** The agenda; the usual one when left out. */
  agenda: AgendaSchema.default(() => DEFAULT_AGENDA.map((item) => ({ ...item }))),
});
export type NewTalk = z.infer<typeof NewTalkSchema>;

/** Body of `PATCH /api/talks/:id`: reschedule or edit; only the given fields change. */
export const TalkEditSchema = z
  .object({
    /** New start, local time in Europe/Berlin (moves the circulation while it is not sent). */
    startsAt: LocalDateTimeSchema.check(plausibleDate("Termin")).optional(),
    /** New planned length. */
    plannedMinutes: z.number().int().min(15).max(600).optional(),
    /** New place. */
    place: z.string().trim().min(1, "must not be empty").max(300).check(singleLineText("Ort")).optional(),
    /** The new list of participants (presence is kept for those who stay). */
    participants: ParticipantsSchema.optional(),
    /** The new agenda. */
    agenda: AgendaSchema.optional(),
  })
  .refine((edit) => Object.values(edit).some((value) => value !== undefined), "give at least one field to change");
export type TalkEdit = z.infer<typeof TalkEditSchema>;

/** Body of `POST /api/talks/:id/approval`: the previous minutes were approved, or amended. */
export const ApprovalSchema = z
  .object({
    /** Approved as they are, or amended. */
    decision: z.enum(["approved", "amended"]),
    /** What was amended (required then), or a remark. */
    note: z.string().trim().max(2000).check(multiLineText("Anmerkung")).optional(),
    /** The revision of the recorded decision this one corrects; left out when none was shown. */
    revision: z.number().int().min(1).optional(),
  })
  .superRefine((approval, ctx) => {
    if (approval.decision === "amended" && !approval.note) ctx.addIssue({ code: "custom", path: ["note"], message: "say what was amended" });
  });
export type Approval = z.infer<typeof ApprovalSchema>;

/** Body of `PUT /api/talks/:id/presence`. */
export const PresenceSchema = z.object({
  /** The participant's address. */
  email: z.email("must be an e-mail address"),
  /** Whether they are present. */
  present: z.boolean(),
});
export type Presence = z.infer<typeof PresenceSchema>;

/** Body of `POST /api/talks/:id/agreements`: something agreed in the talk. */
export const AgreementSchema = z.object({
  /** What was agreed. */
  text: z.string().trim().min(1, "must not be empty").max(2000).check(multiLineText("Vereinbarung")),
  /** Who takes care of it (free text: a person or a side). */
  owner: z.string().trim().min(1, "must not be empty").max(200).check(singleLineText("Zuständig")),
  /** By when, if agreed. */
  dueDate: IsoDateSchema.check(plausibleDate("Fälligkeitsdatum")).optional(),
});
export type AgreementInput = z.infer<typeof AgreementSchema>;

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
  /** When the circulation is due: 00:00 Europe/Berlin ten days before the talk's date, ISO. */
  circulationDueAt: string;
  /** Where the circulation stands. */
  circulation: CirculationStatus;
  /** Participants. */
  participants: TalkParticipant[];
  /** What is missing before the talk; null once the talk is closed or cancelled. */
  missing: TalkMissing | null;
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
  /** Why it was sent, e.g. `circulation`, `minutes`. */
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
