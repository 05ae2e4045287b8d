/**
 * The API contract the client relies on: the main read endpoints, called through a client of
 * exactly the type of `api` in client/lib/api.ts against the real app (in-memory database),
 * answer with exactly the fields the client's inferred response types promise.
 *
 * Each checked answer has a `Shape` typed from `InferResponseType` of the client's call, so a
 * field renamed, added or removed in a route's response breaks `npx tsc --noEmit` here (the
 * shape literal no longer fits), and the runtime check fails when the answer carries a field
 * the type does not know or lacks one it promises. An `as any` in a route fails the
 * `not.toBeAny()` checks.
 */
import { readFileSync } from "node:fs";
import { hc, type InferResponseType } from "hono/client";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import * as Y from "yjs";
import type { api } from "../../client/lib/api";
import type { AppType } from "../../server/app";
import { findUserByEmail } from "../../server/persistence/users";
import { createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { buildTestApp } from "../fixtures/testApp";

/** The typed client as the browser has it. */
type Client = typeof api;

/**
 * How the test checks each field of a response type: `"value"` only that it is there,
 * `"optional"` for a field the type lets be absent, or the shape of the object (or, in `[ ]`,
 * of each array element) inside. Typed from the response type, so it must name every field.
 */
type Shape<T> = { [K in keyof T]-?: undefined extends T[K] ? "optional" : FieldCheck<T[K]> };
type FieldCheck<V> = "value" | (NonNullable<V> extends readonly (infer E)[] ? (E extends object ? [Shape<E>] : never) : NonNullable<V> extends object ? Shape<NonNullable<V>> : never);
type Check = "value" | "optional" | [Check] | { [key: string]: Check };

/**
 * Lists where a value departs from a shape: keys the type does not know, keys it promises
 * but the answer lacks; null is accepted wherever an object is described (nullable fields).
 */
function shapeProblems(value: unknown, check: Check, path = "answer"): string[] {
  if (check === "value" || check === "optional" || value === null) return [];
  if (Array.isArray(check)) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((element, index) => shapeProblems(element, check[0], `${path}[${index}]`));
  }
  if (typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object`];
  const record = value as Record<string, unknown>;
  const problems = Object.keys(record)
    .filter((key) => !(key in check))
    .map((key) => `${path}.${key}: not in the client's type`);
  for (const [key, inner] of Object.entries(check)) {
    if (!(key in record)) {
      if (inner !== "optional") problems.push(`${path}.${key}: missing`);
    } else {
      problems.push(...shapeProblems(record[key], inner, `${path}.${key}`));
    }
  }
  return problems;
}

/**
 * Reads a 200 answer and checks it against its shape.
 * @param answer - a call of the typed client
 * @param check - the shape, typed from the same call's response type
 */
async function expectShape<T>(answer: Promise<{ status: number; json(): Promise<T> }>, check: Shape<T> | [Shape<T extends readonly (infer E)[] ? E : never>]): Promise<T> {
  const response = await answer;
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(shapeProblems(body, check as Check)).toEqual([]);
  return body;
}

const read = (name: string) => readFileSync(new URL(`../fixtures/kpi-example/${name}`, import.meta.url), "utf8");

let app: Awaited<ReturnType<typeof buildTestApp>>;
/** Provider A's editor, the funder's editor, and a browser without session. */
let provider: Client;
let funder: Client;
let nobody: Client;
let scorecardId: string;
let providerId: string;
let versionId: number;
let talkId: string;

function clientFor(cookie: string | null): Client {
  const headers: Record<string, string> = { host: "localhost", origin: "http://localhost" };
  if (cookie) headers.cookie = cookie;
  return hc<AppType>("http://localhost/api", { fetch: app.app.request, headers });
}

/** One of each thing the checked lists hold, made through the typed client, so no list is empty. */
beforeAll(async () => {
  app = await buildTestApp();
  provider = clientFor(await app.loginAs("anbieter-a@demo.test"));
  funder = clientFor(await app.loginAs("sozialamt@demo.test"));
  nobody = clientFor(null);
  const scorecards = await (await provider.scorecards.$get()).json();
  scorecardId = scorecards.find((scorecard) => scorecard.provider?.startsWith("Beispiel"))!.id;
  const providers = await (await provider.providers.$get()).json();
  providerId = providers[0].id;

  await app.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, "m-contract", { title: "Vertrag prüfen" });
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", "m-contract");
    doc.getXmlFragment(DOCUMENT_FIELD).push([node]);
  });
  const id = scorecardId;
  const created = await Promise.all([
    provider.scorecards[":id"].comments.$post({ param: { id }, json: { anchor: { kind: "measure", measureId: "m-contract" }, text: "Wie weit?" } }),
    provider.scorecards[":id"].topics.$post({ param: { id }, json: { title: "Vertrag" } }),
    provider.scorecards[":id"].versions.$post({ param: { id }, json: { name: "Vor dem Gespräch" } }),
  ]);
  for (const response of created) expect(response.status).toBe(201);
  versionId = (await created[2].json()).id;

  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const participants = [{ userId: (await findUserByEmail(app.db, "sozialamt@demo.test"))!.id }, { userId: (await findUserByEmail(app.db, "anbieter-a@demo.test"))!.id }];
  const talk = await provider.talks.$post({ json: { scorecardId, startsAt: `${day}T10:00`, place: "Haus A", participants } });
  expect(talk.status).toBe(201);
  talkId = (await talk.json()).id;

  const agreement = await funder.providers[":providerId"].agreements[":year"].$put({
    param: { providerId, year: "2025" },
    json: { reason: "Vereinbarung 2025", agreementText: read("agreement-2025.json"), fileName: "agreement-2025.json" },
  });
  expect(agreement.status).toBe(200);
  const form = new FormData();
  form.append("file", new File([read("figures-2025.csv")], "figures-2025.csv", { type: "text/csv" }));
  form.append("subject", "figures");
  // As controllingApi.ts sends it: the route types the answer, not the multipart body.
  expect((await provider.providers[":providerId"].figures.upload.$post({ param: { providerId } }, { init: { body: form } })).status).toBe(200);
  expect((await funder.providers[":providerId"].locks.$post({ param: { providerId }, json: { quarter: "2025-Q1", reason: "Gespräch" } })).status).toBe(201);
});

