/**
 * The demo's living year: on the start that created the demo (SEED_DEMO `true`), fills it with
 * what a year of use leaves behind, all through the product's own services and relative to
 * today, so the first login shows KPIs, charts, talks, versions and open questions:
 *
 * - budget agreements of last year and this year (provider B's budget starts in April) and
 *   five years of monthly figures, provider A's last closed quarter red (`demoFigures.ts`);
 * - measures with owners, due dates (some overdue) and status lines, KPI blocks, minutes text;
 * - two closed talks of provider A with circulation, approval, agreements and minutes, and the
 *   next one planned so that its circulation is due in a few days (`demoProviderA.ts`);
 * - open questions, Themenspeicher topics, named versions and the next conference session
 *   (`demoPartners.ts`).
 *
 * Talks, versions, topics and comments run on a clock the story moves through the year, so
 * they carry the dates they would have had; the stored document updates keep the real time
 * of their writing (their hash chain is not rewritten). A failing part is logged and skipped.
 */
import { parseBudgetAgreement } from "../../shared/kpi";
import { createCommentWriter } from "../comments/commentWriter";
import { recordFigures } from "../controlling/figuresRecorder";
import type { KpiPublisher } from "../kpi/kpiPublisher";
import type { Logger } from "../log";
import { createMailer } from "../mail/mailer";
import type { MailSettings } from "../mail/mailSettings";
import { insertAgreementVersion } from "../persistence/agreements";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { listScorecards } from "../persistence/scorecards";
import { findUserByEmail, type UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { ExportVersion } from "../talks/talkDelivery";
import { createTalkService } from "../talks/talkService";
import { createTopicService } from "../topics/topicService";
import { createVersionService } from "../versions/versionService";
import type { DemoContext, DemoPeople, DemoScorecards } from "./demoContext";
import { demoAgreements, demoFigures, PROVIDER_A_PLAN, PROVIDER_B_PLAN, type DemoProviderPlan } from "./demoFigures";
import { askAheadOfTalk, tellConference, tellProviderB } from "./demoPartners";
import { tellProviderA, type ProviderAStory } from "./demoProviderA";
import { demoTimeline } from "./demoTimeline";

/** What the living year needs: the services `startServer` built. */
export interface LivingYearDeps {
  /** The database. */
  db: Db;
  /** The update log (for the versions dated in the story). */
  store: DocUpdateStore;
  /** Documents are changed through their rooms, as every edit is. */
  collab: CollabServer;
  /** KPI values for versions, and the push after new figures. */
  kpis: Pick<KpiPublisher, "figuresChanged" | "snapshotFor">;
  /** Sender and outbox folder of the circulation and minutes mails (the story's mails always go to the outbox). */
  mailSettings: MailSettings;
  /** Word and PDF of a version, attached to those mails. */
  exportVersion: ExportVersion;
  /** The app's address, for links in mails. */
  publicUrl: string;
  /** Structured log. */
  logger: Logger;
  /** Today, ms since the epoch; default the real clock. */
  now?: () => number;
}

/** What the living year did. */
export interface LivingYearReport {
  /** How long it took, ms. */
  ms: number;
  /** The parts that failed (each logged as a warning), empty when all went well. */
  failed: string[];
}

async function requireUser(db: Db, email: string): Promise<UserRecord> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`demo user ${email} is missing`);
  return user;
}

async function demoScorecards(db: Db): Promise<DemoScorecards> {
  const scorecards = await listScorecards(db);
  const byProvider = (part: string) => scorecards.find((s) => s.providerName?.includes(part))?.id;
  const conference = scorecards.find((s) => s.providerId === null)?.id;
  const a = byProvider("Beispiel");
  const b = byProvider("Weser");
  if (!conference || !a || !b) throw new Error("the demo's scorecards are missing");
  return { conference, a, b };
}

