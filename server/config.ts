import { join, resolve } from "node:path";
import { Limits } from "../shared/limits";
import type { LogLevel } from "./log";
import { parseTrustedProxies, type TrustedProxies } from "./http/clientAddress";
import { loadMailSettings, type MailSettings } from "./mail/mailSettings";

/** Everything the server reads from its environment. */
export interface Config extends MailSettings {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** Folder for the SQLite database. */
  dataDir: string;
  /** Database file, or ":memory:". */
  databaseFile: string;
  /** PostgreSQL instead of SQLite for all storage (DATABASE_URL, postgres://…). */
  databaseUrl: string | undefined;
  /** Redis, to let several server processes serve the same scorecards (REDIS_URL, redis://…). */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis (REDIS_PREFIX). */
  redisPrefix: string;
  /** Folder of the built client, served as static files. */
  clientDir: string;
  /**
   * Whether an empty database gets the demo organisations, users and scorecards (SEED_DEMO
   * `true` or `users`). Unset, only a local start seeds it: SQLite and no NODE_ENV=production.
   */
  seedDemo: boolean;
  /**
   * Whether the demo also gets its living year (agreements, five years of figures, measures,
   * talks, questions, topics, versions; `server/demo/livingYear.ts`): SEED_DEMO `true`, the
   * default. `users` gives the bare demo that the tests build on.
   */
  seedLivingYear: boolean;
  /** Password of every demo user. */
  demoPassword: string;
  /**
   * Whether the seeded demo users must change their password at first login
   * (DEMO_PASSWORD_CHANGE; unset: on PostgreSQL or with NODE_ENV=production).
   */
  demoPasswordChange: boolean;
  /** Bearer token for `/metrics` (METRICS_TOKEN); undefined turns the route off (404). */
  metricsToken: string | undefined;
  /** Largest WebSocket message in bytes. */
  maxMessageBytes: number;
  /** Largest scorecard document in bytes (encoded). */
  maxDocumentBytes: number;
  /** Collaboration connections per user. */
  maxConnectionsPerUser: number;
  /** How long an empty room stays loaded. */
  roomUnloadDelayMs: number;
  /** Checkpoint a document on unload after this many new updates. */
  checkpointEvery: number;
  /** Force the Secure cookie flag on or off; undefined means "when the request is HTTPS". */
  secureCookie: boolean | undefined;
  /** Origins allowed besides the server's own (e.g. behind a proxy). */
  allowedOrigins: string[];
  /** Lowest log level written. */
  logLevel: LogLevel | "silent";
  /** Years a deleted scorecard's history is kept before it is purged. */
  retentionYears: number;
  /** The app's address as users reach it, for links in mails (no trailing slash). */
  publicUrl: string;
  /** How often the job scheduler looks for due jobs (circulations), also ones other processes scheduled. */
  jobPollMs: number;
  /** Proxies whose X-Forwarded-For names the client, for the login throttle and logs (TRUST_PROXY; none by default). */
  trustProxy: TrustedProxies;
  /** How often each collaboration connection is pinged; one without an answer by the next ping is closed (WS_PING_MS). */
  wsPingMs: number;
  /** On SIGTERM, how long the server keeps serving while readiness already answers 503 (SHUTDOWN_DRAIN_MS). */
  shutdownDrainMs: number;
}

/** The demo password when DEMO_PASSWORD is not set; the README names it. */
export const DEFAULT_DEMO_PASSWORD = "steuerrad-demo";

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function url(value: string | undefined, schemes: string[], name: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, "");
  } catch {
    throw new Error(`${name} must be a URL (${schemes[0]}://…), got "${value}"`);
  }
  if (!schemes.includes(scheme)) throw new Error(`${name} must start with ${schemes.map((s) => `${s}://`).join(" or ")}, got "${value}"`);
  return value;
}

/**
 * SEED_DEMO: `true` the demo with its living year, `users` only organisations, users and
 * empty scorecards, `false` nothing. Unset means `true` only for a local start: a shared
 * database or a production start must never get users with the README's password by accident.
 */
function seedMode(value: string | undefined, local: boolean): { seedDemo: boolean; seedLivingYear: boolean } {
  if (value !== undefined && value.trim().toLowerCase() === "users") return { seedDemo: true, seedLivingYear: false };
  const on = flag(value) ?? local;
  return { seedDemo: on, seedLivingYear: on };
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return !["false", "0", "no", "off"].includes(value.toLowerCase());
}

/**
 * Reads the configuration from environment variables (see README, "Configuration").
 * @param env - the environment, normally process.env
 * @throws Error naming the variable when a value is malformed
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || "./data");
  const logLevel = (env.LOG_LEVEL || "info") as Config["logLevel"];
  if (!["debug", "info", "warn", "error", "silent"].includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be debug, info, warn, error or silent, got "${logLevel}"`);
  }
  const port = integer(env.PORT, 8080, "PORT");
  const databaseUrl = url(env.DATABASE_URL, ["postgres", "postgresql"], "DATABASE_URL");
  const production = env.NODE_ENV === "production";
  return {
    port,
    host: env.HOST || "0.0.0.0",
    dataDir,
    databaseFile: env.DATABASE_FILE || join(dataDir, "steuerrad.sqlite"),
    databaseUrl,
    redisUrl: url(env.REDIS_URL, ["redis", "rediss"], "REDIS_URL"),
    redisPrefix: env.REDIS_PREFIX || "steuerrad",
    clientDir: resolve(env.CLIENT_DIR || "dist/client"),
    ...seedMode(env.SEED_DEMO, !databaseUrl && !production),
    demoPassword: env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    demoPasswordChange: flag(env.DEMO_PASSWORD_CHANGE) ?? (databaseUrl !== undefined || production),
    metricsToken: env.METRICS_TOKEN || undefined,
    maxMessageBytes: integer(env.MAX_MESSAGE_BYTES, Limits.maxMessageBytes, "MAX_MESSAGE_BYTES"),
    maxDocumentBytes: integer(env.MAX_DOCUMENT_BYTES, Limits.maxDocumentBytes, "MAX_DOCUMENT_BYTES"),
    maxConnectionsPerUser: integer(env.MAX_CONNECTIONS_PER_USER, Limits.maxConnectionsPerUser, "MAX_CONNECTIONS_PER_USER"),
    roomUnloadDelayMs: integer(env.ROOM_UNLOAD_DELAY_MS, 10_000, "ROOM_UNLOAD_DELAY_MS"),
    checkpointEvery: integer(env.CHECKPOINT_EVERY, 500, "CHECKPOINT_EVERY"),
    secureCookie: flag(env.COOKIE_SECURE),
    allowedOrigins: (env.ALLOWED_ORIGINS || "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel,
    retentionYears: integer(env.RETENTION_YEARS, 10, "RETENTION_YEARS"),
    ...loadMailSettings(env, dataDir),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    jobPollMs: integer(env.JOB_POLL_MS, 15_000, "JOB_POLL_MS"),
    trustProxy: parseTrustedProxies(env.TRUST_PROXY),
    wsPingMs: integer(env.WS_PING_MS, 30_000, "WS_PING_MS"),
    shutdownDrainMs: integer(env.SHUTDOWN_DRAIN_MS, 5_000, "SHUTDOWN_DRAIN_MS"),
  };
}
