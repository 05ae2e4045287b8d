/**
 * Locks stay the funder's (issue 15): closing a talk locks the discussed quarter only when
 * a funder editor closes it, or when the talk was circulated and is closed after its
 * scheduled time. A provider editor who starts and closes a talk weeks early gets minutes
 * but no lock, the talk records why, and the funder is offered to lock the quarter, over
 * the real app (`createApp`) on an in-memory database with a clock the test moves.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuarterLock } from "../../shared/domain/figures";
import type { TalkSummary } from "../../shared/domain/talks";
import { createApp } from "../../server/app";
import { createSession, SESSION_COOKIE } from "../../server/auth/sessions";
import { seedDemo } from "../../server/demo/seed";
import { createHistoryRunner } from "../../server/history/historyRunner";
import { createLogger } from "../../server/log";
import { findLock, listLockEvents } from "../../server/persistence/locks";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail } from "../../server/persistence/users";
import { createTalkStack, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const FUNDER = "sozialamt@demo.test";
const PROVIDER_A = "anbieter-a@demo.test";
let now = Date.parse("2026-03-01T09:00:00Z");
let stack: TalkStack;
let outboxDir: string;
let app: ReturnType<typeof createApp>["app"];
let scorecardId: string;
let providerId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  outboxDir = mkdtempSync(join(tmpdir(), "steuerrad-talk-locks-"));
  stack = await createTalkStack({ databaseFile: ":memory:", outboxDir, clock: () => now });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  const logger = createLogger("silent");
  ({ app } = createApp({
    db: stack.db,
    store: stack.store,
    collab: stack.collab,
    config: { secureCookie: undefined, allowedOrigins: [], clientDir: "/nonexistent", retentionYears: 10 },
    logger,
    kpiEvents: { figuresChanged: () => undefined },
    versions: stack.versions,
    history: createHistoryRunner(":memory:", stack.db, stack.store, logger),
    currentKpis: async () => ({ scope: "provider", name: null, periods: {}, computedAt: new Date(0).toISOString() }),
    talks: stack.talks,
  }));
  for (const email of [FUNDER, PROVIDER_A]) {
    cookies[email] = `${SESSION_COOKIE}=${(await createSession(stack.db, (await findUserByEmail(stack.db, email))!.id)).token}`;
  }
  scorecardId = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Beispiel"))!.id;
  providerId = (await findUserByEmail(stack.db, PROVIDER_A))!.organisationId;
});
afterAll(async () => {
  await stack.close();
  rmSync(outboxDir, { recursive: true, force: true });
});

async function call<T>(as: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: T & { error?: { code: string; message: string } } }> {
  const headers = new Headers({ host: "localhost", cookie: cookies[as] });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const response = await app.request(`http://localhost${path}`, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
  return { status: response.status, body: (await response.json()) as T & { error?: { code: string; message: string } } };
}

/** Schedules a talk on provider A's scorecard with the funder and provider A. */
async function schedule(as: string, startsAt: string): Promise<TalkSummary> {
  const participants = await Promise.all([FUNDER, PROVIDER_A].map(async (email) => ({ userId: (await findUserByEmail(stack.db, email))!.id })));
  const created = await call<TalkSummary>(as, "/api/talks", { method: "POST", json: { scorecardId, startsAt, place: "Beispiel e.V., Haus A", participants } });
  expect(created.status).toBe(201);
  return created.body;
}

async function post(as: string, talkId: string, action: "start" | "close" | "circulate"): Promise<TalkSummary> {
  const answer = await call<TalkSummary>(as, `/api/talks/${talkId}/${action}`, { method: "POST" });
  expect(answer.status, `${action}: ${JSON.stringify(answer.body.error)}`).toBe(200);
  return answer.body;
}

