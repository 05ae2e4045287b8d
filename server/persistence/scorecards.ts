import { randomUUID } from "node:crypto";
import type { Db } from "./db";

/** A scorecard row. */
export interface ScorecardRecord {
  /** Id and collaboration room name. */
  id: string;
  /** Title. */
  title: string;
  /** Owning provider, or null for the conference scorecard. */
  providerId: string | null;
  /** The provider's name, or null. */
  providerName: string | null;
}

function selectScorecards(db: Db) {
  return db
    .selectFrom("scorecards as s")
    .leftJoin("organisations as o", "o.id", "s.provider_id")
    .select(["s.id", "s.title", "s.provider_id as providerId", "o.name as providerName"])
    .where("s.deleted_at", "is", null);
}

/**
 * Inserts a scorecard row. Use `scorecardCreator` to also write its initial content.
 * @returns the new scorecard's id
 */
export async function insertScorecard(db: Db, title: string, providerId: string | null): Promise<string> {
  const id = randomUUID();
  await db.insertInto("scorecards").values({ id, title, provider_id: providerId, created_at: Date.now() }).execute();
  return id;
}

/** Finds a scorecard by id; a deleted scorecard is not found. */
export async function findScorecard(db: Db, id: string): Promise<ScorecardRecord | undefined> {
  return selectScorecards(db).where("s.id", "=", id).executeTakeFirst();
}

/** Lists every scorecard that is not deleted, the conference scorecard first, then by provider name. */
export async function listScorecards(db: Db): Promise<ScorecardRecord[]> {
  return selectScorecards(db)
    .orderBy((eb) => eb("s.provider_id", "is not", null))
    .orderBy("o.name")
    .orderBy("s.title")
    .execute();
}

/** Marks a scorecard deleted: it leaves every list at once and is purged after `purgeAfter`. */
export async function markScorecardDeleted(db: Db, id: string, deletion: { at: number; by: string; reason: string; purgeAfter: number }): Promise<void> {
  await db.updateTable("scorecards").set({ deleted_at: deletion.at, deleted_by: deletion.by, delete_reason: deletion.reason, purge_after: deletion.purgeAfter }).where("id", "=", id).execute();
}
