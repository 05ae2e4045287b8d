import type { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { KpiSnapshot, PeriodKpis } from "../../shared/domain/kpiSnapshot";
import { MessageType } from "../../shared/protocol/messages";
import { loadCached, saveCached } from "../state/offlineCache";
import { probeYears, reportedMonthsOf } from "./kpiFormat";

/** The server's KPI values for one scorecard, as the KPI blocks need them. */
export interface KpiStore {
  /**
   * Watches one period; the listener gets its entry now (if known) and on every push.
   * @returns a function that stops watching
   */
  watch(period: string, listener: (entry: PeriodKpis | undefined, snapshot: KpiSnapshot | null) => void): () => void;
  /** The latest snapshot, possibly from the offline cache. */
  latest(): KpiSnapshot | null;
  /**
   * The months with figures the server reported (for the conference: the months every
   * provider reported), from this year and the one before, which the store always asks for.
   * Absent in stores that never ask the server (a version's frozen values).
   * @returns the months `YYYY-MM`, or null until the server answered
   */
  reportedMonths?(): string[] | null;
  /** Calls the listener after every push; returns an unsubscribe function. */
  onChange(listener: (snapshot: KpiSnapshot) => void): () => void;
  /** Stops everything. */
  destroy(): void;
}

/**
 * Creates the KPI store of one open scorecard. It asks the server (message `kpiQuery`)
 * for every period some block watches, again after every reconnect, and keeps the last
 * answer per scorecard offline, so a reload without network still shows the last values.
 * @param provider - the scorecard's WebSocket provider
 * @param scorecardId - for the offline cache
 */
export function createKpiStore(provider: WebsocketProvider, scorecardId: string): KpiStore {
  const watchers = new Map<string, Set<(entry: PeriodKpis | undefined, snapshot: KpiSnapshot | null) => void>>();
  let snapshot: KpiSnapshot | null = loadCached<KpiSnapshot>(`kpis:${scorecardId}`);
  let queued = false;
  const changeListeners = new Set<(snapshot: KpiSnapshot) => void>();

  function sendQuery(): void {
    queued = false;
    const ws = provider.ws;
    if (!provider.synced || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiQuery);
    encoding.writeVarString(encoder, JSON.stringify({ periods: Array.from(watchers.keys()) }));
    ws.send(encoding.toUint8Array(encoder));
  }

  // Blocks mount one by one; one query per tick covers them all.
  function queueQuery(): void {
    if (queued) return;
    queued = true;
    queueMicrotask(sendQuery);
  }

  function handleSync(synced: boolean): void {
    if (synced && watchers.size > 0) queueQuery();
  }

  provider.messageHandlers[MessageType.kpiValues] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const incoming = JSON.parse(decoding.readVarString(decoder)) as KpiSnapshot;
    snapshot = { ...incoming, periods: { ...(snapshot?.periods ?? {}), ...incoming.periods } };
    saveCached(`kpis:${scorecardId}`, snapshot);
    for (const [period, listeners] of watchers) {
      if (!(period in incoming.periods)) continue;
      for (const listener of listeners) listener(snapshot.periods[period], snapshot);
    }
    for (const listener of changeListeners) listener(snapshot);
  };
  provider.on("sync", handleSync);

  function watch(period: string, listener: (entry: PeriodKpis | undefined, snapshot: KpiSnapshot | null) => void): () => void {
    let listeners = watchers.get(period);
    if (!listeners) {
      listeners = new Set();
      watchers.set(period, listeners);
      queueQuery();
    }
    listeners.add(listener);
    listener(snapshot?.periods[period], snapshot);
    return () => {
      listeners!.delete(listener);
      if (listeners!.size === 0) watchers.delete(period);
    };
  }

  // Asked for from the start, so a KPI block inserted later can begin on the last period with figures.
  const probes = probeYears(new Date());
  const stopProbes = probes.map((period) => watch(period, () => {}));

  return {
    watch,
    latest: () => snapshot,
    reportedMonths: () => reportedMonthsOf(snapshot, probes),
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    destroy() {
      stopProbes.forEach((stop) => stop());
      provider.off("sync", handleSync);
    },
  };
}
