import type { TopicEventDetail, TopicEventKind, TopicStatus } from "../../shared/domain/topics";
import type { TalkState } from "../../shared/domain/talks";
import type { Updateable } from "kysely";
import type { Db } from "./db";
import type { TopicsTable } from "./schema";

/** A row of `topics`. */
export interface TopicRow {
  /** Id. */
  id: string;
  /** The scorecard whose backlog it is in. */
  scorecardId: string;
  /** Title. */
  title: string;
  /** Note. */
  note: string;
  /** Who raised it. */
  raisedBy: string;
  /** Their name. */
  raisedByName: string;
  /** When, ms since the epoch. */
  raisedAt: number;
  /** Status. */
  status: TopicStatus;
  /** The talk it is (status planned) or was last planned into. */
  plannedTalkId: string | null;
  /** What it became. */
  promotedKind: "goal" | "measure" | null;
  /** The goal's title or the measure's id. */
  promotedRef: string | null;
  /** 1, 2, … per change. */
  revision: number;
  /** Last change, ms since the epoch. */
  updatedAt: number;
}

/** A row of `topic_events`, with the names and dates it refers to. */
export interface TopicEventRow {
  /** Id, ascending. */
  id: number;
  /** The topic. */
  topicId: string;
  /** What happened. */
  kind: TopicEventKind;
  /** The talk it happened in or for. */
  talkId: string | null;
  /** That talk's start, ms. */
  talkStartsAt: number | null;
  /** That talk's state now. */
  talkState: TalkState | null;
  /** Status after it. */
  status: TopicStatus;
  /** The details. */
  detail: TopicEventDetail;
  /** Who did it. */
  userId: string | null;
  /** Their name. */
  userName: string | null;
  /** When, ms. */
  at: number;
}

/** What a new event consists of. */
export type NewTopicEvent = Pick<TopicEventRow, "topicId" | "kind" | "talkId" | "status" | "detail" | "userId" | "at">;

/** Topics with their raiser's name, as `TopicRow`s. */
function selectTopics(db: Db) {
  return db
    .selectFrom("topics as p")
    .innerJoin("users as u", "u.id", "p.raised_by")
    .select([
      "p.id",
      "p.scorecard_id as scorecardId",
      "p.title",
      "p.note",
      "p.raised_by as raisedBy",
      "u.name as raisedByName",
      "p.raised_at as raisedAt",
      "p.status",
      "p.planned_talk_id as plannedTalkId",
      "p.promoted_kind as promotedKind",
      "p.promoted_ref as promotedRef",
      "p.revision",
      "p.updated_at as updatedAt",
    ]);
}

/** Topic events with the names and dates they refer to; `toEvent` makes them `TopicEventRow`s. */
function selectEvents(db: Db) {
  return db
    .selectFrom("topic_events as e")
    .innerJoin("topics as p", "p.id", "e.topic_id")
    .leftJoin("talks as t", "t.id", "e.talk_id")
    .leftJoin("users as u", "u.id", "e.user_id")
    .select([
      "e.id",
      "e.topic_id as topicId",
      "e.kind",
      "e.talk_id as talkId",
      "t.starts_at as talkStartsAt",
      "t.state as talkState",
      "e.status",
      "e.detail_json as detail",
      "e.user_id as userId",
      "u.name as userName",
      "e.at",
    ]);
}

type EventSelection = Awaited<ReturnType<ReturnType<typeof selectEvents>["execute"]>>[number];

function toEvent(row: EventSelection): TopicEventRow {
  return {
    ...row,
    id: Number(row.id),
    kind: row.kind as TopicEventKind,
    talkState: row.talkState as TalkState | null,
    status: row.status as TopicStatus,
    detail: JSON.parse(row.detail) as TopicEventDetail,
  };
}

/**
 * Inserts a topic (status open, revision 1). Call inside a transaction, with its `raised` event.
 * @param db - the database
 * @param topic - the topic
 */
export async function insertTopic(db: Db, topic: Pick<TopicRow, "id" | "scorecardId" | "title" | "note" | "raisedBy" | "raisedAt">): Promise<void> {
  await db
    .insertInto("topics")
    .values({
      id: topic.id,
      scorecard_id: topic.scorecardId,
      title: topic.title,
      note: topic.note,
      raised_by: topic.raisedBy,
      raised_at: topic.raisedAt,
      status: "open",
      revision: 1,
      updated_at: topic.raisedAt,
    })
    .execute();
}

