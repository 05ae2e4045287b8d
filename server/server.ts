import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Config } from "./config";
import { openDatabase, type Db } from "./persistence/db";
import { createDocUpdateStore } from "./persistence/docUpdates";
import { createCollabServer, type CollabServer } from "./sync/CollabServer";
import { createApp } from "./app";
import { createLogger, type Logger } from "./log";
import { seedDemo } from "./demo/seed";
import { createKpiPublisher } from "./kpi/kpiPublisher";
import { loadProviderDataset } from "./controlling/kpiService";

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
  const db = openDatabase(config.databaseFile);
  const store = createDocUpdateStore(db);
  const seeded = config.seedDemo ? await seedDemo(db, store, config.demoPassword) : false;
  const kpiPublisher = createKpiPublisher({ db, loadDataset: (providerId) => loadProviderDataset(db, providerId), logger });
  const collab = createCollabServer({
    db,
    store,
    maxMessageBytes: config.maxMessageBytes,
    maxConnectionsPerUser: config.maxConnectionsPerUser,
    roomUnloadDelayMs: config.roomUnloadDelayMs,
    checkpointEvery: config.checkpointEvery,
    allowedOrigins: config.allowedOrigins,
    logger,
    kpi: kpiPublisher,
  });
  const { app } = createApp({ db, store, collab, config, logger, kpiEvents: kpiPublisher });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  server.on("upgrade", (request, socket, head) => collab.handleUpgrade(request, socket, head));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://localhost:${port}`,
    port,
    db,
    collab,
    seeded,
    async close() {
      collab.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      db.close();
    },
  };
}
