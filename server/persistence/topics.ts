import type { TopicEventDetail, TopicEventKind, TopicStatus } from "../../shared/domain/topics";
import type { TalkState } from "../../shared/domain/talks";
import type { Db } from "./db";

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

const SELECT_TOPIC = `
  SELECT p.id, p.scorecard_id AS scorecardId, p.title, p.note, p.raised_by AS raisedBy, u.name AS raisedByName,
         p.raised_at AS raisedAt, p.status, p.planned_talk_id AS plannedTalkId, p.promoted_kind AS promotedKind,
         p.promoted_ref AS promotedRef, p.revision, p.updated_at AS updatedAt
  FROM topics p JOIN users u ON u.id = p.raised_by`;

const SELECT_EVENT = `
  SELECT e.id, e.topic_id AS topicId, e.kind, e.talk_id AS talkId, t.starts_at AS talkStartsAt, t.state AS talkState,
         e.status, e.detail_json AS detail, e.user_id AS userId, u.name AS userName, e.at
  FROM topic_events e
  JOIN topics p ON p.id = e.topic_id
  LEFT JOIN talks t ON t.id = e.talk_id
  LEFT JOIN users u ON u.id = e.user_id`;

function toEvent(row: Omit<TopicEventRow, "detail"> & { detail: string }): TopicEventRow {
  return { ...row, id: Number(row.id), detail: JSON.parse(row.detail) as TopicEventDetail };
}

/**
 * Inserts a topic (status open, revision 1). Call inside a transaction, with its `raised` event.
 * @param db - the database
 * @param topic - the topic
 */
export function insertTopic(db: Db, topic: Pick<TopicRow, "id" | "scorecardId" | "title" | "note" | "raisedBy" | "raisedAt">): void {
  db.prepare(
    `INSERT INTO topics (id, scorecard_id, title, note, raised_by, raised_at, status, revision, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', 1, ?)`,
  ).run(topic.id, topic.scorecardId, topic.title, topic.note, topic.raisedBy, topic.raisedAt, topic.raisedAt);
}

/** One topic, or undefined. */
export function findTopic(db: Db, id: string): TopicRow | undefined {
  return db.prepare(`${SELECT_TOPIC} WHERE p.id = ?`).get(id) as TopicRow | undefined;
}

/** A scorecard's topics, newest first. */
export function listTopics(db: Db, scorecardId: string): TopicRow[] {
  return db.prepare(`${SELECT_TOPIC} WHERE p.scorecard_id = ? ORDER BY p.raised_at DESC, p.id`).all(scorecardId) as TopicRow[];
}

/** The topics planned into a talk (status planned). */
export function listTopicsPlannedInto(db: Db, talkId: string): TopicRow[] {
  return db.prepare(`${SELECT_TOPIC} WHERE p.planned_talk_id = ? AND p.status = 'planned' ORDER BY p.raised_at, p.id`).all(talkId) as TopicRow[];
}

/** Fields a change of a topic may set. */
export type TopicChange = Partial<Pick<TopicRow, "title" | "note" | "status" | "plannedTalkId" | "promotedKind" | "promotedRef">>;

const CHANGE_COLUMNS: Record<keyof TopicChange, string> = {
  title: "title",
  note: "note",
  status: "status",
  plannedTalkId: "planned_talk_id",
  promotedKind: "promoted_kind",
  promotedRef: "promoted_ref",
};

/**
 * Changes a topic only if it is still at `expectedRevision` (compare and set), counting
 * the revision up, so of two people changing it at once one wins and the other is told.
 * @returns false when the topic changed meanwhile (or does not exist)
 */
export function updateTopic(db: Db, id: string, expectedRevision: number, change: TopicChange, now: number): boolean {
  const entries = (Object.keys(CHANGE_COLUMNS) as (keyof TopicChange)[]).filter((key) => change[key] !== undefined);
  const sets = ["revision = revision + 1", "updated_at = ?", ...entries.map((key) => `${CHANGE_COLUMNS[key]} = ?`)];
  return db.prepare(`UPDATE topics SET ${sets.join(", ")} WHERE id = ? AND revision = ?`).run(now, ...entries.map((key) => change[key]), id, expectedRevision).changes > 0;
}

/** Appends an entry to a topic's history. Call in the transaction of the change. */
export function insertTopicEvent(db: Db, event: NewTopicEvent): void {
  db.prepare("INSERT INTO topic_events (topic_id, kind, talk_id, status, detail_json, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    event.topicId,
    event.kind,
    event.talkId,
    event.status,
    JSON.stringify(event.detail),
    event.userId,
    event.at,
  );
}

/** The history of every topic of a scorecard, in the order it happened. */
export function listScorecardTopicEvents(db: Db, scorecardId: string): TopicEventRow[] {
  return (db.prepare(`${SELECT_EVENT} WHERE p.scorecard_id = ? ORDER BY e.id`).all(scorecardId) as Parameters<typeof toEvent>[0][]).map(toEvent);
}

/**
 * What happened to topics in or for a talk, in order: raised, planned, discussed, carried,
 * listed at its close. Rows of a closed talk never change, so the minutes read them.
 */
export function listTalkTopicEvents(db: Db, talkId: string): TopicEventRow[] {
  return (db.prepare(`${SELECT_EVENT} WHERE e.talk_id = ? ORDER BY e.id`).all(talkId) as Parameters<typeof toEvent>[0][]).map(toEvent);
}

/** The newest history entry of a scorecard's topics (0 without any): grows with every change of its backlog. */
export function topicsRevision(db: Db, scorecardId: string): number {
  const row = db.prepare("SELECT MAX(e.id) AS latest FROM topic_events e JOIN topics p ON p.id = e.topic_id WHERE p.scorecard_id = ?").get(scorecardId) as {
    latest: number | null;
  };
  return Number(row.latest ?? 0);
}

/** How many of a scorecard's topics are open or planned. */
export function countOpenTopics(db: Db, scorecardId: string): number {
  const row = db.prepare("SELECT COUNT(*) AS n FROM topics WHERE scorecard_id = ? AND status IN ('open', 'planned')").get(scorecardId) as { n: number };
  return Number(row.n);
}
