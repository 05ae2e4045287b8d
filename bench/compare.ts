import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { coldLoad, connectStorm, fanOut, saturation, SERVER_KINDS, type FanOutRun, type SaturationRun } from "./comparison";
import type { ServerKind } from "./referenceServers";

/** Median and range of a list of numbers, for the table. */
function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = values.slice().sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

const show = (values: number[], digits = 1) => {
  const { median, min, max } = spread(values);
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
};

/** What the comparison found, per server. */
export interface ComparisonResult {
  fanOut: Record<ServerKind, FanOutRun[]>;
  storm: Record<ServerKind, number[]>;
  coldLoad: Record<ServerKind, number[]>;
  saturation: Record<ServerKind, SaturationRun>;
  clientGzipKb: number | null;
}

/** The size of the shipped JavaScript, gzip-compressed, from the last `vite build`. */
function clientGzipKb(): number | null {
  const assets = join(import.meta.dirname, "..", "dist", "client", "assets");
  if (!existsSync(assets)) return null;
  const files = readdirSync(assets).filter((file) => file.endsWith(".js"));
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(assets, file))).byteLength, 0) / 1024;
}

/**
 * Runs every comparison workload against Steuerrad, y-websocket@2 and Hocuspocus with
 * SQLite, in interleaved rounds, and prints a table with the ratios Steuerrad / reference.
 */
export async function runComparison(rounds = 3): Promise<ComparisonResult> {
  const empty = <T>() => Object.fromEntries(SERVER_KINDS.map((kind) => [kind, [] as T[]])) as Record<ServerKind, T[]>;
  const result: ComparisonResult = { fanOut: empty(), storm: empty(), coldLoad: empty(), saturation: {} as ComparisonResult["saturation"], clientGzipKb: clientGzipKb() };
  for (let round = 1; round <= rounds; round++) {
    for (const kind of SERVER_KINDS) {
      result.fanOut[kind].push(await fanOut(kind, 50, 10, 2, 8));
      result.storm[kind].push((await connectStorm(kind, 500, 50)).allSyncedMs);
      console.log(`round ${round} ${kind}: fan-out p95 ${result.fanOut[kind].at(-1)!.p95Ms.toFixed(1)} ms, storm ${result.storm[kind].at(-1)!.toFixed(0)} ms`);
    }
  }
  for (const kind of SERVER_KINDS) {
    result.coldLoad[kind] = (await coldLoad(kind, 50_000, 5)).loadsMs;
    result.saturation[kind] = await saturation(kind, [8, 16, 32, 64, 128, 256, 512]);
    console.log(`${kind}: cold load ${show(result.coldLoad[kind], 0)} ms, saturation ${describeSaturation(result.saturation[kind])}`);
  }
  printComparison(result);
  return result;
}

function printComparison(result: ComparisonResult): void {
  const median = (values: number[]) => spread(values).median;
  const metric = (name: string, pick: (kind: ServerKind) => number[], digits = 1) => {
    const ours = median(pick("steuerrad"));
    return {
      workload: name,
      steuerrad: show(pick("steuerrad"), digits),
      "y-websocket@2": show(pick("y-websocket"), digits),
      hocuspocus: show(pick("hocuspocus"), digits),
      "ratio vs y-websocket": (ours / median(pick("y-websocket"))).toFixed(2),
      "ratio vs hocuspocus": (ours / median(pick("hocuspocus"))).toFixed(2),
    };
  };
  const fan = (pick: (run: FanOutRun) => number) => (kind: ServerKind) => result.fanOut[kind].map(pick);
  console.table([
    metric(
      "fan-out 50×10 at 2/s: p50 ms",
      fan((run) => run.p50Ms),
    ),
    metric(
      "fan-out: p95 ms",
      fan((run) => run.p95Ms),
    ),
    metric(
      "fan-out: p99 ms",
      fan((run) => run.p99Ms),
    ),
    metric(
      "fan-out: max ms",
      fan((run) => run.maxMs),
    ),
    metric(
      "fan-out: deliveries/s",
      fan((run) => run.deliveriesPerSecond),
      0,
    ),
    metric(
      "fan-out: lost deliveries",
      fan((run) => run.lost),
      0,
    ),
    metric(
      "server CPU ms per delivery",
      fan((run) => run.cpuMsPerDelivery),
      3,
    ),
    metric(
      "server RSS MB under fan-out",
      fan((run) => run.rssMb),
      0,
    ),
    metric("connect storm 500: all synced ms", (kind) => result.storm[kind], 0),
    metric("cold load 50,000 updates ms", (kind) => result.coldLoad[kind], 0),
    metric("saturation: edits/s at p95 ≤ 50 ms", (kind) => [result.saturation[kind].editsPerSecond], 0),
  ]);
  for (const kind of SERVER_KINDS) console.log(`saturation of ${kind}: ${describeSaturation(result.saturation[kind])}`);
  const converged = SERVER_KINDS.every((kind) => result.fanOut[kind].every((run) => run.converged));
  console.log(`all fan-out runs converged: ${converged}; shipped JavaScript (gzip): ${result.clientGzipKb?.toFixed(0) ?? "not built"} kB`);
}

function describeSaturation(run: SaturationRun): string {
  const steps = run.steps.map((step) => `${step.editsPerSecond.toFixed(0)}/s p95 ${step.p95Ms.toFixed(1)} ms${step.lost > 0 ? ` (${step.lost} lost)` : ""}`);
  const verdict = run.reached ? `${run.editsPerSecond.toFixed(0)} edits/s` : `beyond ${run.editsPerSecond.toFixed(0)} edits/s (not reached)`;
  return `${verdict}; steps: ${steps.join(", ")}`;
}
