import { openTestDatabase, testDatabaseLocation } from "../fixtures/testDatabase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as Y from "yjs";
import { Kysely, SqliteDialect, sql } from "kysely";
import { closeDatabase, isPostgres, openDatabase, type Db } from "../../server/persistence/db";
import type { Tables } from "../../server/persistence/schema";
import { TABLES } from "../../server/persistence/tables";
import { TEST_POSTGRES_URL } from "../fixtures/databases";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { insertVersion } from "../../server/persistence/versions";
import { recordAuditEvent } from "../../server/persistence/auditEvents";
import { createOrganisation } from "../../server/persistence/organisations";
import { createUser } from "../../server/persistence/users";
import { createScorecard } from "../../server/scorecards/scorecardCreator";
import { updateHash } from "../../server/audit/records";
import { hashHex } from "../../server/audit/chain";
import { verifyStore } from "../../server/audit/verify";
import { runAuditVerify } from "../../server/audit/cli";

const ROOT = resolve(import.meta.dirname, "../..");
const EDITS_PER_SCORECARD = 150;

/** What the built store holds, to aim each tampering at a known record. */
interface Fixture {
  /** The serialized SQLite database; each test opens its own copy. */
  image: Buffer | null;
  /** On PostgreSQL, the schema each test copies its own from. */
  schema: string | null;
  /** Scorecard A: three versions and a checkpoint. B: one version. C: updates only. */
  a: string;
  b: string;
  c: string;
  userIds: string[];
  /** The checkpoint of A. */
  checkpointSeq: number;
  /** The seq sealed by B's only version. */
  sealedSeqB: number;
  totalUpdates: number;
}

let fixture: Fixture;
const tempDir = mkdtempSync(join(tmpdir(), "steuerrad-audit-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** A deterministic stream of numbers in [0, 1), so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** One real edit as an editor would make it: text typed or deleted in a paragraph, or a measure field set. */
function edit(doc: Y.Doc, random: () => number, i: number): void {
  const fragment = doc.getXmlFragment("default");
  const last = fragment.get(fragment.length - 1);
  const text = last instanceof Y.XmlElement && last.get(0) instanceof Y.XmlText ? (last.get(0) as Y.XmlText) : null;
  if (!text || i % 25 === 0) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`Absatz ${i}`)]);
    fragment.push([paragraph]);
  } else if (i % 7 === 0 && text.length > 3) {
    text.delete(Math.floor(random() * (text.length - 2)), 2);
  } else if (i % 5 === 0) {
    doc.getMap("measures").set(`m${i % 3}`, { title: `Maßnahme ${i}`, status: "planned" });
  } else {
    text.insert(Math.floor(random() * (text.length + 1)), `w${i} `);
  }
}

