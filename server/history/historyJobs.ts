import type { IntegrityReport, MeasureHistoryEntry, VersionComparison, VersionSummary } from "../../shared/domain/versions";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { findVersion, type VersionRow } from "../persistence/versions";
import { hashHex } from "../audit/chain";
import { verifyStore } from "../audit/verify";
import { compareStates } from "../versions/compare";
import { createPeople, type People } from "../versions/people";
import { measureHistory } from "../versions/historyReplay";
import { groupMeasureHistory } from "../versions/changeRuns";
import { auditReportCsv } from "../versions/auditReport";

/**
 * The read-only work on a scorecard's history that can take seconds on five years of
 * updates: compares, measure histories, the integrity check and the audit report. Each
 * job needs only the database, so it can run on a worker thread with its own connection
 * (see historyRunner.ts) while the server goes on relaying edits.
 */
export interface HistoryJobs {
  /** Compares a version with a later version or with the stored state up to `toSeq`. */
  compare(args: { scorecardId: string; olderId: number; newerId: number | null; toSeq: number }): Promise<VersionComparison>;
  /** Every change of a measure's fields, oldest first; a person's run on one field (typing) is one entry. */
  measureHistory(args: { scorecardId: string; measureId: string }): Promise<MeasureHistoryEntry[]>;
  /** The scorecard's chains, and its newest checkpoint against the replayed updates. */
  verify(args: { scorecardId: string }): Promise<IntegrityReport>;
  /** Who changed what in a period, as CSV. */
  auditCsv(args: { scorecardId: string; fromMs: number; toMs: number }): Promise<string>;
}

/** The name of a job and its arguments. */
export type HistoryJobName = keyof HistoryJobs;

/** A version as listed, with its people named. */
export function versionSummary(row: VersionRow, people: People): VersionSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    name: row.name,
    createdBy: row.createdBy === null ? null : people.person(row.createdBy),
    createdAt: new Date(row.createdAt).toISOString(),
    authors: (JSON.parse(row.authorsJson) as string[]).map((id) => people.person(id)),
    upToSeq: row.upToSeq,
    hash: hashHex(row.hash) ?? "",
  };
}

/**
 * The jobs on one database connection.
 * @param db - a connection (read-only is enough)
 * @param store - the update history on that connection
 */
export function createHistoryJobs(db: Db, store: DocUpdateStore): HistoryJobs {
  return {
    async compare({ scorecardId, olderId, newerId, toSeq }) {
      const older = await findVersion(db, scorecardId, olderId);
      const newer = newerId === null ? null : await findVersion(db, scorecardId, newerId);
      if (!older || (newerId !== null && !newer)) throw new Error(`version ${older ? newerId : olderId} of scorecard ${scorecardId} not found`);
      const people = await createPeople(db);
      const history = await store.history(scorecardId, older.upToSeq, toSeq);
      const result = compareStates(older.state, history, people.attribution);
      return {
        from: versionSummary(older, people),
        to: newer ? versionSummary(newer, people) : null,
        toSeq,
        document: result.document,
        measures: result.measures,
        people: result.userIds.map((id) => people.person(id)),
      };
    },
    async measureHistory({ scorecardId, measureId }) {
      const people = await createPeople(db);
      const { entries } = await measureHistory(store, scorecardId, measureId);
      return groupMeasureHistory(entries).map((entry) => ({
        field: entry.field,
        before: entry.before,
        after: entry.after,
        by: people.person(entry.userId),
        at: new Date(entry.createdAt).toISOString(),
        seq: entry.seq,
      }));
    },
    async verify({ scorecardId }) {
      return verifyStore(db, { scorecardId, checkpoints: "latest" });
    },
    async auditCsv({ scorecardId, fromMs, toMs }) {
      return auditReportCsv(db, store, scorecardId, fromMs, toMs);
    },
  };
}
