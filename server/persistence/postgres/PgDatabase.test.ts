import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createPostgresSchema, type PostgresSchema } from "../../../tests/fixtures/databases";
import { PgDatabase, PostgresError } from "./PgDatabase";

// Every worker thread a PgDatabase starts, and those that have exited: none may be left running.
const threads = vi.hoisted(() => ({ started: [] as Worker[], exited: new Set<Worker>() }));
vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  class RecordedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      threads.started.push(this);
      this.once("exit", () => threads.exited.add(this));
    }
  }
  return { ...original, Worker: RecordedWorker };
});

// The adapter itself, always against the test PostgreSQL server (whatever the project).
const schemas: PostgresSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

async function open(options?: ConstructorParameters<typeof PgDatabase>[1]): Promise<PgDatabase> {
  const schema = await createPostgresSchema();
  schemas.push(schema);
  const db = new PgDatabase(schema.url, options);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, data BLOB)");
  return db;
}

const GENERATED_TABLE = "INSERT INTO jobs (kind, subject_id, due_at, state) VALUES (?, ?, ?, 'pending')";

describe("PgDatabase", () => {
  it("answers like better-sqlite3: rows, pluck, raw, changes, Buffers, and named parameters", async () => {
    const db = await open();
    expect(db.prepare("INSERT INTO t (name, data) VALUES (?, ?)").run("a", Buffer.from([1, 2, 3])).changes).toBe(1);
    db.prepare("INSERT INTO t (name) VALUES (?)").run("b");
    const row = db.prepare("SELECT id AS rowId, name, data FROM t WHERE name = ?").get("a") as { rowId: number; name: string; data: Buffer };
    expect(row).toEqual({ rowId: 1, name: "a", data: Buffer.from([1, 2, 3]) });
    expect(Buffer.isBuffer(row.data)).toBe(true);
    expect(db.prepare("SELECT name FROM t ORDER BY id").pluck().all()).toEqual(["a", "b"]);
    expect(db.prepare("SELECT id, name FROM t ORDER BY id").raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM t WHERE name = @name OR name = @name").get({ name: "b" })).toEqual({ n: 1 });
    expect(db.prepare("SELECT 1 FROM t WHERE name = ?").get("none")).toBeUndefined();
    db.close();
  });

  it("returns the generated key of an INSERT as lastInsertRowid", async () => {
    const db = await open();
    db.exec("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, subject_id TEXT, due_at INTEGER, state TEXT)");
    expect(db.prepare(GENERATED_TABLE).run("a", "x", Date.now()).lastInsertRowid).toBe(1);
    expect(db.prepare(GENERATED_TABLE).run("a", "y", Date.now()).lastInsertRowid).toBe(2);
    db.close();
  });

  it("commits a transaction that returns and rolls back one that throws, nested ones to their savepoint", async () => {
    const db = await open();
    const insert = db.prepare("INSERT INTO t (name) VALUES (?)");
    db.transaction(() => insert.run("kept"))();
    expect(() =>
      db.transaction(() => {
        insert.run("lost");
        throw new Error("stop");
      })(),
    ).toThrow("stop");
    db.transaction(() => {
      insert.run("outer");
      expect(() =>
        db.transaction(() => {
          insert.run("inner");
          insert.run("kept"); // unique violation
        })(),
      ).toThrow(PostgresError);
    })();
    expect(db.prepare("SELECT name FROM t ORDER BY id").pluck().all()).toEqual(["kept", "outer"]);
    db.close();
  });

  it("names the constraint a write broke, with PostgreSQL's code", async () => {
    const db = await open();
    db.prepare("INSERT INTO t (name) VALUES (?)").run("a");
    let error: unknown;
    try {
      db.prepare("INSERT INTO t (name) VALUES (?)").run("a");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PostgresError);
    expect((error as PostgresError).code).toBe("23505");
    expect((error as PostgresError).message).toMatch(/duplicate key value violates unique constraint.*Key \(name\)=\(a\) already exists/);
    db.close();
  });

  it("connects again after the server dropped the connection, but fails a transaction that was open on it", async () => {
    const db = await open();
    const killer = await open();
    const pid = () => (db.prepare("SELECT pg_backend_pid() AS pid").get() as { pid: number }).pid;
    const first = pid();
    killer.prepare("SELECT pg_terminate_backend(?)").get(first);
    // Outside a transaction: the next statement runs on a new connection.
    await expect
      .poll(() => {
        try {
          return pid() !== first;
        } catch {
          return false;
        }
      })
      .toBe(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });

    const insert = db.prepare("INSERT INTO t (name) VALUES (?)");
    expect(() =>
      db.transaction(() => {
        insert.run("before");
        killer.prepare("SELECT pg_terminate_backend(?)").get(pid());
        insert.run("after");
      })(),
    ).toThrow();
    expect(db.prepare("SELECT name FROM t").pluck().all()).toEqual([]);
    killer.close();
    db.close();
  });

  it("recovers from a call that timed out: the next call runs on a new connection, and the old thread exits", async () => {
    const before = threads.started.length;
    // 1 s, not less: the connect (schema, collation) must fit in it too, on a busy machine.
    const db = await open({ answerTimeoutMs: 1000 });
    expect(threads.started.length).toBe(before + 1);
    const first = threads.started[before];
    const pid = () => (db.prepare("SELECT pg_backend_pid() AS pid").get() as { pid: number }).pid;
    const oldPid = pid();

    expect(() => db.prepare("SELECT pg_sleep(3)").get()).toThrow(/did not answer within 1 s/);
    expect(db.prepare("SELECT 1 AS one").get()).toEqual({ one: 1 });
    expect(pid()).not.toBe(oldPid);
    // One new thread, and the stuck one is gone.
    expect(threads.started.length).toBe(before + 2);
    await expect.poll(() => threads.exited.has(first)).toBe(true);
    expect(threads.exited.has(threads.started[before + 1])).toBe(false);

    db.close();
    await expect.poll(() => threads.exited.has(threads.started[before + 1])).toBe(true);
  });

  it("fails the rest of a transaction whose call timed out, and starts the next one clean", async () => {
    const db = await open({ answerTimeoutMs: 1000 });
    const insert = db.prepare("INSERT INTO t (name) VALUES (?)");
    const errors: unknown[] = [];
    expect(() =>
      db.transaction(() => {
        insert.run("lost");
        expect(() => db.prepare("SELECT pg_sleep(3)").get()).toThrow(/did not answer/);
        // A nested transaction and a deferred statement in the lost one: they must fail, not run outside it.
        try {
          db.transaction(() => insert.run("nested"))();
        } catch (error) {
          errors.push(error);
        }
        db.defer("INSERT INTO t (name) VALUES (?)", ["deferred"]);
        try {
          insert.run("after");
        } catch (error) {
          errors.push(error);
        }
        // The caller swallowed the errors: the COMMIT must fail all the same.
      })(),
    ).toThrow(/transaction was lost/);
    expect(errors).toHaveLength(2);
    for (const error of errors) expect((error as Error).message).toMatch(/transaction was lost/);
    expect(db.inTransaction).toBe(false);

    // Nothing of it was written, and the next transaction runs normally.
    db.transaction(() => insert.run("next"))();
    expect(db.prepare("SELECT name FROM t ORDER BY id").pluck().all()).toEqual(["next"]);
    db.close();
  });

  it("refuses to open an unknown database, naming it without the password", () => {
    expect(() => new PgDatabase("postgres://postgres:secret@127.0.0.1:5432/no_such_database")).toThrow(
      /cannot open the PostgreSQL database postgres:\/\/127\.0\.0\.1:5432\/no_such_database: .*does not exist/,
    );
  });
});