const person = { id: "value", name: "value" } as const;

describe("the session answers", () => {
  type Me = InferResponseType<Client["me"]["$get"]>;
  type Session = InferResponseType<Client["session"]["$get"]>;
  const me: Shape<Me> = {
    id: "value",
    email: "value",
    name: "value",
    role: "value",
    isAdmin: "value",
    colour: "value",
    organisation: { id: "value", name: "value", kind: "value" },
    mustChangePassword: "optional",
  };

  it("GET /me, GET /session and GET /me/notifications have the fields the client's types promise", async () => {
    expectTypeOf<Me>().not.toBeAny();
    expectTypeOf<Session>().not.toBeAny();
    await expectShape(provider.me.$get(), me);
    await expectShape(provider.session.$get(), { me });
    expect(await expectShape(nobody.session.$get(), { me })).toEqual({ me: null });
    type Notifications = InferResponseType<Client["me"]["notifications"]["$get"]>;
    expectTypeOf<Notifications>().not.toBeAny();
    await expectShape<Notifications>(provider.me.notifications.$get(), { questionMails: "value", reminderMails: "value" });
  });
});

describe("the scorecard answers", () => {
  it("GET /scorecards and GET /scorecards/:id/measures have the fields the client's types promise", async () => {
    type List = InferResponseType<Client["scorecards"]["$get"]>;
    type Measures = InferResponseType<Client["scorecards"][":id"]["measures"]["$get"]>;
    expectTypeOf<List>().not.toBeAny();
    expectTypeOf<Measures>().not.toBeAny();
    await expectShape<List>(provider.scorecards.$get(), [{ id: "value", title: "value", provider: "value", access: "value" }]);
    const measures = await expectShape<Measures>(provider.scorecards[":id"].measures.$get({ param: { id: scorecardId } }), {
      measures: [
        {
          id: "value",
          title: "value",
          description: "value",
          responsibleSide: "value",
          responsiblePerson: "value",
          startDate: "value",
          dueDate: "value",
          status: "value",
          trafficLight: "value",
          horizon: "value",
          linkedKpis: "value",
          statusLines: "value",
          settlement: "optional",
          perspective: "value",
          goal: "value",
          warnings: "value",
          overdue: "value",
        },
      ],
      kpiBlocks: "value",
    });
    expect(measures.measures.length).toBeGreaterThan(0);
  });

  it("GET …/comments, …/topics and …/versions have the fields the client's types promise", async () => {
    const param = { param: { id: scorecardId } };
    type Comments = InferResponseType<Client["scorecards"][":id"]["comments"]["$get"]>;
    type Topics = InferResponseType<Client["scorecards"][":id"]["topics"]["$get"]>;
    type Versions = InferResponseType<Client["scorecards"][":id"]["versions"]["$get"]>;
    type Version = InferResponseType<Client["scorecards"][":id"]["versions"][":versionId"]["$get"]>;
    expectTypeOf<Comments>().not.toBeAny();
    expectTypeOf<Topics>().not.toBeAny();
    expectTypeOf<Versions>().not.toBeAny();
    expectTypeOf<Version>().not.toBeAny();

    const comments = await expectShape<Comments>(provider.scorecards[":id"].comments.$get(param), {
      threads: [
        {
          id: "value",
          anchor: "value",
          createdBy: "value",
          authorName: "value",
          createdAt: "value",
          text: "value",
          resolved: "value",
          resolvedBy: "value",
          resolvedByName: "value",
          resolvedAt: "value",
          replies: "value",
        },
      ],
    });
    expect(comments.threads.length).toBeGreaterThan(0);

    const topics = await expectShape<Topics>(provider.scorecards[":id"].topics.$get(param), {
      topics: [
        {
          id: "value",
          scorecardId: "value",
          title: "value",
          note: "value",
          raisedBy: person,
          raisedAt: "value",
          status: "value",
          plannedTalk: "value",
          promoted: "value",
          revision: "value",
          updatedAt: "value",
          history: [{ id: "value", kind: "value", talk: "value", status: "value", detail: "value", by: person, at: "value" }],
        },
      ],
      talks: [{ id: "value", localDate: "value", localTime: "value", state: "value" }],
      openCount: "value",
      canEdit: "value",
      revision: "value",
    });
    expect(topics.topics.length).toBeGreaterThan(0);

    const summary = {
      id: "value",
      number: "value",
      kind: "value",
      name: "value",
      createdBy: { id: "value", name: "value", colour: "value" },
      createdAt: "value",
      authors: "value",
      upToSeq: "value",
      hash: "value",
    } as const;
    const versions = await expectShape<Versions>(provider.scorecards[":id"].versions.$get(param), { versions: [summary], canEdit: "value" });
    expect(versions.versions.length).toBeGreaterThan(0);
    await expectShape<Version>(provider.scorecards[":id"].versions[":versionId"].$get({ param: { id: scorecardId, versionId: String(versionId) } }), {
      ...summary,
      state: "value",
      kpis: { scope: "value", name: "value", periods: "value", computedAt: "value" },
    });
  });
});

