import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKind } from "../../tests/fixtures/testDatabase";
import { closeDatabase, isPostgres, type Db } from "./db";
import { TABLE_COLUMNS, type Tables } from "./schema";

/** Each table of the migrated database with its columns in the database's order, without Kysely's record of migrations. */
async function databaseColumns(db: Db): Promise<Map<string, string[]>> {
  const query = isPostgres(db)
    ? sql<{ name: string; col: string }>`SELECT table_name AS name, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
    : sql<{
        name: string;
        col: string;
      }>`SELECT m.name AS name, c.name AS col FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`;
  const { rows } = await query.execute(db);
  const tables = new Map<string, string[]>();
  for (const { name, col } of rows) if (!name.startsWith("kysely_migration")) tables.set(name, [...(tables.get(name) ?? []), col]);
  return tables;
}

describe(`Tables and TABLE_COLUMNS on ${testDatabaseKind()}`, () => {
  let db: Db;
  let tables: Map<string, string[]>;
  beforeAll(async () => {
    db = await openTestDatabase();
    tables = await databaseColumns(db);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
  });

  it("lists every table of the migrated database, and no other", () => {
    expect([...tables.keys()].sort()).toEqual(Object.keys(TABLE_COLUMNS).sort());
  });

  it.each(Object.keys(TABLE_COLUMNS) as (keyof Tables)[])("lists the columns of %s exactly, in the database's order", (table) => {
    expect(tables.get(table)).toEqual([...TABLE_COLUMNS[table]]);
  });

  it("reads the columns of a table a migration dropped and created again (login_failures)", () => {
    // The probe itself must see what the migrations did, or the comparisons above prove nothing.
    expect(tables.get("login_failures")).not.toContain("scope");
    expect(tables.get("talks")).toContain("report_lead_days");
  });
});
