/**
 * The reporting deadline of a provider's talk: shown with the talk (month, deadline,
 * whether the figures are in), and three days before the deadline a reminder mail to the
 * provider's editors when the figures are missing: exactly once (also with two servers
 * on one database, and with two server processes that both run the scheduler), not when
 * the figures are there, not to users who turned reminders off, and never for a session
 * of the conference. The reminder moves with the talk and is cancelled with it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ScheduledTalk, TalkSummary } from "../../shared/domain/talks";
import { seedDemo } from "../../server/demo/seed";
import { replaceFigureMonths } from "../../server/persistence/figures";
import { findJob } from "../../server/persistence/jobs";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { createUser, findUserByEmail } from "../../server/persistence/users";
import { REPORT_REMINDER_JOB } from "../../server/talks/reportReminder";
import { talkApi, type TalkApiCall } from "../fixtures/talkApi";
import { createTalkStack, TEST_PUBLIC_URL, type TalkStack } from "../fixtures/talkStack";
import { pollUntil } from "../fixtures/crashClients";
import { closeDatabase } from "../../server/persistence/db";
import { startServerInstances, type ServerInstances } from "../fixtures/serverInstances";
import { testDatabaseKind } from "../fixtures/testDatabase";
import { login, TEST_PASSWORD } from "../fixtures/testServer";

const utc = (iso: string) => Date.parse(iso);
const now = { value: utc("2026-10-01T08:00:00Z") };
const FUNDER = "sozialamt@demo.test";
/** Talk on 30 November 2026: figures of October due by 18 November, reminder at 00:00 on 15 November (CET). */
const TALK_START = "2026-11-30T10:00";
const REMINDER_AT = utc("2026-11-14T23:00:00Z");
let dir: string;
let stack: TalkStack;
let other: TalkStack;
let call: TalkApiCall;
const scorecards: Record<"a" | "b" | "conference", string> = { a: "", b: "", conference: "" };
const providers: Record<"a" | "b", string> = { a: "", b: "" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-reporting-"));
  const file = join(dir, "steuerrad.sqlite");
  stack = await createTalkStack({ databaseFile: file, outboxDir: join(dir, "outbox"), clock: () => now.value, workerId: "one" });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  // A second server on the same database, with the same clock.
  other = await createTalkStack({ databaseFile: file, outboxDir: join(dir, "outbox"), clock: () => now.value, workerId: "two" });
  call = talkApi(stack);
  for (const scorecard of await listScorecards(stack.db)) {
    if (scorecard.providerId === null) scorecards.conference = scorecard.id;
    else if (scorecard.providerName!.startsWith("Beispiel")) [scorecards.a, providers.a] = [scorecard.id, scorecard.providerId];
    else [scorecards.b, providers.b] = [scorecard.id, scorecard.providerId];
  }
  // Provider A's editors: Anton (wants reminders), Olga (turned them off on her account page), Rolf (removed).
  const orgA = (await findUserByEmail(stack.db, "anbieter-a@demo.test"))!.organisationId;
  await createUser(stack.db, { email: "olga@beispiel.test", name: "Olga Ohnemail", passwordHash: "x", organisationId: orgA, role: "editor" });
  await createUser(stack.db, { email: "rolf@beispiel.test", name: "Rolf Removed", passwordHash: "x", organisationId: orgA, role: "editor" });
  await stack.db.updateTable("users").set({ reminder_mails: 0 }).where("email", "=", "olga@beispiel.test").execute();
  await stack.db.updateTable("users").set({ disabled_at: now.value }).where("email", "=", "rolf@beispiel.test").execute();
});
afterAll(async () => {
  await other.close();
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

async function schedule(scorecardId: string, overrides: Record<string, unknown> = {}): Promise<ScheduledTalk> {
  const funder = (await findUserByEmail(stack.db, FUNDER))!;
  const answer = await call<ScheduledTalk>(FUNDER, "/api/talks", {
    method: "POST",
    json: { scorecardId, startsAt: TALK_START, place: "Haus A", participants: [{ userId: funder.id }], ...overrides },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function reminders(talkId: string) {
  return (await listMails(stack.db, { talkId })).filter((mail) => mail.kind === "reportReminder");
}

describe("the reporting deadline", () => {
  let talkA: ScheduledTalk;
  let talkB: ScheduledTalk;
  let session: ScheduledTalk;

  it("is shown with a provider's talk: the last complete month, due 12 days before, and whether its figures are in", async () => {
    talkA = await schedule(scorecards.a);
    talkB = await schedule(scorecards.b);
    session = await schedule(scorecards.conference);
    expect(talkA.reportLeadDays).toBe(12);
    expect(talkA.reporting).toEqual({ month: "2026-10", deadline: "2026-11-18", status: "missing", reminderAt: new Date(REMINDER_AT).toISOString(), reminder: null });
    expect(await findJob(stack.db, REPORT_REMINDER_JOB, talkA.id)).toMatchObject({ state: "pending", dueAt: REMINDER_AT });
    // A session of the conference has no figures, no deadline and no reminder.
    expect(session).toMatchObject({ kind: "session", reporting: null });
    expect(await findJob(stack.db, REPORT_REMINDER_JOB, session.id)).toBeUndefined();

    await replaceFigureMonths(
      stack.db,
      providers.b,
      ["2026-10"],
      [{ month: "2026-10", serviceOffer: "Haus B", needGroup: 2, funderKind: "local", socialSpace: false, priorNeedGroup: null, cases: 4, occupancyDays: 120 }],
    );
    expect((await call<TalkSummary>(FUNDER, `/api/talks/${talkB.id}`)).body.reporting).toMatchObject({ month: "2026-10", status: "present" });
  });

  it("reminds provider A's editors once at 00:00 three days before the deadline, not those who turned it off, and not provider B whose figures are in", async () => {
    now.value = REMINDER_AT - 1;
    await Promise.all([stack.scheduler.runDueNow(), other.scheduler.runDueNow()]);
    expect(await reminders(talkA.id)).toEqual([]);

    now.value = REMINDER_AT;
    // Both servers run their schedulers at the same moment.
    await Promise.all([stack.scheduler.runDueNow(), other.scheduler.runDueNow()]);
    const [mail, ...more] = await reminders(talkA.id);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ recipients: ["anbieter-a@demo.test"], sentAt: REMINDER_AT, attachments: [] });
    expect(mail.subject).toBe("Erinnerung: Zahlen für Oktober 2026 bis zum 18.11.2026 melden (Steuerungsgespräch am 30.11.2026)");
    expect(mail.body).toContain("sind die Zahlen bis einschließlich Oktober 2026 bis zum 18.11.2026 zu melden");
    expect(mail.body).toContain(`${TEST_PUBLIC_URL}/controlling`);
    expect(await reminders(talkB.id)).toEqual([]);
    expect(await listMails(stack.db, { talkId: session.id })).toEqual([]);

    // Later runs, on either server, send nothing more.
    now.value = REMINDER_AT + 60 * 60 * 1000;
    await Promise.all([stack.scheduler.runDueNow(), other.scheduler.runDueNow()]);
    expect(await reminders(talkA.id)).toHaveLength(1);
    expect((await call<TalkSummary>("anbieter-a@demo.test", `/api/talks/${talkA.id}`)).body.reporting?.reminder).toEqual({ sentAt: new Date(REMINDER_AT).toISOString(), error: null });
  });

  it("moves the reminder with the talk and its lead days, and cancels it with the talk", async () => {
    now.value = utc("2026-10-01T08:00:00Z");
    const talk = await schedule(scorecards.a, { startsAt: "2027-01-20T10:00", reportLeadDays: 20 });
    // Deadline 31 December 2026 (figures of November), reminder at 00:00 on 28 December.
    expect(talk.reporting).toMatchObject({ month: "2026-11", deadline: "2026-12-31", reminderAt: "2026-12-27T23:00:00.000Z" });
    const moved = (await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}`, { method: "PATCH", json: { startsAt: "2027-02-10T10:00", reportLeadDays: 12 } })).body;
    expect(moved.reporting).toMatchObject({ month: "2026-12", deadline: "2027-01-29" });
    expect(await findJob(stack.db, REPORT_REMINDER_JOB, talk.id)).toMatchObject({ state: "pending", dueAt: utc("2027-01-25T23:00:00Z") });
    await call(FUNDER, `/api/talks/${talk.id}/cancel`, { method: "POST" });
    expect((await findJob(stack.db, REPORT_REMINDER_JOB, talk.id))!.state).toBe("cancelled");
    expect((await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}`)).body.reporting).toBeNull();
  });
});

