import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Config } from "./config";
import { openDatabase, type Db } from "./persistence/db";
import { createDocUpdateStore } from "./persistence/docUpdates";
import { createCollabServer, type CollabServer } from "./sync/CollabServer";
import { createRedisBus } from "./sync/InstanceBus";
import { createApp } from "./app";
import { createLogger, type Logger } from "./log";
import { seedDemo } from "./demo/seed";
import { createMetrics } from "./ops/metrics";
import { seedLivingYear } from "./demo/livingYear";
import { createKpiPublisher } from "./kpi/kpiPublisher";
import { loadProviderDataset } from "./controlling/kpiService";
import { createVersionService, type VersionService } from "./versions/versionService";
import { purgeExpiredScorecards } from "./scorecards/scorecardDeletion";
import { createHistoryRunner } from "./history/historyRunner";
import { createMailer } from "./mail/mailer";
import { createTalkService } from "./talks/talkService";
import { createVersionExporter } from "./exports/exportFiles";
import { createScheduler, type Scheduler } from "./jobs/scheduler";
import { createQuestionMailer } from "./comments/questionMail";
import { markShuttingDown } from "./ops/readiness";

/** A running Steuerrad server. */
export interface RunningServer {
  /** Base URL, e.g. http://localhost:8080. */
  url: string;
  /** The port actually bound. */
  port: number;
  /** The database. */
  db: Db;
  /** The collaboration server. */
  collab: CollabServer;
  /** Whether the demo was created on this start. */
  seeded: boolean;
  /** Closes connections (clients reconnect), flushes checkpoints, stops listening and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP API, the static client and the collaboration WebSocket on one port.
 * @param config - settings
 * @param logger - log, by default per `config.logLevel`
 */
export async function startServer(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  // PostgreSQL when DATABASE_URL is set, else the SQLite file.
  const databaseLocation = config.databaseUrl ?? config.databaseFile;
  const db = openDatabase(databaseLocation);
  // The collaboration server is created further down; the metrics read it when scraped.
  let collabForMetrics: CollabServer | undefined;
  const metrics = createMetrics({ db, collab: () => collabForMetrics, redis: config.redisUrl !== undefined });
  const store = metrics.instrumentStore(createDocUpdateStore(db));
  const seeded = config.seedDemo ? await seedDemo(db, store, config.demoPassword, { mustChangePassword: config.demoPasswordChange }) : false;
  // Several processes serve the same scorecards through Redis; without REDIS_URL there is no bus at all.
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl, config.redisPrefix, logger) : undefined;
  const kpiPublisher = createKpiPublisher({ db, loadDataset: (providerId) => loadProviderDataset(db, providerId), logger });
  // The collaboration server tells the version service about edits; the service reads
  // documents through the collaboration server, so one of them is bound late.
  let versions: VersionService | undefined;
  // While the demo's living year is written, its dated versions are the history; no
  // automatic version of today may slip in between them.
  let writingDemo = false;
  const collab = createCollabServer({
    db,
    store,
    maxMessageBytes: config.maxMessageBytes,
    maxDocumentBytes: config.maxDocumentBytes,
    maxConnectionsPerUser: config.maxConnectionsPerUser,
    roomUnloadDelayMs: config.roomUnloadDelayMs,
    checkpointEvery: config.checkpointEvery,
    allowedOrigins: config.allowedOrigins,
    logger,
    kpi: kpiPublisher,
    onActivity: (scorecardId, lastSeq) => (writingDemo ? undefined : versions?.noteActivity(scorecardId, lastSeq)),
    onIdle: (scorecardId, lastSeq) => (writingDemo ? undefined : versions?.noteIdle(scorecardId, lastSeq)),
    bus,
    pingIntervalMs: config.wsPingMs,
    trustProxy: config.trustProxy,
  });
  versions = createVersionService({ db, store, collab, kpis: kpiPublisher });
  const history = createHistoryRunner(databaseLocation, db, store, logger);
  const currentKpis = (scorecardId: string, periods: string[]) => kpiPublisher.snapshotFor(scorecardId, periods);
  const mailer = createMailer({ db, settings: config, logger });
  // Created after the talk service, which nudges it for a circulation at short notice.
  let scheduler: Scheduler | undefined;
  const exportVersion = createVersionExporter({ db, collab, currentKpis });
  const talks = createTalkService({
    db,
    collab,
    versions,
    mailer,
    exportVersion,
    publicUrl: config.publicUrl,
    kpiEvents: kpiPublisher,
    logger,
    jobsDue: () => void scheduler?.runDueNow().catch((error: Error) => logger.log("error", "job pass failed", { error: error.message })),
  });
  const questionMails = createQuestionMailer({ db, collab, mailer, publicUrl: config.publicUrl, logger });
  scheduler = createScheduler({ db, clock: Date.now, handlers: { ...talks.jobHandlers(), ...questionMails.jobHandlers() }, pollMs: config.jobPollMs, logger });
  // Only on the start that created the demo, so a restart never adds a second year.
  if (seeded && config.seedLivingYear) {
    writingDemo = true;
    try {
      await seedLivingYear({ db, store, collab, kpis: kpiPublisher, mailSettings: config, exportVersion, publicUrl: config.publicUrl, logger });
    } finally {
      writingDemo = false;
    }
  }
  collabForMetrics = collab;
  const { app } = createApp({ db, store, collab, config, logger, kpiEvents: kpiPublisher, versions, history, currentKpis, talks, metrics });
  // Deleted scorecards past their retention period are purged at start and once a day.
  const purge = () => {
    try {
      const purged = purgeExpiredScorecards(db);
      if (purged.length > 0) logger.log("info", "purged deleted scorecards after retention", { scorecards: purged });
    } catch (error) {
      logger.log("error", "purging deleted scorecards failed", { error: (error as Error).message });
    }
  };
  purge();
  const purgeTimer = setInterval(purge, 24 * 60 * 60 * 1000);
  purgeTimer.unref();

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  server.on("upgrade", (request, socket, head) => collab.handleUpgrade(request, socket, head));
  const port = (server.address() as AddressInfo).port;
  // Circulations that fell due while the server was down go out now; then it polls.
  await scheduler.start();

  return {
    url: `http://localhost:${port}`,
    port,
    db,
    collab,
    seeded,
    async close() {
      // Readiness answers 503 from here, so a load balancer stops sending traffic.
      markShuttingDown(db);
      clearInterval(purgeTimer);
      await scheduler.stop();
      mailer.close();
      await history.close();
      collab.close();
      await bus?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      db.close();
    },
  };
}