async function buildFixture(): Promise<Fixture> {
  const location = testDatabaseLocation(join(tempDir, "fixture.sqlite"));
  const db = await openDatabase(location);
  const store = createDocUpdateStore(db);
  const org = await createOrganisation(db, "Amt", "funder");
  const userIds: string[] = [];
  for (const n of ["a", "b"]) userIds.push(await createUser(db, { email: `${n}@test.test`, name: n, passwordHash: "x", organisationId: org.id, role: "editor" }));
  const ids: string[] = [];
  for (const title of ["A", "B", "C"]) ids.push(await createScorecard(db, store, { title, providerId: null, template: "starter" }));
  const random = seededRandom(20240607);
  // Appends in the order the edits made them; each edit's appends are awaited before the next.
  let appended: Promise<unknown> = Promise.resolve();
  const docs: Y.Doc[] = [];
  for (const id of ids) {
    const doc = new Y.Doc();
    for (const update of (await store.load(id)).updates) Y.applyUpdate(doc, update);
    doc.on("update", (update: Uint8Array) => {
      const userId = userIds[Math.floor(random() * 2)];
      appended = appended.then(() => store.append(id, update, userId));
    });
    docs.push(doc);
  }
  const version = async (index: number, name: string) => {
    await appended;
    return insertVersion(db, {
      scorecardId: ids[index],
      kind: "named",
      name,
      createdBy: userIds[0],
      createdAt: Date.now(),
      upToSeq: (await store.head(ids[index]))!.seq,
      state: Y.encodeStateAsUpdate(docs[index]),
      kpisJson: "{}",
      authorsJson: "[]",
    });
  };
  let checkpointSeq = 0;
  let sealedSeqB = 0;
  // Interleaved, as with several rooms open at once, so the seqs of one chain have gaps.
  for (let i = 1; i <= EDITS_PER_SCORECARD; i++) {
    docs.forEach((doc) => edit(doc, random, i));
    await appended;
    if (i === 40 || i === 100 || i === EDITS_PER_SCORECARD) await version(0, `Version ${i}`);
    if (i === 80) sealedSeqB = (await version(1, "B")).upToSeq;
    if (i === 120) {
      checkpointSeq = (await store.head(ids[0]))!.seq;
      await store.writeCheckpoint(ids[0], checkpointSeq, Y.encodeStateAsUpdate(docs[0]));
    }
  }
  await recordAuditEvent(db, { kind: "scorecard.deleted", scorecardId: ids[2], userId: userIds[0], detail: { reason: "Test" } });
  await recordAuditEvent(db, { kind: "version.restored", scorecardId: ids[0], userId: userIds[1], detail: { version: 2 } });
  await recordAuditEvent(db, { kind: "scorecard.purged", scorecardId: "gone", userId: null, detail: { title: "Alt" } });
  const totalUpdates = Number((await get<{ n: number }>(db, "SELECT COUNT(*) AS n FROM doc_updates"))!.n);
  const schema = isPostgres(db) ? (await get<{ name: string }>(db, "SELECT current_schema() AS name"))!.name : null;
  await closeDatabase(db);
  return { image: schema ? null : sqliteImage(location), schema, a: ids[0], b: ids[1], c: ids[2], userIds, checkpointSeq, sealedSeqB, totalUpdates };
}

/** The bytes of a closed SQLite file, in rollback-journal mode: an in-memory copy cannot use a WAL. */
function sqliteImage(file: string): Buffer {
  const handle = new Database(file);
  try {
    handle.pragma("journal_mode = DELETE");
    return handle.serialize();
  } finally {
    handle.close();
  }
}

/** A private copy of the built store. */
async function copy(): Promise<Db> {
  if (!fixture.schema) return new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(fixture.image!) }) });
  const db = await openTestDatabase();
  for (const table of TABLES) await sql`INSERT INTO ${sql.table(table)} SELECT * FROM ${sql.table(`${fixture.schema}.${table}`)}`.execute(db);
  return db;
}

/** A statement with `?` parameters, as someone with access to the database could run it. */
function statement(text: string, params: unknown[]) {
  const parts = text.split("?");
  return sql<Record<string, unknown>>(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...params);
}

async function run(db: Db, text: string, ...params: unknown[]): Promise<void> {
  await statement(text, params).execute(db);
}

async function get<T>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await statement(text, params).execute(db)).rows[0] as T | undefined;
}

/** The first column of every row. */
async function pluck<T>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return (await statement(text, params).execute(db)).rows.map((row) => Object.values(row)[0] as T);
}

/** The seqs of one scorecard's updates, oldest first. */
async function seqsOf(db: Db, scorecardId: string): Promise<number[]> {
  return pluck<number>(db, "SELECT seq FROM doc_updates WHERE scorecard_id = ? ORDER BY seq", scorecardId);
}

async function versionIds(db: Db, scorecardId: string): Promise<number[]> {
  return pluck<number>(db, "SELECT id FROM versions WHERE scorecard_id = ? ORDER BY number", scorecardId);
}

/** Recomputes a scorecard's update chain, as someone who knows the hash rules could after editing a row. */
async function rechain(db: Db, scorecardId: string): Promise<void> {
  const rows = (await statement('SELECT seq, user_id AS "userId", created_at AS "createdAt", update_data AS data FROM doc_updates WHERE scorecard_id = ? ORDER BY seq', [scorecardId]).execute(db))
    .rows as { seq: number; userId: string | null; createdAt: number; data: Buffer }[];
  let previous: Uint8Array | null = null;
  for (const row of rows) {
    const hash = updateHash(previous, { scorecardId, ...row });
    await run(db, "UPDATE doc_updates SET prev_hash = ?, hash = ? WHERE seq = ?", previous && Buffer.from(previous), Buffer.from(hash), row.seq);
    previous = hash;
  }
}

