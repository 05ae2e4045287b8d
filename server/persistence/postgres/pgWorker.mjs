// The PostgreSQL connection of one database handle, on its own thread. The stores call
// the database synchronously, as better-sqlite3 lets them: the calling thread blocks on a
// shared flag until this worker has posted the answer (see PgDatabase.ts). Plain
// JavaScript, so the thread needs no TypeScript loader, from source and in the bundle.
import pg from "pg";
import { workerData } from "node:worker_threads";

// BIGINT (milliseconds, sequence numbers, counts) and NUMERIC (sums) as JavaScript numbers,
// as SQLite returns them; the values stay far below 2^53.
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

/** @type {pg.Client | null} */
let client = null;
/** Where and how the handle connected, to connect again after the server dropped the connection. */
let connection = null;
/** Whether the connection broke (server restart, network, terminated backend). */
let broken = false;
/** Statement text → name: named statements are parsed once per connection. */
const statementNames = new Map();

function statementName(text) {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `s${statementNames.size + 1}`));
  return name;
}

async function connect(url, readOnly) {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  connection = { url, readOnly };
  broken = false;
  // A new connection knows none of the old one's named statements.
  statementNames.clear();
  client = new pg.Client({ connectionString: parsed.toString() });
  const own = client;
  // Noted here and handled at the next request (see reconnectIfBroken).
  own.on("error", () => (broken = own === client));
  own.on("end", () => (broken = own === client && connection !== null));
  await client.connect();
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema must be lower-case letters, digits and _, got "${schema}"`);
    if (!readOnly) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
  }
  if (readOnly) {
    await client.query("SET default_transaction_read_only = on");
    return;
  }
  const { rows } = await client.query("SELECT current_schema() AS schema");
  if (!rows[0].schema) throw new Error("the database has no schema to create tables in (check search_path or ?schema=)");
  // SQLite's COLLATE NOCASE: equal and unique regardless of case.
  await client.query("CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
}

function toBuffer(value) {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

/** Runs what the caller deferred (see PgDatabase.defer): BEGIN, locks, writes nobody reads. */
async function runDeferred(statements) {
  for (const { text, values } of statements ?? []) {
    if (!client) throw new Error("the database is closed");
    await (values.length === 0 ? client.query(text) : client.query({ name: statementName(text), text, values: values.map(toBuffer) }));
  }
}

/**
 * Connects again when the connection broke, but only where no transaction was open on it:
 * a statement of a half-done transaction must fail (and the transaction with it), never run
 * on a new connection outside it.
 */
async function reconnectIfBroken(request) {
  if (!broken || !connection || request.kind === "connect" || request.kind === "close") return;
  if (!request.mayReconnect) throw new Error("the connection to PostgreSQL broke during a transaction; the transaction is lost");
  const old = client;
  client = null;
  old?.end().catch(() => undefined);
  await connect(connection.url, connection.readOnly);
}

async function answer(request) {
  try {
    await reconnectIfBroken(request);
    await runDeferred(request.deferred);
    switch (request.kind) {
      case "connect":
        await connect(request.url, request.readOnly);
        return { ok: true };
      case "query": {
        if (!client) throw new Error("the database is closed");
        const result = await client.query({ name: statementName(request.text), text: request.text, values: request.values.map(toBuffer), rowMode: request.raw ? "array" : undefined });
        return { ok: true, rows: result.rows, rowCount: result.rowCount ?? 0 };
      }
      case "script":
        if (!client) throw new Error("the database is closed");
        await client.query(request.text);
        return { ok: true, rows: [], rowCount: 0 };
      case "close":
        connection = null;
        await client?.end();
        client = null;
        return { ok: true };
      default:
        throw new Error(`unknown request ${request.kind}`);
    }
  } catch (error) {
    return { ok: false, message: error.message, code: error.code, detail: error.detail };
  }
}

const { port, flag } = workerData;
const answered = new Int32Array(flag);
port.on("message", async (request) => {
  port.postMessage(await answer(request));
  // Posted first, so the caller finds the answer on the port as soon as it wakes.
  Atomics.store(answered, 0, 1);
  Atomics.notify(answered, 0);
});
