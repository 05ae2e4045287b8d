import * as Y from "yjs";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import type { VersionKind } from "../../shared/domain/versions";
import { kpiBlocksOf } from "../../shared/document/redKpis";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { lockVersions, type Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { findVersion, insertVersion, latestVersion, type VersionRow } from "../persistence/versions";
import { recordAuditEvent } from "../persistence/auditEvents";
import type { CollabServer } from "../sync/CollabServer";
import { notFound } from "../errors";
import { restoreInto } from "./restore";

/** What the version service needs. */
export interface VersionServiceDeps {
  db: Db;
  store: DocUpdateStore;
  /** Current document states, and the way to change a document (restore). */
  collab: Pick<CollabServer, "documentState" | "change">;
  /** The KPI values a scorecard's blocks show now. */
  kpis: { snapshotFor(scorecardId: string, periods: string[]): KpiSnapshot };
  /** Clock, for tests. */
  now?: () => number;
  /** Editing time after which an automatic version is taken (default one hour). */
  autoVersionAfterMs?: number;
}

/** Takes, restores and times versions. */
export interface VersionService {
  /** Freezes the current state (text and KPI values) as a version. */
  take(scorecardId: string, kind: VersionKind, name: string, userId: string | null): VersionRow;
  /**
   * Restores a version: its content becomes a new change on top of today's state,
   * followed by a new version of kind "restore". Earlier versions stay as they are.
   * @returns the new version
   */
  restore(scorecardId: string, versionId: number, userId: string, reason: string): Promise<VersionRow>;
  /** Told after every stored change; takes the hourly automatic version when due. */
  noteActivity(scorecardId: string, lastSeq: number): void;
  /** Told when a session of editing ended (the room unloads); versions unsaved changes. */
  noteIdle(scorecardId: string, lastSeq: number): void;
}

/** Names of automatic versions, shown in the list. */
export const AUTO_VERSION_NAMES = { hourly: "Automatisch (stündlich)", sessionEnd: "Automatisch (Ende der Bearbeitung)" } as const;

/**
 * Whether the hourly automatic version is due: there are changes after the newest
 * version, and the first of them is at least `afterMs` old. So a version is taken at most
 * once per hour of editing, and an idle scorecard gets none.
 */
export function hourlyVersionDue(firstUnversionedChangeAt: number | null, now: number, afterMs: number): boolean {
  return firstUnversionedChangeAt !== null && now - firstUnversionedChangeAt >= afterMs;
}

/**
 * Creates the version service.
 * @example service.take(scorecardId, "named", "Stand nach Klausur", userId)
 */
export function createVersionService(deps: VersionServiceDeps): VersionService {
  const { db, store, collab } = deps;
  const now = deps.now ?? Date.now;
  const autoAfter = deps.autoVersionAfterMs ?? 60 * 60 * 1000;
  /** Per scorecard: the newest version's seq, and when the first change after it was seen. */
  const tracked = new Map<string, { versionSeq: number; firstChangeAt: number | null }>();

  function track(scorecardId: string) {
    let entry = tracked.get(scorecardId);
    if (!entry) {
      entry = { versionSeq: latestVersion(db, scorecardId)?.upToSeq ?? 0, firstChangeAt: null };
      tracked.set(scorecardId, entry);
    }
    return entry;
  }

  function take(scorecardId: string, kind: VersionKind, name: string, userId: string | null): VersionRow {
    return takeUnless(scorecardId, kind, name, userId, false)!;
  }

  /**
   * Takes a version; an automatic one (`onlyIfNew`) only if no version covers the current
   * state yet. Several server processes may decide at the same moment that the hourly or
   * end-of-session version is due: the re-check and the insert share one transaction
   * under the scorecard's lock, so only the first takes it.
   * @returns the version, or null when another one already covers the state
   */
  function takeUnless(scorecardId: string, kind: VersionKind, name: string, userId: string | null, onlyIfNew: boolean): VersionRow | null {
    const { state, upToSeq } = collab.documentState(scorecardId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const periods = Array.from(new Set(kpiBlocksOf(yDocToDocumentJson(doc)).map((block) => block.period)));
    doc.destroy();
    const kpis = deps.kpis.snapshotFor(scorecardId, periods);
    const version = db
      .transaction((): VersionRow | null => {
        lockVersions(db, scorecardId);
        const previousSeq = latestVersion(db, scorecardId)?.upToSeq ?? 0;
        if (onlyIfNew && previousSeq >= upToSeq) return null;
        const authors = store.authors(scorecardId, Math.min(previousSeq, upToSeq), upToSeq);
        return insertVersion(db, {
          scorecardId,
          kind,
          name,
          createdBy: userId,
          createdAt: now(),
          upToSeq,
          state,
          kpisJson: JSON.stringify(kpis),
          authorsJson: JSON.stringify(authors),
        });
      })
      .immediate();
    if (version) tracked.set(scorecardId, { versionSeq: upToSeq, firstChangeAt: null });
    return version;
  }

  /** Follows a version another server process took since this one last looked. */
  function notice(scorecardId: string, lastSeq: number): ReturnType<typeof track> {
    const entry = track(scorecardId);
    const newest = latestVersion(db, scorecardId)?.upToSeq ?? 0;
    if (newest > entry.versionSeq) {
      entry.versionSeq = newest;
      entry.firstChangeAt = lastSeq > newest ? now() : null;
    }
    return entry;
  }

  return {
    take,

    async restore(scorecardId, versionId, userId, reason) {
      const version = findVersion(db, scorecardId, versionId);
      if (!version) throw notFound("Version");
      const older = new Y.Doc();
      Y.applyUpdate(older, version.state);
      try {
        await collab.change(scorecardId, userId, (live) => restoreInto(live, older));
      } finally {
        older.destroy();
      }
      const restored = take(scorecardId, "restore", `Wiederherstellung von Version ${version.number}`, userId);
      recordAuditEvent(db, {
        kind: "version.restored",
        scorecardId,
        userId,
        detail: { restoredVersion: version.number, restoredVersionId: version.id, newVersion: restored.number, reason },
      });
      return restored;
    },

    noteActivity(scorecardId, lastSeq) {
      let entry = track(scorecardId);
      if (lastSeq <= entry.versionSeq) return;
      entry.firstChangeAt ??= now();
      if (!hourlyVersionDue(entry.firstChangeAt, now(), autoAfter)) return;
      // Another process may have taken one meanwhile; then the hour starts again from it.
      entry = notice(scorecardId, lastSeq);
      if (hourlyVersionDue(entry.firstChangeAt, now(), autoAfter)) takeUnless(scorecardId, "auto", AUTO_VERSION_NAMES.hourly, null, true);
    },

    noteIdle(scorecardId, lastSeq) {
      if (lastSeq > notice(scorecardId, lastSeq).versionSeq) takeUnless(scorecardId, "auto", AUTO_VERSION_NAMES.sessionEnd, null, true);
    },
  };
}
