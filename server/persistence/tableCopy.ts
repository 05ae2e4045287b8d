import { sql, type Kysely } from "kysely";
import type { Db } from "./db";
import { TABLE_COLUMNS } from "./schema";
import { GENERATED_KEYS, type TABLES } from "./tables";

/**
 * Table-by-table reads and writes for copying a whole database (copy-to-postgres): any
 * table of `TABLES`, all its columns, rows as objects keyed by column name.
 */

type Table = (typeof TABLES)[number];
type Row = Record<string, unknown>;
// The table is chosen at run time; each row carries every column of its table.
type AnyTables = Kysely<Record<string, Row>>;

/** Whether a table has any row. */
export async function hasRows(db: Db, table: Table): Promise<boolean> {
  const row = await (db as unknown as AnyTables)
    .selectFrom(table)
    .select(sql<number>`1`.as("one"))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many rows a table has. */
export async function countRows(db: Db, table: Table): Promise<number> {
  const row = await (db as unknown as AnyTables)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every row of a table in batches, in the order of its key (rowid on SQLite, which keeps
 * inserts in the order the source wrote them).
 * @param batchSize - rows per batch; fewer when a table has many columns (PostgreSQL takes at most 65,535 parameters)
 */
export async function* readRows(db: Db, table: Table, batchSize: number): AsyncGenerator<Row[]> {
  const columns = TABLE_COLUMNS[table] as readonly string[];
  const size = Math.max(1, Math.min(batchSize, Math.floor(60_000 / columns.length)));
  let batch: Row[] = [];
  for await (const row of (db as unknown as AnyTables)
    .selectFrom(table)
    .select(columns as string[])
    .stream(size)) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Inserts rows as they are, keys included. */
export async function insertRows(db: Db, table: Table, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  await (db as unknown as AnyTables).insertInto(table).values(rows).execute();
}

/**
 * Moves PostgreSQL's identity sequences past the keys a copy inserted, so new rows
 * continue after them (an empty table starts at 1). SQLite needs nothing.
 */
export async function restartKeysAfterCopy(db: Db): Promise<void> {
  for (const [table, column] of Object.entries(GENERATED_KEYS)) {
    const key = sql.ref(column);
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), GREATEST(COALESCE(MAX(${key}), 0), 1), MAX(${key}) IS NOT NULL) FROM ${sql.table(table)}`.execute(db);
  }
}
