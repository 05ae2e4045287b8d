import type { Db } from "./db";
import { MIGRATION_TABLE, migrations } from "./migrations";

/** A migration the database has. */
export interface AppliedMigration {
  /** The migration's id (its place in `migrations`). */
  id: number;
  /** Its name in Kysely's `kysely_migration` (the id in four digits, then what it does). */
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
 * Reads which migrations a database has, from Kysely's record, without changing it.
 * A migration's id is the number its name starts with.
 * @param db - an open database (`openDatabase` has migrated it)
 * @returns its schema version against this build's migrations
 */
export async function readSchemaVersion(db: Db): Promise<SchemaVersion> {
  // Kysely's own table, not part of the typed schema.
  const rows = await db.withTables<{ [MIGRATION_TABLE]: { name: string; timestamp: string } }>().selectFrom(MIGRATION_TABLE).select(["name", "timestamp"]).execute();
  const applied = rows
    .map((row) => ({ id: Number.parseInt(row.name, 10), name: row.name, appliedAt: new Date(row.timestamp).getTime() }))
    .filter((row) => Number.isInteger(row.id))
    .sort((a, b) => a.id - b.id);
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

/**
 * Whether the database has the hash chains of migration 3. Reads `schema_migrations`,
 * which databases of every build have (also backups taken before Kysely's migrator).
 * @throws Error when the database has no `schema_migrations` (not a Steuerrad database)
 */
export async function hasHashChains(db: Db): Promise<boolean> {
  const row = await db.selectFrom("schema_migrations").select("id").where("id", "=", 3).executeTakeFirst();
  return row !== undefined;
}
