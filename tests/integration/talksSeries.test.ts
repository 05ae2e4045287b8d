/**
 * Planning over the talk API with a controlled clock: a quarterly series of four talks at
 * once, each with its own circulation and editable or cancellable on its own; the
 * conference's minimum notice of 14 days, below which the answer warns and the
 * circulation goes out at once (also when a talk is moved into short notice); and clear
 * German 400s for the new fields.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EditedTalk, ScheduledTalk, TalkSummary } from "../../shared/domain/talks";
import { SHORT_NOTICE_WARNING, SHORT_NOTICE_WARNING_CIRCULATED } from "../../shared/domain/talkSchedule";
import { seedDemo } from "../../server/demo/seed";
import { findJob } from "../../server/persistence/jobs";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail } from "../../server/persistence/users";
import { CIRCULATE_JOB } from "../../server/talks/talkDelivery";
import { talkApi, type TalkApiCall } from "../fixtures/talkApi";
import { createTalkStack, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const utc = (iso: string) => Date.parse(iso);
const now = { value: utc("2026-03-01T09:00:00Z") };
const FUNDER = "sozialamt@demo.test";
const PROVIDER_A = "anbieter-a@demo.test";
let dir: string;
let stack: TalkStack;
let call: TalkApiCall;
let providerScorecard: string;
let conferenceScorecard: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-series-"));
  stack = await createTalkStack({ databaseFile: ":memory:", outboxDir: join(dir, "outbox"), clock: () => now.value });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  call = talkApi(stack);
  const scorecards = await listScorecards(stack.db);
  providerScorecard = scorecards.find((s) => s.providerName?.startsWith("Beispiel"))!.id;
  conferenceScorecard = scorecards.find((s) => s.providerId === null)!.id;
});
afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newTalk(overrides: Record<string, unknown> = {}) {
  return {
    scorecardId: providerScorecard,
    startsAt: "2026-04-09T10:00",
    place: "Beispiel e.V., Haus A",
    participants: [{ userId: (await findUserByEmail(stack.db, FUNDER))!.id }, { userId: (await findUserByEmail(stack.db, PROVIDER_A))!.id }],
    ...overrides,
  };
}

describe("a quarterly series", () => {
  it("plans four talks every third month at the same local time, each with its own circulation, the day clamped to the month's end", async () => {
    const answer = await call<ScheduledTalk>(FUNDER, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-05-31T10:00", series: { count: 4 } }) });
    expect(answer.status).toBe(201);
    const planned = answer.body.planned;
    expect(planned.map((talk) => `${talk.localDate} ${talk.localTime}`)).toEqual(["2026-05-31 10:00", "2026-08-31 10:00", "2026-11-30 10:00", "2027-02-28 10:00"]);
    expect(answer.body).toMatchObject({ id: planned[0].id, warnings: [] });
    const seriesId = planned[0].series!.id;
    expect(planned.map((talk) => talk.series)).toEqual([1, 2, 3, 4].map((number) => ({ id: seriesId, number, count: 4 })));
    // Each talk has its own circulation job, ten days before its date (00:00 Berlin; CET in winter).
    expect(await Promise.all(planned.map(async (talk) => new Date((await findJob(stack.db, CIRCULATE_JOB, talk.id))!.dueAt).toISOString()))).toEqual([
      "2026-05-20T22:00:00.000Z",
      "2026-08-20T22:00:00.000Z",
      "2026-11-19T23:00:00.000Z",
      "2027-02-17T23:00:00.000Z",
    ]);

    // One moved and one cancelled; the others stay as they were.
    const moved = await call<EditedTalk>(FUNDER, `/api/talks/${planned[1].id}`, { method: "PATCH", json: { startsAt: "2026-09-02T14:00", place: "Rathaus" } });
    expect(moved.body).toMatchObject({ localDate: "2026-09-02", localTime: "14:00", place: "Rathaus", warnings: [] });
    expect((await findJob(stack.db, CIRCULATE_JOB, planned[1].id))!.dueAt).toBe(utc("2026-08-22T22:00:00Z"));
    expect((await call<TalkSummary>(PROVIDER_A, `/api/talks/${planned[2].id}/cancel`, { method: "POST" })).body.state).toBe("cancelled");
    expect((await findJob(stack.db, CIRCULATE_JOB, planned[2].id))!.state).toBe("cancelled");
    const after = await Promise.all(planned.map(async (talk) => (await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}`)).body));
    expect(after.map((talk) => [talk.localDate, talk.place, talk.state, talk.series?.number ?? null])).toEqual([
      ["2026-05-31", "Beispiel e.V., Haus A", "scheduled", 1],
      ["2026-09-02", "Rathaus", "scheduled", 2],
      ["2026-11-30", "Beispiel e.V., Haus A", "cancelled", null],
      ["2027-02-28", "Beispiel e.V., Haus A", "scheduled", 3],
    ]);
    expect(after[0].series).toEqual({ id: seriesId, number: 1, count: 3 });
  });

  it("refuses bad series, lead days and working groups with a German 400 naming the field", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ series: { count: 1 } }, /^series\.count: Quartalsreihe: mindestens 2 Termine/],
      [{ series: { count: 9 } }, /^series\.count: Quartalsreihe: höchstens 8 Termine/],
      [{ series: { count: "vier" } }, /^series\.count: Quartalsreihe/],
      [{ startsAt: "2100-11-15T10:00", series: { count: 2 } }, /^series: Termin 2 der Quartalsreihe: muss zwischen 01\.01\.1990 und 31\.12\.2100 liegen/],
      [{ reportLeadDays: 0 }, /^reportLeadDays: Meldefrist: mindestens 1 Tag/],
      [{ reportLeadDays: 2.5 }, /^reportLeadDays: Meldefrist: eine ganze Zahl/],
      [{ body: "Arbeitsgruppe Berichtswesen" }, /^body: Eine Arbeitsgruppe gibt es nur bei Sitzungen der Sozialraumkonferenz/],
      [{ scorecardId: conferenceScorecard, body: "AG\u202E" }, /^body: Arbeitsgruppe: enthält unzulässige Steuerzeichen/],
    ];
    for (const [override, message] of cases) {
      const answer = await call(FUNDER, "/api/talks", { method: "POST", json: await newTalk(override) });
      expect(answer.status, JSON.stringify(override)).toBe(400);
      expect(answer.body.error!.message, JSON.stringify(override)).toMatch(message);
    }
  });
});

describe("the minimum notice of 14 days", () => {
  it("warns below 14 days and circulates at once; at 14 days it keeps the usual circulation ten days before", async () => {
    now.value = utc("2026-06-01T09:00:00Z");
    const short = await call<ScheduledTalk>(FUNDER, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-06-14T10:00" }) });
    expect(short.status).toBe(201);
    expect(short.body.warnings).toEqual([{ code: "shortNotice", message: SHORT_NOTICE_WARNING }]);
    expect(short.body.warnings[0].message).toBe("Weniger als 14 Tage Vorlauf (Mindestfrist der Konferenz). Der Vorabversand geht sofort nach dem Anlegen raus.");
    // The circulation version is taken while planning; its mail job is due now.
    expect(short.body).toMatchObject({ state: "circulated", circulation: { code: "sent", days: 0 } });
    expect(short.body.versions.circulation).not.toBeNull();
    expect((await findJob(stack.db, CIRCULATE_JOB, short.body.id))!.dueAt).toBe(now.value);
    await stack.scheduler.runDueNow();
    expect((await listMails(stack.db, { talkId: short.body.id })).filter((mail) => mail.kind === "circulation")).toEqual([expect.objectContaining({ sentAt: now.value })]);

    const inTime = await call<ScheduledTalk>(FUNDER, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-06-15T10:00" }) });
    expect(inTime.body).toMatchObject({ state: "scheduled", warnings: [], circulationDueAt: "2026-06-04T22:00:00.000Z", circulation: { code: "due", days: 4 } });
  });

  it("circulates at once when a planned talk is moved into short notice, and only warns when it went out already", async () => {
    now.value = utc("2026-06-01T09:00:00Z");
    const talk = (await call<ScheduledTalk>(FUNDER, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-07-20T10:00" }) })).body;
    expect(talk.state).toBe("scheduled");
    const moved = await call<EditedTalk>(FUNDER, `/api/talks/${talk.id}`, { method: "PATCH", json: { startsAt: "2026-06-12T10:00" } });
    expect(moved.body).toMatchObject({ state: "circulated", warnings: [{ code: "shortNotice", message: SHORT_NOTICE_WARNING }] });
    expect((await findJob(stack.db, CIRCULATE_JOB, talk.id))!.dueAt).toBe(now.value);

    const again = await call<EditedTalk>(FUNDER, `/api/talks/${talk.id}`, { method: "PATCH", json: { startsAt: "2026-06-11T10:00" } });
    expect(again.body.warnings).toEqual([{ code: "shortNotice", message: SHORT_NOTICE_WARNING_CIRCULATED }]);
    // Other edits and moves far enough ahead warn of nothing.
    expect((await call<EditedTalk>(FUNDER, `/api/talks/${talk.id}`, { method: "PATCH", json: { place: "Rathaus" } })).body.warnings).toEqual([]);
  });
});
