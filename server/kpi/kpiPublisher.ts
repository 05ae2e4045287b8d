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
  loadDataset(providerId: string): Promise<ProviderDataset>;
  /** Structured log. */
  logger: Logger;
  /** The other server processes (REDIS_URL): they hear of every figures change here and this one of theirs ([SYNC27]). */
  bus?: Pick<InstanceBus, "publishControl" | "onControl" | "onReconnect">;
  /** Told whenever a provider's KPIs of one period are computed afresh from stored data (metrics). */
  onRecompute?(): void;
}

/** Pushes server-computed KPI values to the connections whose KPI blocks show them. */
export interface KpiPublisher {
  /** Answers a connection's `kpiQuery` (as soon as the values are read) and remembers its periods for later pushes. */
  handleQuery(connection: Connection, periods: string[]): void;
  /** Forgets a closed connection. */
  forget(connection: Connection): void;
  /** Recomputes and pushes everything that depends on this provider's figures, on every process. */
  figuresChanged(providerId: string): void;
  /** The KPI values a scorecard's blocks show for these periods now (for a version). */
  snapshotFor(scorecardId: string, periods: string[]): Promise<KpiSnapshot>;
}

type Evaluator = ReturnType<typeof createKpiEvaluator>;

/** A provider's KPIs of one period, or why there are none. */
type ProviderOutcome = { result: KpiResult | null; error: string | null; errorDe: string | null; budgetStart?: string };

/** Periods kept per provider before its cache starts afresh (clients choose the periods). */
const MAX_CACHED_PERIODS = 500;

/** A provider's evaluator (read once) and its results per period, until its figures change. */
interface ProviderEntry {
  /** The evaluator over the stored data, or why there is none. */
  evaluator: Promise<Evaluator | Error>;
  /** Results per period computed with it. */
  outcomes: Map<string, ProviderOutcome>;
}

/** Whose KPIs a scorecard shows: its provider's, or (null) the conference's. */
interface Scope {
  /** The scorecard's provider, or null for the conference scorecard. */
  providerId: string | null;
  /** The provider's name, or null. */
  providerName: string | null;
}

/** What a connection asked for, with its scorecard's provider (which never changes) looked up once. */
interface Subscription {
  /** The periods its KPI blocks show. */
  periods: Set<string>;
  /** The scorecard's scope once looked up (null until then, or after a failed lookup). */
  scope: Promise<Scope> | null;
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
  // The conference's sums need every provider's months for each period, and every open
  // conference scorecard asks for them: each provider's results stay until its figures change.
  const providers = new Map<string, ProviderEntry>();
  // Each connection's pushes one after the other, so a slow read never overtakes a later,
  // fresher one and the last value a connection receives is the newest.
  const sending = new Map<Connection, Promise<void>>();
  const pendingProviders = new Set<string>();
  let pushToEveryone = false;
  let flushScheduled = false;

  function entryFor(providerId: string): ProviderEntry {
    const known = providers.get(providerId);
    if (known) return known;
    const evaluator = options.loadDataset(providerId).then(
      (dataset) => {
        try {
          return createKpiEvaluator(dataset);
        } catch (error) {
          return error as Error;
        }
      },
      (error: unknown) => {
        // The database did not answer: not the figures' fault, so the next query reads again.
        if (providers.get(providerId) === entry) providers.delete(providerId);
        return error as Error;
      },
    );
    const entry: ProviderEntry = { evaluator, outcomes: new Map() };
    providers.set(providerId, entry);
    return entry;
  }

  /** Why a provider's period has no result, in English and (for input errors) German. */
  function failure(error: Error): ProviderOutcome {
    const answer = { result: null, error: error.message, errorDe: error instanceof KpiInputError ? error.messageDe : error.message };
    return error instanceof PeriodBeforeBudgetStartError ? { ...answer, budgetStart: error.budgetStart } : answer;
  }

  function evaluateOnce(current: Evaluator | Error, period: string): ProviderOutcome {
    options.onRecompute?.();
    if (current instanceof Error) return failure(current);
    try {
      return { result: current.evaluate(period), error: null, errorDe: null };
    } catch (error) {
      return failure(error as Error);
    }
  }

  /** A provider's period from its read evaluator, computed once. */
  function outcomeOf(entry: ProviderEntry, current: Evaluator | Error, period: string): ProviderOutcome {
    if (entry.outcomes.size >= MAX_CACHED_PERIODS) entry.outcomes.clear();
    let outcome = entry.outcomes.get(period);
    if (!outcome) entry.outcomes.set(period, (outcome = evaluateOnce(current, period)));
    return outcome;
  }

