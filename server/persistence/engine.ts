import { SqliteAdapter, type Kysely } from "kysely";
import type { Tables } from "./schema";

/** Whether the database is PostgreSQL (else SQLite); here so that migrations.ts can ask it without importing db.ts. */
export function isPostgres(db: Kysely<Tables>): boolean {
  return !(db.getExecutor().adapter instanceof SqliteAdapter);
}
