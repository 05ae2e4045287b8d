import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { CompiledQuery, Kysely, PostgresDialect, sql, SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect, type Driver } from "kysely";
import pg from "pg";
import { isPostgres } from "./engine";
import { migrate } from "./migrations";
import type { Tables } from "./schema";

/**
 * The database, on both engines: Kysely over the typed schema of every table
 * (`schema.ts`), on SQLite (better-sqlite3) or PostgreSQL (a `pg` pool). Every store takes
 * it first and returns a promise; inside a transaction it is the transaction (Kysely's
 * `Transaction` is a `Kysely`), so a store called with it runs in that transaction.
 */
export type Db = Kysely<Tables>;

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

export { isPostgres };

/** Connections of one process's pool: enough for the rooms and requests that wait at once, far below PostgreSQL's 100. */
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 8);

/**
 * Opens (and creates if needed) the database and applies pending migrations.
 * @param location - a SQLite file path, ":memory:" for tests, or a postgres:// URL
 *   (optionally with `?schema=name`, created if missing)
 * @returns the open database; `closeDatabase` ends it
 */
export async function openDatabase(location: string): Promise<Db> {
  const db = isPostgresUrl(location) ? await openPostgres(location, false) : openSqlite(location, false);
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Opens an existing database read-only, without migrating it: for checks that must not
 * change what they check (audit:verify) and for the history worker's reads.
 * @param location - a SQLite file (must exist) or a postgres:// URL
 */
export async function openDatabaseForReading(location: string): Promise<Db> {
  return isPostgresUrl(location) ? openPostgres(location, true) : openSqlite(location, true);
}

/** Closes the database (the SQLite handle, or every connection of the pool). */
export async function closeDatabase(db: Db): Promise<void> {
  await db.destroy();
}

/**
 * Runs `work` in a transaction, committed when it resolves and rolled back when it throws.
 * Called with a transaction, it joins it: a store that needs several statements together
 * can be called alone or as part of a larger transaction. Inside, use only `trx`: on SQLite
 * the one connection belongs to the transaction until it ends, so a statement on the outer
 * handle would wait for it forever. Await nothing but the database inside (no network, no
 * password hashing): the transaction holds its connection (on SQLite the only one) meanwhile.
 * @example const id = await transaction(db, async (trx) => { await lockKey(trx, "audit_events"); return insert(trx, row); });
 */
export async function transaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((trx) => work(trx));
}

/**
 * Serialises writers of a named chain (e.g. the audit events) across processes until the
 * transaction ends. SQLite needs nothing, since its write transactions (BEGIN IMMEDIATE)
 * already exclude each other; PostgreSQL takes a transaction-scoped advisory lock.
 * @param trx - an open transaction
 */
