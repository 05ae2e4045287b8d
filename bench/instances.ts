import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { login, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess, type ServerProcess } from "../tests/fixtures/serverProcess";
import { createPostgresSchema, type PostgresSchema } from "../tests/fixtures/databases";
import { TEST_REDIS_URL } from "../tests/fixtures/serverInstances";
import { prepareScorecards } from "./collaboration";
import { measureFanOut, type FanOutRun } from "./comparison";

/**
 * Fan-out across server processes (issue 9): the same workload against one process on
 * SQLite, one on PostgreSQL, and two on PostgreSQL joined by Redis, where the editors of
 * every room alternate between the two processes, so half of all deliveries cross Redis.
 * The servers run as `npm start` runs them (bundled).
 */

/** The deployments compared. */
export const SETUPS = ["1 process, SQLite", "1 process, PostgreSQL", "2 processes, PostgreSQL + Redis"] as const;
export type Setup = (typeof SETUPS)[number];

/** Fan-out per setup, one run per round. */
export type InstancesResult = Record<Setup, FanOutRun[]> & { rooms: number; editors: number; rate: number; seconds: number };

async function runSetup(setup: Setup, rooms: number, editors: number, rate: number, seconds: number): Promise<FanOutRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-instances-"));
  let schema: PostgresSchema | null = null;
  const processes: ServerProcess[] = [];
  try {
    const env: Record<string, string> = { DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, MAX_CONNECTIONS_PER_USER: "100000", LOG_LEVEL: "warn" };
    if (setup !== "1 process, SQLite") {
      schema = await createPostgresSchema();
      env.DATABASE_URL = schema.url;
    }
    const roomIds = await prepareScorecards(dataDir, rooms, env.DATABASE_URL);
    const count = setup.startsWith("2") ? 2 : 1;
    if (count > 1) Object.assign(env, { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `bench-${randomBytes(4).toString("hex")}` });
    for (let i = 0; i < count; i++) processes.push(await startServerProcess(env, { bundled: true }));
    // Sessions live in the shared database: one login serves every process.
    const cookie = await login(processes[0].url, "sozialamt@demo.test");
    return await measureFanOut(
      {
        rooms: roomIds,
        pids: processes.map((process) => process.child.pid!),
        connect: (room, editor) => connectClient(processes[editor % processes.length].url, room, cookie),
      },
      rooms,
      editors,
      rate,
      seconds,
    );
  } finally {
    for (const server of processes) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs every setup in `rounds` interleaved rounds.
 * @param rooms - scorecards edited at once
 * @param editors - editors per scorecard
 * @param rate - changes per editor and second
 * @param seconds - how long they type
 */
export async function runInstancesBench(rooms = 20, editors = 6, rate = 2, seconds = 10, rounds = 2): Promise<InstancesResult> {
  const result = { rooms, editors, rate, seconds } as InstancesResult;
  for (const setup of SETUPS) result[setup] = [];
  for (let round = 0; round < rounds; round++) {
    for (const setup of SETUPS) result[setup].push(await runSetup(setup, rooms, editors, rate, seconds));
  }
  return result;
}

/** One line per setup: medians over the rounds, with each round's p95. */
export function describeInstances(result: InstancesResult): { setup: string; result: string }[] {
  const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return SETUPS.map((setup) => {
    const runs = result[setup];
    const of = (pick: (run: FanOutRun) => number) => median(runs.map(pick));
    return {
      setup: `fan-out ${result.rooms}×${result.editors} at ${result.rate}/s: ${setup}`,
      result:
        `p50 ${of((r) => r.p50Ms).toFixed(1)} / p95 ${of((r) => r.p95Ms).toFixed(1)} / p99 ${of((r) => r.p99Ms).toFixed(1)} ms ` +
        `(p95 per round ${runs.map((r) => r.p95Ms.toFixed(0)).join(", ")}), lost ${runs.reduce((sum, r) => sum + r.lost, 0)}, ` +
        `converged ${runs.every((r) => r.converged)}, ${of((r) => r.cpuMsPerDelivery).toFixed(3)} CPU ms per delivery, RSS ${of((r) => r.rssMb).toFixed(0)} MB`,
    };
  });
}
