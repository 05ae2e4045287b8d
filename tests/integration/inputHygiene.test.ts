/**
 * Input hygiene over the HTTP API (issue 15): names, titles and places with control or
 * bidi override characters are refused with a German 400 and nothing is stored; dates
 * outside 1990–2100 are refused for talks and agreements and warned about for measures;
 * the audit CSV writes such characters visibly; and the Origin check compares the scheme,
 * for HTTP requests and the collaboration WebSocket.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import Papa from "papaparse";
import { createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { findUserByEmail } from "../../server/persistence/users";
import { listScorecards } from "../../server/persistence/scorecards";
import { buildTestApp } from "../fixtures/testApp";
import { login, startTestServer, type TestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";

const NUL = "\u0000";
const RLO = "\u202E";
const FUNDER = "sozialamt@demo.test";
const ADMIN = "admin@demo.test";
const PROVIDER_A = "anbieter-a@demo.test";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let funder: string;
let admin: string;
let scorecardA: string;

beforeAll(async () => {
  t = await buildTestApp();
  funder = await t.loginAs(FUNDER);
  admin = await t.loginAs(ADMIN);
  scorecardA = (await listScorecards(t.db)).find((s) => s.providerName?.startsWith("Beispiel"))!.id;
});

async function send(method: string, path: string, cookie: string, json: unknown, headers: Record<string, string> = {}) {
  const response = await t.request(path, { method, headers: { cookie, ...headers }, json });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

async function talkBody(overrides: Record<string, unknown> = {}) {
  return {
    scorecardId: scorecardA,
    startsAt: "2099-06-01T10:00",
    place: "Beispiel e.V., Haus A",
    participants: [{ userId: (await findUserByEmail(t.db, FUNDER))!.id }, { userId: (await findUserByEmail(t.db, PROVIDER_A))!.id }],
    ...overrides,
  };
}

async function talkCount(): Promise<number> {
  const { n } = await t.db
    .selectFrom("talks")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function versionCount(): Promise<number> {
  const { n } = await t.db
    .selectFrom("versions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

describe("control and bidi override characters in names, titles and places", () => {
  it("refuses a scorecard titled with a NUL or a right-to-left override with a German 400, and stores nothing", async () => {
    const before = (await listScorecards(t.db)).length;
    for (const title of [`BSC${NUL}2027`, `BSC 2027 ${RLO}fdp.exe`, `BSC\n2027`]) {
      const answer = await send("POST", "/api/scorecards", funder, { title, providerId: null, template: "empty" });
      expect(answer.status, JSON.stringify(title)).toBe(400);
      expect(answer.body.error).toEqual({ code: "bad_request", message: "title: Titel: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)" });
    }
    expect((await listScorecards(t.db)).length).toBe(before);
    expect((await send("POST", "/api/scorecards", funder, { title: "BSC 2027 – „Test“", providerId: null, template: "empty" })).status).toBe(201);
  });

  it("refuses a user whose display name carries an override, and stores nothing", async () => {
    const organisationId = (await findUserByEmail(t.db, PROVIDER_A))!.organisationId;
    const answer = await send("POST", "/api/admin/users", admin, { email: "rlo@demo.test", name: `Anna ${RLO}nnA`, password: "0123456789ab", organisationId, role: "editor" });
    expect(answer.status).toBe(400);
    expect(answer.body.error!.message).toBe("name: Name: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(await findUserByEmail(t.db, "rlo@demo.test")).toBeUndefined();
  });

  it("refuses a version name with a NUL and a delete reason with an isolate", async () => {
    const versions = await versionCount();
    const named = await send("POST", `/api/scorecards/${scorecardA}/versions`, funder, { name: `Stand${NUL}` });
    expect(named.status).toBe(400);
    expect(named.body.error!.message).toBe("name: Name der Version: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(await versionCount()).toBe(versions);
    const deleted = await send("DELETE", `/api/scorecards/${scorecardA}`, admin, { reason: `Test\u2066` });
    expect(deleted.status).toBe(400);
    expect(deleted.body.error!.message).toBe("reason: Begründung: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect((await listScorecards(t.db)).some((s) => s.id === scorecardA)).toBe(true);
  });

  it("refuses a talk whose place or agenda item carries a control character, and stores nothing", async () => {
    const before = await talkCount();
    const place = await send("POST", "/api/talks", funder, await talkBody({ place: `Haus${NUL}A` }));
    expect(place.status).toBe(400);
    expect(place.body.error!.message).toBe("place: Ort: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    const agenda = await send("POST", "/api/talks", funder, await talkBody({ agenda: [{ title: `Punkt ${RLO}1` }] }));
    expect(agenda.status).toBe(400);
    expect(agenda.body.error!.message).toBe("agenda.0.title: Tagesordnungspunkt: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(await talkCount()).toBe(before);
  });
});

describe("implausible dates", () => {
  it("refuses a talk at 0000-01-01 or 9999-12-31 with a German 400, and stores nothing", async () => {
    const before = await talkCount();
    for (const startsAt of ["0000-01-01T10:00", "9999-12-31T10:00"]) {
      const answer = await send("POST", "/api/talks", funder, await talkBody({ startsAt }));
      expect(answer.status, startsAt).toBe(400);
      expect(answer.body.error!.message).toBe("startsAt: Termin: muss zwischen 01.01.1990 und 31.12.2100 liegen");
    }
    expect(await talkCount()).toBe(before);
  });

  it("refuses moving a talk to 9999 and an agreement due 0000-01-01", async () => {
    const created = await send("POST", "/api/talks", funder, await talkBody());
    expect(created.status).toBe(201);
    const talkId = created.body.id as string;
    const moved = await send("PATCH", `/api/talks/${talkId}`, funder, { startsAt: "9999-12-31T10:00" });
    expect(moved.status).toBe(400);
    expect(moved.body.error!.message).toBe("startsAt: Termin: muss zwischen 01.01.1990 und 31.12.2100 liegen");
    const agreement = await send("POST", `/api/talks/${talkId}/agreements`, funder, { text: "Bericht vorlegen", owner: "Träger", dueDate: "0000-01-01" });
    expect(agreement.status).toBe(400);
    expect(agreement.body.error!.message).toBe("dueDate: Fälligkeitsdatum: muss zwischen 01.01.1990 und 31.12.2100 liegen");
    const { n: agreements } = await t.db
      .selectFrom("talk_agreements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("talk_id", "=", talkId)
      .executeTakeFirstOrThrow();
    expect(Number(agreements)).toBe(0);
  });
});

describe("what the shared document holds", () => {
  beforeAll(async () => {
    const userId = (await findUserByEmail(t.db, PROVIDER_A))!.id;
    await t.collab.change(scorecardA, userId, (doc: Y.Doc) => {
      createMeasure(doc, "m-hygiene", { title: `Treff${RLO}nessel${NUL}`, responsiblePerson: "Anna", startDate: "0000-01-01", dueDate: "9999-12-31" });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-hygiene");
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      fragment.insert(fragment.length, [node]);
    });
  });

  it("warns about measure dates outside 1990–2100 where the server reads the measures", async () => {
    const response = await t.request(`/api/scorecards/${scorecardA}/measures`, { headers: { cookie: funder } });
    const { measures } = (await response.json()) as { measures: { id: string; warnings: string[] }[] };
    expect(measures.find((m) => m.id === "m-hygiene")!.warnings).toEqual(["startDateOutOfRange", "dueDateOutOfRange"]);
  });

  it("writes a measure title's override and NUL visibly in the audit CSV", async () => {
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(new Date());
    const response = await t.request(`/api/scorecards/${scorecardA}/audit.csv?from=2000-01-01&to=${today}`, { headers: { cookie: funder } });
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).not.toMatch(/[\u0000\u202A-\u202E\u2066-\u2069]/u);
    const rows = Papa.parse<string[]>(csv.replace(/^\ufeff/, ""), { delimiter: ";" }).data;
    expect(rows.some((row) => row[4]?.includes("Maßnahme „Treff[U+202E]nessel[U+0000]“"))).toBe(true);
  });
});

describe("the Origin check compares the scheme", () => {
  it("refuses a POST from http://host when the request came by https (X-Forwarded-Proto), and accepts https://host", async () => {
    const body = { title: "Origin", providerId: null, template: "empty" };
    const before = (await listScorecards(t.db)).length;
    const downgraded = await send("POST", "/api/scorecards", funder, body, { origin: "http://localhost", "x-forwarded-proto": "https" });
    expect(downgraded.status).toBe(403);
    expect((await listScorecards(t.db)).length).toBe(before);
    expect((await send("POST", "/api/scorecards", funder, body, { origin: "https://localhost", "x-forwarded-proto": "https" })).status).toBe(201);
    expect((await send("POST", "/api/scorecards", funder, body, { origin: "https://localhost" })).status).toBe(403);
    expect((await send("POST", "/api/scorecards", funder, body, { origin: "http://localhost:80" })).status).toBe(201);
  });

  describe("on the collaboration WebSocket", () => {
    let server: TestServer;
    let cookie: string;
    let scorecardId: string;

    beforeAll(async () => {
      server = await startTestServer();
      cookie = await login(server.url, FUNDER);
      const list = (await (await fetch(`${server.url}/api/scorecards`, { headers: { cookie } })).json()) as { id: string }[];
      scorecardId = list[0].id;
    });
    afterAll(async () => server.stop());

    it("refuses the upgrade from http://host behind an https proxy, and accepts https://host", async () => {
      const url = `${server.url.replace("http", "ws")}/collab/${scorecardId}`;
      const host = new URL(server.url).host;
      const refused = await rawConnect(url, { cookie, origin: `http://${host}`, "x-forwarded-proto": "https" });
      expect(refused.status).toBe(403);
      const accepted = await rawConnect(url, { cookie, origin: `https://${host}`, "x-forwarded-proto": "https" });
      expect(accepted.status).toBeUndefined();
      accepted.socket!.close();
      const plain = await rawConnect(url, { cookie, origin: `http://${host}` });
      expect(plain.status).toBeUndefined();
      plain.socket!.close();
    });
  });
});