async function problemAfter(tamper: (db: Db) => Promise<unknown>, options?: { scorecardId?: string }): Promise<string> {
  const db = await copy();
  await tamper(db);
  const report = await verifyStore(db, options);
  await closeDatabase(db);
  expect(report.ok).toBe(false);
  return report.problem ?? "";
}

beforeAll(async () => {
  fixture = await buildFixture();
});

describe("verifyStore on an untouched store", () => {
  it("verifies every chain and counts every record", async () => {
    const db = await copy();
    const report = await verifyStore(db);
    const newest = (await pluck(db, "SELECT hash FROM doc_updates ORDER BY seq DESC LIMIT 1"))[0] as Buffer;
    expect(report).toMatchObject({ ok: true, problem: null, checked: { updates: fixture.totalUpdates, versions: 4, events: 3, checkpoints: 1 } });
    expect(fixture.totalUpdates).toBe(3 * (EDITS_PER_SCORECARD + 1));
    expect(report.head).toBe(hashHex(newest));
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
  });

  it("checks only one scorecard's records (and the event chain) with scorecardId", async () => {
    const db = await copy();
    const report = await verifyStore(db, { scorecardId: fixture.a });
    const newestOfA = (await pluck(db, "SELECT hash FROM doc_updates WHERE scorecard_id = ? ORDER BY seq DESC LIMIT 1", fixture.a))[0] as Buffer;
    expect(report).toMatchObject({ ok: true, checked: { updates: EDITS_PER_SCORECARD + 1, versions: 3, events: 3, checkpoints: 1 } });
    expect(report.head).toBe(hashHex(newestOfA));
  });

  it("accepts a purged scorecard that left only its audit event", async () => {
    const db = await copy();
    for (const table of ["doc_checkpoints", "versions", "doc_updates"]) await run(db, `DELETE FROM ${table} WHERE scorecard_id = ?`, fixture.c);
    expect(await verifyStore(db)).toMatchObject({ ok: true, checked: { updates: 2 * (EDITS_PER_SCORECARD + 1), events: 3 } });
  });
});

