import type { Db } from "./db";

/** A deleted scorecard whose retention period is over. */
export interface DueScorecard {
  /** Id. */
  id: string;
  /** Title, kept in the purge's audit event. */
  title: string;
}

/** The heads of a scorecard's update and version chains, as stored. */
export interface ChainHeads {
  /** Number of stored updates. */
  updates: number;
  /** Sequence number of the last update, or null. */
  lastSeq: number | null;
  /** Hash of the last update, or null. */
  updateHead: Buffer | null;
  /** Number of the last version, 0 when there is none. */
  versions: number;
  /** Hash of the last version, or null. */
  versionHead: Buffer | null;
}

/**
 * The deleted scorecards due for purging at `now`, the longest due first.
 * @returns id and title of each
 */
export function listScorecardsDueForPurge(db: Db, now: number): DueScorecard[] {
  return db.prepare("SELECT id, title FROM scorecards WHERE deleted_at IS NOT NULL AND purge_after <= ? ORDER BY purge_after, id").all(now) as DueScorecard[];
}

/** The heads of a scorecard's chains, for the audit events of its deletion and purge. */
export function chainHeads(db: Db, scorecardId: string): ChainHeads {
  const updates = db.prepare("SELECT COUNT(*) AS n, MAX(seq) AS lastSeq FROM doc_updates WHERE scorecard_id = ?").get(scorecardId) as { n: number | string; lastSeq: number | string | null };
  const head = db.prepare("SELECT hash FROM doc_updates WHERE scorecard_id = ? ORDER BY seq DESC LIMIT 1").get(scorecardId) as { hash: Buffer } | undefined;
  const version = db.prepare("SELECT number, hash FROM versions WHERE scorecard_id = ? ORDER BY number DESC LIMIT 1").get(scorecardId) as { number: number; hash: Buffer } | undefined;
  return {
    updates: Number(updates.n),
    lastSeq: updates.lastSeq === null ? null : Number(updates.lastSeq),
    updateHead: head?.hash ?? null,
    versions: version?.number ?? 0,
    versionHead: version?.hash ?? null,
  };
}

const OF_TALKS = "IN (SELECT id FROM talks WHERE scorecard_id = ?)";
const OF_TOPICS = "IN (SELECT id FROM topics WHERE scorecard_id = ?)";

/**
 * Deletes every row that belongs to a scorecard, children before parents, and the scorecard
 * itself; the audit events stay. Call inside a transaction: a failing statement (a foreign
 * key from a row of another scorecard) must leave the scorecard whole.
 * @throws the database error of the first statement that fails
 */
export function deleteScorecardRows(db: Db, scorecardId: string): void {
  // Rows of other owners that merely name one of its talks keep themselves without the link:
  // a settlement is the provider's decision, and a topic of another scorecard its own history.
  db.prepare(`UPDATE settlements SET talk_id = NULL WHERE talk_id ${OF_TALKS}`).run(scorecardId);
  db.prepare(`UPDATE topics SET planned_talk_id = NULL WHERE scorecard_id <> ? AND planned_talk_id ${OF_TALKS}`).run(scorecardId, scorecardId);
  db.prepare(`UPDATE topic_events SET talk_id = NULL WHERE topic_id NOT ${OF_TOPICS} AND talk_id ${OF_TALKS}`).run(scorecardId, scorecardId);
  db.prepare(`DELETE FROM topic_events WHERE topic_id ${OF_TOPICS}`).run(scorecardId);
  db.prepare("DELETE FROM topics WHERE scorecard_id = ?").run(scorecardId);
  db.prepare(`DELETE FROM talk_participants WHERE talk_id ${OF_TALKS}`).run(scorecardId);
  db.prepare(`DELETE FROM talk_agreements WHERE talk_id ${OF_TALKS}`).run(scorecardId);
  db.prepare(`DELETE FROM mails WHERE talk_id ${OF_TALKS}`).run(scorecardId);
  // Jobs name their talk without a foreign key; left behind they would fail on a missing talk.
  db.prepare(`DELETE FROM jobs WHERE kind LIKE 'talk.%' AND subject_id ${OF_TALKS}`).run(scorecardId);
  // Talks name versions, so they go first.
  db.prepare("DELETE FROM talks WHERE scorecard_id = ?").run(scorecardId);
  db.prepare("DELETE FROM doc_checkpoints WHERE scorecard_id = ?").run(scorecardId);
  db.prepare("DELETE FROM doc_clients WHERE scorecard_id = ?").run(scorecardId);
  db.prepare("DELETE FROM versions WHERE scorecard_id = ?").run(scorecardId);
  db.prepare("DELETE FROM doc_updates WHERE scorecard_id = ?").run(scorecardId);
  db.prepare("DELETE FROM scorecards WHERE id = ?").run(scorecardId);
}
