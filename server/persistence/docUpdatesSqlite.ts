import type Database from "better-sqlite3";
import type { CompiledQuery, Insertable } from "kysely";
import { sqliteHandle, type Db } from "./db";
import type { Tables } from "./schema";

/** A row of the update chain, as `appendUpdates` computes it. */
export type UpdateRow = Insertable<Tables["doc_updates"]>;
/** A client id's owner, inserted unless the client id has one. */
export type OwnerRow = Insertable<Tables["doc_clients"]>;

/**
 * Appends on SQLite without Kysely's per-statement building and awaiting, which cost twice
 * the SQLite work itself on the hot path of every room's group commit: the appends asked
 * for in one go (the rooms' commits at the end of a turn of the event loop, see
 * server/sync/RoomCommit.ts) run right after it, in one synchronous transaction on the
 * better-sqlite3 handle with statements Kysely compiled once, each append in its own
 * savepoint, so a failing one fails alone. The result is that of `later`, the asynchronous
 * way, which is taken instead while Kysely's transaction on the same handle is open or
 * another handle holds the write lock (it waits for it without blocking the event loop).
 * @param db - the database
 * @param scorecardIds - the scorecards appended to, sorted
 * @param rowsAfter - the rows to insert, given each scorecard's newest hash (null: none yet)
 * @param owners - the client ids' owners to insert
 * @param later - the asynchronous way
 * @returns the rows' sequence numbers in order; null on PostgreSQL or inside a transaction
 */
export function appendOnSqliteSoon(
  db: Db,
  scorecardIds: readonly string[],
  rowsAfter: (heads: Map<string, Uint8Array | null>) => UpdateRow[],
  owners: readonly OwnerRow[],
  later: () => Promise<number[]>,
): Promise<number[]> | null {
  const handle = sqliteHandle(db);
  if (!handle) return null;
  return new Promise<number[]>((resolve, reject) => {
    let queue = queues.get(handle);
    if (!queue) {
      const jobs: Append[] = (queue = []);
      queues.set(handle, jobs);
      queueMicrotask(() => {
        queues.delete(handle);
        try {
          appendNow(db, handle, jobs);
        } catch (error) {
          // Not even begun (a statement that would not prepare, a handle closed meanwhile): each job
          // fails, and one that settled already stays settled.
          for (const job of jobs) job.reject(error as Error);
        }
      });
    }
    queue.push({ scorecardIds, rowsAfter, owners, later, resolve, reject });
  });
}

interface Append {
  scorecardIds: readonly string[];
  rowsAfter: (heads: Map<string, Uint8Array | null>) => UpdateRow[];
  owners: readonly OwnerRow[];
  later: () => Promise<number[]>;
  resolve: (seqs: number[]) => void;
  reject: (error: Error) => void;
}

const queues = new WeakMap<Database.Database, Append[]>();

function appendNow(db: Db, handle: Database.Database, jobs: Append[]): void {
  const statements = statementsOf(db, handle);
  if (handle.inTransaction || !began(statements)) {
    for (const job of jobs) job.later().then(job.resolve, job.reject);
    return;
  }
  const stored: { job: Append; seqs: number[] }[] = [];
  let committed = false;
  try {
    const heads = headsKnownTo(statements, handle);
    // The heads this flush moved on, kept only once their job is stored.
    const moved = new Map<string, Uint8Array>();
    const isolated = jobs.length > 1;
    for (const job of jobs) {
      if (isolated) statements.savepoint.run();
      try {
        const jobHeads = new Map<string, Uint8Array | null>();
        for (const scorecardId of job.scorecardIds) jobHeads.set(scorecardId, moved.get(scorecardId) ?? heads.hashes.get(scorecardId) ?? readHead(statements, scorecardId));
        stored.push({ job, seqs: appendOne(statements, job, jobHeads) });
        if (isolated) statements.release.run();
        for (const [scorecardId, hash] of jobHeads) if (hash) moved.set(scorecardId, hash);
      } catch (error) {
        if (isolated) {
          statements.rollbackToSavepoint.run();
          statements.release.run();
        } else statements.rollback.run();
        job.reject(error as Error);
      }
    }
    if (handle.inTransaction) statements.commit.run();
    committed = true;
    for (const [scorecardId, hash] of moved) heads.hashes.set(scorecardId, hash);
    // What was stored is stored: a failing read of the marks only forgets the heads.
    try {
      heads.marks = readMarks(statements);
    } catch {
      knownHeads.delete(handle);
    }
  } catch (error) {
    // Nothing of the transaction is kept: every job not failed yet fails with it.
    for (const job of jobs) job.reject(error as Error);
    return;
  } finally {
    // Whatever failed, the handle is left without a transaction, as Kysely expects it, and
    // what this handle knew of the heads is read again.
    if (handle.inTransaction) statements.rollback.run();
    if (!committed) knownHeads.delete(handle);
  }
  for (const { job, seqs } of stored) job.resolve(seqs);
}

/** Appends one job's rows after the given heads (moved on as the rows are chained). */
function appendOne(statements: AppendStatements, job: Append, heads: Map<string, Uint8Array | null>): number[] {
  const seqs = job.rowsAfter(heads).map((row) => (statements.insert.get(row) as { seq: number }).seq);
  for (const owner of job.owners) statements.owner.run(owner);
  return seqs;
}

