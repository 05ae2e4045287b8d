/**
 * The talk API over HTTP (`app.request`, in-memory database): a whole talk from
 * scheduling to minutes, clear 400s naming the field, and rights: talks are as visible as
 * their scorecard, viewers read but never plan or run them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { MailSummary, TalkList, TalkSummary } from "../../shared/domain/talks";
import { addStatusLine, createMeasure, readMeasure } from "../../shared/document/measures";
import { goalChoices, goalSectionEnd } from "../../shared/document/goalPlacement";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { createSession, SESSION_COOKIE } from "../../server/auth/sessions";
import { seedDemo } from "../../server/demo/seed";
import { AppError } from "../../server/errors";
import { sessionMiddleware, type SessionVariables } from "../../server/http/middleware/session";
import { talkRoutes } from "../../server/http/routes/talks";
import { findLock } from "../../server/persistence/locks";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail } from "../../server/persistence/users";
import { createTalkStack, TEST_PUBLIC_URL, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const NOW = Date.parse("2026-03-01T09:00:00Z");
let stack: TalkStack;
let outboxDir: string;
let app: Hono<{ Variables: SessionVariables }>;
let providerAScorecard: string;
let providerBScorecard: string;
const cookies: Record<string, string> = {};
const FUNDER = "sozialamt@demo.test";
const PROVIDER_A = "anbieter-a@demo.test";
const PROVIDER_B = "anbieter-b@demo.test";
const VIEWER_A = "gast-a@demo.test";

/**
 * A small app with just the session middleware and the talk routes at /api/talks, as
 * server/app.ts mounts them, and the app's error format; sessions are created directly.
 */
beforeAll(async () => {
  outboxDir = mkdtempSync(join(tmpdir(), "steuerrad-talk-api-"));
  stack = await createTalkStack({ databaseFile: ":memory:", outboxDir, clock: () => NOW });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  app = new Hono<{ Variables: SessionVariables }>().use(sessionMiddleware(stack.db, undefined)).route("/api/talks", talkRoutes({ db: stack.db, talks: stack.talks }));
  app.onError((error, c) => {
    if (error instanceof AppError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
    if (error instanceof HTTPException) return c.json({ error: { code: "bad_request", message: error.message } }, error.status);
    return c.json({ error: { code: "internal", message: (error as Error).message } }, 500);
  });
  for (const email of [FUNDER, PROVIDER_A, PROVIDER_B, VIEWER_A]) {
    cookies[email] = `${SESSION_COOKIE}=${(await createSession(stack.db, (await findUserByEmail(stack.db, email))!.id)).token}`;
  }
  const scorecards = await listScorecards(stack.db);
  providerAScorecard = scorecards.find((s) => s.providerName?.startsWith("Beispiel"))!.id;
  providerBScorecard = scorecards.find((s) => s.providerName?.startsWith("Weser"))!.id;
});
afterAll(async () => {
  await stack.close();
  rmSync(outboxDir, { recursive: true, force: true });
});

function request(path: string, cookie: string, init: { method?: string; json?: unknown } = {}) {
  const headers = new Headers({ host: "localhost", cookie });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return app.request(`http://localhost${path}`, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
}

async function call<T>(as: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: T & { error?: { code: string; message: string } } }> {
  const response = await request(path, cookies[as], init);
  return { status: response.status, body: (await response.json()) as T & { error?: { code: string; message: string } } };
}

async function newTalk(overrides: Record<string, unknown> = {}) {
  const funder = (await findUserByEmail(stack.db, FUNDER))!;
  const providerA = (await findUserByEmail(stack.db, PROVIDER_A))!;
  return {
    scorecardId: providerAScorecard,
    startsAt: "2026-04-09T10:00",
    place: "Beispiel e.V., Haus A",
    participants: [{ userId: funder.id }, { userId: providerA.id }, { email: "Gustav.Gast@extern.test", name: "Gustav Gast", side: "other" }],
    ...overrides,
  };
}

async function appendMeasure(scorecardId: string, id: string, title: string, statusLineDate?: string): Promise<void> {
  await stack.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, id, { title });
    if (statusLineDate) addStatusLine(doc, id, { talkDate: statusLineDate, text: "Bericht" });
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", id);
    const fragment = doc.getXmlFragment("default");
    fragment.insert(fragment.length, [node]);
  });
}

