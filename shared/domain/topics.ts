import { z } from "zod";
import { ResponsibleSideSchema } from "../document/measures";
import { GoalRefSchema } from "./talkMeeting";
import { multiLineText, singleLineText } from "./text";

/**
 * The Themenspeicher (topic backlog) of a scorecard, the conference's included: topics
 * parked for later ("Was ist gesunde Konkurrenz?"), each with a note, who raised it and
 * when, a status (offen, eingeplant für ein Gespräch, erledigt, verworfen) and a history.
 * A topic is planned into a talk's agenda, discussed there (its status line goes into the
 * minutes) and may become a goal or a measure. Topics planned into a talk that closes
 * without settling them move on to the next talk by themselves. The server stores them
 * (server/topics/); these are the shapes, the German words and the rules both sides share.
 */

/** Where a topic stands. `planned`: on the agenda of a talk (`plannedTalk`). */
export const TopicStatusSchema = z.enum(["open", "planned", "done", "dropped"]);
export type TopicStatus = z.infer<typeof TopicStatusSchema>;

/**
 * What happened to a topic, one history entry each. `listed` is the snapshot a talk's
 * close writes of every topic still open, so the minutes keep the backlog as it was then.
 */
export const TopicEventKindSchema = z.enum(["raised", "edited", "planned", "unplanned", "discussed", "status", "carried", "promoted", "listed"]);
export type TopicEventKind = z.infer<typeof TopicEventKindSchema>;

/** The German status words, as the minutes, mails and messages write them. */
export const TOPIC_STATUS_WORDS: Record<TopicStatus, string> = { open: "offen", planned: "eingeplant", done: "erledigt", dropped: "verworfen" };

const TITLE_MAX = 200;
const NOTE_MAX = 4000;
const LINE_MAX = 2000;

const title = () => z.string({ error: "Titel: fehlt" }).trim().min(1, "Titel: darf nicht leer sein").max(TITLE_MAX, `Titel: höchstens ${TITLE_MAX} Zeichen`).check(singleLineText("Titel"));
const note = () => z.string({ error: "Notiz: muss ein Text sein" }).trim().max(NOTE_MAX, `Notiz: höchstens ${NOTE_MAX} Zeichen`).check(multiLineText("Notiz"));
const id = (label: string) =>
  z
    .string({ error: `${label}: fehlt` })
    .min(1, `${label}: fehlt`)
    .max(100, `${label}: zu lang`);
const revision = () => z.number({ error: "Stand: muss eine Zahl sein" }).int("Stand: muss eine ganze Zahl sein").min(1, "Stand: mindestens 1");

/** Body of `POST /api/scorecards/:id/topics`: raise a topic. */
export const NewTopicSchema = z.object({
  /** What the topic is, e.g. "Versorgungsverpflichtung". */
  title: title(),
  /** Why it matters, what is open (optional). */
  note: note().default(""),
});
export type NewTopic = z.infer<typeof NewTopicSchema>;

/** Body of `PATCH …/topics/:topicId`: change title or note of the topic as it was shown (`revision`). */
export const TopicEditSchema = z
  .object({
    /** The new title. */
    title: title().optional(),
    /** The new note. */
    note: note().optional(),
    /** The topic's revision the change was made on; a newer one answers 409. */
    revision: revision(),
  })
  .refine((edit) => edit.title !== undefined || edit.note !== undefined, { message: "Titel oder Notiz: mindestens eines angeben", path: ["title"] });
export type TopicEdit = z.infer<typeof TopicEditSchema>;

/** Body of `POST …/topics/:topicId/plan`: put the topic on a talk's agenda. */
export const TopicPlanSchema = z.object({
  /** A scheduled, circulated or running talk of the same scorecard. */
  talkId: id("Gespräch"),
});
export type TopicPlan = z.infer<typeof TopicPlanSchema>;

/** The statuses a user sets directly: settle a topic, or open it again (planning goes through `plan`). */
export const TopicStatusTargetSchema = z.enum(["open", "done", "dropped"], { error: "Status: offen (open), erledigt (done) oder verworfen (dropped)" });
export type TopicStatusTarget = z.infer<typeof TopicStatusTargetSchema>;

/** Body of `POST …/topics/:topicId/status`. */
export const TopicStatusChangeSchema = z.object({
  /** The new status. */
  status: TopicStatusTargetSchema,
  /** Why (optional), kept in the history. */
  note: z.string({ error: "Begründung: muss ein Text sein" }).trim().max(LINE_MAX, `Begründung: höchstens ${LINE_MAX} Zeichen`).check(multiLineText("Begründung")).optional(),
});
export type TopicStatusChange = z.infer<typeof TopicStatusChangeSchema>;