function readHead(statements: AppendStatements, scorecardId: string): Uint8Array | null {
  const head = statements.head.get({ scorecard_id: scorecardId }) as { hash: Buffer | null } | undefined;
  return head?.hash ?? null;
}

/**
 * The chains' heads this handle stored last, so that a flush need not read them again (in
 * the midst of other work, reading a head cost as much as inserting the row). They hold
 * while the marks are unchanged: no other connection committed (`data_version`), and
 * nothing on this connection changed a row outside a flush (`total_changes()`: Kysely's
 * statements, a purge).
 */
interface KnownHeads {
  hashes: Map<string, Uint8Array>;
  marks: Marks;
}

interface Marks {
  changes: number;
  version: number;
}

const knownHeads = new WeakMap<Database.Database, KnownHeads>();

/** What the handle knows of the heads, forgotten when the database changed otherwise since; read inside the write transaction, so nobody else changes it meanwhile. */
function headsKnownTo(statements: AppendStatements, handle: Database.Database): KnownHeads {
  const marks = readMarks(statements);
  const known = knownHeads.get(handle);
  if (known && known.marks.changes === marks.changes && known.marks.version === marks.version) return known;
  const fresh = { hashes: new Map<string, Uint8Array>(), marks };
  knownHeads.set(handle, fresh);
  return fresh;
}

function readMarks(statements: AppendStatements): Marks {
  return statements.marks.get() as Marks;
}

/** Starts the write transaction; false when another handle holds the write lock. */
function began(statements: AppendStatements): boolean {
  try {
    statements.begin.run();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  }
}

interface AppendStatements {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackToSavepoint: Database.Statement;
  marks: Database.Statement;
  head: BoundStatement<"scorecard_id">;
  insert: BoundStatement<keyof UpdateRow>;
  owner: BoundStatement<keyof OwnerRow>;
}

const prepared = new WeakMap<Database.Database, AppendStatements>();

function statementsOf(db: Db, handle: Database.Database): AppendStatements {
  let statements = prepared.get(handle);
  if (statements) return statements;
  const slot = (name: string) => `\u0000slot:${name}`;
  const updateSlots = {
    scorecard_id: slot("scorecard_id"),
    update_data: Buffer.from(slot("update_data")),
    user_id: slot("user_id"),
    created_at: -0.5,
    prev_hash: Buffer.from(slot("prev_hash")),
    hash: Buffer.from(slot("hash")),
  };
  const ownerSlots = { scorecard_id: slot("scorecard_id"), client_id: -0.5, user_id: slot("user_id") };
  statements = {
    // Takes the write lock at once, as every write transaction on SQLite does here (db.ts).
    begin: handle.prepare("begin immediate"),
    commit: handle.prepare("commit"),
    rollback: handle.prepare("rollback"),
    savepoint: handle.prepare("savepoint append"),
    release: handle.prepare("release append"),
    rollbackToSavepoint: handle.prepare("rollback to append"),
    marks: handle.prepare("select total_changes() as changes, data_version as version from pragma_data_version()"),
    head: new BoundStatement(handle, db.selectFrom("doc_updates").select("hash").where("scorecard_id", "=", slot("scorecard_id")).orderBy("seq", "desc").limit(1).compile(), {
      scorecard_id: slot("scorecard_id"),
    }),
    insert: new BoundStatement(handle, db.insertInto("doc_updates").values(updateSlots).returning("seq").compile(), updateSlots),
    owner: new BoundStatement(
      handle,
      db
        .insertInto("doc_clients")
        .values(ownerSlots)
        .onConflict((conflict) => conflict.doNothing())
        .compile(),
      ownerSlots,
    ),
  };
  prepared.set(handle, statements);
  return statements;
}

/**
 * A statement Kysely compiled once with a placeholder value in each slot, prepared on the
 * handle: bound by slot name, so the order of the parameters stays Kysely's business.
 * Parameters that are no slot (a LIMIT) keep their compiled value.
 */
class BoundStatement<Slot extends string> {
  private readonly statement: Database.Statement;
  private readonly slots: (Slot | null)[];

  constructor(
    handle: Database.Database,
    private readonly query: CompiledQuery,
    placeholders: Record<Slot, unknown>,
  ) {
    const names = Object.keys(placeholders) as Slot[];
    this.slots = query.parameters.map((parameter) => names.find((name) => placeholders[name] === parameter) ?? null);
    const missing = names.filter((name) => !this.slots.includes(name));
    if (missing.length > 0) throw new Error(`compiled statement lacks the slots ${missing.join(", ")}: ${query.sql}`);
    this.statement = handle.prepare(query.sql);
  }

  get(values: Partial<Record<Slot, unknown>>): unknown {
    return this.statement.get(this.bind(values));
  }

  run(values: Partial<Record<Slot, unknown>>): void {
    this.statement.run(this.bind(values));
  }

  private bind(values: Partial<Record<Slot, unknown>>): unknown[] {
    // better-sqlite3 binds no undefined; a value left out of a row (user_id) is NULL.
    return this.slots.map((name, i) => (name === null ? this.query.parameters[i] : (values[name] ?? null)));
  }
}