describe("the talk answers", () => {
  type List = InferResponseType<Client["talks"]["$get"]>;
  type Talk = InferResponseType<Client["talks"][":id"]["$get"]>;
  type Mails = InferResponseType<Client["talks"]["mails"]["$get"]>;
  const talk: Shape<Talk> = {
    id: "value",
    kind: "value",
    body: "value",
    series: "value",
    scorecard: { id: "value", title: "value", providerId: "value", providerName: "value" },
    startsAt: "value",
    localDate: "value",
    localTime: "value",
    plannedMinutes: "value",
    place: "value",
    agenda: "value",
    state: "value",
    circulationDueAt: "value",
    circulation: "value",
    participants: [{ userId: "value", email: "value", name: "value", side: "value", present: "value" }],
    missing: { quarter: "value", unreportedMonths: "value", measuresWithoutStatusLine: [{ id: "value", title: "value" }] },
    reportLeadDays: "value",
    reporting: "value",
    versions: { circulation: "value", talk: "value", minutes: "value" },
    approval: "value",
    agreements: "value",
    mails: { circulation: "value", minutes: "value" },
    startedAt: "value",
    closedAt: "value",
    canEdit: "value",
    quarterLock: "value",
    revision: "value",
    currentAgendaItem: "value",
    previousMinutes: "value",
  };

  it("GET /talks, GET /talks/:id and GET /talks/mails have the fields the client's types promise", async () => {
    expectTypeOf<List>().not.toBeAny();
    expectTypeOf<Talk>().not.toBeAny();
    expectTypeOf<Mails>().not.toBeAny();
    const list = await expectShape<List>(provider.talks.$get(), { upcoming: [talk], recent: [talk] });
    expect(list.upcoming.map((each) => each.id)).toContain(talkId);
    await expectShape<Talk>(provider.talks[":id"].$get({ param: { id: talkId } }), talk);
    await expectShape<Mails>(provider.talks.mails.$get({ query: {} }), { mails: "value" });
  });
});

