/**
 * Prometheus metrics for one server process (`GET /metrics`, README "Operations"). Most
 * values are read when scraped (rooms, connections, Redis, mails, jobs), so nothing in the
 * hot paths changes; the document store and the instance bus are wrapped to count and time
 * what they write, and relays and KPI recomputations count themselves through two callbacks.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Db } from "../persistence/db";
import type { DocUpdateLog } from "../persistence/docUpdateLog";
import { countPendingJobs } from "../persistence/jobs";
import { countMailsByState } from "../persistence/mails";
import type { CollabServer } from "../sync/CollabServer";
import type { InstanceBus } from "../sync/InstanceBus";

/** A job still pending this long after it was due counts as late. */
export const JOB_LATE_AFTER_MS = 5 * 60_000;

/** What the metrics read at scrape time. */
export interface MetricsSources {
  /** The database (mails and jobs are counted there, so every process reports the same totals). */
  db: Db;
  /** The collaboration server, bound late: it is created with the instrumented store. */
  collab(): CollabServer | undefined;
  /** Whether REDIS_URL is set; without Redis there is no `steuerrad_redis_up` (nothing can be unreachable). */
  redis: boolean;
}

/** One process's metrics. */
export interface Metrics {
  /** The registry `/metrics` serialises; one per server, so servers in one test process stay apart. */
  registry: Registry;
  /**
   * Wraps the document store so that every append counts as stored, with its latency and
   * batch (group-commit) size.
   * @param store - the real store
   * @returns a store with the same behaviour
   */
  instrumentLog(log: DocUpdateLog): DocUpdateLog;
  /**
   * Wraps the instance bus so that every document update published to the other processes
   * counts as relayed over the bus.
   * @param bus - the real bus
   * @returns a bus with the same behaviour
   */
  instrumentBus(bus: InstanceBus): InstanceBus;
  /** Counts one document update sent on to a connection (CollabServer's `onUpdateRelayed`). */
  countUpdateRelayed(): void;
  /** Counts one provider's KPIs of one period computed from stored data (the KPI publisher's `onRecompute`). */
  countKpiRecomputation(): void;
}

/**
 * Creates the metrics of one server process, with Node's default metrics (event-loop lag,
 * memory, CPU) under the `steuerrad_` prefix.
 * @param sources - where scrape-time values come from
 * @returns the registry and the store wrapper
 * @example
 * const metrics = createMetrics({ db, collab: () => collab, redis: Boolean(config.redisUrl) });
 * const log = metrics.instrumentLog(createDocUpdateLog(db));
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "steuerrad_" });

  new Gauge({
    name: "steuerrad_rooms",
    help: "Scorecards loaded in this process (open in an editor, or waiting to unload).",
    registers: [registry],
    collect() {
      this.set(sources.collab()?.stats().rooms ?? 0);
    },
  });
  new Gauge({
    name: "steuerrad_connections",
    help: "Collaboration WebSocket connections to this process.",
    registers: [registry],
    collect() {
      this.set(sources.collab()?.stats().connections ?? 0);
    },
  });
  if (sources.redis) {
    new Gauge({
      name: "steuerrad_redis_up",
      help: "1 when Redis (the bus between processes) answers, 0 when not.",
      registers: [registry],
      collect() {
        this.set(sources.collab()?.stats().redis === "ok" ? 1 : 0);
      },
    });
  }
  new Gauge({
    name: "steuerrad_mails",
    help: "Mails recorded in the database, by state (sent, failed, pending); the same on every process.",
    labelNames: ["state"],
    registers: [registry],
    // prom-client awaits an asynchronous collect before it renders the metrics.
    async collect() {
      const mails = await countMailsByState(sources.db);
      this.set({ state: "sent" }, mails.sent);
      this.set({ state: "failed" }, mails.failed);
      this.set({ state: "pending" }, mails.pending);
    },
  });
  new Gauge({
    name: "steuerrad_jobs",
    help: `Pending jobs (circulations, reminders) that are due now, and those due for more than ${JOB_LATE_AFTER_MS / 60_000} minutes (late).`,
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const now = Date.now();
      const jobs = await countPendingJobs(sources.db, now, now - JOB_LATE_AFTER_MS);
      this.set({ state: "due" }, jobs.due);
      this.set({ state: "late" }, jobs.late);
    },
  });

  // Counted in a plain number, handed to the counter when metrics are read (like the relays below).
  let storedSinceRead = 0;
  new Counter({
    name: "steuerrad_updates_stored_total",
    help: "Document updates this process stored.",
    registers: [registry],
    collect() {
      this.inc(storedSinceRead);
      storedSinceRead = 0;
    },
  });
  const latency = new Histogram({
    name: "steuerrad_storage_latency_seconds",
    help: "Time to store one batch of document updates (one scorecard's updates of one turn), from asking until stored.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: "steuerrad_group_commit_size",
    help: "Document updates stored together in one transaction (group commit).",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });

  // Counted in a plain number and handed to the counter when metrics are read: one per
  // connection and update, the commonest event of the server, where a labelled increment
  // would cost more than the count is worth.
  let relayedToConnections = 0;
  const relayed = new Counter({
    name: "steuerrad_updates_relayed_total",
    help: "Document updates this process sent on: to its connections (one per connection), or over the bus to the other processes (one per update).",
    labelNames: ["to"],
    registers: [registry],
    collect() {
      this.inc({ to: "connections" }, relayedToConnections);
      relayedToConnections = 0;
    },
  });
  // Both series exist from the start, so a rate over them never starts with a gap.
  relayed.inc({ to: "connections" }, 0);
  if (sources.redis) relayed.inc({ to: "bus" }, 0);
  const kpiRecomputations = new Counter({
    name: "steuerrad_kpi_recomputations_total",
    help: "A provider's KPIs of one period computed from stored figures (not answered from the cache), e.g. after a figures change on any process.",
    registers: [registry],
  });

  async function timed<T>(count: number, write: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await write();
    // Only what was written counts: a failed transaction stores nothing.
    latency.observe((performance.now() - started) / 1000);
    storedSinceRead += count;
    batchSize.observe(count);
    return result;
  }

  return {
    registry,
    instrumentLog(log) {
      return { ...log, appendBatch: (scorecardId, entries) => timed(entries.length, () => log.appendBatch(scorecardId, entries)) };
    },
    instrumentBus(bus) {
      // Every method delegated by name: the bus is a class instance, whose methods a spread would not copy.
      return {
        instanceId: bus.instanceId,
        publish(scorecardId, message) {
          if (message.kind === "update") relayed.inc({ to: "bus" });
          bus.publish(scorecardId, message);
        },
        subscribe: (scorecardId, handler) => bus.subscribe(scorecardId, handler),
        publishControl: (message) => bus.publishControl(message),
        onControl: (handler) => bus.onControl(handler),
        onReconnect: (callback) => bus.onReconnect(callback),
        setOpen: (scorecardId, open) => bus.setOpen(scorecardId, open),
        othersHaveOpen: (scorecardId) => bus.othersHaveOpen(scorecardId),
        claimUserConnection: (userId, countHere, limit) => bus.claimUserConnection(userId, countHere, limit),
        setUserConnections: (userId, count) => bus.setUserConnections(userId, count),
        reachable: () => bus.reachable(),
        close: () => bus.close(),
      };
    },
    countUpdateRelayed() {
      relayedToConnections += 1;
    },
    countKpiRecomputation() {
      kpiRecomputations.inc();
    },
  };
}
