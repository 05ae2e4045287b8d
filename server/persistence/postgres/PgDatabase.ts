import { existsSync } from "node:fs";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { toPostgres, type PostgresStatement } from "./dialect";

/** A statement whose result nobody waits for; it travels with the next request. */
interface DeferredStatement {
  text: string;
  values: unknown[];
}

/**
 * What the worker (pgWorker.mjs) is asked; `deferred` runs first, in order. `mayReconnect`:
 * no transaction has run a statement yet, so a broken connection may be replaced.
 */
type WorkerRequest = { deferred?: DeferredStatement[]; mayReconnect?: boolean } & (
  { kind: "connect"; url: string; readOnly: boolean } | { kind: "query"; text: string; values: unknown[]; raw: boolean } | { kind: "script"; text: string } | { kind: "close" }
);

/** What it answers: rows, or the database's error. */
type WorkerAnswer = { ok: true; rows?: unknown[]; rowCount?: number } | { ok: false; message: string; code?: string; detail?: string };

/** An error of PostgreSQL, with its SQLSTATE code (e.g. 23505 for a unique violation). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(detail ? `${message} (${detail})` : message);
    this.name = "PostgresError";
  }
}

/** What `run` reports, as better-sqlite3 does. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

// From source the worker sits beside this file; in the server bundle (npm start) the build
// copies it to dist/server/, while this module may land in dist/server/chunks/.
function workerFile(): URL {
  for (const candidate of ["./pgWorker.mjs", "../pgWorker.mjs"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error("pgWorker.mjs not found beside the server code");
}

/** How long a call waits for the database before it fails. */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * A thread holding one PostgreSQL connection, called synchronously: the request is posted,
 * the caller sleeps on a shared flag until the worker has posted its answer, and then
 * takes the answer off the port without returning to the event loop.
 */
class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly answered = new Int32Array(new SharedArrayBuffer(4));
  /** Set after a call timed out: its late answer would be taken for the next call's. */
  private broken = false;

  constructor(file: URL) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(file, { workerData: { port: port2, flag: this.answered.buffer }, transferList: [port2] });
    // The handle's owner closes it; an open handle must not keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  call(request: WorkerRequest): WorkerAnswer {
    if (this.broken) return { ok: false, message: "the PostgreSQL connection is unusable after an earlier timeout" };
    Atomics.store(this.answered, 0, 0);
    this.port.postMessage(request);
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const waited = Atomics.wait(this.answered, 0, 0, Math.max(0, deadline - Date.now()));
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as WorkerAnswer;
      // Woken without an answer: the worker sets the flag and then notifies, so the notify
      // of the previous answer can arrive once this call already waits. Wait on.
      if (waited === "timed-out" || Date.now() >= deadline) break;
    }
    this.broken = true;
    this.terminate();
    return { ok: false, message: `PostgreSQL did not answer within ${ANSWER_TIMEOUT_MS / 1000} s` };
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/**
 * A PostgreSQL database behind the subset of better-sqlite3's synchronous API the server
 * uses (`prepare` with run/get/all/iterate/pluck/raw, `exec`, `transaction`, `pragma`,
 * `close`), so every store runs unchanged on both engines. Each call blocks the calling
 * thread for one round trip to the server, as better-sqlite3 blocks for the disk; one
 * connection per handle, so a transaction's statements run on it in order.
 */
export class PgDatabase {
  private readonly worker: SyncWorker;
  private transactionDepth = 0;
  private closed = false;
  /** Statements waiting to go with the next request. */
  private deferred: DeferredStatement[] = [];
  /** Every statement's SQL, translated once: the stores prepare many per request. */
  private readonly translated = new Map<string, PostgresStatement>();
  readonly name: string;
  /** The URL it was opened with (the asynchronous handle opens its pool on it). */
  readonly location: string;

  /**
   * @param url - postgres://…, optionally with `?schema=name` for the tables' schema
   * @param options - `readOnly`: every transaction is read-only, and nothing is created
   */
  constructor(url: string, options: { readOnly?: boolean } = {}) {
    this.worker = new SyncWorker(workerFile());
    this.location = url;
    this.name = url.replace(/\/\/[^@/]*@/, "//");
    try {
      this.request({ kind: "connect", url, readOnly: options.readOnly ?? false });
    } catch (error) {
      this.worker.terminate();
      throw new PostgresError(`cannot open the PostgreSQL database ${this.name}: ${(error as Error).message}`, (error as PostgresError).code, undefined);
    }
  }

  /** Prepares a statement written for SQLite. */
  prepare(sql: string): PgStatement {
    return new PgStatement(this, this.translate(sql));
  }

  private translate(sql: string): PostgresStatement {
    let statement = this.translated.get(sql);
    if (!statement) this.translated.set(sql, (statement = toPostgres(sql)));
    return statement;
  }

  /** Runs a script of statements without parameters (migrations). */
  exec(sql: string): this {
    this.request({ kind: "script", text: toPostgres(sql, { script: true }).text });
    return this;
  }

  /** SQLite's settings have no meaning here. */
  pragma(_source: string): unknown[] {
    return [];
  }

