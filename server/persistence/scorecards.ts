import { randomUUID } from "node:crypto";
import { cachedStatement, type Db } from "./db";

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

const SELECT_SCORECARD = `
  SELECT s.id, s.title, s.provider_id AS providerId, o.name AS providerName
  FROM scorecards s LEFT JOIN organisations o ON o.id = s.provider_id`;

/**
 * Inserts a scorecard row. Use `scorecardCreator` to also write its initial content.
 * @returns the new scorecard's id
 */
export function insertScorecard(db: Db, title: string, providerId: string | null): string {
  const id = randomUUID();
  db.prepare("INSERT INTO scorecards (id, title, provider_id, created_at) VALUES (?, ?, ?, ?)").run(id, title, providerId, Date.now());
  return id;
}

/** Finds a scorecard by id; a deleted scorecard is not found. */
export function findScorecard(db: Db, id: string): ScorecardRecord | undefined {
  return cachedStatement(db, `${SELECT_SCORECARD} WHERE s.id = ? AND s.deleted_at IS NULL`).get(id) as ScorecardRecord | undefined;
}

/** Lists every scorecard that is not deleted, the conference scorecard first, then by provider name. */
export function listScorecards(db: Db): ScorecardRecord[] {
  return db.prepare(`${SELECT_SCORECARD} WHERE s.deleted_at IS NULL ORDER BY s.provider_id IS NOT NULL, o.name, s.title`).all() as ScorecardRecord[];
}

/** Marks a scorecard deleted: it leaves every list at once and is purged after `purgeAfter`. */
export function markScorecardDeleted(db: Db, id: string, deletion: { at: number; by: string; reason: string; purgeAfter: number }): void {
  db.prepare("UPDATE scorecards SET deleted_at = ?, deleted_by = ?, delete_reason = ?, purge_after = ? WHERE id = ?").run(deletion.at, deletion.by, deletion.reason, deletion.purgeAfter, id);
}
