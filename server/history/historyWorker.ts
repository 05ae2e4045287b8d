import { parentPort, workerData } from "node:worker_threads";
import { openDatabaseForReading } from "../persistence/db";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { createHistoryJobs, type HistoryJobName } from "./historyJobs";

// A worker thread with its own read-only connection: SQLite's WAL (or PostgreSQL) lets it
// read committed history while the main thread keeps appending.
const db = openDatabaseForReading((workerData as { file: string }).file);
const jobs = createHistoryJobs(db, createDocUpdateStore(db));

parentPort!.on("message", ({ id, job, args }: { id: number; job: HistoryJobName; args: never }) => {
  try {
    parentPort!.postMessage({ id, result: (jobs[job] as (args: never) => unknown)(args) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
