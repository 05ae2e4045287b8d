/**
 * The views across scorecards over the API on a real server: the funder's measure overview
 * (providers are refused; filters by provider, traffic light, status, owner and due date)
 * and the scorecard list's information (next talk with its circulation, open questions,
 * unanswered red KPIs from the real KPI values), never telling a provider about another
 * provider's scorecard.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { MeasureOverviewAnswer, ScorecardListInfoAnswer } from "../../shared/domain/overview";
import { createMeasure, setMeasureField, type MeasureFields } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { createOrganisation } from "../../server/persistence/organisations";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");

let server: TestServer;
let funder: string;
let providerA: string;
let providerB: string;
let cards: { A: string; B: string; conference: string };
let providerIds: { A: string; B: string };
/** A provider of the test's own, with two scorecards, so whatever the demo holds does not matter. */
let own: { providerId: string; busy: string; quiet: string };

/** The ids of the measures this test adds; the demo may hold others. */
const OWN_MEASURES = new Set(["m-late", "m-soon", "m-b", "m-conf"]);

async function addMeasure(scorecardId: string, id: string, fields: Partial<MeasureFields>): Promise<void> {
  await server.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, id, fields);
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", id);
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    fragment.insert(fragment.length, [node]);
  });
}

/** A day from today as YYYY-MM-DD (UTC is close enough for dates weeks away). */
function dayIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function get<T>(path: string, cookie: string | null): Promise<{ status: number; body: T; raw: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw) as T, raw };
}

async function send(method: string, path: string, cookie: string, json: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method, headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(json) });
}

async function newScorecard(title: string, providerId: string): Promise<string> {
  const response = await send("POST", "/api/scorecards", funder, { title, providerId, template: "empty" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  server = await startTestServer();
  [funder, providerA, providerB] = await Promise.all(["sozialamt@demo.test", "anbieter-a@demo.test", "anbieter-b@demo.test"].map((email) => login(server.url, email)));
  const all = await scorecardsOf(server.url, funder);
  const a = all.find((s) => s.provider?.startsWith("Beispiel"))!;
  const b = all.find((s) => s.provider?.startsWith("Weser"))!;
  cards = { A: a.id, B: b.id, conference: all.find((s) => s.provider === null)!.id };
  const providers = (await get<{ id: string; name: string }[]>("/api/providers", funder)).body;
  providerIds = { A: providers.find((p) => p.name === a.provider)!.id, B: providers.find((p) => p.name === b.provider)!.id };
  const providerId = (await createOrganisation(server.db, "Prüfverbund (Test)", "provider")).id;
  own = { providerId, busy: await newScorecard("BSC Prüfverbund", providerId), quiet: await newScorecard("BSC Prüfverbund, ruhig", providerId) };
  await addMeasure(cards.A, "m-late", { title: "Beteiligungsrat einrichten", trafficLight: "red", status: "in_progress", dueDate: "2020-01-31", responsiblePerson: "Frau Weber-Testfall" });
  await addMeasure(cards.A, "m-soon", { title: "Quartierstreff öffnen", trafficLight: "green", status: "in_progress", dueDate: dayIn(10), responsibleSide: "funder" });
  await addMeasure(cards.B, "m-b", { title: "Fachkräfte gewinnen", trafficLight: "red", status: "planned", dueDate: dayIn(90) });
  await addMeasure(cards.conference, "m-conf", { title: "Gemeinsame Fortbildung", trafficLight: "amber", status: "postponed" });
});
afterAll(async () => server.stop());

const titles = (answer: MeasureOverviewAnswer) => answer.measures.filter((measure) => OWN_MEASURES.has(measure.measureId)).map((measure) => measure.title);

describe("the funder's measure overview", () => {
  it("is refused to providers and to anonymous callers", async () => {
    const refused = await get<{ error: { message: string } }>("/api/overview/measures", providerA);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("Leistungsträger");
    expect(refused.raw).not.toContain("Fachkräfte");
    expect((await get("/api/overview/measures", providerB)).status).toBe(403);
    expect((await get("/api/overview/measures", null)).status).toBe(401);
  });

  it("lists every measure of every provider and of the conference, with place, owner, due date and overdue", async () => {
    const { status, body } = await get<MeasureOverviewAnswer>("/api/overview/measures", funder);
    expect(status).toBe(200);
    expect(titles(body)).toEqual(["Gemeinsame Fortbildung", "Beteiligungsrat einrichten", "Quartierstreff öffnen", "Fachkräfte gewinnen"]);
    expect(body.total).toBe(body.measures.length);
    expect(body.providers.map((p) => p.id)).toEqual(expect.arrayContaining([providerIds.A, providerIds.B, own.providerId]));
    expect(body.measures[1]).toMatchObject({ scorecardId: cards.A, measureId: "m-late", providerId: providerIds.A, overdue: true, responsiblePerson: "Frau Weber-Testfall" });
  });

  it("filters by provider, traffic light, status, owner and due date, alone and together", async () => {
    const filtered = async (query: string) => titles((await get<MeasureOverviewAnswer>(`/api/overview/measures?${query}`, funder)).body);
    expect(await filtered(`provider=${providerIds.A}`)).toEqual(["Beteiligungsrat einrichten", "Quartierstreff öffnen"]);
    expect(await filtered("provider=conference")).toEqual(["Gemeinsame Fortbildung"]);
    expect(await filtered("light=red")).toEqual(["Beteiligungsrat einrichten", "Fachkräfte gewinnen"]);
    expect(await filtered(`light=red&provider=${providerIds.B}`)).toEqual(["Fachkräfte gewinnen"]);
    expect(await filtered("status=planned")).toEqual(["Fachkräfte gewinnen"]);
    expect(await filtered("owner=weber-testfall")).toEqual(["Beteiligungsrat einrichten"]);
    expect(await filtered("owner=Leistungstr%C3%A4ger")).toContain("Quartierstreff öffnen");
    expect(await filtered("owner=Leistungstr%C3%A4ger")).not.toContain("Beteiligungsrat einrichten");
    expect(await filtered("due=overdue")).toEqual(["Beteiligungsrat einrichten"]);
    expect(await filtered("due=next30")).toEqual(["Beteiligungsrat einrichten", "Quartierstreff öffnen"]);
    const bad = await get<{ error: { message: string } }>("/api/overview/measures?light=blau", funder);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^light: /);
  });

  it("follows live changes of the documents", async () => {
    await server.collab.change(cards.B, null, (doc) => setMeasureField(doc, "m-b", "trafficLight", "green"));
    expect(titles((await get<MeasureOverviewAnswer>("/api/overview/measures?light=red", funder)).body)).toEqual(["Beteiligungsrat einrichten"]);
  });
});

