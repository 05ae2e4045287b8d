import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOldSqliteDatabase, OLD_MIGRATIONS } from "../../tests/fixtures/oldSchema";
import { testDatabaseKind, testDatabaseLocation } from "../../tests/fixtures/testDatabase";
import { closeDatabase, openDatabase, type Db } from "./db";
import { MIGRATION_TABLE, migrations } from "./migrations";
import { readSchemaVersion } from "./schemaVersion";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-migrations-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The schema and collation openDatabase creates first, so that only the migrations race. */
async function createSchemaAndCollation(location: string): Promise<void> {
  const url = new URL(location);
  const schema = url.searchParams.get("schema")!;
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE COLLATION IF NOT EXISTS "${schema}".nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);
  } finally {
    await client.end();
  }
}

async function kyselyRecord(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(db);
  return rows.map((row) => row.name);
}

async function oldRecord(db: Db): Promise<number[]> {
  const rows = await db.selectFrom("schema_migrations").select("id").orderBy("id").execute();
  return rows.map((row) => Number(row.id));
}

/** A database as the synchronous layer left it, with a user, a scorecard and a stored update. */
function createOldDatabase(file: string, upTo?: number): void {
  const old = createOldSqliteDatabase(file, upTo);
  old.prepare("INSERT INTO organisations (id, name, kind, created_at) VALUES ('org-1', 'Träger Nord', 'provider', 1000)").run();
  old.prepare("INSERT INTO users (id, email, name, password_hash, organisation_id, role, created_at) VALUES ('user-1', 'Anna@Example.org', 'Anna', 'hash', 'org-1', 'editor', 2000)").run();
  old.prepare("INSERT INTO scorecards (id, title, provider_id, created_at) VALUES ('sc-1', 'Zielkarte Nord', 'org-1', 3000)").run();
  old.prepare("INSERT INTO doc_updates (scorecard_id, update_data, user_id, created_at) VALUES ('sc-1', ?, 'user-1', 4000)").run(Buffer.from([0, 0]));
  old.close();
}

describe("migrate, on a SQLite database created before Kysely's migrator", () => {
  it("keeps every row, records the old migrations as applied and runs none twice", async () => {
    const file = join(dir, "old.sqlite");
    createOldDatabase(file);

    for (let opening = 0; opening < 2; opening++) {
      const db = await openDatabase(file);
      try {
        const user = await db.selectFrom("users").select(["email", "name", "organisation_id", "must_change_password"]).where("id", "=", "user-1").executeTakeFirst();
        expect(user).toEqual({ email: "Anna@Example.org", name: "Anna", organisation_id: "org-1", must_change_password: 0 });
        // COLLATE NOCASE still holds on the old table.
        expect(await db.selectFrom("users").select("id").where("email", "=", "anna@example.org").executeTakeFirst()).toEqual({ id: "user-1" });
        expect(await db.selectFrom("scorecards").select(["title", "provider_id"]).where("id", "=", "sc-1").executeTakeFirst()).toEqual({ title: "Zielkarte Nord", provider_id: "org-1" });
        expect(
          await db
            .selectFrom("doc_updates")
            .select(({ fn }) => fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow(),
        ).toEqual({ n: 1 });
        expect(await kyselyRecord(db)).toEqual(migrations.map((m) => m.name));
        expect(await oldRecord(db)).toEqual(OLD_MIGRATIONS.map((m) => m.id));
        const schema = await readSchemaVersion(db);
        expect(schema.missing).toEqual([]);
        expect(schema.unknown).toEqual([]);
        expect(schema.version).toBe(migrations.length);
      } finally {
        await closeDatabase(db);
      }
    }
  });

  it("applies only the migrations the old layer had not applied yet", async () => {
    const file = join(dir, "partial.sqlite");
    createOldDatabase(file, 9);
    const db = await openDatabase(file);
    try {
      expect(await kyselyRecord(db)).toEqual(migrations.map((m) => m.name));
      expect(await oldRecord(db)).toEqual(migrations.map((m) => m.id));
      // Columns of migrations 12 and 13 arrived with their defaults on the old row.
      expect(await db.selectFrom("users").select(["question_mails", "reminder_mails", "must_change_password"]).executeTakeFirst()).toEqual({
        question_mails: 1,
        reminder_mails: 1,
        must_change_password: 0,
      });
      const settlements = await db.selectFrom("settlements").select("id").execute();
      expect(settlements).toEqual([]);
    } finally {
      await closeDatabase(db);
    }
  });

  it("names the failed migration and leaves the database at the last successful one", async () => {
    const file = join(dir, "blocked.sqlite");
    createOldDatabase(file, 3);
    // A table in the way of migration 4.
    const old = createOldSqliteDatabase(file, 0);
    old.exec("CREATE TABLE jobs (id INTEGER PRIMARY KEY)");
    old.close();

    await expect(openDatabase(file)).rejects.toThrow(/migration 0004_talks_jobs_mails failed/);

    const reopened = createOldSqliteDatabase(file, 0);
    const tables = (reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
    reopened.close();
    expect(tables).not.toContain("talks");
    expect(tables).not.toContain("kysely_migration");
  });
});

describe(`migrate on ${testDatabaseKind()}`, () => {
  it("lets processes that open one database at once migrate it one after the other", async () => {
    const location = testDatabaseLocation(join(dir, "together.sqlite"));
    if (testDatabaseKind() === "postgres") await createSchemaAndCollation(location);
    // better-sqlite3 waits for SQLite's lock synchronously, so handles of one process on one
    // file cannot wait for each other; there they open in turn (processes wait as PostgreSQL's do).
    const dbs =
      testDatabaseKind() === "postgres"
        ? await Promise.all([openDatabase(location), openDatabase(location), openDatabase(location)])
        : [await openDatabase(location), await openDatabase(location), await openDatabase(location)];
    try {
      for (const db of dbs) expect(await kyselyRecord(db)).toEqual(migrations.map((m) => m.name));
      expect(await oldRecord(dbs[0])).toEqual(migrations.map((m) => m.id));
      expect((await readSchemaVersion(dbs[0])).missing).toEqual([]);
    } finally {
      for (const db of dbs) await closeDatabase(db);
    }
  });
});
