import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { connectTypingPair, holdRowLock, missingAfterRestart, prepareRowLock, startRowLockServer, terminateMidTyping, type TypingPair } from "../tests/fixtures/rowLock";

/**
 * A locked scorecard on PostgreSQL: another connection holds
 * `SELECT id FROM scorecards WHERE id = $A FOR UPDATE` in an open transaction for six seconds
 * while an editor of A edits, an editor of scorecard B types every 50 ms and another editor
 * of B watches, and `GET /api/health` is probed. Then every PostgreSQL backend of the server is
 * terminated mid-typing, and finally the server is killed (SIGKILL) and restarted to see what
 * was stored. The same scenario as tests/multiInstance/rowLock.test.ts; one server process on
 * a fresh schema, run as `npm start` runs it (bundled).
 */

/** Result of the row-lock workload. */
export interface RowLockResult {
  holdMs: number;
  typingIntervalMs: number;
  /** Changes typed on B during the hold. */
  changes: number;
  /** B's convergence during the hold: ms from a change to the other editor having it. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** `GET /api/health` during the hold. */
  healthProbes: number;
  healthMaxMs: number;
  healthFailed: number;
  /** A's edit, made during the hold, reached a fresh client after it. */
  aEditStored: boolean;
  /** pg_terminate_backend on the server's backends while B was typed in. */
  terminatedBackends: number;
  terminateRecovered: boolean;
  /** Tokens of B another editor saw, and how many a fresh client lacked after the recovery. */
  seenOnB: number;
  missingAfterRecovery: number;
  /** After SIGKILL and restart: A's edit lost, and seen tokens of B lost. */
  aEditLostAfterRestart: boolean;
  missingAfterRestart: number;
}

/**
 * Runs the scenario once.
 * @param holdMs - how long A's row stays locked
 * @param intervalMs - pause between B's changes
 * @param bundled - run the built server (dist/server/index.js, `npm run build:server`) rather than the source
 */
export async function runRowLockBench(holdMs = 6_000, intervalMs = 50, bundled = true): Promise<RowLockResult> {
  const server = await startRowLockServer({ bundled });
  let pair: TypingPair | undefined;
  try {
    const setup = await prepareRowLock(server.url);
    pair = await connectTypingPair(server.url, setup.scorecardB, setup.funder, setup.provider);
    const hold = await holdRowLock(server, setup, pair, { holdMs, intervalMs });
    const terminated = await terminateMidTyping(server, setup, pair, { intervalMs });
    const seen = [...pair.arrived.keys()];
    pair.destroy();
    pair = undefined;
    await server.killAndRestart();
    const missingA = await missingAfterRestart(server, setup.scorecardA, setup.funder, [hold.aMarker]);
    const missingB = await missingAfterRestart(server, setup.scorecardB, setup.funder, seen);
    return {
      holdMs,
      typingIntervalMs: intervalMs,
      changes: hold.changes,
      p50Ms: hold.p50Ms,
      p95Ms: hold.p95Ms,
      maxMs: hold.maxMs,
      healthProbes: hold.healthMs.length,
      healthMaxMs: hold.healthMaxMs,
      healthFailed: hold.healthStatuses.filter((status) => status !== 200).length,
      aEditStored: hold.aEditStored,
      terminatedBackends: terminated.terminated,
      terminateRecovered: terminated.recovered,
      seenOnB: terminated.seen,
      missingAfterRecovery: terminated.missingAfterRecovery.length,
      aEditLostAfterRestart: missingA.length > 0,
      missingAfterRestart: missingB.length,
    };
  } finally {
    pair?.destroy();
    await server.stop();
  }
}

/** The result as table rows. */
export function describeRowLock(result: RowLockResult): { workload: string; result: string }[] {
  return [
    {
      workload: `row lock on scorecard A held ${result.holdMs / 1000} s (PostgreSQL): B's convergence, a change every ${result.typingIntervalMs} ms`,
      result: `p50 ${result.p50Ms.toFixed(0)} / p95 ${result.p95Ms.toFixed(0)} / max ${result.maxMs.toFixed(0)} ms over ${result.changes} changes`,
    },
    {
      workload: "row lock: GET /api/health during the hold; A's edit stored afterwards",
      result: `max ${result.healthMaxMs.toFixed(0)} ms over ${result.healthProbes} probes (${result.healthFailed} failed); A's edit stored: ${result.aEditStored}`,
    },
    {
      workload: "pg_terminate_backend on the server's connections mid-typing",
      result:
        `${result.terminatedBackends} backends terminated, recovered ${result.terminateRecovered}; of ${result.seenOnB} changes seen on B, ` +
        `${result.missingAfterRecovery} missing for a fresh client, ${result.missingAfterRestart} missing after SIGKILL and restart; A's edit lost after restart: ${result.aEditLostAfterRestart}`,
    },
  ];
}

// Alone: `npm run build:server && npx tsx bench/rowLock.ts` (BENCH_FROM_SOURCE=1 runs server/index.ts under tsx instead).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.setMaxListeners(0);
  const result = await runRowLockBench(6_000, 50, !process.env.BENCH_FROM_SOURCE);
  console.log("Row lock:", JSON.stringify(result));
  console.table(describeRowLock(result));
  process.exit(0);
}
