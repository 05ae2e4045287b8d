import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { createHistoryJobs, type HistoryJobName } from "./historyJobs";

// A worker thread with its own read-only connection: WAL lets it read committed history
// while the main thread keeps appending.
const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const jobs = createHistoryJobs(db, createDocUpdateStore(db));

parentPort!.on("message", ({ id, job, args }: { id: number; job: HistoryJobName; args: never }) => {
  try {
    parentPort!.postMessage({ id, result: (jobs[job] as (args: never) => unknown)(args) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
