import { Kysely, PostgresDialect, sql, SqliteAdapter, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import { cachedStatement, type Db } from "./db";
import { isPostgres } from "./engine";
import type { PgDatabase } from "./postgres/PgDatabase";
import type { Tables } from "./schema";

/**
 * The asynchronous database handle (Kysely over the typed schema of every table). On SQLite
 * it runs on the same better-sqlite3 handle as the synchronous stores, so both see one
 * database and one transaction at a time; on PostgreSQL on a `pg` pool of its own, so a
 * statement waiting for a lock holds one pooled connection and never the event loop.
 */
export type AsyncDb = Kysely<Tables>;

/** A transaction of the asynchronous handle. */
export type AsyncTransaction = Transaction<Tables>;

const handles = new WeakMap<Db, AsyncDb>();

/** Connections of one process's pool: enough for the rooms that store at once, far below PostgreSQL's 100. */
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 8);

/**
 * The asynchronous handle on the same database as `db`, made once per `db`. On PostgreSQL
 * its pool ends when `db` is closed.
 * @example const rows = await asyncDbOf(db).selectFrom("scorecards").select("id").execute();
 */
export function asyncDbOf(db: Db): AsyncDb {
  let handle = handles.get(db);
  if (handle) return handle;
  handle = isPostgres(db) ? openPool(db as unknown as PgDatabase) : onSqlite(db);
  handles.set(db, handle);
  return handle;
}

function onSqlite(db: Db): AsyncDb {
  // Kysely would close the handle it is given; the synchronous stores still use it.
  const database = { prepare: (text: string) => cachedStatement(db, text), close() {} };
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
}

function openPool(facade: PgDatabase): AsyncDb {
  const url = new URL(facade.location);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: POOL_SIZE,
    idleTimeoutMillis: 10_000,
    application_name: "steuerrad",
    // The facade created the schema (openDatabase migrates before anyone asks for this handle).
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: { getTypeParser: numbersAsNumbers },
  });
  // An idle connection the server dropped (restart, pg_terminate_backend) is removed from
  // the pool, which opens a new one for the next query; the error must not end the process.
  pool.on("error", () => {});
  const handle = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // The pool ends with the facade, which every owner already closes at shutdown.
  const close = facade.close.bind(facade);
  facade.close = () => {
    close();
    void handle.destroy();
  };
  return handle;
}

// BIGINT (milliseconds, sequence numbers, counts) and NUMERIC (sums) as JavaScript numbers,
// as SQLite returns them; the values stay far below 2^53.
const numbersAsNumbers = ((oid: number, format?: string) => {
  if (oid === 20 || oid === 1700) return Number;
  return pg.types.getTypeParser(oid, format as "text");
}) as typeof pg.types.getTypeParser;

/**
 * Runs `work` in a write transaction: on SQLite one that takes the write lock at its start
 * (BEGIN IMMEDIATE, so reading a chain head and appending after it cannot be overtaken by
 * another process), on PostgreSQL an ordinary one (rows are locked as statements run; heads
 * are guarded by `lockKeys`).
 */
export async function writeTransaction<T>(db: AsyncDb, work: (trx: AsyncDb) => Promise<T>): Promise<T> {
  if (!isSqliteHandle(db)) return db.transaction().execute((trx) => work(trx));
  return db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      const result = await work(connection);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

function isSqliteHandle(db: AsyncDb): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * Serialises writers of named chains (a scorecard's updates: `scorecard:<id>`) across
 * processes until the transaction ends. SQLite needs nothing (its write transaction already
 * excludes every other writer); PostgreSQL takes transaction-scoped advisory locks, with the
 * same keys as the synchronous stores' `lockKey`, in a fixed order so that two writers
 * cannot deadlock.
 */
export async function lockKeys(trx: AsyncDb, keys: string[]): Promise<void> {
  if (isSqliteHandle(trx)) return;
  for (const key of [...new Set(keys)].sort()) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** Whether the handle is on PostgreSQL. */
export function isPostgresHandle(db: AsyncDb): boolean {
  return !isSqliteHandle(db);
}

/** Whether the database answers a trivial query (health checks); never throws. */
export async function databaseAnswers(db: AsyncDb): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
