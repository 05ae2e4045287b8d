import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { closeDatabase, isPostgres } from "./db";
import { TABLES } from "./tables";

// Records of applied migrations, not data: the old one and Kysely's with its lock.
const MIGRATION_RECORDS = new Set(["schema_migrations", "kysely_migration", "kysely_migration_lock"]);

describe("TABLES", () => {
  it("names every table the migrations create", async () => {
    const db = await openTestDatabase();
    const query = isPostgres(db)
      ? sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`
      : sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
    const names = (await query.execute(db)).rows.map((row) => row.name).filter((name) => !MIGRATION_RECORDS.has(name));
    await closeDatabase(db);
    expect([...names].sort()).toEqual([...TABLES].sort());
  });
});
