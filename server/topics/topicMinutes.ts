/**
 * The Themenspeicher in a talk's minutes, read from the topic history of that talk alone:
 * the topics the talk touched (raised, planned into it, discussed, settled, carried on) with
 * their status lines and outcome, and the topics still open at its close. The history rows
 * of a closed talk never change, so the minutes stay as they were at the close.
 */
import { germanTopicDate, topicStatusText, type TopicEventDetail, type TopicEventKind, type TopicStatus } from "../../shared/domain/topics";
import type { Db } from "../persistence/db";
import { findScorecard } from "../persistence/scorecards";
import { findTalk } from "../persistence/talks";
import { listTalkTopicEvents } from "../persistence/topics";

/** A topic the talk dealt with. */
export interface MinutesTopic {
  /** Its title at the close. */
  title: string;
  /** Raised in this talk: by whom. */
  raisedBy: string | null;
  /** The status lines recorded in the talk, in order. */
  statusLines: string[];
  /** What became of it, in words ("erledigt", "weiter offen, eingeplant für das Gespräch am 11.06.2026"). */
  outcome: string;
}

/** A topic still open at the close. */
export interface MinutesOpenTopic {
  /** Its title then. */
  title: string;
  /** Its status then, in words. */
  status: string;
}

/** The Themenspeicher part of a talk's minutes. */
export interface TopicMinutes {
  /** The topics the talk dealt with, in the order they first came up. */
  touched: MinutesTopic[];
  /** The other topics still open at the close. */
  open: MinutesOpenTopic[];
  /** Whether the talk was a session of the conference ("Sitzung"). */
  conference: boolean;
}

/** What the minutes read of a history entry. */
export interface MinutesEvent {
  /** The topic. */
  topicId: string;
  /** What happened. */
  kind: TopicEventKind;
  /** Status after it. */
  status: TopicStatus;
  /** Details. */
  detail: TopicEventDetail;
  /** Who did it. */
  userName: string | null;
}

const TOUCHING: ReadonlySet<TopicEventKind> = new Set(["raised", "discussed", "status", "carried", "promoted"]);

function outcomeOf(last: MinutesEvent, conference: boolean): string {
  const meeting = conference ? "die Sitzung" : "das Gespräch";
  if (last.kind === "carried") {
    return last.detail.talkDate ? `weiter offen, eingeplant für ${meeting} am ${germanTopicDate(last.detail.talkDate)}` : "weiter offen (noch kein weiterer Termin geplant)";
  }
  const promoted = last.detail.promoted;
  if (last.kind === "promoted" && promoted) return promoted.kind === "goal" ? `als Ziel „${promoted.ref}“ übernommen` : "als Maßnahme übernommen";
  return topicStatusText(last.status, last.detail.talkDate ?? null, conference);
}

/**
 * Folds a talk's topic history into its minutes.
 * @param events - the history entries of the talk, oldest first
 * @param conference - whether it is a session of the conference ("Sitzung")
 * @example
 * topicMinutes([{ topicId: "a", kind: "discussed", status: "done", detail: { title: "Berichtsform", text: "Geklärt." }, userName: "Sabine" }], false)
 * // { touched: [{ title: "Berichtsform", raisedBy: null, statusLines: ["Geklärt."], outcome: "erledigt" }], open: [], conference: false }
 */
export function topicMinutes(events: readonly MinutesEvent[], conference: boolean): TopicMinutes {
  const byTopic = new Map<string, MinutesEvent[]>();
  for (const event of events) byTopic.set(event.topicId, [...(byTopic.get(event.topicId) ?? []), event]);
  const result: TopicMinutes = { touched: [], open: [], conference };
  for (const list of byTopic.values()) {
    const plannedEvents = list.filter((event) => event.kind === "planned" || event.kind === "unplanned");
    const plannedHere = plannedEvents.at(-1)?.kind === "planned";
    const touched = plannedHere || list.some((event) => TOUCHING.has(event.kind));
    // The close's snapshot comes last and holds the status at the close; a promotion says more.
    const promoted = list.findLast((event) => event.kind === "promoted");
    const last = promoted ?? list.at(-1)!;
    const title = list.at(-1)!.detail.title;
    if (!touched) {
      if (last.status === "open" || last.status === "planned") result.open.push({ title, status: topicStatusText(last.status, last.detail.talkDate ?? null, conference) });
      continue;
    }
    const raised = list.find((event) => event.kind === "raised");
    result.touched.push({
      title,
      raisedBy: raised ? (raised.userName ?? "unbekannt") : null,
      statusLines: list.filter((event) => event.kind === "discussed" && event.detail.text).map((event) => event.detail.text!),
      outcome: outcomeOf(last, conference),
    });
  }
  return result;
}

/**
 * The Themenspeicher part of a talk's minutes, from the database.
 * @param db - the database
 * @param talkId - the talk
 */
export async function topicMinutesOfTalk(db: Db, talkId: string): Promise<TopicMinutes> {
  const talk = await findTalk(db, talkId);
  const conference = talk ? (await findScorecard(db, talk.scorecardId))?.providerId === null : false;
  return topicMinutes(await listTalkTopicEvents(db, talkId), conference);
}
