import type Database from "better-sqlite3";
import { PgDatabase } from "./postgres/PgDatabase";

/** Whether the handle is a PostgreSQL database (else better-sqlite3's). */
export function isPostgres(db: Database.Database): boolean {
  return (db as unknown) instanceof PgDatabase;
}