describe("verifyStore names the first tampered record", () => {
  it("reports an update whose data changed by one byte", async () => {
    const seq = fixture.checkpointSeq - 30;
    const problem = await problemAfter(async (db) => {
      const data = Buffer.from((await pluck(db, "SELECT update_data FROM doc_updates WHERE seq = ?", seq))[0] as Buffer);
      data[data.length - 1] ^= 1;
      await run(db, "UPDATE doc_updates SET update_data = ? WHERE seq = ?", data, seq);
    });
    expect(problem).toBe(`doc_updates seq ${seq} (scorecard ${fixture.a}): content altered (hash mismatch)`);
  });

  it("reports an update attributed to another user", async () => {
    let seq = 0;
    const problem = await problemAfter(async (db) => {
      seq = (await seqsOf(db, fixture.c))[60];
      await run(db, "UPDATE doc_updates SET user_id = CASE WHEN user_id = ? THEN ? ELSE ? END WHERE seq = ?", fixture.userIds[0], fixture.userIds[1], fixture.userIds[0], seq);
    });
    expect(problem).toContain(`doc_updates seq ${seq} (scorecard ${fixture.c}): content altered`);
  });

  it("reports an update with a changed time", async () => {
    let seq = 0;
    const problem = await problemAfter(async (db) => {
      seq = (await seqsOf(db, fixture.b))[10];
      await run(db, "UPDATE doc_updates SET created_at = created_at + 1 WHERE seq = ?", seq);
    });
    expect(problem).toContain(`doc_updates seq ${seq} (scorecard ${fixture.b}): content altered`);
  });

  it("reports the update after a removed one, naming the gap", async () => {
    let before = 0;
    let after = 0;
    const problem = await problemAfter(async (db) => {
      const seqs = await seqsOf(db, fixture.c);
      [before, after] = [seqs[49], seqs[51]];
      await run(db, "DELETE FROM doc_updates WHERE seq = ?", seqs[50]);
    });
    expect(problem).toBe(`doc_updates seq ${after} (scorecard ${fixture.c}): predecessor missing or reordered (prev_hash does not match seq ${before}; no stored update has that hash)`);
  });

  it("reports a chain whose first update was removed", async () => {
    let second = 0;
    const problem = await problemAfter(async (db) => {
      const seqs = await seqsOf(db, fixture.b);
      second = seqs[1];
      await run(db, "DELETE FROM doc_updates WHERE seq = ?", seqs[0]);
    });
    expect(problem).toContain(`doc_updates seq ${second} (scorecard ${fixture.b}): first update of the chain has a prev_hash (earlier updates removed`);
  });

  it("reports two updates whose data was swapped at the earlier one", async () => {
    let first = 0;
    const problem = await problemAfter(async (db) => {
      const seqs = await seqsOf(db, fixture.c);
      first = seqs[20];
      const second = seqs[30];
      const data = async (seq: number) => (await pluck<Buffer>(db, "SELECT update_data FROM doc_updates WHERE seq = ?", seq))[0];
      const [x, y] = [await data(first), await data(second)];
      await run(db, "UPDATE doc_updates SET update_data = ? WHERE seq = ?", y, first);
      await run(db, "UPDATE doc_updates SET update_data = ? WHERE seq = ?", x, second);
    });
    expect(problem).toBe(`doc_updates seq ${first} (scorecard ${fixture.c}): content altered (hash mismatch)`);
  });

  it("reports two updates whose seqs were swapped as reordered", async () => {
    let first = 0;
    let second = 0;
    const problem = await problemAfter(async (db) => {
      const seqs = await seqsOf(db, fixture.b);
      [first, second] = [seqs[20], seqs[21]];
      // seq is the primary key, so the swap goes through a free value.
      await run(db, "UPDATE doc_updates SET seq = -1 WHERE seq = ?", first);
      await run(db, "UPDATE doc_updates SET seq = ? WHERE seq = ?", first, second);
      await run(db, "UPDATE doc_updates SET seq = ? WHERE seq = -1", second);
    });
    expect(problem).toContain(`doc_updates seq ${first} (scorecard ${fixture.b}): predecessor missing or reordered`);
    expect(problem).toContain(`it points to seq ${second} of scorecard ${fixture.b}`);
  });

  it("reports a version whose state or name changed", async () => {
    let id = 0;
    const state = await problemAfter(async (db) => {
      id = (await versionIds(db, fixture.a))[1];
      await run(db, "UPDATE versions SET state = ? WHERE id = ?", Y.encodeStateAsUpdate(new Y.Doc()), id);
    });
    expect(state).toBe(`versions #${id} (scorecard ${fixture.a}, number 2): content altered (hash mismatch)`);
    const name = await problemAfter(async (db) => await run(db, "UPDATE versions SET name = 'Entwurf' WHERE id = ?", id));
    expect(name).toBe(`versions #${id} (scorecard ${fixture.a}, number 2): content altered (hash mismatch)`);
  });

  it("reports the version after a removed one and a renumbered version", async () => {
    let ids: number[] = [];
    const removed = await problemAfter(async (db) => {
      ids = await versionIds(db, fixture.a);
      await run(db, "DELETE FROM versions WHERE id = ?", ids[1]);
    });
    expect(removed).toBe(`versions #${ids[2]} (scorecard ${fixture.a}, number 3): expected number 2 (a version is missing or was renumbered)`);
    const first = await problemAfter(async (db) => await run(db, "DELETE FROM versions WHERE id = ?", ids[0]));
    expect(first).toContain(`versions #${ids[1]} (scorecard ${fixture.a}, number 2): expected number 1`);
    const renumbered = await problemAfter(async (db) => await run(db, "UPDATE versions SET number = 4 WHERE id = ?", ids[2]));
    expect(renumbered).toContain(`versions #${ids[2]} (scorecard ${fixture.a}, number 4): expected number 3`);
  });

  it("reports a sealed update that changed, and the seal when the update chain was recomputed", async () => {
    const seq = fixture.sealedSeqB;
    const plain = await problemAfter(async (db) => await run(db, "UPDATE doc_updates SET created_at = created_at - 1000 WHERE seq = ?", seq));
    expect(plain).toContain(`doc_updates seq ${seq} (scorecard ${fixture.b}): content altered`);

    const db = await copy();
    const headBefore = (await verifyStore(db, { scorecardId: fixture.b })).head;
    await run(db, "UPDATE doc_updates SET created_at = created_at - 1000 WHERE seq = ?", seq);
    await rechain(db, fixture.b);
    const report = await verifyStore(db);
    const versionId = (await versionIds(db, fixture.b))[0];
    expect(report.problem).toBe(`versions #${versionId} (scorecard ${fixture.b}, number 1): seals update seq ${seq}, which is missing or altered`);
    // Past the newest version only the head noted outside the system shows the rewrite.
    expect((await verifyStore(db, { scorecardId: fixture.b })).head).not.toBe(headBefore);
    await closeDatabase(db);
  });

  it("reports an audit event whose detail changed, one after a removed event and a removed first event", async () => {
    const ids = [1, 2, 3];
    expect(await problemAfter(async (db) => await run(db, `UPDATE audit_events SET detail_json = '{"reason":"Versehen"}' WHERE id = ?`, ids[0]))).toBe(
      `audit_events id ${ids[0]}: content altered (hash mismatch)`,
    );
    expect(await problemAfter(async (db) => await run(db, "DELETE FROM audit_events WHERE id = ?", ids[1]))).toBe(
      `audit_events id ${ids[2]}: predecessor missing or reordered (prev_hash does not match id ${ids[0]})`,
    );
    expect(await problemAfter(async (db) => await run(db, "DELETE FROM audit_events WHERE id = ?", ids[0]))).toContain(`audit_events id ${ids[1]}: first event of the chain has a prev_hash`);
  });

  it("reports a checkpoint whose state is another document's", async () => {
    const problem = await problemAfter(async (db) => {
      const other = new Y.Doc();
      other.getXmlFragment("default").push([new Y.XmlElement("paragraph")]);
      await run(db, "UPDATE doc_checkpoints SET state = ? WHERE up_to_seq = ?", Y.encodeStateAsUpdate(other), fixture.checkpointSeq);
    });
    expect(problem).toBe(`doc_checkpoints up_to_seq ${fixture.checkpointSeq} (scorecard ${fixture.a}): state differs from the replay of the chained updates (snapshot mismatch)`);
  });

  it("reports a checkpoint with the right ids but a forged measure field", async () => {
    const problem = await problemAfter(async (db) => {
      const state = Buffer.from((await pluck(db, "SELECT state FROM doc_checkpoints WHERE up_to_seq = ?", fixture.checkpointSeq))[0] as Buffer);
      const at = state.indexOf("planned");
      expect(at).toBeGreaterThan(0);
      state.write("plannex", at);
      await run(db, "UPDATE doc_checkpoints SET state = ? WHERE up_to_seq = ?", state, fixture.checkpointSeq);
    });
    expect(problem).toBe(`doc_checkpoints up_to_seq ${fixture.checkpointSeq} (scorecard ${fixture.a}): state differs from the replay of the chained updates (content mismatch)`);
  });

  it("accepts a checkpoint that encodes the same state with other bytes", async () => {
    const db = await copy();
    const updates = (await pluck(db, "SELECT update_data FROM doc_updates WHERE scorecard_id = ? AND seq <= ? ORDER BY seq", fixture.a, fixture.checkpointSeq)) as Uint8Array[];
    // Merged updates keep deleted text that a document's encoding drops.
    const merged = Y.mergeUpdates(updates);
    const stored = (await pluck(db, "SELECT state FROM doc_checkpoints WHERE up_to_seq = ?", fixture.checkpointSeq))[0] as Buffer;
    expect(Buffer.compare(merged, stored)).not.toBe(0);
    await run(db, "UPDATE doc_checkpoints SET state = ? WHERE up_to_seq = ?", merged, fixture.checkpointSeq);
    expect(await verifyStore(db)).toMatchObject({ ok: true, checked: { checkpoints: 1 } });
    await closeDatabase(db);
  });

  it("reports a checkpoint that covers an update removed from the end of the chain", async () => {
    const problem = await problemAfter(async (db) => await run(db, "DELETE FROM doc_updates WHERE scorecard_id = ? AND seq >= ?", fixture.a, fixture.checkpointSeq), {
      scorecardId: fixture.a,
    });
    expect(problem).toContain(`doc_checkpoints up_to_seq ${fixture.checkpointSeq} (scorecard ${fixture.a}): update seq ${fixture.checkpointSeq} is not in the chain`);
  });

  it("ignores tampering in other scorecards when checking one", async () => {
    const db = await copy();
    await run(db, "UPDATE doc_updates SET created_at = 0 WHERE seq = ?", (await seqsOf(db, fixture.c))[5]);
    expect((await verifyStore(db, { scorecardId: fixture.a })).ok).toBe(true);
    expect((await verifyStore(db, { scorecardId: fixture.c })).ok).toBe(false);
    await closeDatabase(db);
  });
});

