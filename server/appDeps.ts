import type { Config } from "./config";
import type { Db } from "./persistence/db";
import type { DocUpdateStore } from "./persistence/docUpdates";
import type { CollabServer } from "./sync/CollabServer";
import type { Logger } from "./log";
import type { VersionService } from "./versions/versionService";
import type { HistoryRunner } from "./history/historyRunner";
import type { KpiSnapshot } from "../shared/domain/kpiSnapshot";
import type { TalkService } from "./talks/talkService";
import type { Metrics } from "./ops/metrics";

// Types only, in a module of their own: routes and domain modules need the shape of the
// dependencies, and importing it from app.ts made every one of them part of an import cycle.

/** What the HTTP app needs from the rest of the server. */
export interface AppDeps {
  /** The database. */
  db: Db;
  /** The document history. */
  store: DocUpdateStore;
  /** The collaboration server, told when sessions end or rights change. */
  collab: CollabServer;
  /** Settings. */
  config: Pick<Config, "secureCookie" | "allowedOrigins" | "clientDir" | "retentionYears"> & Partial<Pick<Config, "metricsToken" | "trustProxy">>;
  /** Versions: take, restore, automatic ones. */
  versions: VersionService;
  /** Compares, histories, integrity checks and reports, off the main thread. */
  history: HistoryRunner;
  /** The KPI values a scorecard's blocks show for these periods now (exports of the current state). */
  currentKpis(scorecardId: string, periods: string[]): Promise<KpiSnapshot>;
  /** Steering talks: planning, circulation, the meeting, minutes. */
  talks: TalkService;
  /** Structured log. */
  logger: Logger;
  /** Told whenever stored figures, staff or agreements of a provider change, to push fresh KPIs. */
  kpiEvents: KpiEvents;
  /** Prometheus metrics for `/metrics`; without them (or without METRICS_TOKEN) the route answers 404. */
  metrics?: Metrics;
}

/** Notifications about changed KPI inputs. */
export interface KpiEvents {
  /** Figures, staff, agreement or locks of this provider changed. */
  figuresChanged(providerId: string): void;
}
