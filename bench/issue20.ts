// The workloads issue 20 names, alone: fan-out beside y-websocket@2, one process on SQLite
// and on PostgreSQL, and the six-second row lock. `npm run build:server` first.
import { runComparison } from "./compare";
import { describeInstances, runInstancesBench } from "./instances";
import { describeRowLock, runRowLockBench } from "./rowLock";

process.setMaxListeners(0);
const comparison = await runComparison(Number(process.env.BENCH_ROUNDS ?? 3));
console.log("Comparison:", JSON.stringify(comparison));
const instances = await runInstancesBench();
console.log("Instances:", JSON.stringify(instances));
console.table(describeInstances(instances));
const rowLock = await runRowLockBench();
console.log("Row lock:", JSON.stringify(rowLock));
console.table(describeRowLock(rowLock));
