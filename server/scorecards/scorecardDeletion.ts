import { transaction, type Db } from "../persistence/db";
import { findScorecard, markScorecardDeleted } from "../persistence/scorecards";
import { chainHeads, deleteScorecardRows, listScorecardsDueForPurge } from "../persistence/scorecardPurge";
import { recordAuditEvent } from "../persistence/auditEvents";
import { hashHex } from "../audit/chain";
import { notFound } from "../errors";
import type { Logger } from "../log";

/** Milliseconds in a (Julian) year, for the retention period. */
const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/**
 * Deletes a scorecard the way a record must be deleted: it disappears from every list
 * and connection at once, but its history is kept for the retention period (a budget
 * contract's records: `RETENTION_YEARS`, 10 by default) and only then purged. The
 * deletion itself is an audit event naming who, when, why, and the final chain head.
 * @returns when the data will be purged (ms since the epoch)
 */
export async function deleteScorecard(db: Db, scorecardId: string, userId: string, reason: string, retentionYears: number, now = Date.now()): Promise<number> {
  const scorecard = await findScorecard(db, scorecardId);
  if (!scorecard) throw notFound("Scorecard");
  const purgeAfter = now + Math.round(retentionYears * YEAR_MS);
  await transaction(db, async (trx) => {
    await markScorecardDeleted(trx, scorecardId, { at: now, by: userId, reason, purgeAfter });
    await recordAuditEvent(trx, {
      kind: "scorecard.deleted",
      scorecardId,
      userId,
      createdAt: now,
      detail: { title: scorecard.title, provider: scorecard.providerName, reason, purgeAfter: new Date(purgeAfter).toISOString(), ...(await chainState(trx, scorecardId)) },
    });
  });
  return purgeAfter;
}

/**
 * Purges the data of deleted scorecards whose retention period is over. What remains is
 * the audit event of the purge with the final head of the scorecard's chains, so the
 * event chain still shows that the scorecard existed and how its history ended. Each
 * scorecard is purged in its own transaction; one that fails is logged, stays as it was
 * and is tried again on the next run.
 * @param logger - receives the failures
 * @returns the ids of the purged scorecards
 */
export async function purgeExpiredScorecards(db: Db, logger: Logger, now = Date.now()): Promise<string[]> {
  const purged: string[] = [];
  for (const { id, title } of await listScorecardsDueForPurge(db, now)) {
    try {
      await transaction(db, async (trx) => {
        const state = await chainState(trx, id);
        await deleteScorecardRows(trx, id);
        await recordAuditEvent(trx, { kind: "scorecard.purged", scorecardId: id, userId: null, createdAt: now, detail: { title, ...state } });
      });
      purged.push(id);
    } catch (error) {
      logger.log("error", "purging a deleted scorecard failed", { scorecardId: id, error: (error as Error).message });
    }
  }
  return purged;
}

async function chainState(db: Db, scorecardId: string) {
  const heads = await chainHeads(db, scorecardId);
  return {
    updates: heads.updates,
    lastSeq: heads.lastSeq,
    updateHead: hashHex(heads.updateHead),
    versions: heads.versions,
    versionHead: hashHex(heads.versionHead),
  };
}
