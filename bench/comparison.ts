import { readFileSync } from "node:fs";
import { startBenchServer, type BenchClient, type BenchServer, type ServerKind } from "./referenceServers";

/**
 * Steuerrad side by side with the servers people would pick instead (issue 8): the same
 * workloads against each, in interleaved rounds, so a noisy moment on the shared cores
 * hits every server alike. Each function starts and stops its own server.
 */

export const SERVER_KINDS: ServerKind[] = ["steuerrad", "y-websocket", "hocuspocus"];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
export function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return { cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100, rssMb: (Number(stat[21]) * 4096) / 1048576 };
}

async function withServer<T>(kind: ServerKind, rooms: number, run: (server: BenchServer) => Promise<T>, options: { unloadAtOnce?: boolean } = {}): Promise<T> {
  const server = await startBenchServer(kind, rooms, options);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

/** One fan-out run. */
export interface FanOutRun {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveriesPerSecond: number;
  /** Changes the editors actually sent a second (timers slip under load). */
  editsPerSecond: number;
  lost: number;
  converged: boolean;
  cpuMsPerDelivery: number;
  rssMb: number;
}

/** Where fan-out editors connect: one server, or several processes serving the same rooms. */
export interface FanOutTarget {
  /** Room names. */
  rooms: string[];
  /** The server processes, for CPU and memory (summed). */
  pids: number[];
  /** Connects the `editor`-th editor of a room. */
  connect(room: string, editor: number): BenchClient;
}

/**
 * Fan-out: `rooms` × `editors`, each typing `rate` changes a second for `seconds`; the
 * latency of every delivery to every other editor of the room.
 */
export async function fanOut(kind: ServerKind, rooms: number, editors: number, rate: number, seconds: number): Promise<FanOutRun> {
  return withServer(kind, rooms, (server) => measureFanOut({ rooms: server.rooms, pids: [server.pid], connect: (room) => server.connect(room) }, rooms, editors, rate, seconds));
}

/** The fan-out workload against a running target; see `fanOut`. */
export async function measureFanOut(server: FanOutTarget, rooms: number, editors: number, rate: number, seconds: number): Promise<FanOutRun> {
  const usage = () => server.pids.map(processUsage).reduce((sum, one) => ({ cpuSeconds: sum.cpuSeconds + one.cpuSeconds, rssMb: sum.rssMb + one.rssMb }), { cpuSeconds: 0, rssMb: 0 });
  const latencies: number[] = [];
  const all: { client: BenchClient; room: number; name: string }[] = [];
  for (let room = 0; room < rooms; room++) {
    for (let e = 0; e < editors; e++) {
      const client = server.connect(server.rooms[room], e);
      client.doc.getArray<[string, number, number]>("fanout").observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const delta of event.changes.delta) for (const item of (delta.insert as [string, number, number][] | undefined) ?? []) latencies.push(now - item[2]);
      });
      all.push({ client, room, name: `${room}-${e}` });
    }
  }
  await Promise.all(all.map((editor) => editor.client.synced));
  await sleep(300);
  const before = usage();
  let sent = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    all.map(async (editor, index) => {
      await sleep((index * 37) % (1000 / rate));
      const log = editor.client.doc.getArray<[string, number, number]>("fanout");
      for (let seq = 0; performance.now() < end; seq++) {
        log.push([[editor.name, seq, performance.now()]]);
        sent++;
        await sleep(1000 / rate);
      }
    }),
  );
  const expected = sent * (editors - 1);
  const deadline = performance.now() + 15_000;
  while (latencies.length < expected && performance.now() < deadline) await sleep(50);
  const elapsed = (performance.now() - started) / 1000;
  const after = usage();
  const converged = all.every((editor) => {
    const first = all.find((other) => other.room === editor.room)!;
    return JSON.stringify(first.client.doc.getArray("fanout").toJSON()) === JSON.stringify(editor.client.doc.getArray("fanout").toJSON());
  });
  for (const editor of all) editor.client.destroy();
  const sorted = latencies.slice().sort((a, b) => a - b);
  const cpu = after.cpuSeconds - before.cpuSeconds;
  return {
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    deliveriesPerSecond: latencies.length / elapsed,
    editsPerSecond: sent / seconds,
    lost: expected - latencies.length,
    converged,
    cpuMsPerDelivery: (cpu * 1000) / Math.max(1, latencies.length),
    rssMb: after.rssMb,
  };
}

