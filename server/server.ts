import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Config } from "./config";
import { closeDatabase, openDatabase, type Db } from "./persistence/db";
import type { CollabServer } from "./sync/CollabServer";
import { createRedisBus } from "./sync/RedisBus";
import { createApp } from "./app";
import { createLogger, type Logger } from "./log";
import { seedDemo } from "./demo/seed";
import { createMetrics } from "./ops/metrics";
import { seedLivingYear } from "./demo/livingYear";
import { purgeExpiredScorecards } from "./scorecards/scorecardDeletion";
import { purgeExpiredSessions } from "./auth/sessions";
import { createHistoryRunner } from "./history/historyRunner";
import { markShuttingDown } from "./ops/readiness";
import { createServices } from "./services";

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
  const db = await openDatabase(databaseLocation);
  // The services are created further down, with the instrumented store; the metrics read them
  // only when scraped, which the app created after them serves.
  const metrics = createMetrics({ db, collab: () => services.collab, redis: config.redisUrl !== undefined });
  // Several processes serve the same scorecards through Redis; without REDIS_URL there is no bus at all.
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl, config.redisPrefix, logger) : undefined;
  // While the demo's living year is written, its dated versions are the history; no
  // automatic version of today may slip in between them.
  let writingDemo = false;
  const services = createServices({
    db,
    logger,
    collab: {
      maxMessageBytes: config.maxMessageBytes,
      maxDocumentBytes: config.maxDocumentBytes,
      maxConnectionsPerUser: config.maxConnectionsPerUser,
      roomUnloadDelayMs: config.roomUnloadDelayMs,
      checkpointEvery: config.checkpointEvery,
      allowedOrigins: config.allowedOrigins,
      pingIntervalMs: config.wsPingMs,
      trustProxy: config.trustProxy,
    },
    bus,
    metrics,
    mail: config,
    publicUrl: config.publicUrl,
    jobPollMs: config.jobPollMs,
    versionsPaused: () => writingDemo,
  });
  const { store, kpiPublisher, collab, versions, currentKpis, exportVersion, talks, scheduler } = services;
  const seeded = config.seedDemo ? await seedDemo(db, store, config.demoPassword, { mustChangePassword: config.demoPasswordChange }) : false;
  const history = createHistoryRunner(databaseLocation, db, store, logger);
  // Only on the start that created the demo, so a restart never adds a second year.
  if (seeded && config.seedLivingYear) {
    writingDemo = true;
    try {
      await seedLivingYear({ db, store, collab, kpis: kpiPublisher, mailSettings: config, exportVersion, publicUrl: config.publicUrl, logger });
    } finally {
      writingDemo = false;
    }
  }
  const { app } = createApp({ db, store, collab, config, logger, kpiEvents: kpiPublisher, versions, history, currentKpis, talks, metrics });
  await runHousekeeping(db, logger);
  const purgeTimer = setInterval(() => void runHousekeeping(db, logger), 24 * 60 * 60 * 1000);
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
      await history.close();
      await services.close();
      await bus?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await closeDatabase(db);
    },
  };
}

/**
 * The housekeeping run at start and once a day: purges the deleted scorecards past their
 * retention period and deletes expired sessions. Failures are logged, never thrown, so
 * one task failing does not keep the other from running.
 * @param logger - receives what was done and what failed
 * @param now - the time, ms since the epoch
 */
export async function runHousekeeping(db: Db, logger: Logger, now = Date.now()): Promise<void> {
  try {
    const purged = await purgeExpiredScorecards(db, logger, now);
    if (purged.length > 0) logger.log("info", "purged deleted scorecards after retention", { scorecards: purged });
  } catch (error) {
    logger.log("error", "purging deleted scorecards failed", { error: (error as Error).message });
  }
  try {
    const sessions = await purgeExpiredSessions(db, now);
    if (sessions > 0) logger.log("info", "deleted expired sessions", { sessions });
  } catch (error) {
    logger.log("error", "deleting expired sessions failed", { error: (error as Error).message });
  }
}
