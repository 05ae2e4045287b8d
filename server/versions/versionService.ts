import * as Y from "yjs";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import type { VersionKind } from "../../shared/domain/versions";
import { kpiBlocksOf } from "../../shared/document/redKpis";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { lockVersions, transaction, type Db } from "../persistence/db";
import { createDocUpdateStore, type DocUpdateStore } from "../persistence/docUpdates";
import { findVersion, insertVersion, latestVersion, type VersionRow } from "../persistence/versions";
import { recordAuditEvent } from "../persistence/auditEvents";
import type { CollabServer } from "../sync/CollabServer";
import { notFound } from "../errors";
import { restoreInto } from "./restore";

/** What the version service needs. */
export interface VersionServiceDeps {
  db: Db;
  /** Unused: a version reads its authors in its own transaction (`createDocUpdateStore(trx)`). */
  store: DocUpdateStore;
  /** Current document states, and the way to change a document (restore). */
  collab: Pick<CollabServer, "documentState" | "change">;
  /** The KPI values a scorecard's blocks show now. */
  kpis: { snapshotFor(scorecardId: string, periods: string[]): Promise<KpiSnapshot> };
  /** Clock, for tests. */
  now?: () => number;
  /** Editing time after which an automatic version is taken (default one hour). */
  autoVersionAfterMs?: number;
}

/**
 * What a version freezes, read before the transaction that stores it: the document's state
 * and the KPI values its blocks show at that moment.
 */
export interface VersionContent {
  scorecardId: string;
  /** The encoded Yjs state of the whole document. */
  state: Uint8Array;
  /** The newest stored update the state contains. */
  upToSeq: number;
  /** The KPI values (KpiSnapshot) as JSON. */
  kpisJson: string;
}

