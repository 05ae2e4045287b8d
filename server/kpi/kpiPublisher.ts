import * as encoding from "lib0/encoding";
import {
  aggregateForConference,
  MIN_CONFERENCE_PROVIDERS,
  conferenceContributions,
  createKpiEvaluator,
  disclosureTexts,
  KpiInputError,
  PeriodBeforeBudgetStartError,
  parsePeriod,
  type BudgetAgreement,
  type FigureRow,
  type KpiResult,
  type Period,
  type StaffRow,
} from "../../shared/kpi";
import type { KpiSnapshot, PeriodKpis } from "../../shared/domain/kpiSnapshot";
import { MessageType } from "../../shared/protocol/messages";
import type { Db } from "../persistence/db";
import { findScorecard } from "../persistence/scorecards";
import { listProviders } from "../persistence/organisations";
import type { Connection } from "../sync/Connection";
import type { InstanceBus } from "../sync/InstanceBus";
import type { Logger } from "../log";

/** A provider's stored KPI inputs. */
export interface ProviderDataset {
  /** Agreements of all years. */
  agreements: BudgetAgreement[];
  /** All figures rows. */
  figures: FigureRow[];
  /** All staff rows. */
  staff: StaffRow[];
}

/** Settings of the publisher. */
export interface KpiPublisherOptions {
  /** The database (scorecards, providers). */
  db: Db;
  /** Loads a provider's stored agreements, figures and staff. */
  loadDataset(providerId: string): ProviderDataset;
  /** Structured log. */
  logger: Logger;
  /** The other server processes (REDIS_URL): they hear of every figures change here and this one of theirs ([SYNC27]). */
  bus?: Pick<InstanceBus, "publishControl" | "onControl" | "onReconnect">;
  /** Told whenever a provider's KPIs of one period are computed afresh from stored data (metrics). */
  onRecompute?(): void;
}

/** Pushes server-computed KPI values to the connections whose KPI blocks show them. */
export interface KpiPublisher {
  /** Answers a connection's `kpiQuery` and remembers its periods for later pushes. */
  handleQuery(connection: Connection, periods: string[]): void;
  /** Forgets a closed connection. */
  forget(connection: Connection): void;
  /** Recomputes and pushes everything that depends on this provider's figures, on every process. */
  figuresChanged(providerId: string): void;
  /** The KPI values a scorecard's blocks show for these periods now (for a version). */
  snapshotFor(scorecardId: string, periods: string[]): KpiSnapshot;
}

type Evaluator = ReturnType<typeof createKpiEvaluator>;

/** A provider's KPIs of one period, or why there are none. */
type ProviderOutcome = { result: KpiResult | null; error: string | null; errorDe: string | null; budgetStart?: string };

/** Periods kept per provider before its cache starts afresh (clients choose the periods). */
const MAX_CACHED_PERIODS = 500;

/** What a connection asked for, with its scorecard's provider (which never changes) looked up once. */
interface Subscription {
  /** The periods its KPI blocks show. */
  periods: Set<string>;
  /** The scorecard's provider, or null for the conference scorecard. */
  providerId: string | null;
  /** The provider's name, or null. */
  providerName: string | null;
}

/**
 * Creates the KPI publisher. KPI values travel as `kpiValues` messages and never enter
 * the shared document, so no participant can type over them. With a bus, a figures change
 * in any process reaches the connections and caches of every process ([SYNC27]).
 * @example publisher.figuresChanged(providerId) // after figures were stored
 */
