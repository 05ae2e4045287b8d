import { z } from "zod";
import { plausibleDate } from "./plausibleDate";
import { multiLineText, singleLineText } from "./text";
import { SESSION_AGENDA, type TalkKind } from "./meetingWords";
import { MAX_SERIES_COUNT } from "./talkSchedule";
import { AgendaItemSchema, ParticipantSideSchema, type AgendaItem, type ParticipantSide } from "./talkBasics";

// The talk's state, sides and agenda items live in talkBasics.ts (the answers in talkSummary.ts need them too).
export { AgendaItemSchema, ParticipantSideSchema, TalkStateSchema, type AgendaItem, type ParticipantSide, type TalkState } from "./talkBasics";

/**
 * Steering talks (domain.md, "The steering talk, step by step"): scheduled with date,
 * place and participants; the scorecard is circulated ten days ahead; in the talk the
 * previous minutes are approved, presence and agreements are recorded; at the end the
 * minutes version is frozen and sent. The conference's scorecard meets in sessions
 * (Sitzungen) instead, with the same workflow and its own words (meetingWords.ts); the
 * planning rules (short notice, quarterly series) are in talkSchedule.ts.
 */

/** The agenda every steering talk starts with unless another is given (the meeting's usual order). */
export const DEFAULT_AGENDA: readonly AgendaItem[] = [
  { title: "Genehmigung des Protokolls des letzten Gesprächs" },
  { title: "Überblick über das Leistungsgeschehen (Kennzahlen)" },
  { title: "Maßnahmen der Balanced Scorecard" },
  { title: "Vereinbarungen" },
  { title: "Nächster Termin" },
];

/**
 * The usual agenda of a meeting of this kind: a steering talk's, or a session's of the
 * conference (`SESSION_AGENDA`), as fresh copies.
 * @param kind - the meeting's kind
 */
export function defaultAgenda(kind: TalkKind): AgendaItem[] {
  return (kind === "session" ? SESSION_AGENDA : DEFAULT_AGENDA).map((item) => ({ title: item.title }));
}

/** Default of the reporting deadline: figures are due this many days before the talk. */
export const DEFAULT_REPORT_LEAD_DAYS = 12;

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

/** A working group's name (a session of a working group instead of the full conference); empty: the full conference. */
const BodySchema = z
  .string()
  .trim()
  .max(200, "Arbeitsgruppe: höchstens 200 Zeichen")
  .check(singleLineText("Arbeitsgruppe"))
  .transform((value) => (value === "" ? null : value));

/** Days before the talk by which the figures are due. */
const ReportLeadDaysSchema = z
  .number("Meldefrist: eine ganze Zahl von Tagen vor dem Termin")
  .int("Meldefrist: eine ganze Zahl von Tagen vor dem Termin")
  .min(1, "Meldefrist: mindestens 1 Tag vor dem Termin")
  .max(90, "Meldefrist: höchstens 90 Tage vor dem Termin");

/** A quarterly series planned at once. */
const SeriesSchema = z.object({
  /** How many talks, the first included (every third month after it). */
  count: z
    .number("Quartalsreihe: Anzahl der Termine als Zahl")
    .int("Quartalsreihe: Anzahl der Termine als ganze Zahl")
    .min(2, "Quartalsreihe: mindestens 2 Termine")
    .max(MAX_SERIES_COUNT, `Quartalsreihe: höchstens ${MAX_SERIES_COUNT} Termine`),
});

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
  /** The agenda; the usual one of the meeting's kind when left out (`defaultAgenda`). */
  agenda: AgendaSchema.optional(),
  /** A session of a working group instead of the full conference: its name (conference scorecard only). */
  body: BodySchema.optional(),
  /** Days before the talk by which the figures of the last complete month are due (default 12). */
  reportLeadDays: ReportLeadDaysSchema.default(DEFAULT_REPORT_LEAD_DAYS),
  /** Plan a quarterly series: this talk and every third month after it, `count` in all. */
  series: SeriesSchema.optional(),
});
export type NewTalk = z.infer<typeof NewTalkSchema>;
/** The body as a client sends it (defaults not yet applied). */
export type NewTalkDraft = z.input<typeof NewTalkSchema>;

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
    /** The working group of a session, or null (or "") for the full conference. */
    body: BodySchema.nullable().optional(),
    /** The new reporting deadline, in days before the talk (moves the reminder while it is not sent). */
    reportLeadDays: ReportLeadDaysSchema.optional(),
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

// The API's answers about talks live in talkSummary.ts; imported from here as before.
export type {
  TalkPersonRef,
  TalkParticipant,
  TalkAgreement,
  TalkApproval,
  CirculationStatus,
  TalkMailState,
  TalkMissing,
  ReportingStatus,
  TalkWarning,
  TalkLockGap,
  TalkQuarterLock,
  TalkSummary,
  ScheduledTalk,
  EditedTalk,
  TalkList,
  MailSummary,
} from "./talkSummary";