describe("talk API", () => {
  it("answers 400 naming the field for bad input", async () => {
    const providerB = (await findUserByEmail(stack.db, PROVIDER_B))!;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ startsAt: "2026-13-01T10:00" }, /^startsAt: is not a valid date and time/],
      [{ startsAt: "9.4.2026 10:00" }, /^startsAt: must be a local time YYYY-MM-DDTHH:mm/],
      [{ startsAt: "2026-02-01T10:00" }, /^startsAt: must be in the future/],
      [{ startsAt: "2026-03-29T02:30" }, /^startsAt: .*does not exist in Europe\/Berlin/],
      [{ place: " " }, /^place: must not be empty/],
      [{ participants: [] }, /^participants: at least one participant/],
      [{ participants: [{}] }, /^participants\.0\.email: give a userId/],
      [{ participants: [{ email: "kein-mail", name: "X", side: "other" }] }, /^participants\.0\.email: must be an e-mail address/],
      [{ participants: [{ userId: providerB.id }] }, /^participants\.0\.userId: Berta Anbieter-B cannot open this scorecard/],
      [
        {
          participants: [
            { email: "a@x.test", name: "A", side: "other" },
            { email: "A@x.test", name: "A2", side: "other" },
          ],
        },
        /^participants\.1: a@x\.test is listed twice/,
      ],
      [{ plannedMinutes: 5 }, /^plannedMinutes: /],
    ];
    for (const [override, message] of cases) {
      const response = await call(FUNDER, "/api/talks", { method: "POST", json: await newTalk(override) });
      expect(response.status, JSON.stringify(override)).toBe(400);
      expect(response.body.error!.message, JSON.stringify(override)).toMatch(message);
    }
  });

  it("keeps talks of provider A from provider B, and lets viewers read but not plan or run", async () => {
    const scheduled = await call<TalkSummary>(PROVIDER_A, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-06-11T10:00" }) });
    expect(scheduled.status).toBe(201);
    const id = scheduled.body.id;

    // Provider B sees nothing of it, and cannot schedule on A's scorecard.
    expect((await call<TalkList>(PROVIDER_B, "/api/talks")).body.upcoming.map((t) => t.id)).not.toContain(id);
    expect((await call(PROVIDER_B, `/api/talks/${id}`)).status).toBe(404);
    expect((await call(PROVIDER_B, `/api/talks/${id}`, { method: "PATCH", json: { place: "Anderswo" } })).status).toBe(404);
    expect((await call(PROVIDER_B, `/api/talks/${id}/start`, { method: "POST" })).status).toBe(404);
    expect((await call(PROVIDER_B, "/api/talks", { method: "POST", json: await newTalk({ participants: [{ email: "b@x.test", name: "B", side: "provider" }] }) })).status).toBe(404);
    // …but schedules on its own.
    expect(
      (await call(PROVIDER_B, "/api/talks", { method: "POST", json: await newTalk({ scorecardId: providerBScorecard, participants: [{ email: "b@x.test", name: "B", side: "provider" }] }) })).status,
    ).toBe(201);

    // The viewer of provider A reads, without edit rights.
    const seen = await call<TalkList>(VIEWER_A, "/api/talks");
    expect(seen.body.upcoming.find((t) => t.id === id)).toMatchObject({ canEdit: false });
    expect(seen.body.upcoming.map((t) => t.scorecard.id)).not.toContain(providerBScorecard);
    expect((await call(VIEWER_A, `/api/talks/${id}`)).status).toBe(200);
    expect((await call(VIEWER_A, "/api/talks", { method: "POST", json: await newTalk() })).status).toBe(403);
    for (const [method, path, json] of [
      ["PATCH", `/api/talks/${id}`, { place: "x" }],
      ["POST", `/api/talks/${id}/cancel`, undefined],
      ["POST", `/api/talks/${id}/circulate`, undefined],
      ["POST", `/api/talks/${id}/start`, undefined],
      ["POST", `/api/talks/${id}/close`, undefined],
    ] as const) {
      expect((await call(VIEWER_A, path, { method, json })).status, `${method} ${path}`).toBe(403);
    }
    // Who can be invited: exactly the people who can open the scorecard.
    const candidates = await call<{ name: string; side: string }[]>(PROVIDER_A, `/api/talks/candidates?scorecardId=${providerAScorecard}`);
    expect(candidates.body.map((c) => c.name).sort()).toEqual(["Ada Admin", "Anton Anbieter-A", "Gerd Gast-A", "Sabine Sozialamt"]);
    expect((await call(PROVIDER_B, `/api/talks/candidates?scorecardId=${providerAScorecard}`)).status).toBe(404);
    expect((await call(PROVIDER_B, "/api/talks/candidates")).status).toBe(400);
    // The funder sees every provider's talks.
    expect((await call<TalkList>(FUNDER, "/api/talks")).body.upcoming.map((t) => t.scorecard.id)).toEqual(expect.arrayContaining([providerAScorecard, providerBScorecard]));
    expect((await request("/api/talks", "")).status).toBe(401);
  });

  it("runs a talk from scheduling to minutes: circulation by hand, approval, presence, agreements, a new measure, close", async () => {
    await appendMeasure(providerAScorecard, "m-reported", "Beteiligungsrat gründen", "2026-03-20");
    await appendMeasure(providerAScorecard, "m-silent", "Personaleinsatz überprüfen");
    const created = await call<TalkSummary>(FUNDER, "/api/talks", { method: "POST", json: await newTalk() });
    expect(created.status).toBe(201);
    const talk = created.body;
    expect(talk).toMatchObject({
      state: "scheduled",
      localDate: "2026-04-09",
      localTime: "10:00",
      plannedMinutes: 120,
      circulationDueAt: "2026-03-29T22:00:00.000Z",
      circulation: { code: "due", days: 29 },
      agenda: [{ title: "Genehmigung des Protokolls des letzten Gesprächs" }, expect.anything(), expect.anything(), expect.anything(), { title: "Nächster Termin" }],
      canEdit: true,
    });
    expect(talk.participants).toEqual([
      expect.objectContaining({ name: "Sabine Sozialamt", side: "funder", present: false }),
      expect.objectContaining({ name: "Anton Anbieter-A", side: "provider" }),
      { userId: null, email: "gustav.gast@extern.test", name: "Gustav Gast", side: "other", present: false },
    ]);
    // No earlier talk: any status line counts; no figures in the demo for Q1.
    expect(talk.missing).toEqual({
      quarter: "2026-Q1",
      unreportedMonths: ["2026-01", "2026-02", "2026-03"],
      measuresWithoutStatusLine: [{ id: "m-silent", title: "Personaleinsatz überprüfen" }],
    });

    // Circulated by hand, earlier than due; a second time is refused.
    const circulated = await call<TalkSummary>(PROVIDER_A, `/api/talks/${talk.id}/circulate`, { method: "POST" });
    expect(circulated.status).toBe(200);
    expect(circulated.body).toMatchObject({ state: "circulated", circulation: { code: "sent", days: 0 }, mails: { circulation: { error: null } } });
    expect((await call(PROVIDER_A, `/api/talks/${talk.id}/circulate`, { method: "POST" })).status).toBe(409);
    const mails = await call<{ mails: MailSummary[] }>(VIEWER_A, `/api/talks/mails?talkId=${talk.id}`);
    expect(mails.body.mails).toEqual([
      expect.objectContaining({
        kind: "circulation",
        transport: "outbox",
        recipients: ["sozialamt@demo.test", "anbieter-a@demo.test", "gustav.gast@extern.test"],
        attachments: [`BSC_Test_${circulated.body.versions.circulation}_Vorabversand.docx`, `BSC_Test_${circulated.body.versions.circulation}_Vorabversand.pdf`],
      }),
    ]);
    expect(mails.body.mails[0].body).toContain(`${TEST_PUBLIC_URL}/scorecards/${providerAScorecard}/versions/${circulated.body.versions.circulation}`);
    expect(mails.body.mails[0].outboxFile).toMatch(/^[^/]+\.eml$/);
    expect((await call<{ mails: MailSummary[] }>(PROVIDER_B, "/api/talks/mails")).body.mails.map((m) => m.talkId)).not.toContain(talk.id);
    expect((await call(PROVIDER_B, `/api/talks/mails?talkId=${talk.id}`)).status).toBe(404);

    // The meeting.
    expect((await call(FUNDER, `/api/talks/${talk.id}/approval`, { method: "POST", json: { decision: "approved" } })).status).toBe(409);
    const started = await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}/start`, { method: "POST" });
    expect(started.body).toMatchObject({ state: "running" });
    expect(started.body.versions.talk).toEqual(expect.any(Number));
    expect((await call(FUNDER, `/api/talks/${talk.id}/start`, { method: "POST" })).status).toBe(409);
    const amendedWithoutNote = await call(FUNDER, `/api/talks/${talk.id}/approval`, { method: "POST", json: { decision: "amended" } });
    expect(amendedWithoutNote).toMatchObject({ status: 400, body: { error: { message: "note: say what was amended" } } });
    // The scorecard's first talk: there are no earlier minutes to approve (talksLive.test.ts approves).
    expect(started.body.previousMinutes).toBeNull();
    const approved = await call<TalkSummary>(PROVIDER_A, `/api/talks/${talk.id}/approval`, { method: "POST", json: { decision: "amended", note: "Punkt 3 ergänzt" } });
    expect(approved).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/^Es gibt kein Protokoll eines früheren Gesprächs/) } } });
    const present = await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}/presence`, { method: "PUT", json: { email: "Gustav.Gast@extern.test", present: true } });
    expect(present.body.participants.find((p) => p.name === "Gustav Gast")?.present).toBe(true);
    expect((await call(FUNDER, `/api/talks/${talk.id}/presence`, { method: "PUT", json: { email: "niemand@x.test", present: true } })).status).toBe(404);
    expect((await call(FUNDER, `/api/talks/${talk.id}/agreements`, { method: "POST", json: { text: "", owner: "x" } })).body.error?.message).toBe("text: must not be empty");
    const agreed = await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}/agreements`, {
      method: "POST",
      json: { text: "Konzept Tagesstruktur vorlegen", owner: "Beispiel e.V.", dueDate: "2026-06-30" },
    });
    expect(agreed.status).toBe(201);
    const [agreement] = agreed.body.agreements;
    expect(agreement).toMatchObject({ text: "Konzept Tagesstruktur vorlegen", owner: "Beispiel e.V.", dueDate: "2026-06-30", measureId: null, createdBy: { name: "Sabine Sozialamt" } });
    const measure = await call<{ measureId: string; talk: TalkSummary }>(PROVIDER_A, `/api/talks/${talk.id}/agreements/${agreement.id}/measure`, { method: "POST" });
    expect(measure.status).toBe(201);
    expect(measure.body.talk.agreements[0].measureId).toBe(measure.body.measureId);
    expect((await call(PROVIDER_A, `/api/talks/${talk.id}/agreements/${agreement.id}/measure`, { method: "POST" })).status).toBe(409);
    expect((await call(PROVIDER_A, `/api/talks/${talk.id}/agreements/nope/measure`, { method: "POST" })).status).toBe(404);
    // Without a goal given: at the end of the scorecard's first goal, never at the document's end.
    const doc = await stack.collab.readDocument(providerAScorecard);
    const json = yDocToDocumentJson(doc);
    const placed = json.content!.findIndex((node) => node.attrs?.measureId === measure.body.measureId);
    expect(placed).toBeGreaterThan(0);
    expect(placed).toBe(goalSectionEnd(json, goalChoices(json)[0].index) - 1);
    expect(readMeasure(doc, measure.body.measureId)).toMatchObject({
      responsibleSide: "both",
      title: "Konzept Tagesstruktur vorlegen",
      responsiblePerson: "Beispiel e.V.",
      startDate: "2026-04-09",
      dueDate: "2026-06-30",
      statusLines: [{ talkDate: "2026-04-09", text: "Vereinbart im Steuerungsgespräch am 09.04.2026." }],
    });

    // Close: minutes version, minutes mail, the discussed quarter locked.
    const closed = await call<TalkSummary>(FUNDER, `/api/talks/${talk.id}/close`, { method: "POST" });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: "closed", missing: null, mails: { minutes: { error: null } } });
    expect(closed.body.versions.minutes).toEqual(expect.any(Number));
    const versions = await stack.db
      .selectFrom("versions")
      .select(["kind", "name"])
      .where("id", "in", [closed.body.versions.circulation!, closed.body.versions.talk!, closed.body.versions.minutes!])
      .orderBy("id")
      .execute();
    expect(versions).toEqual([
      { kind: "circulation", name: "Vorabversand 2026-03-01" },
      { kind: "talk", name: "Gesprächsbeginn 2026-03-01" },
      { kind: "minutes", name: "Protokoll 2026-04-09" },
    ]);
    const allMails = (await call<{ mails: MailSummary[] }>(FUNDER, `/api/talks/mails?talkId=${talk.id}`)).body.mails;
    expect(allMails.map((m) => [m.kind, m.subject])).toEqual([
      ["minutes", "Protokoll: Steuerungsgespräch Beispiel e.V. (Demo) am 09.04.2026"],
      ["circulation", "Vorabversand: Steuerungsgespräch Beispiel e.V. (Demo) am 09.04.2026"],
    ]);
    const providerAId = (await findUserByEmail(stack.db, PROVIDER_A))!.organisationId;
    expect(await findLock(stack.db, providerAId, "2026-Q1")).toMatchObject({ lockedBy: "Sabine Sozialamt", reason: "Steuerungsgespräch am 2026-04-09" });
    expect((await call(FUNDER, `/api/talks/${talk.id}/close`, { method: "POST" })).status).toBe(409);
    expect((await call(FUNDER, `/api/talks/${talk.id}`, { method: "PATCH", json: { place: "x" } })).status).toBe(409);
    expect((await call<TalkList>(VIEWER_A, "/api/talks")).body.recent.map((t) => t.id)).toContain(talk.id);

    // The scheduler finds nothing left to send: the minutes job sees the mail went out.
    await stack.scheduler.runDueNow();
    expect((await call<{ mails: MailSummary[] }>(FUNDER, `/api/talks/mails?talkId=${talk.id}`)).body.mails).toHaveLength(2);
  });

  it("reschedules, edits participants keeping presence, and cancels", async () => {
    const created = (await call<TalkSummary>(FUNDER, "/api/talks", { method: "POST", json: await newTalk({ startsAt: "2026-07-09T10:00" }) })).body;
    await call(FUNDER, `/api/talks/${created.id}/presence`, { method: "PUT", json: { email: "gustav.gast@extern.test", present: true } });
    const funder = (await findUserByEmail(stack.db, FUNDER))!;
    const participants = [{ email: "gustav.gast@extern.test", name: "Gustav Gast", side: "other" }, { userId: funder.id }];
    const regrouped = await call<TalkSummary>(FUNDER, `/api/talks/${created.id}`, { method: "PATCH", json: { participants } });
    expect(regrouped.body.participants.map((p) => [p.name, p.present])).toEqual([
      ["Gustav Gast", true],
      ["Sabine Sozialamt", false],
    ]);
    const edited = await call<TalkSummary>(PROVIDER_A, `/api/talks/${created.id}`, { method: "PATCH", json: { startsAt: "2026-07-16T09:30", place: "Rathaus, Raum 2", plannedMinutes: 90 } });
    expect(edited.body).toMatchObject({ localDate: "2026-07-16", localTime: "09:30", place: "Rathaus, Raum 2", plannedMinutes: 90, circulationDueAt: "2026-07-05T22:00:00.000Z" });
    expect((await call(PROVIDER_A, `/api/talks/${created.id}`, { method: "PATCH", json: {} })).body.error?.message).toBe("json: give at least one field to change");
    const cancelled = await call<TalkSummary>(FUNDER, `/api/talks/${created.id}/cancel`, { method: "POST" });
    expect(cancelled.body).toMatchObject({ state: "cancelled", circulation: { code: "skipped" } });
    expect((await call(FUNDER, `/api/talks/${created.id}/cancel`, { method: "POST" })).status).toBe(409);
    expect((await call(FUNDER, `/api/talks/${created.id}/circulate`, { method: "POST" })).status).toBe(409);
  });
});