describe("the controlling answers", () => {
  it("GET /providers, agreements, figures, submissions, locks and KPIs have the fields the client's types promise", async () => {
    const provider_ = provider.providers[":providerId"];
    const param = { param: { providerId } };
    type Providers = InferResponseType<Client["providers"]["$get"]>;
    type Agreements = InferResponseType<typeof provider_.agreements.$get>;
    type Figures = InferResponseType<typeof provider_.figures.$get>;
    type Submissions = InferResponseType<typeof provider_.figures.history.$get>;
    type Locks = InferResponseType<typeof provider_.locks.$get>;
    type Kpis = InferResponseType<typeof provider_.kpis.$get>;
    type Settlements = InferResponseType<typeof provider_.settlements.$get>;
    expectTypeOf<Providers>().not.toBeAny();
    expectTypeOf<Agreements>().not.toBeAny();
    expectTypeOf<Figures>().not.toBeAny();
    expectTypeOf<Submissions>().not.toBeAny();
    expectTypeOf<Locks>().not.toBeAny();
    expectTypeOf<Kpis>().not.toBeAny();
    expectTypeOf<Settlements>().not.toBeAny();

    await expectShape<Providers>(provider.providers.$get(), [{ id: "value", name: "value" }]);
    await expectShape<Agreements>(provider_.agreements.$get(param), [{ year: "value", version: "value", agreement: "value", createdAt: "value", createdBy: "value", reason: "value" }]);
    const figures = await expectShape<Figures>(provider_.figures.$get({ ...param, query: { year: "2025" } }), {
      year: "value",
      rows: [
        { month: "value", serviceOffer: "value", needGroup: "value", funderKind: "value", socialSpace: "value", priorNeedGroup: "value", cases: "value", occupancyDays: "value", line: "optional" },
      ],
      staff: [{ month: "value", staffFte: "value", line: "optional" }],
      months: [{ month: "value", reported: "value", staffReported: "value", locked: "value" }],
    });
    expect(figures.rows.length).toBeGreaterThan(0);
    await expectShape<Submissions>(provider_.figures.history.$get(param), [
      { id: "value", kind: "value", subject: "value", months: "value", createdAt: "value", createdBy: "value", reason: "value", fileName: "value" },
    ]);
    await expectShape<Locks>(provider_.locks.$get(param), [{ quarter: "value", lockedAt: "value", lockedBy: "value", reason: "value" }]);
    await expectShape<Kpis>(provider_.kpis.$get({ ...param, query: { period: "2025-Q2" } }), { providerId: "value", provider: "value", result: "value" });
    // No decision exists yet, so the list is only checked to be one.
    expect(await (await provider_.settlements.$get(param)).json()).toEqual([]);
  });
});

describe("the overview and search answers", () => {
  it("GET /overview/measures, GET /overview/scorecards and GET /search have the fields the client's types promise", async () => {
    type Measures = InferResponseType<Client["overview"]["measures"]["$get"]>;
    type Scorecards = InferResponseType<Client["overview"]["scorecards"]["$get"]>;
    type Search = InferResponseType<Client["search"]["$get"]>;
    expectTypeOf<Measures>().not.toBeAny();
    expectTypeOf<Scorecards>().not.toBeAny();
    expectTypeOf<Search>().not.toBeAny();
    // The overview of every provider's measures is the funder's.
    const overview = await expectShape<Measures>(funder.overview.measures.$get({ query: {} }), {
      today: "value",
      providers: [{ id: "value", name: "value" }],
      measures: [
        {
          scorecardId: "value",
          scorecardTitle: "value",
          providerId: "value",
          providerName: "value",
          measureId: "value",
          title: "value",
          perspective: "value",
          goal: "value",
          status: "value",
          trafficLight: "value",
          responsibleSide: "value",
          responsiblePerson: "value",
          dueDate: "value",
          lastStatus: "value",
          overdue: "value",
        },
      ],
      total: "value",
    });
    expect(overview.measures.length).toBeGreaterThan(0);
    await expectShape<Scorecards>(provider.overview.scorecards.$get(), {
      scorecards: [{ scorecardId: "value", nextTalk: "value", openQuestions: "value", unansweredRedKpis: "value" }],
    });
    const search = await expectShape<Search>(provider.search.$get({ query: { q: "Vertrag" } }), { query: "value", hits: "value", total: "value", scorecards: "value", tookMs: "value" });
    expect(search.total).toBeGreaterThan(0);
  });
});