  /** Reads a provider's data (once until it changes) and returns its results by period text. */
  async function providerResults(providerId: string): Promise<(period: string) => ProviderOutcome> {
    const entry = entryFor(providerId);
    const current = await entry.evaluator;
    return (period) => outcomeOf(entry, current, period);
  }

  // Every conference sum passes the disclosure rules of shared/kpi/disclosure.ts; sums over
  // months need each provider's months too, so that no difference of two periods tells more.
  function conferencePeriod(period: Period, everyProvider: ((period: string) => ProviderOutcome)[]): PeriodKpis {
    const contributions = conferenceContributions(
      period,
      everyProvider.map((results) => (text: string) => results(text).result),
    );
    if (contributions.length < MIN_CONFERENCE_PROVIDERS) {
      const why = disclosureTexts.fewProviders(period.year, contributions.length, MIN_CONFERENCE_PROVIDERS);
      return { result: null, error: why.en, errorDe: why.de };
    }
    return { result: aggregateForConference(period.text, contributions), error: null, errorDe: null };
  }

  async function snapshot(periods: Iterable<string>, { providerId, providerName }: Scope): Promise<KpiSnapshot> {
    // Read before computing, so the periods are computed from one reading of the data.
    const own = providerId ? await providerResults(providerId) : null;
    let everyProvider: ((period: string) => ProviderOutcome)[] | null = null;
    const entries: Record<string, PeriodKpis> = {};
    for (const period of periods) {
      const parsed = parsePeriod(period);
      if (!parsed.ok) entries[period] = { result: null, error: parsed.message, errorDe: parsed.messageDe };
      else if (own) entries[period] = own(period);
      else {
        everyProvider ??= await Promise.all((await listProviders(db)).map((provider) => providerResults(provider.id)));
        entries[period] = conferencePeriod(parsed.period, everyProvider);
      }
    }
    return { scope: providerId ? "provider" : "conference", name: providerName, periods: entries, computedAt: new Date().toISOString() };
  }

  async function lookUpScope(scorecardId: string): Promise<Scope> {
    const scorecard = await findScorecard(db, scorecardId);
    return { providerId: scorecard?.providerId ?? null, providerName: scorecard?.providerName ?? null };
  }

  function scopeOf(connection: Connection, subscription: Subscription): Promise<Scope> {
    if (!subscription.scope) {
      const lookup = lookUpScope(connection.scorecardId);
      subscription.scope = lookup;
      // A failed lookup is tried again by the next push.
      lookup.catch(() => {
        if (subscription.scope === lookup) subscription.scope = null;
      });
    }
    return subscription.scope;
  }

  /**
   * Queues a push of the connection's current periods, after the pushes queued before it.
   * @param wanted - whether a connection of this scope needs it (a figures change of another provider does not)
   */
  function push(connection: Connection, wanted: (scope: Scope) => boolean): void {
    const previous = sending.get(connection) ?? Promise.resolve();
    const next = previous.then(async () => {
      const subscription = subscriptions.get(connection);
      if (!subscription) return;
      try {
        const scope = await scopeOf(connection, subscription);
        if (!wanted(scope)) return;
        const values = await snapshot(subscription.periods, scope);
        // Forgotten meanwhile: the connection is closed.
        if (!subscriptions.has(connection)) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.kpiValues);
        encoding.writeVarString(encoder, JSON.stringify(values));
        connection.send(encoding.toUint8Array(encoder));
      } catch (error) {
        logger.log("error", "pushing KPI values failed", { scorecardId: connection.scorecardId, error: (error as Error).message });
      }
    });
    sending.set(connection, next);
    void next.then(() => {
      if (sending.get(connection) === next) sending.delete(connection);
    });
  }

  // Several saves in one tick (an upload of figures and staff) cause one push.
  function flush(): void {
    flushScheduled = false;
    const changed = new Set(pendingProviders);
    const everyone = pushToEveryone;
    pendingProviders.clear();
    pushToEveryone = false;
    // The conference sums every provider, so any change reaches it.
    const wanted = (scope: Scope) => everyone || scope.providerId === null || changed.has(scope.providerId);
    for (const connection of subscriptions.keys()) push(connection, wanted);
  }

  /** Drops what the change makes stale and pushes fresh values; `null`: every provider. */
  function invalidate(providerId: string | null): void {
    if (providerId === null) {
      providers.clear();
      pushToEveryone = true;
    } else {
      providers.delete(providerId);
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
      subscriptions.set(connection, { periods: new Set(periods), scope: subscriptions.get(connection)?.scope ?? null });
      push(connection, () => true);
    },
    async snapshotFor(scorecardId, periods) {
      return snapshot(new Set(periods), await lookUpScope(scorecardId));
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
