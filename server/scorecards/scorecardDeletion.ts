import type { Db } from "../persistence/db";
import { findScorecard } from "../persistence/scorecards";
import { recordAuditEvent } from "../persistence/auditEvents";
import { hashHex } from "../audit/chain";
import { notFound } from "../errors";

/** Milliseconds in a (Julian) year, for the retention period. */
const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/**
 * Deletes a scorecard the way a record must be deleted: it disappears from every list
 * and connection at once, but its history is kept for the retention period (a budget
 * contract's records: `RETENTION_YEARS`, 10 by default) and only then purged. The
 * deletion itself is an audit event naming who, when, why, and the final chain head.
 * @returns when the data will be purged (ms since the epoch)
 */
export function deleteScorecard(db: Db, scorecardId: string, userId: string, reason: string, retentionYears: number, now = Date.now()): number {
  const scorecard = findScorecard(db, scorecardId);
  if (!scorecard) throw notFound("Scorecard");
  const purgeAfter = now + Math.round(retentionYears * YEAR_MS);
  db.transaction(() => {
    db.prepare("UPDATE scorecards SET deleted_at = ?, deleted_by = ?, delete_reason = ?, purge_after = ? WHERE id = ?").run(now, userId, reason, purgeAfter, scorecardId);
    recordAuditEvent(db, {
      kind: "scorecard.deleted",
      scorecardId,
      userId,
      createdAt: now,
      detail: { title: scorecard.title, provider: scorecard.providerName, reason, purgeAfter: new Date(purgeAfter).toISOString(), ...chainState(db, scorecardId) },
    });
  })();
  return purgeAfter;
}

/**
 * Purges the data of deleted scorecards whose retention period is over. What remains is
 * the audit event of the purge with the final head of the scorecard's chains, so the
 * event chain still shows that the scorecard existed and how its history ended.
 * @returns the ids of the purged scorecards
 */
export function purgeExpiredScorecards(db: Db, now = Date.now()): string[] {
  const due = db.prepare("SELECT id, title FROM scorecards WHERE deleted_at IS NOT NULL AND purge_after <= ?").all(now) as { id: string; title: string }[];
  for (const { id, title } of due) {
    db.transaction(() => {
      const state = chainState(db, id);
      db.prepare("DELETE FROM doc_checkpoints WHERE scorecard_id = ?").run(id);
      db.prepare("DELETE FROM doc_clients WHERE scorecard_id = ?").run(id);
      db.prepare("DELETE FROM versions WHERE scorecard_id = ?").run(id);
      db.prepare("DELETE FROM doc_updates WHERE scorecard_id = ?").run(id);
      db.prepare("DELETE FROM topic_events WHERE topic_id IN (SELECT id FROM topics WHERE scorecard_id = ?)").run(id);
      db.prepare("DELETE FROM topics WHERE scorecard_id = ?").run(id);
      db.prepare("DELETE FROM scorecards WHERE id = ?").run(id);
      recordAuditEvent(db, { kind: "scorecard.purged", scorecardId: id, userId: null, createdAt: now, detail: { title, ...state } });
    })();
  }
  return due.map((row) => row.id);
}

function chainState(db: Db, scorecardId: string) {
  const updates = db.prepare("SELECT COUNT(*) AS n, MAX(seq) AS lastSeq FROM doc_updates WHERE scorecard_id = ?").get(scorecardId) as { n: number; lastSeq: number | null };
  const head = db.prepare("SELECT hash FROM doc_updates WHERE scorecard_id = ? ORDER BY seq DESC LIMIT 1").get(scorecardId) as { hash: Buffer } | undefined;
  const version = db.prepare("SELECT number, hash FROM versions WHERE scorecard_id = ? ORDER BY number DESC LIMIT 1").get(scorecardId) as { number: number; hash: Buffer } | undefined;
  return {
    updates: updates.n,
    lastSeq: updates.lastSeq,
    updateHead: hashHex(head?.hash ?? null),
    versions: version?.number ?? 0,
    versionHead: hashHex(version?.hash ?? null),
  };
}
