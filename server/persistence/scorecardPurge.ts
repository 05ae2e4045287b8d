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
export async function listScorecardsDueForPurge(db: Db, now: number): Promise<DueScorecard[]> {
  return db.selectFrom("scorecards").select(["id", "title"]).where("deleted_at", "is not", null).where("purge_after", "<=", now).orderBy("purge_after").orderBy("id").execute();
}

/** The heads of a scorecard's chains, for the audit events of its deletion and purge. */
export async function chainHeads(db: Db, scorecardId: string): Promise<ChainHeads> {
  const updates = await db
    .selectFrom("doc_updates")
    .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.max("seq").as("lastSeq")])
    .where("scorecard_id", "=", scorecardId)
    .executeTakeFirstOrThrow();
  const head = await db.selectFrom("doc_updates").select("hash").where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const version = await db.selectFrom("versions").select(["number", "hash"]).where("scorecard_id", "=", scorecardId).orderBy("number", "desc").limit(1).executeTakeFirst();
  return {
    updates: Number(updates.n),
    lastSeq: updates.lastSeq === null ? null : Number(updates.lastSeq),
    updateHead: head?.hash ?? null,
    versions: version?.number ?? 0,
    versionHead: version?.hash ?? null,
  };
}

/**
 * Deletes every row that belongs to a scorecard, children before parents, and the scorecard
 * itself; the audit events stay. Call inside a transaction: a failing statement (a foreign
 * key from a row of another scorecard) must leave the scorecard whole.
 * @throws the database error of the first statement that fails
 */
export async function deleteScorecardRows(db: Db, scorecardId: string): Promise<void> {
  const talksOf = db.selectFrom("talks").select("id").where("scorecard_id", "=", scorecardId);
  const topicsOf = db.selectFrom("topics").select("id").where("scorecard_id", "=", scorecardId);
  // Rows of other owners that merely name one of its talks keep themselves without the link:
  // a settlement is the provider's decision, and a topic of another scorecard its own history.
  await db.updateTable("settlements").set({ talk_id: null }).where("talk_id", "in", talksOf).execute();
  await db.updateTable("topics").set({ planned_talk_id: null }).where("scorecard_id", "<>", scorecardId).where("planned_talk_id", "in", talksOf).execute();
  await db.updateTable("topic_events").set({ talk_id: null }).where("topic_id", "not in", topicsOf).where("talk_id", "in", talksOf).execute();
  await db.deleteFrom("topic_events").where("topic_id", "in", topicsOf).execute();
  await db.deleteFrom("topics").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("talk_participants").where("talk_id", "in", talksOf).execute();
  await db.deleteFrom("talk_agreements").where("talk_id", "in", talksOf).execute();
  await db.deleteFrom("mails").where("talk_id", "in", talksOf).execute();
  // Jobs name their talk without a foreign key; left behind they would fail on a missing talk.
  await db.deleteFrom("jobs").where("kind", "like", "talk.%").where("subject_id", "in", talksOf).execute();
  // Talks name versions, so they go first.
  await db.deleteFrom("talks").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("doc_checkpoints").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("doc_clients").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("versions").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("doc_updates").where("scorecard_id", "=", scorecardId).execute();
  await db.deleteFrom("scorecards").where("id", "=", scorecardId).execute();
}