export function createKpiPublisher(options: KpiPublisherOptions): KpiPublisher {
  const { db, logger } = options;
  const subscriptions = new Map<Connection, Subscription>();
  const evaluators = new Map<string, Evaluator | Error>();
  // A provider's results per period until its figures change: the conference's sums need every
  // provider's months for each period, and every open conference scorecard asks for them.
  const outcomes = new Map<string, Map<string, ProviderOutcome>>();
  const pendingProviders = new Set<string>();
  let pushToEveryone = false;
  let flushScheduled = false;

  function evaluator(providerId: string): Evaluator | Error {
    let cached = evaluators.get(providerId);
    if (!cached) {
      try {
        cached = createKpiEvaluator(options.loadDataset(providerId));
      } catch (error) {
        cached = error as Error;
      }
      evaluators.set(providerId, cached);
    }
    return cached;
  }

  /** Why a provider's period has no result, in English and (for input errors) German. */
  function failure(error: Error): ProviderOutcome {
    const answer = { result: null, error: error.message, errorDe: error instanceof KpiInputError ? error.messageDe : error.message };
    return error instanceof PeriodBeforeBudgetStartError ? { ...answer, budgetStart: error.budgetStart } : answer;
  }

  function evaluateOnce(providerId: string, period: string): ProviderOutcome {
    options.onRecompute?.();
    const current = evaluator(providerId);
    if (current instanceof Error) return failure(current);
    try {
      return { result: current.evaluate(period), error: null, errorDe: null };
    } catch (error) {
      return failure(error as Error);
    }
  }

  function providerPeriod(providerId: string, period: string): ProviderOutcome {
    let known = outcomes.get(providerId);
    if (!known || known.size >= MAX_CACHED_PERIODS) outcomes.set(providerId, (known = new Map()));
    let outcome = known.get(period);
    if (!outcome) known.set(period, (outcome = evaluateOnce(providerId, period)));
    return outcome;
  }

  // Every conference sum passes the disclosure rules of shared/kpi/disclosure.ts; sums over
  // months need each provider's months too, so that no difference of two periods tells more.
  function conferencePeriod(period: Period): PeriodKpis {
    const providers = listProviders(db).map((provider) => (text: string) => providerPeriod(provider.id, text).result);
    const contributions = conferenceContributions(period, providers);
    if (contributions.length < MIN_CONFERENCE_PROVIDERS) {
      const why = disclosureTexts.fewProviders(period.year, contributions.length, MIN_CONFERENCE_PROVIDERS);
      return { result: null, error: why.en, errorDe: why.de };
    }
    return { result: aggregateForConference(period.text, contributions), error: null, errorDe: null };
  }

  function snapshot({ periods, providerId, providerName }: Subscription): KpiSnapshot {
    const entries: Record<string, PeriodKpis> = {};
    for (const period of periods) {
      const parsed = parsePeriod(period);
      if (!parsed.ok) entries[period] = { result: null, error: parsed.message, errorDe: parsed.messageDe };
      else entries[period] = providerId ? providerPeriod(providerId, period) : conferencePeriod(parsed.period);
    }
    return { scope: providerId ? "provider" : "conference", name: providerName, periods: entries, computedAt: new Date().toISOString() };
  }

  function send(connection: Connection, subscription: Subscription): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiValues);
    encoding.writeVarString(encoder, JSON.stringify(snapshot(subscription)));
    connection.send(encoding.toUint8Array(encoder));
  }

  // Several saves in one tick (an upload of figures and staff) cause one push.
  function flush(): void {
    flushScheduled = false;
    const changed = new Set(pendingProviders);
    const everyone = pushToEveryone;
    pendingProviders.clear();
    pushToEveryone = false;
    for (const [connection, subscription] of subscriptions) {
      // The conference sums every provider, so any change reaches it.
      if (everyone || subscription.providerId === null || changed.has(subscription.providerId)) {
        try {
          send(connection, subscription);
        } catch (error) {
          logger.log("error", "pushing KPI values failed", { scorecardId: connection.scorecardId, error: (error as Error).message });
        }
      }
    }
  }

  /** Drops what the change makes stale and pushes fresh values; `null`: every provider. */
  function invalidate(providerId: string | null): void {
    if (providerId === null) {
      evaluators.clear();
      outcomes.clear();
      pushToEveryone = true;
    } else {
      evaluators.delete(providerId);
      outcomes.delete(providerId);
      pendingProviders.add(providerId);
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }

  // Another process stored the change and told everyone; applied here, never published again.
  options.bus?.onControl((message) => {
    if (message.kind === "figuresChanged") invalidate(message.providerId);
  });
  // Changes announced while the bus was down are lost, here and at the others (whose
  // connection may have stayed up): everyone drops everything once.
  options.bus?.onReconnect(() => {
    invalidate(null);
    options.bus?.publishControl({ kind: "figuresChanged", providerId: null });
  });

  return {
    handleQuery(connection, periods) {
      const known = subscriptions.get(connection);
      const scorecard = known ? null : findScorecard(db, connection.scorecardId);
      const subscription: Subscription = {
        periods: new Set(periods),
        providerId: known ? known.providerId : (scorecard?.providerId ?? null),
        providerName: known ? known.providerName : (scorecard?.providerName ?? null),
      };
      subscriptions.set(connection, subscription);
      send(connection, subscription);
    },
    snapshotFor(scorecardId, periods) {
      const scorecard = findScorecard(db, scorecardId);
      return snapshot({ periods: new Set(periods), providerId: scorecard?.providerId ?? null, providerName: scorecard?.providerName ?? null });
    },
    forget(connection) {
      subscriptions.delete(connection);
    },
    figuresChanged(providerId) {
      invalidate(providerId);
      // Published after the change was committed (callers store first), so the others read it.
      options.bus?.publishControl({ kind: "figuresChanged", providerId });
    },
  };
}
