import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { closeDatabase, openDatabase } from "../server/persistence/db";
import { createDocUpdateStore } from "../server/persistence/docUpdates";
import { seedDemo } from "../server/demo/seed";
import { listScorecards } from "../server/persistence/scorecards";
import { createScorecard } from "../server/scorecards/scorecardCreator";
import { login, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess, type ServerProcess } from "../tests/fixtures/serverProcess";

/** Percentile of sorted numbers. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssPages = Number(stat[21]);
  return { cpuSeconds: ticks / 100, rssMb: (rssPages * 4096) / 1024 / 1024 };
}

/** Fills a fresh data folder with the demo and `updates` one-character updates on the first scorecard. */
async function prepareHistory(dataDir: string, updates: number): Promise<string> {
  const db = await openDatabase(join(dataDir, "steuerrad.sqlite"));
  const store = createDocUpdateStore(db);
  await seedDemo(db, store, TEST_PASSWORD);
  const scorecardId = (await listScorecards(db))[0].id;
  const doc = new Y.Doc();
  const text = doc.getText("bench");
  const pending: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => pending.push(update));
  for (let i = 0; i < updates; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  await store.appendBatch(pending.map((update) => ({ scorecardId, update, userId: null })));
  await closeDatabase(db);
  return scorecardId;
}

/**
 * Fills a fresh data folder (or the database at `location`, e.g. a PostgreSQL URL) with
 * the demo and `count` extra scorecards, one per room.
 */
export async function prepareScorecards(dataDir: string, count: number, location = join(dataDir, "steuerrad.sqlite")): Promise<string[]> {
  const db = await openDatabase(location);
  const store = createDocUpdateStore(db);
  await seedDemo(db, store, TEST_PASSWORD);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createScorecard(db, store, { title: `Bench ${i}`, providerId: null, template: "empty" }));
  await closeDatabase(db);
  return ids;
}

/** Result of the cold-load workload. */
export interface ColdLoadResult {
  updates: number;
  firstLoadMs: number;
  checkpointedLoadMs: number[];
  serverRssMb: number;
}

/**
 * Cold load: a fresh client's full sync of a scorecard with `updates` stored updates. The
 * first load replays the log; later loads start from the checkpoint written at unload.
 */
export async function runColdLoad(updates = 50_000, rounds = 5): Promise<ColdLoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-bench-"));
  let server: ServerProcess | undefined;
  try {
    const scorecardId = await prepareHistory(dataDir, updates);
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, ROOM_UNLOAD_DELAY_MS: "0" }, { bundled: true });
    const cookie = await login(server.url, "sozialamt@demo.test");
    const times: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const started = performance.now();
      const client = connectClient(server.url, scorecardId, cookie);
      await client.synced;
      const elapsed = performance.now() - started;
      if (client.doc.getText("bench").length !== updates) throw new Error("cold load returned an incomplete document");
      times.push(elapsed);
      client.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the room unload
    }
    const usage = processUsage(server.child.pid!);
    const later = times.slice(1).sort((a, b) => a - b);
    return { updates, firstLoadMs: times[0], checkpointedLoadMs: later, serverRssMb: usage.rssMb };
  } finally {
    server?.child.kill("SIGTERM");
    if (server) await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Result of the fan-out workload. */
export interface FanOutResult {
  rooms: number;
  editorsPerRoom: number;
  seconds: number;
  changesSent: number;
  deliveries: number;
  lostDeliveries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  converged: boolean;
  serverCpuSeconds: number;
  serverCpuMsPerDelivery: number;
  serverRssMb: number;
}

/**
 * Fan-out: `rooms` scorecards × `editorsPerRoom` editors, each typing `rate` changes per
 * second for `seconds`; measures delivery latency to every other editor of the room.
 */
export async function runFanOut(rooms = 10, editorsPerRoom = 5, rate = 2, seconds = 10): Promise<FanOutResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-bench-"));
  const scorecardIds = await prepareScorecards(dataDir, rooms);
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, MAX_CONNECTIONS_PER_USER: "10000" }, { bundled: true });
  try {
    const cookie = await login(server.url, "sozialamt@demo.test");
    const latencies: number[] = [];
    const editors: { client: ReturnType<typeof connectClient>; log: Y.Array<[string, number, number]>; name: string }[] = [];
    for (let room = 0; room < rooms; room++) {
      const id = scorecardIds[room];
      for (let e = 0; e < editorsPerRoom; e++) {
        const client = connectClient(server.url, id, cookie);
        const log = client.doc.getArray<[string, number, number]>(`fanout-${room}`);
        log.observe((event) => {
          if (event.transaction.local) return;
          const now = performance.now();
          for (const item of event.changes.delta.flatMap((d) => (d.insert as [string, number, number][]) ?? [])) {
            latencies.push(now - item[2]);
          }
        });
        editors.push({ client, log, name: `${room}-${e}` });
      }
    }
    await Promise.all(editors.map((e) => e.client.synced));
    const before = processUsage(server.child.pid!);
    let sent = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      editors.map(async (editor, index) => {
        // Staggered start so editors do not all type in the same millisecond.
        await new Promise((resolve) => setTimeout(resolve, (index * 37) % (1000 / rate)));
        let seq = 0;
        while (performance.now() < end) {
          editor.log.push([[editor.name, seq++, performance.now()]]);
          sent += 1;
          await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
        }
      }),
    );
    const expected = sent * (editorsPerRoom - 1);
    const deadline = performance.now() + 10_000;
    while (latencies.length < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const after = processUsage(server.child.pid!);
    const converged = editors.every((e) => {
      const peers = editors.filter((p) => p.name.split("-")[0] === e.name.split("-")[0]);
      return peers.every((p) => JSON.stringify(p.log.toArray()) === JSON.stringify(e.log.toArray()));
    });
    for (const e of editors) e.client.destroy();
    const sorted = latencies.slice().sort((a, b) => a - b);
    const cpu = after.cpuSeconds - before.cpuSeconds;
    return {
      rooms,
      editorsPerRoom,
      seconds,
      changesSent: sent,
      deliveries: latencies.length,
      lostDeliveries: expected - latencies.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? NaN,
      converged,
      serverCpuSeconds: cpu,
      serverCpuMsPerDelivery: (cpu * 1000) / Math.max(1, latencies.length),
      serverRssMb: after.rssMb,
    };
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