describe("what the scorecard list shows", () => {
  it("shows the next talk with its circulation date and state, and the open questions", async () => {
    const talkDay = dayIn(30);
    const talk = await send("POST", "/api/talks", funder, {
      scorecardId: own.busy,
      startsAt: `${talkDay}T10:00`,
      place: "Prüfverbund, Haus 1",
      participants: [{ email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
    });
    expect(talk.status).toBe(201);
    const talkId = ((await talk.json()) as { id: string }).id;
    await addMeasure(own.busy, "m-own", { title: "Eigene Maßnahme", status: "in_progress" });
    for (const text of ["Erste Frage?", "Zweite Frage?"]) {
      expect((await send("POST", `/api/scorecards/${own.busy}/comments`, funder, { anchor: { kind: "measure", measureId: "m-own" }, text })).status).toBe(201);
    }
    const threads = (await get<{ threads: { id: string }[] }>(`/api/scorecards/${own.busy}/comments`, funder)).body.threads;
    expect((await send("POST", `/api/scorecards/${own.busy}/comments/${threads[0].id}/resolve`, funder, { resolved: true })).status).toBe(200);

    const { body } = await get<ScorecardListInfoAnswer>("/api/overview/scorecards", funder);
    expect(body.scorecards.map((entry) => entry.scorecardId)).toEqual((await scorecardsOf(server.url, funder)).map((s) => s.id));
    const a = body.scorecards.find((entry) => entry.scorecardId === own.busy)!;
    expect(a.nextTalk).toMatchObject({ id: talkId, localDate: talkDay, localTime: "10:00", state: "scheduled", circulation: { code: "due" } });
    expect(a.nextTalk!.circulation.days).toBeGreaterThanOrEqual(19);
    expect(a.nextTalk!.circulation.days).toBeLessThanOrEqual(21);
    expect(a.openQuestions).toBe(1);
    expect(body.scorecards.find((entry) => entry.scorecardId === own.quiet)).toEqual({ scorecardId: own.quiet, nextTalk: null, openQuestions: 0, unansweredRedKpis: 0 });
  });

  it("counts red KPIs that no open measure and no explanation answers, from the real KPI values", async () => {
    // Tight corridors make the example's Q2 deviations (-2.7 % occupancy, -2.0 % value) red.
    const agreement = { ...JSON.parse(readFileSync(`${example}/agreement-2025.json`, "utf8")), greenPct: 1, amberPct: 1.5 };
    const saved = await send("PUT", `/api/providers/${own.providerId}/agreements/2025`, funder, { reason: "Enger Korridor", agreementText: JSON.stringify(agreement), fileName: "a.json" });
    expect(saved.status).toBe(200);
    const form = new FormData();
    form.set("subject", "figures");
    form.set("file", new File([readFileSync(`${example}/figures-2025.csv`)], "figures-2025.csv"));
    expect((await fetch(`${server.url}/api/providers/${own.providerId}/figures/upload`, { method: "POST", headers: { cookie: funder }, body: form })).status).toBe(200);
    await server.collab.change(own.busy, null, (doc) => {
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      for (const kpi of ["occupancyDeviationPct", "valueDeviationPct"]) {
        const block = new Y.XmlElement("kpiBlock");
        block.setAttribute("kpi", kpi);
        block.setAttribute("period", "2025-Q2");
        fragment.insert(fragment.length, [block]);
      }
    });
    const redOf = async (cookie: string) => (await get<ScorecardListInfoAnswer>("/api/overview/scorecards", cookie)).body.scorecards.find((entry) => entry.scorecardId === own.busy)?.unansweredRedKpis;
    expect(await redOf(funder)).toBe(2);
    // Another provider's scorecard: not in its list at all.
    expect(await redOf(providerA)).toBeUndefined();

    // An open measure linked to one of them answers it.
    await server.collab.change(own.busy, null, (doc) => setMeasureField(doc, "m-own", "linkedKpis", ["valueDeviationPct"]));
    expect(await redOf(funder)).toBe(1);
  });

  it("tells a provider only about its own and the conference's scorecard", async () => {
    const { raw, body } = await get<ScorecardListInfoAnswer>("/api/overview/scorecards", providerB);
    expect(body.scorecards.map((entry) => entry.scorecardId).sort()).toEqual([cards.B, cards.conference].sort());
    expect(raw).not.toContain(cards.A);
    expect(raw).not.toContain(own.busy);
    expect((await get("/api/overview/scorecards", null)).status).toBe(401);
  });
});
