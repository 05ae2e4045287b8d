/**
 * Carrying topics forward when a talk closes: the topics planned into it (or discussed in
 * it) that nobody settled move on to the scorecard's next talk that has not started, onto
 * its agenda, or without one back to the open topics; and every topic still open is
 * recorded for the minutes as it stands then (`listed`), so later changes never rewrite
 * old minutes.
 */
import { closeOutcome, topicAgendaTitle, type TopicEventDetail } from "../../shared/domain/topics";
import type { Db } from "../persistence/db";
import { findTalk, type TalkRow } from "../persistence/talks";
import { addTopicAgendaItem, nextUnstartedTalk } from "../persistence/talkAgenda";
import { findTopic, insertTopicEvent, listTalkTopicEvents, listTopics, listTopicsPlannedInto, updateTopic, type TopicRow } from "../persistence/topics";
import { epochToBerlinLocal } from "../talks/berlinTime";

/** What carrying forward changed, for the pushes after the commit. */
export interface CarryResult {
  /** The talk the topics moved to (its agenda changed), or null. */
  nextTalkId: string | null;
  /** How many topics moved on. */
  carried: number;
  /** Whether any topic or history entry was written. */
  changed: boolean;
}

/** Kinds that mean a topic was part of the talk (a `planned` later taken back with `unplanned` is not). */
const TOUCHING = new Set(["raised", "discussed", "status", "carried", "promoted"]);

/**
 * Carries the open topics of a talk that is being closed. Call inside the transaction that
 * closes the talk, after its state changed to closed.
 * @param db - the database
 * @param talk - the talk being closed
 * @param now - the close time, ms
 * @returns what changed
 */
export async function carryTopicsAtClose(db: Db, talk: Pick<TalkRow, "id" | "scorecardId">, now: number): Promise<CarryResult> {
  const events = await listTalkTopicEvents(db, talk.id);
  const touched = new Set<string>();
  const planned = new Map<string, boolean>();
  const discussed = new Set<string>();
  for (const event of events) {
    if (TOUCHING.has(event.kind)) touched.add(event.topicId);
    if (event.kind === "discussed") discussed.add(event.topicId);
    if (event.kind === "planned" || event.kind === "unplanned") planned.set(event.topicId, event.kind === "planned");
  }
  for (const [topicId, stillPlanned] of planned) if (stillPlanned) touched.add(topicId);

  const next = await nextUnstartedTalk(db, talk.scorecardId, talk.id);
  const nextDate = next ? epochToBerlinLocal(next.startsAt).date : null;
  const result: CarryResult = { nextTalkId: null, carried: 0, changed: false };
  for (const listed of await listTopics(db, talk.scorecardId)) {
    // Read again and changed by compare and set: on PostgreSQL another request may change a topic meanwhile.
    for (let attempt = 0, topic: TopicRow | undefined = listed; topic && attempt < 3; attempt++, topic = await findTopic(db, listed.id)) {
      const outcome = closeOutcome(topic, talk.id, touched.has(topic.id), discussed.has(topic.id));
      if (outcome === "none") break;
      if (outcome === "list") {
        const plannedTalk = topic.status === "planned" && topic.plannedTalkId ? topic.plannedTalkId : null;
        const detail: TopicEventDetail = { title: topic.title, ...(plannedTalk ? { toTalkId: plannedTalk, talkDate: await plannedDateOf(db, topic) } : {}) };
        await insertTopicEvent(db, { topicId: topic.id, kind: "listed", talkId: talk.id, status: topic.status, detail, userId: null, at: now });
        result.changed = true;
        break;
      }
      const onAgenda = next ? await addTopicAgendaItem(db, next.id, { title: topicAgendaTitle(topic.title), topicId: topic.id }, now) : "closed";
      const moved = next !== undefined && (onAgenda === "added" || onAgenda === "present");
      const status = moved ? "planned" : "open";
      if (!(await updateTopic(db, topic.id, topic.revision, { status, plannedTalkId: moved ? next.id : topic.plannedTalkId }, now))) continue;
      await insertTopicEvent(db, {
        topicId: topic.id,
        kind: "carried",
        talkId: talk.id,
        status,
        detail: { title: topic.title, toTalkId: moved ? next.id : null, talkDate: moved ? nextDate : null },
        userId: null,
        at: now,
      });
      if (moved) {
        await insertTopicEvent(db, { topicId: topic.id, kind: "planned", talkId: next.id, status, detail: { title: topic.title, talkDate: nextDate, fromTalkId: talk.id }, userId: null, at: now });
        result.nextTalkId = next.id;
      }
      result.carried += 1;
      result.changed = true;
      break;
    }
  }
  return result;
}

/** The date of the talk a topic is planned into, for the minutes. */
async function plannedDateOf(db: Db, topic: TopicRow): Promise<string | null> {
  const talk = topic.plannedTalkId ? await findTalk(db, topic.plannedTalkId) : undefined;
  return talk ? epochToBerlinLocal(talk.startsAt).date : null;
}

/**
 * Opens again the topics planned into a talk that is being cancelled: nothing of them was
 * discussed, and they wait for the next talk someone plans them into. Call inside the
 * transaction that cancels the talk.
 * @param db - the database
 * @param talkId - the talk being cancelled
 * @param now - the time, ms
 * @returns how many topics were opened again
 */
export async function releaseTopicsOfCancelledTalk(db: Db, talkId: string, now: number): Promise<number> {
  let released = 0;
  for (const topic of await listTopicsPlannedInto(db, talkId)) {
    if (!(await updateTopic(db, topic.id, topic.revision, { status: "open" }, now))) continue;
    const talk = await findTalk(db, talkId);
    const detail: TopicEventDetail = { title: topic.title, talkDate: talk ? epochToBerlinLocal(talk.startsAt).date : null, reason: "Gespräch abgesagt" };
    await insertTopicEvent(db, { topicId: topic.id, kind: "unplanned", talkId, status: "open", detail, userId: null, at: now });
    released += 1;
  }
  return released;
}
