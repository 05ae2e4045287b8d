import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { isPostgres } from "./db";
import { TABLES } from "./tables";

describe("TABLES", () => {
  it("names every table the migrations create", () => {
    const db = openTestDatabase();
    const sql = isPostgres(db)
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
    const names = (db.prepare(sql).all() as { name: string }[]).map((row) => row.name).filter((name) => name !== "schema_migrations");
    db.close();
    expect([...names].sort()).toEqual([...TABLES].sort());
  });
});
