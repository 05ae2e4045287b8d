import { cpus } from "node:os";
import { runColdLoad, runFanOut } from "./collaboration";
import { runKpiRecomputationBench } from "./kpiRecomputation";
import { runVersionsBench } from "./versions";
import { runComparison } from "./compare";
import { runClientApplyBench } from "./clientApply";
import { describeInstances, runInstancesBench } from "./instances";
import { describeTransfer, runTransferBench } from "./transfer";
import { describeRowLock, runRowLockBench } from "./rowLock";

// `npm run bench`: every workload once, printed as a table plus JSON for the record.
// The process limit on listeners is raised because each bench client hooks process exit.
process.setMaxListeners(0);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
console.log(`Steuerrad benchmark on ${machine}\n`);

// Steuerrad beside y-websocket@2 and Hocuspocus first, while the machine is fresh.
const comparison = await runComparison(Number(process.env.BENCH_ROUNDS ?? 3));
console.log("Comparison:", JSON.stringify(comparison));

// One process on SQLite, one on PostgreSQL, two on PostgreSQL joined by Redis.
const instances = await runInstancesBench();
console.log("Instances:", JSON.stringify(instances));
console.table(describeInstances(instances));

// One scorecard's row locked by another PostgreSQL connection for 6 s: the rest must not stall.
const rowLock = await runRowLockBench();
console.log("Row lock:", JSON.stringify(rowLock));
console.table(describeRowLock(rowLock));

const clientApply = await runClientApplyBench(1000, 5);
console.log("Client apply:", JSON.stringify(clientApply));

// The first load over a provider's Wi-Fi: bytes of the login page and the editor, and the editor's time to interactive.
const transfer = await runTransferBench(Number(process.env.BENCH_TRANSFER_RUNS ?? 5));
console.log("Transfer:", JSON.stringify(transfer));
console.table(describeTransfer(transfer));

const kpi = await runKpiRecomputationBench();
console.log("KPI recomputation:", JSON.stringify(kpi));

const coldLoad = await runColdLoad(50_000, 5);
console.log("Cold load:", JSON.stringify(coldLoad));

const fanOut = await runFanOut(10, 5, 2, 10);
console.log("Fan-out:", JSON.stringify(fanOut));

const versions = await runVersionsBench(100_000);
console.log("Versions:", JSON.stringify(versions));

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.table([
  {
    workload: `client: editor shows a remote change of ${clientApply.paragraphs} paragraphs (${clientApply.updateKb.toFixed(0)} kB)`,
    result: `median ${median(clientApply.applyMs).toFixed(0)} ms from its message (range ${Math.min(...clientApply.applyMs).toFixed(0)}–${Math.max(...clientApply.applyMs).toFixed(0)}), ${median(clientApply.endToEndMs).toFixed(0)} ms from the other client's send`,
  },
  {
    workload: `client: editor shows a one-paragraph remote change in the demo scorecard (${clientApply.demoBlocks} blocks)`,
    result: `median ${median(clientApply.demoSmallApplyMs).toFixed(0)} ms from its message (range ${Math.min(...clientApply.demoSmallApplyMs).toFixed(0)}–${Math.max(...clientApply.demoSmallApplyMs).toFixed(0)})`,
  },
  {
    workload: `client: editor shows a one-paragraph remote change in a document of ${clientApply.blocks} blocks`,
    result: `median ${median(clientApply.smallApplyMs).toFixed(0)} ms from its message (range ${Math.min(...clientApply.smallApplyMs).toFixed(0)}–${Math.max(...clientApply.smallApplyMs).toFixed(0)})`,
  },
  {
    workload: "KPI recomputation, prepared (server path)",
    result: `median ${kpi.preparedMs.toFixed(1)} ms (runs ${kpi.preparedRunsMs.map((ms) => ms.toFixed(0)).join(", ")}) for ${kpi.providers} providers × ${kpi.years} years, ${kpi.periods} periods`,
  },
  { workload: "KPI recomputation, validating each call", result: `${kpi.ms.toFixed(1)} ms; one provider's current year ${kpi.oneProviderCurrentYearMs.toFixed(1)} ms` },
  { workload: "cold load, log replay", result: `${coldLoad.firstLoadMs.toFixed(0)} ms for ${coldLoad.updates} updates` },
  { workload: "cold load, from checkpoint", result: `median ${median(coldLoad.checkpointedLoadMs).toFixed(1)} ms` },
  {
    workload: `fan-out ${fanOut.rooms}×${fanOut.editorsPerRoom} at 2/s`,
    result: `p50 ${fanOut.p50Ms.toFixed(1)} / p95 ${fanOut.p95Ms.toFixed(1)} / p99 ${fanOut.p99Ms.toFixed(1)} / max ${fanOut.maxMs.toFixed(1)} ms, lost ${fanOut.lostDeliveries}, converged ${fanOut.converged}`,
  },
  {
    workload: `versions: cold open, ${versions.updates} updates`,
    result: `${versions.coldOpenMs.toFixed(0)} ms; server RSS ${versions.rssIdleMb.toFixed(0)} → ${versions.rssAfterOpenMb.toFixed(0)} MB`,
  },
  { workload: "versions: open one version", result: `${versions.openVersionMs.toFixed(0)} ms` },
  {
    workload: "versions: compare, one quarter / five years apart",
    result: `${versions.compareQuarterMs.toFixed(0)} / ${versions.compareFiveYearsMs.toFixed(0)} ms; server RSS peak ${versions.rssPeakMb.toFixed(0)} MB`,
  },
  {
    workload: "versions: measure history / integrity check / year's audit CSV",
    result: `${versions.measureHistoryMs.toFixed(0)} / ${versions.verifyMs.toFixed(0)} / ${versions.auditYearCsvMs.toFixed(0)} ms`,
  },
  { workload: "server cost under fan-out", result: `${fanOut.serverCpuMsPerDelivery.toFixed(3)} CPU ms per delivery, RSS ${fanOut.serverRssMb.toFixed(0)} MB` },
]);
process.exit(0);