  /** Whether a transaction is open on this handle. */
  get inTransaction(): boolean {
    return this.transactionDepth > 0;
  }

  /**
   * Wraps `fn` in a transaction (a savepoint when nested), as better-sqlite3 does: committed
   * when it returns, rolled back when it throws. `.immediate` etc. behave the same, since
   * PostgreSQL takes row locks as statements run.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & Record<"immediate" | "deferred" | "exclusive", (...args: A) => R> {
    const run = (...args: A): R => {
      const depth = this.transactionDepth;
      const savepoint = `sp${depth}`;
      // Goes with the transaction's first statement: one round trip less.
      this.deferred.push({ text: depth === 0 ? "BEGIN" : `SAVEPOINT ${savepoint}`, values: [] });
      this.transactionDepth += 1;
      try {
        const result = fn(...args);
        this.request({ kind: "script", text: depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}` });
        return result;
      } catch (error) {
        try {
          this.request({ kind: "script", text: depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` });
        } catch {
          // The connection is gone; the server rolls back on its own.
        }
        throw error;
      } finally {
        this.transactionDepth = depth;
      }
    };
    return Object.assign(run, { immediate: run, deferred: run, exclusive: run });
  }

  /**
   * Runs a statement whose result nobody reads (a lock, a write whose outcome does not
   * matter) with the next request instead of on its own: a round trip less. An error of it
   * is thrown by that next request, which within a transaction fails the transaction.
   * @param sql - a statement written for SQLite
   * @param params - its `?` parameters
   */
  defer(sql: string, params: unknown[]): void {
    this.deferred.push({ text: this.translate(sql).text, values: params.map(toWorker) });
  }

  /** Closes the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.deferred = [];
    try {
      this.request({ kind: "close" });
    } finally {
      this.worker.terminate();
    }
  }

  /** @internal one round trip; throws the database's error */
  request(request: WorkerRequest): { rows: unknown[]; rowCount: number } {
    if (this.closed && request.kind !== "close") throw new PostgresError("the database connection is closed", undefined, undefined);
    const deferred = this.deferred.length > 0 ? this.deferred.splice(0) : undefined;
    // Nothing of a transaction has run while its BEGIN still waits to be sent.
    const mayReconnect = this.transactionDepth === 0 || deferred?.[0]?.text === "BEGIN";
    const answer = this.worker.call({ ...request, deferred, mayReconnect });
    if (!answer.ok) throw new PostgresError(answer.message, answer.code, answer.detail);
    return { rows: answer.rows ?? [], rowCount: answer.rowCount ?? 0 };
  }
}

/** A prepared statement with better-sqlite3's calling conventions. */
export class PgStatement {
  private mode: "object" | "raw" | "pluck" = "object";

  constructor(
    private readonly db: PgDatabase,
    private readonly statement: PostgresStatement,
  ) {}

  /** Every row's first column instead of the row. */
  pluck(on = true): this {
    this.mode = on ? "pluck" : "object";
    return this;
  }

  /** Rows as arrays of values. */
  raw(on = true): this {
    this.mode = on ? "raw" : "object";
    return this;
  }

  /** Runs the statement; reports the changed rows and an INSERT's generated key. */
  run(...params: unknown[]): RunResult {
    const { rows, rowCount } = this.query(params, true);
    const key = this.statement.generatedKey && rows.length > 0 ? (rows[0] as unknown[])[0] : 0;
    return { changes: rowCount, lastInsertRowid: Number(key) };
  }

  /** The first row, or undefined. */
  get(...params: unknown[]): unknown {
    return this.rows(params)[0];
  }

  /** All rows. */
  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }

  /** All rows, one by one (fetched at once). */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.rows(params)[Symbol.iterator]();
  }

  private rows(params: unknown[]): unknown[] {
    if (!this.statement.returnsRows) throw new TypeError("This statement does not return data. Use run() instead");
    const { rows } = this.query(params, this.mode !== "object");
    if (this.mode === "pluck") return rows.map((row) => fromWorker((row as unknown[])[0]));
    if (this.mode === "raw") return rows.map((row) => (row as unknown[]).map(fromWorker));
    return rows.map((row) => {
      const object = row as Record<string, unknown>;
      for (const key in object) object[key] = fromWorker(object[key]);
      return object;
    });
  }

  private query(params: unknown[], raw: boolean): { rows: unknown[]; rowCount: number } {
    return this.db.request({ kind: "query", text: this.statement.text, values: this.values(params), raw });
  }

  private values(params: unknown[]): unknown[] {
    const { names } = this.statement;
    if (!names) return params.map(toWorker);
    const named = (params[0] ?? {}) as Record<string, unknown>;
    return names.map((name) => {
      if (!(name in named)) throw new RangeError(`Missing named parameter "${name}"`);
      return toWorker(named[name]);
    });
  }
}

// SQLite takes booleans as neither; the code passes 0/1. BigInts travel as text.
function toWorker(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value === undefined) return null;
  return value;
}

// Buffers cross the thread as plain Uint8Arrays; the code expects better-sqlite3's Buffers.
function fromWorker(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}