/** Takes, restores and times versions. */
export interface VersionService {
  /** Freezes the current state (text and KPI values) as a version. */
  take(scorecardId: string, kind: VersionKind, name: string, userId: string | null): Promise<VersionRow>;
  /**
   * Reads what a version of the scorecard would freeze now, for `takeIn`. Call it outside
   * any transaction: it reads the document (through its room) and the KPI values.
   */
  capture(scorecardId: string): Promise<VersionContent>;
  /**
   * Freezes captured content as a version inside the caller's transaction, which it joins
   * (awaiting only the database): the version commits or rolls back with the rest.
   * @example const content = await versions.capture(id); await transaction(db, async (trx) => { …; const v = await versions.takeIn(trx, content, "minutes", name, userId); … });
   */
  takeIn(trx: Db, content: VersionContent, kind: VersionKind, name: string, userId: string | null): Promise<VersionRow>;
  /**
   * Restores a version: its content becomes a new change on top of today's state,
   * followed by a new version of kind "restore". Earlier versions stay as they are.
   * @returns the new version
   */
  restore(scorecardId: string, versionId: number, userId: string, reason: string): Promise<VersionRow>;
  /** Told after every stored change; takes the hourly automatic version when due (rejects when it cannot be stored). */
  noteActivity(scorecardId: string, lastSeq: number): Promise<void>;
  /** Told when a session of editing ended (the room unloads); versions unsaved changes (rejects when they cannot be stored). */
  noteIdle(scorecardId: string, lastSeq: number): Promise<void>;
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
 * @example await service.take(scorecardId, "named", "Stand nach Klausur", userId)
 */
export function createVersionService(deps: VersionServiceDeps): VersionService {
  const { db, collab } = deps;
  const now = deps.now ?? Date.now;
  const autoAfter = deps.autoVersionAfterMs ?? 60 * 60 * 1000;
  /** Per scorecard: the newest version's seq, and when the first change after it was seen. */
  const tracked = new Map<string, { versionSeq: number; firstChangeAt: number | null }>();

  async function track(scorecardId: string) {
    let entry = tracked.get(scorecardId);
    if (!entry) {
      const versionSeq = (await latestVersion(db, scorecardId))?.upToSeq ?? 0;
      // Another call may have started tracking while this one read.
      entry = tracked.get(scorecardId) ?? { versionSeq, firstChangeAt: null };
      tracked.set(scorecardId, entry);
    }
    return entry;
  }

  async function capture(scorecardId: string): Promise<VersionContent> {
    const { state, upToSeq } = await collab.documentState(scorecardId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const periods = Array.from(new Set(kpiBlocksOf(yDocToDocumentJson(doc)).map((block) => block.period)));
    doc.destroy();
    const kpis = await deps.kpis.snapshotFor(scorecardId, periods);
    return { scorecardId, state, upToSeq, kpisJson: JSON.stringify(kpis) };
  }

  async function take(scorecardId: string, kind: VersionKind, name: string, userId: string | null): Promise<VersionRow> {
    return (await takeUnless(db, await capture(scorecardId), kind, name, userId, false))!;
  }

  /**
   * Takes a version; an automatic one (`onlyIfNew`) only if no version covers the captured
   * state yet. Several server processes may decide at the same moment that the hourly or
   * end-of-session version is due: the re-check and the insert share one transaction
   * under the scorecard's lock, so only the first takes it.
   * @returns the version, or null when another one already covers the state
   */
  async function takeUnless(outer: Db, content: VersionContent, kind: VersionKind, name: string, userId: string | null, onlyIfNew: boolean): Promise<VersionRow | null> {
    const { scorecardId, state, upToSeq, kpisJson } = content;
    const version = await transaction(outer, async (trx): Promise<VersionRow | null> => {
      await lockVersions(trx, scorecardId);
      const previousSeq = (await latestVersion(trx, scorecardId))?.upToSeq ?? 0;
      if (onlyIfNew && previousSeq >= upToSeq) return null;
      const authors = await createDocUpdateStore(trx).authors(scorecardId, Math.min(previousSeq, upToSeq), upToSeq);
      return insertVersion(trx, { scorecardId, kind, name, createdBy: userId, createdAt: now(), upToSeq, state, kpisJson, authorsJson: JSON.stringify(authors) });
    });
    if (version) tracked.set(scorecardId, { versionSeq: upToSeq, firstChangeAt: null });
    return version;
  }

  async function takeAutomatic(scorecardId: string, name: string): Promise<void> {
    await takeUnless(db, await capture(scorecardId), "auto", name, null, true);
  }

  /** Follows a version another server process took since this one last looked. */
  async function notice(scorecardId: string, lastSeq: number): ReturnType<typeof track> {
    const entry = await track(scorecardId);
    const newest = (await latestVersion(db, scorecardId))?.upToSeq ?? 0;
    if (newest > entry.versionSeq) {
      entry.versionSeq = newest;
      entry.firstChangeAt = lastSeq > newest ? now() : null;
    }
    return entry;
  }

  return {
    take,
    capture,

    async takeIn(trx, content, kind, name, userId) {
      return (await takeUnless(trx, content, kind, name, userId, false))!;
    },

    async restore(scorecardId, versionId, userId, reason) {
      const version = await findVersion(db, scorecardId, versionId);
      if (!version) throw notFound("Version");
      const older = new Y.Doc();
      Y.applyUpdate(older, version.state);
      try {
        await collab.change(scorecardId, userId, (live) => restoreInto(live, older));
      } finally {
        older.destroy();
      }
      const content = await capture(scorecardId);
      // The new version and the event that explains it are stored together.
      return transaction(db, async (trx) => {
        const restored = (await takeUnless(trx, content, "restore", `Wiederherstellung von Version ${version.number}`, userId, false))!;
        await recordAuditEvent(trx, {
          kind: "version.restored",
          scorecardId,
          userId,
          detail: { restoredVersion: version.number, restoredVersionId: version.id, newVersion: restored.number, reason },
        });
        return restored;
      });
    },

    async noteActivity(scorecardId, lastSeq) {
      let entry = await track(scorecardId);
      if (lastSeq <= entry.versionSeq) return;
      entry.firstChangeAt ??= now();
      if (!hourlyVersionDue(entry.firstChangeAt, now(), autoAfter)) return;
      // Another process may have taken one meanwhile; then the hour starts again from it.
      entry = await notice(scorecardId, lastSeq);
      if (hourlyVersionDue(entry.firstChangeAt, now(), autoAfter)) await takeAutomatic(scorecardId, AUTO_VERSION_NAMES.hourly);
    },

    async noteIdle(scorecardId, lastSeq) {
      if (lastSeq > (await notice(scorecardId, lastSeq)).versionSeq) await takeAutomatic(scorecardId, AUTO_VERSION_NAMES.sessionEnd);
    },
  };
}
