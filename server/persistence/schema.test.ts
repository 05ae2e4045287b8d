import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKind } from "../../tests/fixtures/testDatabase";
import { isPostgres, type Db } from "./db";
import { TABLE_COLUMNS, type Tables } from "./schema";

/** Each table of the migrated database with its columns in the database's order. */
function databaseColumns(db: Db): Map<string, string[]> {
  const rows = isPostgres(db)
    ? (db.prepare("SELECT table_name AS name, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position").all() as {
        name: string;
        col: string;
      }[])
    : (db.prepare("SELECT m.name AS name, c.name AS col FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid").all() as {
        name: string;
        col: string;
      }[]);
  const tables = new Map<string, string[]>();
  for (const { name, col } of rows) tables.set(name, [...(tables.get(name) ?? []), col]);
  return tables;
}

describe(`Tables and TABLE_COLUMNS on ${testDatabaseKind()}`, () => {
  let db: Db;
  let tables: Map<string, string[]>;
  beforeAll(() => {
    db = openTestDatabase();
    tables = databaseColumns(db);
  });
  afterAll(() => db?.close());

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
