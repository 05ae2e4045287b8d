import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrations } from "./migrations";
import { PgDatabase } from "./postgres/PgDatabase";
import { isPostgres } from "./engine";

/**
 * The database handle used throughout the server: better-sqlite3's, or a PostgreSQL
 * handle with the same synchronous API (server/persistence/postgres/PgDatabase.ts).
 */
export type Db = Database.Database;

/** Whether a location names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** A location as it may be shown or logged: a URL without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = "***";
  return url.toString();
}

// Lives in engine.ts so that migrations.ts can ask it without importing this module.
export { isPostgres };

/**
 * Opens (and creates if needed) the database and applies pending migrations.
 * @param location - a SQLite file path, ":memory:" for tests, or a postgres:// URL
 *   (optionally with `?schema=name`, created if missing)
 * @returns the open database
 */
export function openDatabase(location: string): Db {
  if (isPostgresUrl(location)) {
    const db = new PgDatabase(location) as unknown as Db;
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }
  const file = location;
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode keeps every committed transaction across a process crash
  // (SIGKILL); only a power loss could lose the last moments.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/**
 * Opens an existing database read-only, without migrating it: for checks that must not
 * change what they check (audit:verify) and for the history worker's reads.
 * @param location - a SQLite file (must exist) or a postgres:// URL
 */
export function openDatabaseForReading(location: string): Db {
  if (isPostgresUrl(location)) return new PgDatabase(location, { readOnly: true }) as unknown as Db;
  const db = new Database(location, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

const statementCaches = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The statement for `sql`, prepared once per database. For lookups on hot paths (every
 * WebSocket upgrade and request checks a session, a user and a scorecard), where SQLite's
 * parser would cost more than the query. Callers must not switch the statement's result
 * mode (`pluck`, `raw`, `expand`): it is shared.
 */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/**
 * Applies every migration that is not yet recorded, each in its own transaction.
 * @param db - the database
 */
export function migrate(db: Db): void {
  // Instances starting together on one PostgreSQL database migrate one after the other.
  if (isPostgres(db)) db.prepare("SELECT pg_advisory_lock(?)").get(MIGRATION_LOCK);
  try {
    applyMigrations(db);
  } finally {
    if (isPostgres(db)) db.prepare("SELECT pg_advisory_unlock(?)").get(MIGRATION_LOCK);
  }
}

// Any constant nobody else uses for an advisory lock.
const MIGRATION_LOCK = 0x5374_6575;

function applyMigrations(db: Db): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const applied = new Set((db.prepare("SELECT id FROM schema_migrations").all() as { id: number }[]).map((row) => row.id));
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)").run(migration.id, migration.name, Date.now());
    })();
  }
}

/**
 * Serialises writers of one scorecard's versions across processes (re-checking the newest
 * version, then appending one). Its own key, not the update chain's (`scorecard:<id>`, taken
 * by the asynchronous append in docUpdateLog.ts): a synchronous statement waiting for a lock
 * that an asynchronous transaction of the same process holds would block the event loop that
 * transaction needs to commit.
 */
export function lockVersions(db: Db, scorecardId: string): void {
  lockKey(db, `versions:${scorecardId}`);
}

/**
 * Serialises writers of one scorecard's history across processes: call it first inside a
 * transaction that reads a chain head or a "newest" row (updates, versions) and then writes
 * after it. SQLite needs nothing, since its write transactions ("immediate") already
 * exclude each other; PostgreSQL takes a transaction-scoped advisory lock.
 */
export function lockScorecard(db: Db, scorecardId: string): void {
  lockKey(db, `scorecard:${scorecardId}`);
}

/**
 * Serialises writers of a named chain (e.g. the audit events) until the transaction ends;
 * see `lockScorecard`.
 */
export function lockKey(db: Db, key: string): void {
  if (!isPostgres(db)) return;
  if (!db.inTransaction) throw new Error(`lock "${key}" taken outside a transaction`);
  // Sent with the transaction's next statement, which then runs under the lock.
  (db as unknown as PgDatabase).defer("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [key]);
}

/**
 * Runs a write whose outcome the caller does not read (e.g. an INSERT OR IGNORE). On
 * PostgreSQL it travels with the next statement instead of costing a round trip of its
 * own, inside a transaction, whose commit then carries it at the latest.
 */
export function writeLater(db: Db, sql: string, ...params: unknown[]): void {
  if (isPostgres(db) && db.inTransaction) (db as unknown as PgDatabase).defer(sql, params);
  else cachedStatement(db, sql).run(...params);
}
