/**
 * The server's services wired together once: document store, KPI publisher, collaboration
 * server, versions, mailer, talks, question mails and the job scheduler. The server, the
 * HTTP test app and the talk test stack all build them here, so a test runs the same wiring
 * as production and differs only in its settings.
 */
import type { KpiSnapshot } from "../shared/domain/kpiSnapshot";
import type { Db } from "./persistence/db";
import { createDocUpdateStore, type DocUpdateStore } from "./persistence/docUpdates";
import { createDocUpdateLog } from "./persistence/docUpdateLog";
import { createCollabServer, type CollabServer, type CollabServerOptions } from "./sync/CollabServer";
import type { InstanceBus } from "./sync/InstanceBus";
import { createKpiPublisher, type KpiPublisher } from "./kpi/kpiPublisher";
import { loadProviderDataset } from "./controlling/kpiService";
import { createVersionService, type VersionService } from "./versions/versionService";
import { createMailer, type Mailer } from "./mail/mailer";
import type { MailSettings } from "./mail/mailSettings";
import { createTalkService, type TalkService } from "./talks/talkService";
import type { ExportVersion } from "./talks/talkDelivery";
import { createVersionExporter } from "./exports/exportFiles";
import { createScheduler, type Scheduler } from "./jobs/scheduler";
import { createQuestionMailer, type QuestionMailer } from "./comments/questionMail";
import type { Metrics } from "./ops/metrics";
import type { Logger } from "./log";

/** The KPI values a scorecard's blocks show for these periods. */
export type KpiSnapshots = (scorecardId: string, periods: string[]) => Promise<KpiSnapshot>;

/** Settings of the services. */
export interface ServiceOptions {
  /** The database; the caller opens and closes it. */
  db: Db;
  /** Structured log. */
  logger: Logger;
  /** The collaboration settings (limits, timings, origins); the rest is wired here. */
  collab: Omit<CollabServerOptions, "db" | "log" | "store" | "logger" | "kpi" | "onActivity" | "onIdle" | "bus" | "onUpdateRelayed">;
  /** The other server processes (REDIS_URL); the caller creates and closes it. */
  bus?: InstanceBus;
  /** Prometheus metrics: the store and the bus are instrumented, relays and KPI recomputations counted. */
  metrics?: Metrics;
  /** SMTP server or outbox folder, and sender. */
  mail: MailSettings;
  /** The address users reach, for the links in mails. */
  publicUrl: string;
  /** The time, ms since the epoch (tests); default Date.now. */
  clock?: () => number;
  /** The Word and PDF export of a version for the talk mails (default the real one). */
  exportVersion?: (parts: { db: Db; collab: CollabServer; currentKpis: KpiSnapshots }) => ExportVersion;
  /** The KPI values versions freeze and exports show (default the live values of the KPI publisher). */
  kpiSnapshots?: KpiSnapshots;
  /** How often the scheduler looks for due jobs (default 15 s). */
  jobPollMs?: number;
  /** The scheduler's name in its claims. */
  workerId?: string;
  /**
   * Whether a job that falls due at once (a circulation at short notice) runs at once rather
   * than at the next poll (default true; tests that run the jobs themselves turn it off).
   */
  runDueJobsAtOnce?: boolean;
  /** While it answers true, edits take no automatic version (the demo's dated history is being written). */
  versionsPaused?(): boolean;
}

/** The wired services. */
export interface Services {
  /** The document history (instrumented when there are metrics). */
  store: DocUpdateStore;
  /** Pushes KPI values; told when figures change. */
  kpiPublisher: KpiPublisher;
  /** The collaboration endpoint and its rooms. */
  collab: CollabServer;
  /** Versions: take, restore, automatic ones. */
  versions: VersionService;
  /** The KPI values of a scorecard now (versions, exports). */
  currentKpis: KpiSnapshots;
  /** The version export for the talk mails. */
  exportVersion: ExportVersion;
  /** Mails into the outbox folder or to the SMTP server. */
  mailer: Mailer;
  /** Steering talks. */
  talks: TalkService;
  /** Mails about questions and answers in comments. */
  questionMails: QuestionMailer;
  /** The job scheduler (not started: the caller starts it, or runs `runDueNow`). */
  scheduler: Scheduler;
  /** Stops the scheduler, closes the mailer and every connection; leaves the database and the bus to the caller. */
  close(): Promise<void>;
}