/** One topic, or undefined. */
export async function findTopic(db: Db, id: string): Promise<TopicRow | undefined> {
  return (await selectTopics(db).where("p.id", "=", id).executeTakeFirst()) as TopicRow | undefined;
}

/** A scorecard's topics, newest first. */
export async function listTopics(db: Db, scorecardId: string): Promise<TopicRow[]> {
  return (await selectTopics(db).where("p.scorecard_id", "=", scorecardId).orderBy("p.raised_at", "desc").orderBy("p.id").execute()) as TopicRow[];
}

/** The topics planned into a talk (status planned). */
export async function listTopicsPlannedInto(db: Db, talkId: string): Promise<TopicRow[]> {
  return (await selectTopics(db).where("p.planned_talk_id", "=", talkId).where("p.status", "=", "planned").orderBy("p.raised_at").orderBy("p.id").execute()) as TopicRow[];
}

/** Fields a change of a topic may set. */
export type TopicChange = Partial<Pick<TopicRow, "title" | "note" | "status" | "plannedTalkId" | "promotedKind" | "promotedRef">>;

const CHANGE_COLUMNS = {
  title: "title",
  note: "note",
  status: "status",
  plannedTalkId: "planned_talk_id",
  promotedKind: "promoted_kind",
  promotedRef: "promoted_ref",
} as const satisfies Record<keyof TopicChange, string>;

/**
 * Changes a topic only if it is still at `expectedRevision` (compare and set), counting
 * the revision up, so of two people changing it at once one wins and the other is told.
 * @returns false when the topic changed meanwhile (or does not exist)
 */
export async function updateTopic(db: Db, id: string, expectedRevision: number, change: TopicChange, now: number): Promise<boolean> {
  const sets: Updateable<TopicsTable> = { updated_at: now };
  for (const key of Object.keys(CHANGE_COLUMNS) as (keyof TopicChange)[]) {
    if (change[key] !== undefined) (sets as Record<string, unknown>)[CHANGE_COLUMNS[key]] = change[key];
  }
  const result = await db
    .updateTable("topics")
    .set(sets)
    .set((eb) => ({ revision: eb("revision", "+", 1) }))
    .where("id", "=", id)
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Appends an entry to a topic's history. Call in the transaction of the change. */
export async function insertTopicEvent(db: Db, event: NewTopicEvent): Promise<void> {
  await db
    .insertInto("topic_events")
    .values({
      topic_id: event.topicId,
      kind: event.kind,
      talk_id: event.talkId,
      status: event.status,
      detail_json: JSON.stringify(event.detail),
      user_id: event.userId,
      at: event.at,
    })
    .execute();
}

/** The history of every topic of a scorecard, in the order it happened. */
export async function listScorecardTopicEvents(db: Db, scorecardId: string): Promise<TopicEventRow[]> {
  return (await selectEvents(db).where("p.scorecard_id", "=", scorecardId).orderBy("e.id").execute()).map(toEvent);
}

/**
 * What happened to topics in or for a talk, in order: raised, planned, discussed, carried,
 * listed at its close. Rows of a closed talk never change, so the minutes read them.
 */
export async function listTalkTopicEvents(db: Db, talkId: string): Promise<TopicEventRow[]> {
  return (await selectEvents(db).where("e.talk_id", "=", talkId).orderBy("e.id").execute()).map(toEvent);
}

/** The newest history entry of a scorecard's topics (0 without any): grows with every change of its backlog. */
export async function topicsRevision(db: Db, scorecardId: string): Promise<number> {
  const row = await db
    .selectFrom("topic_events as e")
    .innerJoin("topics as p", "p.id", "e.topic_id")
    .select((eb) => eb.fn.max("e.id").as("latest"))
    .where("p.scorecard_id", "=", scorecardId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** How many of a scorecard's topics are open or planned. */
export async function countOpenTopics(db: Db, scorecardId: string): Promise<number> {
  const row = await db
    .selectFrom("topics")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("scorecard_id", "=", scorecardId)
    .where("status", "in", ["open", "planned"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