export async function lockKey(trx: Db, key: string): Promise<void> {
  if (!isPostgres(trx)) return;
  if (!trx.isTransaction) throw new Error(`lock "${key}" taken outside a transaction`);
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** Serialises appends to one scorecard's update chain ([SYNC7a]); see `lockKey`. */
export function lockScorecard(trx: Db, scorecardId: string): Promise<void> {
  return lockKey(trx, `scorecard:${scorecardId}`);
}

/** Serialises writers of one scorecard's versions (re-check the newest, then append); see `lockKey`. */
export function lockVersions(trx: Db, scorecardId: string): Promise<void> {
  return lockKey(trx, `versions:${scorecardId}`);
}

/** Whether the database answers a trivial query (health checks); never throws. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

function openSqlite(location: string, readOnly: boolean): Db {
  if (!readOnly && location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
  const handle = readOnly ? new Database(location, { readonly: true, fileMustExist: true }) : new Database(location);
  if (!readOnly) {
    handle.pragma("journal_mode = WAL");
    // NORMAL in WAL mode keeps every committed transaction across a process crash
    // (SIGKILL); only a power loss could lose the last moments.
    handle.pragma("synchronous = NORMAL");
    handle.pragma("foreign_keys = ON");
  }
  // Waiting for another handle's write lock happens asynchronously (see BusyRetryingSqliteDialect):
  // SQLite's own busy wait would block the event loop, and with it the other handle's commit
  // when both live in this process.
  handle.pragma("busy_timeout = 0");
  // Statements prepared once per handle: on the hot paths (every WebSocket upgrade and
  // request checks a session, a user and a scorecard) SQLite's parser would cost more than
  // the query. Kysely never switches a statement's mode (pluck, raw), so sharing is safe.
  const statements = new Map<string, Database.Statement>();
  const database = {
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = handle.prepare(text)));
      return statement;
    },
    close: () => handle.close(),
  };
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database }) });
  if (!readOnly) sqliteHandles.set(db, handle);
  return db;
}

const sqliteHandles = new WeakMap<Db, Database.Database>();

/**
 * The better-sqlite3 handle under a writable SQLite database (not a transaction on it), for
 * a store whose hot path runs its statements synchronously; null on PostgreSQL. Only whole
 * transactions may run on it, and only while `inTransaction` is false: Kysely's transaction
 * on the same handle may be open between two of its statements.
 */
export function sqliteHandle(db: Db): Database.Database | null {
  return sqliteHandles.get(db) ?? null;
}

/**
 * SQLite whose transactions take the write lock at their start (BEGIN IMMEDIATE): a
 * transaction that reads a chain head and then appends cannot be overtaken by another
 * process between the two, and never fails half-way for a lock it could not upgrade. A
 * statement that finds the database locked by another handle (another process, or a second
 * handle of this one) waits without blocking the event loop and tries again.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver() as SqliteDriver;
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = async () => waitingWhileBusy(await acquire());
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

/** How long a statement waits in all for another handle's write lock: as long as SQLite's busy_timeout used to. */
const BUSY_WAIT_MS = 5_000;

function waitingWhileBusy(connection: DatabaseConnection): DatabaseConnection {
  return {
    async executeQuery(query) {
      const started = Date.now();
      for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          // A locked database refuses the statement before it ran, so running it again is safe.
          if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() - started > BUSY_WAIT_MS) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}

async function openPostgres(location: string, readOnly: boolean): Promise<Db> {
  const url = new URL(location);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema must be lower-case letters, digits and _, got "${schema}"`);
  const settings = [schema ? `-c search_path=${schema}` : "", readOnly ? "-c default_transaction_read_only=on" : ""].filter(Boolean).join(" ");
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: POOL_SIZE,
    idleTimeoutMillis: Number(process.env.DATABASE_POOL_IDLE_MS ?? 10_000),
    application_name: "steuerrad",
    ...(settings ? { options: settings } : {}),
    types: { getTypeParser: numbersAsNumbers },
  });
  // An idle connection the server dropped (restart, pg_terminate_backend) leaves the pool,
  // which opens a new one for the next query; the error must not end the process.
  pool.on("error", () => {});
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) as Dialect });
  if (readOnly) return db;
  try {
    if (schema) await ignoringRace(sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db));
    const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db);
    if (!rows[0]?.schema) throw new Error("the database has no schema to create tables in (check search_path or ?schema=)");
    // SQLite's COLLATE NOCASE: equal and unique regardless of case (users' e-mail addresses).
    await ignoringRace(sql`CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`.execute(db));
  } catch (error) {
    await db.destroy();
    throw new Error(`cannot open the PostgreSQL database ${describeLocation(location)}: ${(error as Error).message}`);
  }
  return db;
}

/**
 * Processes starting together on a fresh database both create the schema and the collation:
 * "IF NOT EXISTS" does not hold against a concurrent creation, whose loser fails with a
 * unique violation although what it wanted now exists.
 */
async function ignoringRace(creation: Promise<unknown>): Promise<void> {
  try {
    await creation;
  } catch (error) {
    if (!["23505", "42P06", "42710"].includes((error as { code?: string }).code ?? "")) throw error;
  }
}

// BIGINT (milliseconds, sequence numbers, counts) and NUMERIC (sums) as JavaScript numbers,
// as SQLite returns them; the values stay far below 2^53.
const numbersAsNumbers = ((oid: number, format?: string) => {
  if (oid === 20 || oid === 1700) return Number;
  return pg.types.getTypeParser(oid, format as "text");
}) as typeof pg.types.getTypeParser;
