import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import * as Y from "yjs";
import { login, scorecardsOf, startTestServer } from "../fixtures/testServer";
import { createPostgresSchema, type PostgresSchema } from "../fixtures/databases";
import { runCopyToPostgres } from "../../server/ops/copyToPostgresCli";
import { runBackup } from "../../server/ops/backupCli";
import { runRestore } from "../../server/ops/restoreCli";
import { sql } from "kysely";
import { closeDatabase, openDatabase } from "../../server/persistence/db";
import { TABLES } from "../../server/persistence/tables";

const schemas: PostgresSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

async function freshSchema(): Promise<PostgresSchema> {
  const schema = await createPostgresSchema();
  schemas.push(schema);
  return schema;
}

async function copy(from: string, to: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCopyToPostgres(["--from", from, "--to", to], {}, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function rowCounts(location: string): Promise<Record<string, number>> {
  const db = await openDatabase(location);
  try {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
      counts[table] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await closeDatabase(db);
  }
}

function text(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return JSON.stringify(doc.getXmlFragment("default").toJSON());
}

describe("npm run copy-to-postgres", () => {
  it("copies a SQLite installation with history, versions and audit events, verifies it, and a server runs on the copy", async () => {
    // A SQLite installation with a history: demo data, edits, a version and a restore.
    const sqlite = await startTestServer({ databaseUrl: undefined });
    const file = join(sqlite.dataDir, "steuerrad.sqlite");
    const cookie = await login(sqlite.url, "sozialamt@demo.test");
    const scorecardId = (await scorecardsOf(sqlite.url, cookie))[0].id;
    for (let i = 0; i < 30; i++) {
      await sqlite.collab.change(scorecardId, null, (doc) => {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(`Zeile ${i}`)]);
        doc.getXmlFragment("default").push([paragraph]);
      });
    }
    const version = await fetch(`${sqlite.url}/api/scorecards/${scorecardId}/versions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "Vor dem Umzug" }),
    });
    expect(version.status).toBe(201);
    const restore = await fetch(`${sqlite.url}/api/scorecards/${scorecardId}/versions/${((await version.json()) as { id: number }).id}/restore`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Probe" }),
    });
    expect(restore.status).toBeLessThan(300);
    const before = text((await sqlite.collab.documentState(scorecardId)).state);
    await sqlite.close();
    const sqliteCounts = await rowCounts(file);
    expect(sqliteCounts.doc_updates).toBeGreaterThan(30);
    expect(sqliteCounts.audit_events).toBeGreaterThan(0);

    const target = await freshSchema();
    const result = await copy(file, target.url);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`copied:\\s+${sqliteCounts.doc_updates} doc_updates`));
    expect(result.stdout).toContain("result:    OK");
    expect(await rowCounts(target.url)).toEqual(sqliteCounts);

    // The server on the copy: same users and passwords, same document, and new rows get
    // keys after the copied ones.
    const postgres = await startTestServer({ databaseUrl: target.url, seedDemo: false });
    try {
      const pgCookie = await login(postgres.url, "sozialamt@demo.test");
      expect((await scorecardsOf(postgres.url, pgCookie)).map((s) => s.id)).toContain(scorecardId);
      expect(text((await postgres.collab.documentState(scorecardId)).state)).toBe(before);
      const next = await fetch(`${postgres.url}/api/scorecards/${scorecardId}/versions`, {
        method: "POST",
        headers: { cookie: pgCookie, "content-type": "application/json" },
        body: JSON.stringify({ name: "Nach dem Umzug" }),
      });
      expect(next.status).toBe(201);
    } finally {
      await postgres.close();
    }

    // A second copy into the now used target is refused and changes nothing.
    const again = await copy(file, target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("the target is not empty: table organisations has rows");

    // A source whose history was altered fails the check, and the target stays empty.
    const tampered = join(sqlite.dataDir, "tampered.sqlite");
    copyFileSync(file, tampered);
    const db = new Database(tampered);
    const seq = (db.prepare("SELECT seq FROM doc_updates WHERE scorecard_id = ? ORDER BY seq LIMIT 1 OFFSET 5").get(scorecardId) as { seq: number }).seq;
    db.prepare("UPDATE doc_updates SET user_id = (SELECT id FROM users LIMIT 1) WHERE seq = ?").run(seq);
    db.close();
    const second = await freshSchema();
    const refused = await copy(tampered, second.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the copy fails the audit check, nothing was written: doc_updates seq ${seq}`);
    expect(Object.values(await rowCounts(second.url)).every((count) => count === 0)).toBe(true);
    await sqlite.stop();
  });

  it("names what is wrong with its arguments", async () => {
    expect((await copy("/nonexistent/steuerrad.sqlite", "postgres://127.0.0.1/test")).stderr).toContain("no SQLite database file at /nonexistent/steuerrad.sqlite");
    expect((await copy("/nonexistent/steuerrad.sqlite", "mysql://127.0.0.1/test")).stderr).toContain('the target must be a postgres:// URL, got "mysql://127.0.0.1/test"');
    let stderr = "";
    const code = await runCopyToPostgres(["--from", "x.sqlite"], {}, { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    expect(code).toBe(2);
    expect(stderr).toContain("no target: give --to postgres://… or set DATABASE_URL");
  });

  it("leaves PostgreSQL's backups to pg_dump: backup and restore name it when DATABASE_URL is set", async () => {
    let stderr = "";
    const out = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
    const env = { DATABASE_URL: "postgres://127.0.0.1/test" };
    expect(await runBackup([], env, out)).toBe(2);
    expect(await runRestore(["--from", "x.sqlite"], env, out)).toBe(2);
    expect(stderr.match(/PostgreSQL is backed up and restored with its own tools \(pg_dump, pg_restore\)/g)).toHaveLength(2);
  });
});
