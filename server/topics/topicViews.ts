/**
 * The Themenspeicher as the API shows it: stored rows turned into `Topic`s with their
 * history and the talks they refer to, dates in Europe/Berlin.
 */
import type { TalkState } from "../../shared/domain/talks";
import type { Topic, TopicEvent, TopicTalkRef } from "../../shared/domain/topics";
import type { Db } from "../persistence/db";
import { findTalk, type TalkRow } from "../persistence/talks";
import type { TopicEventRow, TopicRow } from "../persistence/topics";
import { epochToBerlinLocal } from "../talks/berlinTime";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A talk as a topic refers to it.
 * @param talk - its id, start and state
 */
export function talkRef(talk: Pick<TalkRow, "id" | "startsAt" | "state">): TopicTalkRef {
  const local = epochToBerlinLocal(talk.startsAt);
  return { id: talk.id, localDate: local.date, localTime: local.time, state: talk.state };
}

/** One history entry for the API. */
export function topicEventView(row: TopicEventRow): TopicEvent {
  const talk = row.talkId && row.talkStartsAt !== null ? talkRef({ id: row.talkId, startsAt: row.talkStartsAt, state: (row.talkState ?? "closed") as TalkState }) : null;
  return {
    id: row.id,
    kind: row.kind,
    talk,
    status: row.status,
    detail: row.detail,
    by: row.userId ? { id: row.userId, name: row.userName ?? "Unbekannt" } : null,
    at: iso(row.at),
  };
}

/**
 * The topics of a scorecard with their histories (the close's `listed` snapshots left
 * out: they are the minutes' record, not something that happened to the topic).
 * @param db - the database (the talks topics are planned into)
 * @param rows - the topics
 * @param events - their events, oldest first
 */
export async function topicViews(db: Db, rows: readonly TopicRow[], events: readonly TopicEventRow[]): Promise<Topic[]> {
  // The talks planned topics refer to, each read once.
  const talks = new Map<string, TopicTalkRef | null>();
  for (const row of rows) {
    if (row.status !== "planned" || !row.plannedTalkId || talks.has(row.plannedTalkId)) continue;
    const talk = await findTalk(db, row.plannedTalkId);
    talks.set(row.plannedTalkId, talk ? talkRef(talk) : null);
  }
  const talkOf = (id: string) => talks.get(id) ?? null;
  const history = new Map<string, TopicEvent[]>();
  for (const event of events) {
    if (event.kind === "listed") continue;
    const list = history.get(event.topicId) ?? [];
    list.push(topicEventView(event));
    history.set(event.topicId, list);
  }
  return rows.map((row) => ({
    id: row.id,
    scorecardId: row.scorecardId,
    title: row.title,
    note: row.note,
    raisedBy: { id: row.raisedBy, name: row.raisedByName },
    raisedAt: iso(row.raisedAt),
    status: row.status,
    plannedTalk: row.status === "planned" && row.plannedTalkId ? talkOf(row.plannedTalkId) : null,
    promoted: row.promotedKind && row.promotedRef ? { kind: row.promotedKind, ref: row.promotedRef } : null,
    revision: row.revision,
    updatedAt: iso(row.updatedAt),
    history: history.get(row.id) ?? [],
  }));
}