/** Body of `POST …/topics/:topicId/discussion`: the topic's status line in a running talk. */
export const TopicDiscussionSchema = z.object({
  /** The running talk. */
  talkId: id("Gespräch"),
  /** What was said and where it stands ("Status im Protokoll"). */
  text: z
    .string({ error: "Status im Protokoll: fehlt" })
    .trim()
    .min(1, "Status im Protokoll: darf nicht leer sein")
    .max(LINE_MAX, `Status im Protokoll: höchstens ${LINE_MAX} Zeichen`)
    .check(multiLineText("Status im Protokoll")),
  /** The outcome: erledigt, weiter offen (moves on to the next talk), verworfen; left out: unchanged. */
  status: TopicStatusTargetSchema.optional(),
});
export type TopicDiscussion = z.infer<typeof TopicDiscussionSchema>;

/** A perspective of the scorecard as the user picked it: a level-2 heading by position and text. */
export const PerspectiveRefSchema = z.object({
  /** Index of the heading among the document's top-level nodes, when the choice was offered. */
  index: z.number().int().min(0).max(100_000),
  /** The heading's text then. */
  title: z.string().max(500),
});
export type PerspectiveRef = z.infer<typeof PerspectiveRefSchema>;

/** Body of `POST …/topics/:topicId/promote`: make the topic a measure (under a goal) or a goal (under a perspective). */
export const TopicPromoteSchema = z.object({
  /** What it becomes. */
  kind: z.enum(["measure", "goal"], { error: "Art: Maßnahme (measure) oder Ziel (goal)" }),
  /** For a measure: the goal it goes under; left out: the scorecard's first goal. */
  goal: GoalRefSchema.optional(),
  /** For a goal: the perspective it goes under; left out: the first perspective. */
  perspective: PerspectiveRefSchema.optional(),
  /** For a measure: who is responsible; left out: both sides. */
  responsibleSide: ResponsibleSideSchema.optional(),
});
export type TopicPromote = z.infer<typeof TopicPromoteSchema>;

/** What an event records besides its kind; every entry carries the topic's title after it. */
export interface TopicEventDetail {
  /** The title after the change. */
  title: string;
  /** `raised`: the note. */
  note?: string;
  /** `edited`: the values before. */
  before?: { title?: string; note?: string };
  /** `planned`/`unplanned`/`carried`: the talk's date (`YYYY-MM-DD`), or null (carried without a next talk). */
  talkDate?: string | null;
  /** `carried`/`planned`: the talk it came from / went to. */
  fromTalkId?: string;
  /** `carried`: the talk it moved to, or null (open again). */
  toTalkId?: string | null;
  /** `discussed`: the status line. */
  text?: string;
  /** `status`: the reason given. */
  reason?: string;
  /** `status`/`discussed`: the status before. */
  from?: TopicStatus;
  /** `promoted`: what it became and its title (goal) or id (measure). */
  promoted?: { kind: "goal" | "measure"; ref: string; under: string | null };
}

/** A person named by a topic. */
export interface TopicPerson {
  /** User id. */
  id: string;
  /** Display name. */
  name: string;
}

/** A talk a topic refers to. */
export interface TopicTalkRef {
  /** Id. */
  id: string;
  /** Date in Europe/Berlin, `YYYY-MM-DD`. */
  localDate: string;
  /** Time in Europe/Berlin, `HH:mm`. */
  localTime: string;
  /** The talk's state now. */
  state: "scheduled" | "circulated" | "running" | "closed" | "cancelled";
}

/** One entry of a topic's history. */
export interface TopicEvent {
  /** Id, ascending in the order things happened. */
  id: number;
  /** What happened. */
  kind: TopicEventKind;
  /** The talk it happened in or for, or null. */
  talk: TopicTalkRef | null;
  /** The status after it. */
  status: TopicStatus;
  /** The details. */
  detail: TopicEventDetail;
  /** Who did it (null: the server, e.g. carrying forward). */
  by: TopicPerson | null;
  /** ISO time. */
  at: string;
}

/** A topic as the API returns it. */
export interface Topic {
  /** Id. */
  id: string;
  /** The scorecard. */
  scorecardId: string;
  /** Title. */
  title: string;
  /** Note, may be empty. */
  note: string;
  /** Who raised it. */
  raisedBy: TopicPerson;
  /** ISO time it was raised. */
  raisedAt: string;
  /** Status. */
  status: TopicStatus;
  /** The talk it is planned into (status planned), else null. */
  plannedTalk: TopicTalkRef | null;
  /** What it became, once promoted. */
  promoted: { kind: "goal" | "measure"; ref: string } | null;
  /** 1, 2, … per change; send it with an edit. */
  revision: number;
  /** ISO time of the last change. */
  updatedAt: string;
  /** History, oldest first (without the minutes' snapshots). */
  history: TopicEvent[];
}