/**
 * Builds the services on a database.
 * @param options - database, settings and what differs between production and tests
 * @returns the services, with the collaboration server ready for upgrades and the scheduler not yet started
 * @example
 * const services = createServices({ db, logger, collab: collabSettings, mail: config, publicUrl: config.publicUrl });
 * await services.scheduler.start();
 */
export function createServices(options: ServiceOptions): Services {
  const { db, logger, metrics } = options;
  const store = createDocUpdateStore(db);
  const log = metrics ? metrics.instrumentLog(createDocUpdateLog(db)) : createDocUpdateLog(db);
  const bus = options.bus && metrics ? metrics.instrumentBus(options.bus) : options.bus;
  const kpiPublisher = createKpiPublisher({
    db,
    loadDataset: (providerId) => loadProviderDataset(db, providerId),
    logger,
    bus,
    onRecompute: metrics?.countKpiRecomputation,
  });
  const currentKpis = options.kpiSnapshots ?? ((scorecardId: string, periods: string[]) => kpiPublisher.snapshotFor(scorecardId, periods));
  const paused = () => options.versionsPaused?.() ?? false;
  // Automatic versions run beside the editing; a failure is logged, and a shutdown waits for
  // the ones under way before the database closes.
  const versionsUnderWay = new Set<Promise<void>>();
  const automaticVersion = (work: Promise<void>, scorecardId: string): void => {
    const tracked: Promise<void> = work
      .catch((error: Error) => logger.log("error", "taking an automatic version failed", { scorecardId, error: error.message }))
      .finally(() => versionsUnderWay.delete(tracked));
    versionsUnderWay.add(tracked);
  };
  // The collaboration server tells the version service about edits; the service reads
  // documents through the collaboration server, so the callbacks refer to it before it exists
  // (nothing is stored before both do).
  const collab = createCollabServer({
    ...options.collab,
    db,
    log,
    logger,
    kpi: kpiPublisher,
    onActivity: (scorecardId, lastSeq) => (paused() ? undefined : automaticVersion(versions.noteActivity(scorecardId, lastSeq), scorecardId)),
    onIdle: (scorecardId, lastSeq) => (paused() ? undefined : automaticVersion(versions.noteIdle(scorecardId, lastSeq), scorecardId)),
    bus,
    onUpdateRelayed: metrics?.countUpdateRelayed,
  });
  const versions: VersionService = createVersionService({ db, store, collab, now: options.clock, kpis: { snapshotFor: currentKpis } });
  const mailer = createMailer({ db, settings: options.mail, clock: options.clock, logger });
  const exportVersion = options.exportVersion ? options.exportVersion({ db, collab, currentKpis }) : createVersionExporter({ db, collab, currentKpis });
  // The talk service nudges the scheduler, created after it, for a circulation at short notice.
  const talks = createTalkService({
    db,
    collab,
    versions,
    mailer,
    exportVersion,
    publicUrl: options.publicUrl,
    clock: options.clock,
    kpiEvents: kpiPublisher,
    logger,
    jobsDue: options.runDueJobsAtOnce === false ? undefined : () => void scheduler.runDueNow().catch((error: Error) => logger.log("error", "job pass failed", { error: error.message })),
  });
  const questionMails = createQuestionMailer({ db, collab, mailer, publicUrl: options.publicUrl, logger });
  const scheduler: Scheduler = createScheduler({
    db,
    clock: options.clock ?? Date.now,
    handlers: { ...talks.jobHandlers(), ...questionMails.jobHandlers() },
    pollMs: options.jobPollMs,
    workerId: options.workerId,
    logger,
  });
  return {
    store,
    kpiPublisher,
    collab,
    versions,
    currentKpis,
    exportVersion,
    mailer,
    talks,
    questionMails,
    scheduler,
    async close() {
      await scheduler.stop();
      mailer.close();
      await collab.close();
      await Promise.all(versionsUnderWay);
    },
  };
}
