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

/** What it answers: rows, or the database's error; `timedOut` when it did not answer in time (see SyncWorker.call). */
type WorkerAnswer = { ok: true; rows?: unknown[]; rowCount?: number } | { ok: false; message: string; code?: string; detail?: string; timedOut?: boolean };

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

/** How long a call waits for the database before it fails (unless the handle was opened with `answerTimeoutMs`). */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * A thread holding one PostgreSQL connection, called synchronously: the request is posted,
 * the caller sleeps on a shared flag until the worker has posted its answer, and then
 * takes the answer off the port without returning to the event loop. A call that times out
 * ends the thread (and with it its connection); PgDatabase then starts a new one.
 */
class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly answered = new Int32Array(new SharedArrayBuffer(4));
  /** Set after a call timed out: its late answer would be taken for the next call's. */
  private broken = false;

  constructor(
    file: URL,
    private readonly timeoutMs: number,
  ) {
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
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const waited = Atomics.wait(this.answered, 0, 0, Math.max(0, deadline - Date.now()));
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as WorkerAnswer;
      // Woken without an answer: the worker sets the flag and then notifies, so the notify
      // of the previous answer can arrive once this call already waits. Wait on.
      if (waited === "timed-out" || Date.now() >= deadline) break;
    }
    // The thread is stuck on the database (or its answer is late and would be taken for the
    // next call's): end it. Its connection closes with it, and PostgreSQL rolls back what the
    // connection held once it notices (at the latest when the running statement ends).
    this.broken = true;
    this.terminate();
    return { ok: false, timedOut: true, message: `PostgreSQL did not answer within ${this.timeoutMs / 1000} s; the connection was closed` };
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
  /** The thread with the connection; null after a call timed out, until the next call starts another. */
  private worker: SyncWorker | null = null;
  private readonly file = workerFile();
  private readonly answerTimeoutMs: number;
  /** What the worker is asked to connect: at the start and again after a timeout. */
  private readonly connectRequest: WorkerRequest;
  private transactionDepth = 0;
  /**
   * Set when a call timed out while a transaction was open: the transaction died with its
   * connection. Until the outermost transaction() returns or throws, every call fails (see
   * request); then it is cleared and the next transaction starts clean.
   */
  private transactionLost = false;
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
   * @param options - `readOnly`: every transaction is read-only, and nothing is created;
   *   `answerTimeoutMs`: how long a call waits for the database before it fails (60 s)
   */
  constructor(url: string, options: { readOnly?: boolean; answerTimeoutMs?: number } = {}) {
    this.location = url;
    this.name = url.replace(/\/\/[^@/]*@/, "//");
    this.answerTimeoutMs = options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    this.connectRequest = { kind: "connect", url, readOnly: options.readOnly ?? false };
    this.worker = this.connect();
  }

  /** Starts a worker and connects it; throws (with the thread ended) when it cannot connect. */
  private connect(): SyncWorker {
    const worker = new SyncWorker(this.file, this.answerTimeoutMs);
    const answer = worker.call(this.connectRequest);
    if (answer.ok) return worker;
    worker.terminate();
    throw new PostgresError(`cannot open the PostgreSQL database ${this.name}: ${answer.message}`, answer.code, undefined);
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
        // The outermost transaction is over: a lost one is forgotten, with whatever was
        // deferred in it (its requests dropped that already; this is for certainty).
        if (depth === 0 && this.transactionLost) {
          this.transactionLost = false;
          this.deferred = [];
        }
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
    // After a timeout no thread may be running: nothing to close.
    if (!this.worker) return;
    try {
      this.request({ kind: "close" });
    } finally {
      this.worker?.terminate();
      this.worker = null;
    }
  }

  /** @internal one round trip; throws the database's error */
  request(request: WorkerRequest): { rows: unknown[]; rowCount: number } {
    if (this.closed && request.kind !== "close") throw new PostgresError("the database connection is closed", undefined, undefined);
    const deferred = this.deferred.length > 0 ? this.deferred.splice(0) : undefined;
    // A call within a transaction that died with a timed-out connection fails, and so do its
    // COMMIT and what it deferred (dropped above): run on the new connection, they would run
    // outside the transaction, each committed on its own, while the caller (who may have
    // caught the timeout) believes them atomic with what was rolled back. Failing also makes
    // the COMMIT throw, so transaction() never reports a commit that did not happen.
    if (this.transactionLost && this.transactionDepth > 0 && request.kind !== "close") {
      throw new PostgresError("the transaction was lost: PostgreSQL did not answer one of its statements in time, and the connection was closed", undefined, undefined);
    }
    // The first call after a timeout starts a new thread with a new connection.
    this.worker ??= this.connect();
    // Nothing of a transaction has run while its BEGIN still waits to be sent.
    const mayReconnect = this.transactionDepth === 0 || deferred?.[0]?.text === "BEGIN";
    const answer = this.worker.call({ ...request, deferred, mayReconnect });
    if (!answer.ok) {
      if (answer.timedOut) {
        // The worker ended itself. A transaction open on its connection is rolled back with it.
        this.worker = null;
        if (this.transactionDepth > 0) this.transactionLost = true;
      }
      throw new PostgresError(answer.message, answer.code, answer.detail);
    }
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
