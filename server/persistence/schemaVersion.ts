import type { Db } from "./db";
import { migrations } from "./migrations";

/** One row of `schema_migrations`: a migration the database has. */
export interface AppliedMigration {
  /** The migration's id (its place in `migrations`). */
  id: number;
  /** What it did. */
  name: string;
  /** When it was applied (ms since the epoch). */
  appliedAt: number;
}

/** The schema of a database compared with the migrations of this build. */
export interface SchemaVersion {
  /** Highest applied migration id; 0 for a database without any. */
  version: number;
  /** Highest migration id this build knows. */
  latest: number;
  /** Every migration the database has, oldest first. */
  applied: AppliedMigration[];
  /** Migrations of this build the database lacks. */
  missing: number[];
  /** Applied migrations this build does not know: the database was migrated by a newer build. */
  unknown: number[];
}

/**
 * Reads which migrations a database has, without changing it.
 * @param db - an open database (`openDatabase` has created `schema_migrations`)
 * @returns its schema version against this build's migrations
 */
export function readSchemaVersion(db: Db): SchemaVersion {
  const applied = (db.prepare("SELECT id, name, applied_at AS appliedAt FROM schema_migrations ORDER BY id").all() as AppliedMigration[]).map(
    // PostgreSQL's BIGINT columns may come back as strings.
    (row) => ({
      id: Number(row.id),
      name: row.name,
      appliedAt: Number(row.appliedAt),
    }),
  );
  const ids = new Set(applied.map((row) => row.id));
  const known = new Set(migrations.map((m) => m.id));
  return {
    version: applied.reduce((highest, row) => Math.max(highest, row.id), 0),
    latest: migrations.reduce((highest, m) => Math.max(highest, m.id), 0),
    applied,
    missing: migrations.filter((m) => !ids.has(m.id)).map((m) => m.id),
    unknown: applied.filter((row) => !known.has(row.id)).map((row) => row.id),
  };
}