describe("who locks a quarter by closing its talk", () => {
  it("gives a provider editor who starts and closes a talk weeks before its date minutes but no lock, and offers the funder to lock", async () => {
    now = Date.parse("2026-03-01T09:00:00Z");
    const talk = await schedule(PROVIDER_A, "2026-04-09T10:00");
    const running = await post(PROVIDER_A, talk.id, "start");
    // Before closing, each side is told what closing would do.
    expect(running.quarterLock).toEqual({ quarter: "2026-Q1", locked: false, withheld: ["before_start", "not_circulated"], canLock: false });
    expect((await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}`)).body.quarterLock).toEqual({ quarter: "2026-Q1", locked: false, withheld: [], canLock: true });

    const closed = await post(PROVIDER_A, talk.id, "close");
    expect(closed).toMatchObject({ state: "closed", quarterLock: { quarter: "2026-Q1", locked: false, withheld: ["before_start", "not_circulated"], canLock: false } });
    expect(closed.versions.minutes).toEqual(expect.any(Number));
    expect(await findLock(stack.db, providerId, "2026-Q1")).toBeUndefined();
    expect((await listLockEvents(stack.db, providerId)).filter((e) => e.quarter === "2026-Q1")).toEqual([]);

    // The funder sees the open quarter with the means to lock it; the provider cannot.
    const seen = await call<{ recent: TalkSummary[] }>(FUNDER, "/api/talks");
    expect(seen.body.recent.find((t) => t.id === talk.id)?.quarterLock).toEqual({ quarter: "2026-Q1", locked: false, withheld: ["before_start", "not_circulated"], canLock: true });
    const refused = await call(PROVIDER_A, `/api/providers/${providerId}/locks`, { method: "POST", json: { quarter: "2026-Q1", reason: "Steuerungsgespräch am 2026-04-09" } });
    expect(refused.status).toBe(403);
    const locked = await call<QuarterLock>(FUNDER, `/api/providers/${providerId}/locks`, { method: "POST", json: { quarter: "2026-Q1", reason: "Steuerungsgespräch am 2026-04-09" } });
    expect(locked).toMatchObject({ status: 201, body: { quarter: "2026-Q1", lockedBy: "Sabine Sozialamt" } });
    expect((await call<TalkSummary>(PROVIDER_A, `/api/talks/${talk.id}`)).body.quarterLock).toMatchObject({ locked: true, withheld: ["before_start", "not_circulated"] });
  });

  it("locks when a funder editor closes, even before the date and without circulation", async () => {
    now = Date.parse("2026-03-02T09:00:00Z");
    const talk = await schedule(PROVIDER_A, "2026-07-09T10:00");
    await post(FUNDER, talk.id, "start");
    const closed = await post(FUNDER, talk.id, "close");
    expect(closed.quarterLock).toEqual({ quarter: "2026-Q2", locked: true, withheld: [], canLock: true });
    expect(await findLock(stack.db, providerId, "2026-Q2")).toMatchObject({ lockedBy: "Sabine Sozialamt", reason: "Steuerungsgespräch am 2026-07-09" });
  });

  it("locks when a provider editor closes a talk after its date that was circulated ten days ahead", async () => {
    now = Date.parse("2026-08-01T09:00:00Z");
    const talk = await schedule(PROVIDER_A, "2026-10-08T10:00");
    // The circulation at 00:00 Europe/Berlin ten days before, by the scheduler.
    now = Date.parse(talk.circulationDueAt);
    await stack.scheduler.runDueNow();
    expect((await call<TalkSummary>(PROVIDER_A, `/api/talks/${talk.id}`)).body).toMatchObject({ state: "circulated", circulation: { code: "sent" } });
    now = Date.parse("2026-10-08T08:00:00Z"); // 10:00 in Berlin
    const running = await post(PROVIDER_A, talk.id, "start");
    expect(running.quarterLock).toEqual({ quarter: "2026-Q3", locked: false, withheld: [], canLock: false });
    now = Date.parse("2026-10-08T09:45:00Z");
    const closed = await post(PROVIDER_A, talk.id, "close");
    expect(closed.quarterLock).toEqual({ quarter: "2026-Q3", locked: true, withheld: [], canLock: false });
    expect(await findLock(stack.db, providerId, "2026-Q3")).toMatchObject({ lockedBy: "Anton Anbieter-A", reason: "Steuerungsgespräch am 2026-10-08" });
  });

  it("does not lock when a provider editor closes a circulated talk before its scheduled start", async () => {
    now = Date.parse("2026-12-01T09:00:00Z");
    const talk = await schedule(PROVIDER_A, "2027-01-14T10:00");
    await post(PROVIDER_A, talk.id, "circulate");
    await post(PROVIDER_A, talk.id, "start");
    now = Date.parse("2026-12-01T11:00:00Z");
    const closed = await post(PROVIDER_A, talk.id, "close");
    expect(closed.quarterLock).toEqual({ quarter: "2026-Q4", locked: false, withheld: ["before_start"], canLock: false });
    expect(await findLock(stack.db, providerId, "2026-Q4")).toBeUndefined();
  });
});
