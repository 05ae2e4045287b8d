/**
 * A complete talk stack (database, collaboration, versions, mailer, talk service,
 * scheduler) on a database file, with a clock the caller controls. Used by the talk tests
 * and by `circulationWorker.ts`, which runs one in a child process, so several "servers"
 * can share one database file as in production.
 */
import type { KpiSnapshot } from "../../../shared/domain/kpiSnapshot";
import { testDatabaseLocation } from "../../../tests/fixtures/testDatabase";
import { openDatabase, type Db } from "../../persistence/db";
import { createDocUpdateStore, type DocUpdateStore } from "../../persistence/docUpdates";
import { createCollabServer, type CollabServer } from "../../sync/CollabServer";
import { createVersionService, type VersionService } from "../../versions/versionService";
import { createLogger } from "../../log";
import { createMailer, type Mailer } from "../../mail/mailer";
import type { SmtpSettings } from "../../mail/mailSettings";
import { createScheduler, type Scheduler } from "../../jobs/scheduler";
import { createTalkService, type TalkService } from "../talkService";
import type { ExportVersion } from "../talkDelivery";

/** The public address used in test mails. */
export const TEST_PUBLIC_URL = "https://steuerrad.test";

/**
 * A stand-in for the Word and PDF export: two small files named like the real ones.
 * @example await fakeExport("sc-1", 7) // [{ name: "BSC_Test_7_Vorabversand.docx", … }, { name: "…pdf", … }]
 */
export const fakeExport: ExportVersion = async (scorecardId, versionId) => [
  { name: `BSC_Test_${versionId}_Vorabversand.docx`, content: Buffer.from(`docx of ${scorecardId} version ${versionId}`), contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { name: `BSC_Test_${versionId}_Vorabversand.pdf`, content: Buffer.from(`%PDF-1.4 ${versionId}`), contentType: "application/pdf" },
];

/** Options of a test stack. */
export interface TalkStackOptions {
  /** Database file (shared between stacks), or ":memory:". */
  databaseFile: string;
  /** The time. */
  clock: () => number;
  /** Outbox folder, when there is no SMTP server. */
  outboxDir: string;
  /** An SMTP server instead of the outbox. */
  smtp?: SmtpSettings;
  /** The export (default `fakeExport`); receives the stack's parts for a real one. */
  exportVersion?: (parts: { db: Db; collab: CollabServer }) => ExportVersion;
  /** A name for the scheduler's claims. */
  workerId?: string;
  /** The KPI values versions freeze (default: none). */
  kpis?: (scorecardId: string, periods: string[]) => KpiSnapshot;
}

/** A running test stack. */
export interface TalkStack {
  /** This stack's own connection to the database. */
  db: Db;
  /** The document history. */
  store: DocUpdateStore;
  /** Collaboration (documents are read and changed through it). */
  collab: CollabServer;
  /** Versions, with the stack's clock. */
  versions: VersionService;
  /** Mails into the outbox folder or to the SMTP server. */
  mailer: Mailer;
  /** The talk service. */
  talks: TalkService;
  /** The scheduler (polls hourly; tests call `runDueNow`). */
  scheduler: Scheduler;
  /** Stops the scheduler, closes the collaboration server, mailer and database. */
  close(): Promise<void>;
}

/**
 * Builds a talk stack on a database file.
 * @param options - file, clock, mail, export
 */
export function createTalkStack(options: TalkStackOptions): TalkStack {
  const db = openDatabase(testDatabaseLocation(options.databaseFile));
  const store = createDocUpdateStore(db);
  const logger = createLogger("silent");
  let versions: VersionService | undefined;
  const collab = createCollabServer({
    db,
    store,
    maxMessageBytes: 1024 * 1024,
    maxConnectionsPerUser: 20,
    roomUnloadDelayMs: 0,
    checkpointEvery: 500,
    allowedOrigins: [],
    logger,
    onActivity: (scorecardId, lastSeq) => versions?.noteActivity(scorecardId, lastSeq),
    onIdle: (scorecardId, lastSeq) => versions?.noteIdle(scorecardId, lastSeq),
  });
  versions = createVersionService({
    db,
    store,
    collab,
    now: options.clock,
    kpis: { snapshotFor: options.kpis ?? (() => ({ scope: "provider", name: null, periods: {}, computedAt: new Date(options.clock()).toISOString() })) },
  });
  const mailer = createMailer({ db, settings: { smtp: options.smtp ?? null, mailFrom: "Steuerrad <steuerrad@test.example>", outboxDir: options.outboxDir }, clock: options.clock, logger });
  const talks = createTalkService({
    db,
    collab,
    versions,
    mailer,
    exportVersion: options.exportVersion ? options.exportVersion({ db, collab }) : fakeExport,
    publicUrl: TEST_PUBLIC_URL,
    clock: options.clock,
    logger,
  });
  const scheduler = createScheduler({ db, clock: options.clock, handlers: talks.jobHandlers(), pollMs: 60 * 60 * 1000, workerId: options.workerId, logger });
  return {
    db,
    store,
    collab,
    versions,
    mailer,
    talks,
    scheduler,
    async close() {
      await scheduler.stop();
      collab.close();
      mailer.close();
      db.close();
    },
  };
}
