import type { IntegrityReport } from "../../shared/domain/versions";
import { verifyStore } from "../audit/verify";
import { isPostgres, type Db } from "../persistence/db";
import { GENERATED_KEYS } from "../persistence/postgres/dialect";
import { TABLES } from "../persistence/tables";

/** Rows per INSERT: fewer round trips, and well below PostgreSQL's 65,535 parameters. */
const MAX_ROWS_PER_INSERT = 500;

/** What a copy did. */
export interface CopyReport {
  /** Rows copied per table, in copy order. */
  rows: { table: string; count: number }[];
  /** The audit check of the target, run before the copy was committed. */
  integrity: IntegrityReport;
}

/** The copy was refused or its check failed; nothing was written to the target. */
export class CopyRefusedError extends Error {}

/**
 * Copies every table of a SQLite installation into an empty PostgreSQL database with the
 * same migrations, in one transaction: the source is read from one snapshot (a server may
 * keep running on it), and the target's audit chains (updates, versions, events,
 * checkpoints) are verified before the commit. A target that would fail the check, or
 * that already holds data, is left as it was.
 * @param source - the SQLite database, migrated to the current schema
 * @param target - the PostgreSQL database, migrated to the current schema
 * @throws CopyRefusedError naming the problem
 */
export function copyToPostgres(source: Db, target: Db): CopyReport {
  if (isPostgres(source)) throw new CopyRefusedError("the source must be a SQLite database");
  if (!isPostgres(target)) throw new CopyRefusedError("the target must be a PostgreSQL database (postgres://…)");
  const schemaOf = (db: Db) => (db.prepare("SELECT MAX(id) AS id FROM schema_migrations").get() as { id: number | null }).id ?? 0;
  if (schemaOf(source) !== schemaOf(target)) {
    throw new CopyRefusedError(`the source is at schema migration ${schemaOf(source)}, the target at ${schemaOf(target)}; open both with this version first`);
  }
  for (const table of TABLES) {
    if (target.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) throw new CopyRefusedError(`the target is not empty: table ${table} has rows`);
  }
  // One read transaction: in WAL mode every read below sees the same moment.
  source.exec("BEGIN");
  try {
    return target.transaction(() => {
      const rows = TABLES.map((table) => ({ table, count: copyTable(source, target, table) }));
      for (const [table, column] of Object.entries(GENERATED_KEYS)) {
        // New rows continue after the copied keys.
        target.prepare(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), GREATEST(COALESCE(MAX(${column}), 0), 1), MAX(${column}) IS NOT NULL) FROM ${table}`).get();
      }
      const integrity = verifyStore(target);
      if (!integrity.ok) throw new CopyRefusedError(`the copy fails the audit check, nothing was written: ${integrity.problem}`);
      for (const { table, count } of rows) {
        const copied = (target.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
        if (copied !== count) throw new CopyRefusedError(`table ${table}: ${count} rows read but ${copied} in the target`);
      }
      return { rows, integrity };
    })();
  } finally {
    source.exec("COMMIT");
  }
}

function copyTable(source: Db, target: Db, table: string): number {
  const columns = (source.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).all() as { name: string }[]).map((column) => column.name);
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(60_000 / columns.length)));
  const placeholders = `(${columns.map(() => "?").join(", ")})`;
  const insertOf = new Map<number, ReturnType<Db["prepare"]>>();
  const insert = (batch: unknown[][]) => {
    let statement = insertOf.get(batch.length);
    if (!statement) {
      statement = target.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${Array(batch.length).fill(placeholders).join(", ")}`);
      insertOf.set(batch.length, statement);
    }
    (statement as unknown as { run(...values: unknown[]): unknown }).run(...batch.flat());
  };
  let count = 0;
  let batch: unknown[][] = [];
  for (const row of source
    .prepare(`SELECT ${columns.join(", ")} FROM ${table}`)
    .raw()
    .iterate() as IterableIterator<unknown[]>) {
    batch.push(row);
    count += 1;
    if (batch.length === rowsPerInsert) {
      insert(batch);
      batch = [];
    }
  }
  if (batch.length > 0) insert(batch);
  return count;
}