describe("npm run audit:verify", () => {
  function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(process.execPath, ["--import", "tsx", "server/audit/cli.ts", ...args], { cwd: ROOT }, (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });
  }

  /** A copy of the fixture the command can open by its location: a file, or a schema's URL. */
  async function storedCopy(name: string): Promise<{ location: string; open(): Promise<Db> }> {
    if (fixture.schema) {
      const db = await copy();
      const url = new URL(TEST_POSTGRES_URL);
      url.searchParams.set("schema", ((await get(db, "SELECT current_schema() AS name")) as { name: string }).name);
      await closeDatabase(db);
      return { location: url.toString(), open: () => openDatabase(url.toString()) };
    }
    const file = join(tempDir, name);
    writeFileSync(file, fixture.image!);
    // As the server leaves it: WAL mode, closed.
    await closeDatabase(await openDatabase(file));
    return { location: file, open: () => openDatabase(file) };
  }

  it("exits 0 on an untouched database and 1 naming the record after tampering", async () => {
    const target = await storedCopy("store.sqlite");
    const file = target.location;

    const ok = await cli(["--db", file]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`checked:     ${fixture.totalUpdates} updates, 4 versions, 3 audit events, 1 checkpoints`);
    expect(ok.stdout).toContain("result:      OK");

    const db = await target.open();
    const seq = (await seqsOf(db, fixture.a))[7];
    await run(db, "UPDATE doc_updates SET user_id = NULL WHERE seq = ?", seq);
    await closeDatabase(db);
    const tampered = await cli(["--db", file, "--scorecard", fixture.a]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`PROBLEM: doc_updates seq ${seq} (scorecard ${fixture.a}): content altered`);
  });

  it("exits 2 on an unknown flag, a missing file or an unknown scorecard, creating no file", async () => {
    const stderr: string[] = [];
    const out = { stdout: () => undefined, stderr: (text: string) => void stderr.push(text) };
    const missing = join(tempDir, "missing", "none.sqlite");
    expect(await runAuditVerify(["--fast"], {}, out)).toBe(2);
    expect(await runAuditVerify(["--db", missing], {}, out)).toBe(2);
    expect(await runAuditVerify([], { DATA_DIR: join(tempDir, "empty") }, out)).toBe(2);
    expect(await runAuditVerify(["--db", (await storedCopy("one.sqlite")).location, "--scorecard", "no-such-id"], {}, out)).toBe(2);
    expect(stderr.join("")).toMatch(/unknown flag --fast[\s\S]*no database file at .*none\.sqlite[\s\S]*no database file[\s\S]*no records of scorecard no-such-id/);
    expect(() => new Database(missing, { fileMustExist: true })).toThrow();
  });
});