describe("with two server processes that both run the scheduler", () => {
  let servers: ServerInstances;
  afterEach(async () => servers?.stop());

  it("records exactly one reminder", async () => {
    servers = await startServerInstances(testDatabaseKind(), 2, { JOB_POLL_MS: "100" });
    const db = await servers.openDatabase();
    try {
      const funder = await login(servers.instances[0].url, FUNDER);
      const me = (await (await fetch(`${servers.instances[0].url}/api/me`, { headers: { cookie: funder } })).json()) as { id: string };
      const card = (await db.selectFrom("scorecards as s").innerJoin("organisations as o", "o.id", "s.provider_id").select("s.id").where("o.name", "like", "Beispiel%").executeTakeFirstOrThrow()).id;
      // 13 days ahead: the deadline (12 days before) is tomorrow, its reminder (3 days before that) due at once.
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + 13 * 24 * 60 * 60 * 1000));
      const response = await fetch(`${servers.instances[1].url}/api/talks`, {
        method: "POST",
        headers: { cookie: funder, "content-type": "application/json" },
        body: JSON.stringify({ scorecardId: card, startsAt: `${day}T10:00`, place: "Haus A", participants: [{ userId: me.id }] }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const talkId = ((await response.json()) as { id: string }).id;
      const job = () => db.selectFrom("jobs").select(["state", "attempts"]).where("kind", "=", REPORT_REMINDER_JOB).where("subject_id", "=", talkId).executeTakeFirstOrThrow();
      // Done means one process ran it; a done job is never claimed again.
      await pollUntil(async () => {
        const { state } = await job();
        return state === "done" ? null : `reminder job ${state}`;
      }, 20_000);
      const mails = await db.selectFrom("mails").select(["recipients_json as recipients", "sent_at as sentAt"]).where("talk_id", "=", talkId).where("kind", "=", "reportReminder").execute();
      expect(mails).toHaveLength(1);
      expect(JSON.parse(mails[0].recipients)).toEqual(["anbieter-a@demo.test"]);
      expect(mails[0].sentAt).not.toBeNull();
      expect(await job()).toEqual({ state: "done", attempts: 1 });
    } finally {
      await closeDatabase(db);
    }
  }, 90_000);
});