/** `GET /api/scorecards/:id/topics`. */
export interface TopicList {
  /** Every topic of the scorecard, newest first. */
  topics: Topic[];
  /** The scorecard's talks a topic can be planned into (scheduled, circulated, running), soonest first. */
  talks: TopicTalkRef[];
  /** How many topics are open or planned. */
  openCount: number;
  /** Whether the user may change topics. */
  canEdit: boolean;
  /** Grows with every change of the backlog; see `topicsChanged`. */
  revision: number;
}

/** What a topic may undergo: the actions of the API. */
export type TopicAction = "edit" | "plan" | "unplan" | "discuss" | "done" | "dropped" | "open" | "promote";

/**
 * Whether an action is allowed on a topic in its status, and if not, why (German, for a 409).
 * Settled topics (erledigt, verworfen) are reopened before they are planned or discussed;
 * a topic that became a goal or measure stays settled; a dropped one is not promoted.
 * @param action - the action
 * @param topic - the topic's status and whether it was promoted
 * @returns null when allowed, else the reason
 * @example topicActionRefusal("plan", { status: "done", promoted: null }) // "Das Thema ist erledigt. …"
 */
export function topicActionRefusal(action: TopicAction, topic: { status: TopicStatus; promoted: unknown }): string | null {
  const settled = topic.status === "done" || topic.status === "dropped";
  const settledMessage = `Das Thema ist ${TOPIC_STATUS_WORDS[topic.status]}. Öffnen Sie es zuerst wieder.`;
  switch (action) {
    case "edit":
      return null;
    case "plan":
    case "discuss":
      return settled ? settledMessage : null;
    case "unplan":
      return topic.status === "planned" ? null : "Das Thema ist in kein Gespräch eingeplant.";
    case "done":
    case "dropped":
      return settled && topic.status !== action ? settledMessage : null;
    case "open":
      if (topic.promoted) return "Aus dem Thema wurde bereits ein Ziel oder eine Maßnahme; es bleibt erledigt.";
      return null;
    case "promote":
      if (topic.promoted) return "Aus dem Thema wurde bereits ein Ziel oder eine Maßnahme.";
      return topic.status === "dropped" ? "Ein verworfenes Thema wird nicht übernommen. Öffnen Sie es zuerst wieder." : null;
  }
}

/** `2026-06-11` → `11.06.2026`. */
export function germanTopicDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/**
 * A topic's status in words, as minutes and mails write it.
 * @param status - the status
 * @param plannedDate - for `planned`: the talk's date `YYYY-MM-DD`
 * @param conference - whether the scorecard is the conference's (which holds "Sitzungen")
 * @example topicStatusText("planned", "2026-06-11") // "eingeplant für das Gespräch am 11.06.2026"
 */
export function topicStatusText(status: TopicStatus, plannedDate: string | null = null, conference = false): string {
  if (status !== "planned") return TOPIC_STATUS_WORDS[status];
  if (!plannedDate) return "eingeplant";
  return `eingeplant für ${conference ? "die Sitzung" : "das Gespräch"} am ${germanTopicDate(plannedDate)}`;
}

/**
 * The agenda item a planned topic gets.
 * @param topicTitle - the topic's title
 */
export function topicAgendaTitle(topicTitle: string): string {
  return `Themenspeicher: ${topicTitle}`;
}

/**
 * What closing a talk does with a topic of its scorecard. `carry`: it was planned into the
 * talk, or discussed there and left open, and nobody settled it, so it moves on to the next
 * talk (or back to the open topics without one). `list`: the minutes record it as it
 * stands (still open or planned elsewhere, or settled in this talk). `none`: settled
 * earlier and not touched in this talk.
 * @param topic - its status and the talk it is planned into
 * @param closedTalkId - the talk being closed
 * @param touched - whether it was raised, planned, discussed or settled in that talk
 * @param discussed - whether a status line was recorded for it in that talk
 * @example closeOutcome({ status: "planned", plannedTalkId: "t-1" }, "t-1", true, false) // "carry"
 */
export function closeOutcome(topic: { status: TopicStatus; plannedTalkId: string | null }, closedTalkId: string, touched: boolean, discussed: boolean): "carry" | "list" | "none" {
  if (topic.status === "planned" && topic.plannedTalkId === closedTalkId) return "carry";
  if (topic.status === "open" && discussed) return "carry";
  if (topic.status === "open" || topic.status === "planned" || touched) return "list";
  return "none";
}