/** One connect storm. */
export interface ConnectStormRun {
  /** Until the last client synced. */
  allSyncedMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** Connect storm: `clients` connecting at once, spread over `rooms`, until each synced. */
export async function connectStorm(kind: ServerKind, clients: number, rooms: number): Promise<ConnectStormRun> {
  return withServer(kind, rooms, async (server) => {
    // Every room holds some content, as a real scorecard does.
    const seeders = server.rooms.map((room) => server.connect(room));
    await Promise.all(seeders.map((seeder) => seeder.synced));
    for (const seeder of seeders) seeder.doc.getText("inhalt").insert(0, "Ziel, Maßnahme, Statuszeile. ".repeat(200));
    await sleep(500);
    const started = performance.now();
    const times: number[] = [];
    const storm = Array.from({ length: clients }, (_, i) => server.connect(server.rooms[i % rooms]));
    await Promise.all(storm.map((client) => client.synced.then(() => times.push(performance.now() - started))));
    const allSyncedMs = performance.now() - started;
    for (const client of [...storm, ...seeders]) client.destroy();
    const sorted = times.sort((a, b) => a - b);
    return { allSyncedMs, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
  });
}

/** Cold loads of one scorecard built from `updates` single-character updates. */
export interface ColdLoadRun {
  loadsMs: number[];
}

/**
 * Cold load: a fresh client's full sync of a room holding `updates` updates, sent one by
 * one by an editor beforehand. Steuerrad and Hocuspocus load it from their database; the
 * in-memory y-websocket server drops a room nobody holds, so a holder stays connected there.
 */
export async function coldLoad(kind: ServerKind, updates: number, loads: number): Promise<ColdLoadRun> {
  return withServer(
    kind,
    1,
    async (server) => {
      const room = server.rooms[0];
      const seeder = server.connect(room);
      await seeder.synced;
      const text = seeder.doc.getText("kalt");
      for (let i = 0; i < updates; i++) {
        text.insert(text.length, String.fromCharCode(97 + (i % 26)));
        if (i % 1000 === 999) await sleep(5); // lets the socket drain, as typing would
      }
      const check = server.connect(room);
      for (let waited = 0; check.doc.getText("kalt").length < updates; waited += 100) {
        if (waited > 120_000) throw new Error(`${kind}: the seeded updates did not arrive`);
        await sleep(100);
      }
      check.destroy();
      if (kind !== "y-websocket") seeder.destroy();
      const loadsMs: number[] = [];
      for (let i = 0; i < loads; i++) {
        await sleep(kind === "hocuspocus" ? 3000 : 1500); // stored and unloaded
        const started = performance.now();
        const client = server.connect(room);
        await client.synced;
        for (let waited = 0; client.doc.getText("kalt").length < updates; waited += 5) {
          if (waited > 60_000) throw new Error(`${kind}: cold load incomplete (${client.doc.getText("kalt").length} of ${updates})`);
          await sleep(5);
        }
        loadsMs.push(performance.now() - started);
        client.destroy();
      }
      if (kind === "y-websocket") seeder.destroy();
      return { loadsMs };
    },
    { unloadAtOnce: true },
  );
}

/**
 * Saturation: the highest total rate of edits a second (rooms × editors × rate) at which
 * the fan-out's p95 stays within `p95LimitMs`, stepping the rate per editor up. Three
 * editors a room keep the load generator's own work (applying every delivery) below the
 * server's, so the server is what saturates.
 */
export async function saturation(kind: ServerKind, rates: number[], p95LimitMs = 50): Promise<SaturationRun> {
  const rooms = 10;
  const editors = 3;
  const steps: SaturationRun["steps"] = [];
  let best = 0;
  for (const rate of rates) {
    const run = await fanOut(kind, rooms, editors, rate, 4);
    steps.push({ editsPerSecond: run.editsPerSecond, p95Ms: run.p95Ms, lost: run.lost });
    if (run.p95Ms > p95LimitMs || run.lost > 0) return { editsPerSecond: best, reached: true, steps };
    best = Math.max(best, run.editsPerSecond);
  }
  return { editsPerSecond: best, reached: false, steps };
}

/** Where a server's p95 passed the limit. */
export interface SaturationRun {
  /** The highest rate of edits a second (as sent) at which the p95 stayed within the limit. */
  editsPerSecond: number;
  /** False when even the last step stayed within the limit: the server saturates later still. */
  reached: boolean;
  steps: { editsPerSecond: number; p95Ms: number; lost: number }[];
}