/** Agreements (as the funder saves them) and five years of figures (as the provider reports them, one upload a year). */
async function recordControlling(
  deps: LivingYearDeps,
  ctx: Pick<DemoContext, "timeline" | "people">,
  providerId: string,
  providerName: string,
  reporter: UserRecord,
  plan: DemoProviderPlan,
): Promise<void> {
  for (const agreement of demoAgreements(plan, providerName, ctx.timeline)) {
    const parsed = parseBudgetAgreement(agreement, `vereinbarung-${agreement.year}.json`);
    if (!parsed.ok) throw new Error(`demo agreement ${agreement.year}: ${parsed.errors.map((e) => e.message).join("; ")}`);
    await insertAgreementVersion(deps.db, { providerId, agreement: parsed.value, userId: ctx.people.funder.id, reason: `Budgetvereinbarung ${agreement.year} unterzeichnet` });
  }
  for (const [year, rows] of demoFigures(plan, ctx.timeline)) {
    await recordFigures(
      { db: deps.db, kpiEvents: deps.kpis, logger: deps.logger },
      { providerId, userId: reporter.id, kind: "upload", figures: rows.figures, staff: rows.staff, fileName: `zahlen-${year}.csv` },
    );
  }
}

/**
 * Fills the freshly seeded demo with its living year. Call it once, right after `seedDemo`
 * created the demo and after the services exist; it never throws (a part that fails is
 * logged as a warning and the rest goes on), so the server always starts.
 * @param deps - the server's services
 * @returns how long it took and what failed
 * @example if (seeded && config.seedLivingYear) await seedLivingYear({ db, store, collab, kpis, mailSettings: config, exportVersion, publicUrl, logger });
 */
export async function seedLivingYear(deps: LivingYearDeps): Promise<LivingYearReport> {
  const started = performance.now();
  const failed: string[] = [];
  const part = async <T>(name: string, run: () => T | Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      failed.push(name);
      deps.logger.log("warn", "demo: part of the living year failed, going on without it", { part: name, error: (error as Error).message });
      return null;
    }
  };
  const setup = await part("setup", async () => {
    const people: DemoPeople = {
      funder: await requireUser(deps.db, "sozialamt@demo.test"),
      providerA: await requireUser(deps.db, "anbieter-a@demo.test"),
      providerB: await requireUser(deps.db, "anbieter-b@demo.test"),
    };
    return { people, scorecards: await demoScorecards(deps.db) };
  });
  if (!setup) return { ms: performance.now() - started, failed };
  const { people, scorecards } = setup;
  const timeline = demoTimeline((deps.now ?? Date.now)());
  const providers = { a: people.providerA.organisationId, b: people.providerB.organisationId };
  await part("controlling A", () => recordControlling(deps, { timeline, people }, providers.a, "Beispiel e.V.", people.providerA, PROVIDER_A_PLAN));
  await part("controlling B", () => recordControlling(deps, { timeline, people }, providers.b, "Weser-Wohnverbund gGmbH", people.providerB, PROVIDER_B_PLAN));

  // One clock for the story's services: talks, versions, topics and comments are dated "then".
  let storyNow = timeline.now;
  const clock = () => storyNow;
  const versions = createVersionService({ db: deps.db, store: deps.store, collab: deps.collab, kpis: deps.kpis, now: clock });
  // The story's mails are dated then and go to the outbox folder even when SMTP is set up:
  // they are addressed to the demo's people (…@demo.test) and must never leave the machine.
  const mailer = createMailer({ db: deps.db, settings: { ...deps.mailSettings, smtp: null }, clock, logger: deps.logger });
  const ctx: DemoContext = {
    db: deps.db,
    collab: deps.collab,
    timeline,
    now: clock,
    setNow: (ms) => void (storyNow = ms),
    versions,
    talks: createTalkService({ db: deps.db, collab: deps.collab, versions, mailer, exportVersion: deps.exportVersion, publicUrl: deps.publicUrl, clock, kpiEvents: deps.kpis, logger: deps.logger }),
    topics: createTopicService({ db: deps.db, collab: deps.collab, clock, logger: deps.logger }),
    comments: createCommentWriter({ collab: deps.collab, now: () => new Date(storyNow) }),
    people,
    scorecards,
    logger: deps.logger,
  };
  const storyA: ProviderAStory | null = await part("provider A", () => tellProviderA(ctx));
  await part("provider B", () => tellProviderB(ctx));
  await part("conference", () => tellConference(ctx));
  if (storyA) await part("questions", () => askAheadOfTalk(ctx, storyA));
  mailer.close();
  const ms = Math.round(performance.now() - started);
  deps.logger.log(failed.length > 0 ? "warn" : "info", "demo: living year created", { ms, failed });
  return { ms, failed };
}
