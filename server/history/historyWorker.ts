import { parentPort, workerData } from "node:worker_threads";
import { openDatabaseForReading } from "../persistence/db";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { createHistoryJobs, type HistoryJobName } from "./historyJobs";

// A worker thread with its own read-only connection: SQLite's WAL (or PostgreSQL) lets it
// read committed history while the main thread keeps appending.
// Opened once, by the first job; a job that finds it failed reports why.
const jobs = openDatabaseForReading((workerData as { file: string }).file).then((db) => createHistoryJobs(db, createDocUpdateStore(db)));

parentPort!.on("message", async ({ id, job, args }: { id: number; job: HistoryJobName; args: never }) => {
  try {
    const run = (await jobs)[job] as (args: never) => Promise<unknown>;
    parentPort!.postMessage({ id, result: await run(args) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
// Keeps an opening that failed from ending the thread before a job asks.
jobs.catch(() => undefined);
