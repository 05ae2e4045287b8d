import type { Db } from "../persistence/db";
import type { DocUpdateLog } from "../persistence/docUpdateLog";
import type { Logger } from "../log";
import type { TrustedProxies } from "../http/clientAddress";
import type { Connection } from "./Connection";
import type { InstanceBus } from "./InstanceBus";
import type { RetryPolicy } from "./RoomCommit";

/** Settings of the collaboration server. */
export interface CollabServerOptions {
  /** The database (sessions, users, scorecards). */
  db: Db;
  /** The document history, asynchronous: a room waiting on storage never delays another. */
  log: DocUpdateLog;
  /** Largest accepted message in bytes. */
  maxMessageBytes: number;
  /** Largest scorecard document in bytes (default Limits.maxDocumentBytes). */
  maxDocumentBytes?: number;
  /** Open connections per user. */
  maxConnectionsPerUser: number;
  /** How long an empty room stays loaded, so a flaky reconnect does not reload it. */
  roomUnloadDelayMs: number;
  /** Checkpoint policy. */
  checkpointEvery: number;
  /** Origins allowed besides the request's own host. */
  allowedOrigins: string[];
  /** How often open connections are checked for ended sessions (default one minute). */
  sessionCheckIntervalMs?: number;
  /** Structured log. */
  logger: Logger;
  /** Answers KPI queries and pushes KPI values (optional: without it, KPI queries are ignored). */
  kpi?: { handleQuery(connection: Connection, periods: string[]): void; forget(connection: Connection): void };
  /** Told after a room's updates, from a client or the server, were stored (for the hourly automatic version). */
  onActivity?(scorecardId: string, lastSeq: number): void;
  /**
   * Told when a session of editing ended: without a bus, when the room unloads with all its
   * updates stored; with a bus, once no other process has connections to the scorecard
   * either ([SYNC21]).
   */
  onIdle?(scorecardId: string, lastSeq: number): void;
  /** The other server processes serving the same scorecards (REDIS_URL); none: this is the only one. */
  bus?: InstanceBus;
  /** How often each connection is pinged; one that missed the previous ping is closed (default 30 s, 0 off). */
  pingIntervalMs?: number;
  /** Proxies whose X-Forwarded-For names the client in log lines (TRUST_PROXY; default none). */
  trustProxy?: TrustedProxies;
  /** Told for every document update sent on to a connection (metrics). */
  onUpdateRelayed?(): void;
  /** How a room retries storing before it gives up (default about three seconds). */
  retry?: RetryPolicy;
}
