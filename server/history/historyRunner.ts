import { Worker } from "node:worker_threads";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import type { Logger } from "../log";
import { createHistoryJobs, type HistoryJobs } from "./historyJobs";

/** Runs history jobs; the answer comes asynchronously. */
export interface HistoryRunner {
  /** Runs one job. */
  run<K extends keyof HistoryJobs>(job: K, args: Parameters<HistoryJobs[K]>[0]): Promise<Awaited<ReturnType<HistoryJobs[K]>>>;
  /** Stops the worker. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Runs the history jobs on a worker thread, so a compare or integrity check over years of
 * history never stalls the edits of a meeting. An in-memory database (tests) cannot be
 * shared with a thread; there the jobs run inline.
 * @param file - the database file, ":memory:", or a postgres:// URL
 */
export function createHistoryRunner(file: string, db: Db, store: DocUpdateStore, logger: Logger): HistoryRunner {
  if (file === ":memory:") {
    const jobs = createHistoryJobs(db, store);
    return {
      run: async (job, args) => (jobs[job] as (a: typeof args) => Promise<never>)(args),
      close: async () => undefined,
    };
  }
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function start(): Worker {
    // From source (tsx, vitest) this module is a .ts file and the worker needs the .mjs entry
    // that registers tsx; in the esbuild bundle (`npm start`) import.meta.url is
    // dist/server/index.js, and the bundled worker dist/server/historyWorker.js runs as is.
    const workerFile = import.meta.url.endsWith(".ts") ? "./historyWorkerEntry.mjs" : "./historyWorker.js";
    const started = new Worker(new URL(workerFile, import.meta.url), { workerData: { file } });
    started.unref();
    started.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const entry = pending.get(id);
      pending.delete(id);
      if (error !== undefined) entry?.reject(new Error(error));
      else entry?.resolve(result);
    });
    started.on("error", (error) => logger.log("error", "history worker failed", { error: error.message }));
    started.on("exit", () => {
      worker = null;
      for (const entry of pending.values()) entry.reject(new Error("history worker stopped"));
      pending.clear();
    });
    return started;
  }

  return {
    run(job, args) {
      worker ??= start();
      const id = nextId++;
      const current = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        current.postMessage({ id, job, args });
      });
    },
    async close() {
      await worker?.terminate();
    },
  };
}
