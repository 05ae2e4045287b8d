/**
 * One live room ([SYNC25]): a real server, meeting actions over the API, and the talk's
 * scorecard open on raw collaboration sockets as the browsers would have it. Every action
 * reaches the other connections at once as `talkChanged`, two people acting at once end in
 * the same state, a contradicting approval is refused naming the recorded one, the first
 * talk asks no approval, agreements become measures under the chosen goal, and the minutes
 * mail names those present.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import type WebSocket from "ws";
import type { MailSummary, TalkSummary } from "../../shared/domain/talks";
import type { TalkChange } from "../../shared/domain/talkMeeting";
import { goalAt, goalChoices } from "../../shared/document/goalPlacement";
import { readMeasure } from "../../shared/document/measures";
import { DOCUMENT_SCHEMA_VERSION, yDocToDocumentJson } from "../../shared/document/schema";
import { MessageType } from "../../shared/protocol/messages";
import { decodeTalkChanged } from "../../shared/protocol/talkChanged";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";

let server: TestServer;
const cookies: Record<string, string> = {};
let scorecardId: string;
const FUNDER = "sozialamt@demo.test";
const PROVIDER = "anbieter-a@demo.test";
const VIEWER = "gast-a@demo.test";

beforeAll(async () => {
  server = await startTestServer();
  for (const email of [FUNDER, PROVIDER, VIEWER]) cookies[email] = await login(server.url, email);
  scorecardId = (await scorecardsOf(server.url, cookies[FUNDER])).find((s) => s.provider?.startsWith("Beispiel"))!.id;
});
afterAll(async () => server.stop());

/** A day ahead as YYYY-MM-DD in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

async function call<T>(as: string, method: string, path: string, json?: unknown): Promise<{ status: number; body: T & { error?: { message: string } } }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie: cookies[as], ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as T & { error?: { message: string } } };
}

async function schedule(day: number): Promise<TalkSummary> {
  const me = (await call<{ id: string }>(FUNDER, "GET", "/api/me")).body;
  const provider = (await call<{ id: string }>(PROVIDER, "GET", "/api/me")).body;
  const created = await call<TalkSummary>(FUNDER, "POST", "/api/talks", {
    scorecardId,
    startsAt: `${berlinDayIn(day)}T10:00`,
    place: "Haus A",
    participants: [{ userId: me.id }, { userId: provider.id }, { email: "gustav.gast@extern.test", name: "Gustav Gast", side: "other" }],
  });
  expect(created.status).toBe(201);
  return created.body;
}

/** The scorecard open on a socket, collecting every `talkChanged` it receives. */
async function openScorecard(as: string, declareSchema = true) {
  const query = declareSchema ? `?schema=${DOCUMENT_SCHEMA_VERSION}` : "";
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}${query}`, { cookie: cookies[as] });
  const changes: TalkChange[] = [];
  const waiting = new Set<() => void>();
  socket!.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.talkChanged) return;
    changes.push(decodeTalkChanged(decoder)!);
    for (const wake of waiting) wake();
  });
  /** Resolves with the first change of the talk at `revision` or later, within a second. */
  const pushed = (talkId: string, revision: number) =>
    new Promise<TalkChange>((resolve, reject) => {
      const check = () => {
        const found = changes.find((change) => change.talkId === talkId && change.revision >= revision);
        if (!found) return;
        waiting.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(new Error(`no talkChanged for revision ${revision} within a second (got ${JSON.stringify(changes)})`));
      }, 1000);
      waiting.add(check);
      check();
    });
  return { socket: socket! as WebSocket, changes, pushed };
}

/** What every screen in the talk must agree on (not the per-user parts such as `canEdit`). */
function shared(talk: TalkSummary) {
  const { canEdit: _canEdit, quarterLock: _quarterLock, ...rest } = talk;
  return rest;
}

describe("[SYNC25] a talk's meeting state, live for everyone in the talk", () => {
  let first: TalkSummary;

  it("pushes start, agenda item, attendance and agreements to the other connections, read-only ones too, but not to plain clients", async () => {
    first = await schedule(20);
    const provider = await openScorecard(PROVIDER);
    const viewer = await openScorecard(VIEWER);
    const plain = await openScorecard(PROVIDER, false);

    const started = await call<TalkSummary>(FUNDER, "POST", `/api/talks/${first.id}/start`);
    expect(started.status).toBe(200);
    await provider.pushed(first.id, started.body.revision);
    await viewer.pushed(first.id, started.body.revision);
    expect((await call<TalkSummary>(VIEWER, "GET", `/api/talks/${first.id}`)).body).toMatchObject({ state: "running", revision: started.body.revision });

    const moved = await call<TalkSummary>(FUNDER, "PUT", `/api/talks/${first.id}/agenda-item`, { index: 2 });
    expect(moved.body.currentAgendaItem).toBe(2);
    await provider.pushed(first.id, moved.body.revision);
    expect((await call<TalkSummary>(PROVIDER, "GET", `/api/talks/${first.id}`)).body.currentAgendaItem).toBe(2);
    expect((await call(VIEWER, "PUT", `/api/talks/${first.id}/agenda-item`, { index: 1 })).status).toBe(403);
    expect((await call(FUNDER, "PUT", `/api/talks/${first.id}/agenda-item`, { index: 5 })).body.error?.message).toBe("index: Die Tagesordnung hat 5 Punkte.");

    const present = await call<TalkSummary>(FUNDER, "PUT", `/api/talks/${first.id}/presence`, { email: FUNDER, present: true });
    await viewer.pushed(first.id, present.body.revision);
    const funder = await openScorecard(FUNDER);
    const agreed = await call<TalkSummary>(PROVIDER, "POST", `/api/talks/${first.id}/agreements`, { text: "Konzept vorlegen", owner: "Anton Anbieter-A" });
    expect(agreed.status).toBe(201);
    await funder.pushed(first.id, agreed.body.revision);

    // Plain y-websocket clients know only the standard messages.
    expect(plain.changes).toEqual([]);
    for (const client of [provider, viewer, plain, funder]) client.socket.close();
  });

  it("asks no approval in a scorecard's first talk; the next talk approves the first one's minutes", async () => {
    const refused = await call(FUNDER, "POST", `/api/talks/${first.id}/approval`, { decision: "approved" });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toBe("Es gibt kein Protokoll eines früheren Gesprächs zu dieser Scorecard, das zu genehmigen wäre.");
    expect((await call<TalkSummary>(FUNDER, "GET", `/api/talks/${first.id}`)).body.previousMinutes).toBeNull();

    const closed = await call<TalkSummary>(FUNDER, "POST", `/api/talks/${first.id}/close`);
    expect(closed.status).toBe(200);
    const second = await schedule(30);
    expect(second.previousMinutes).toEqual({ talkId: first.id, localDate: berlinDayIn(20), versionId: closed.body.versions.minutes });
  });

  it("sends minutes that list those present by side and, apart, those not present", async () => {
    const mails = (await call<{ mails: MailSummary[] }>(FUNDER, "GET", `/api/talks/mails?talkId=${first.id}`)).body.mails;
    const minutes = mails.find((mail) => mail.kind === "minutes")!;
    expect(minutes.body).toContain("Anwesend:\n– Leistungsträger: Sabine Sozialamt\n\nNicht anwesend (entschuldigt oder abwesend):\n– Leistungserbringer: Anton Anbieter-A\n– Weitere: Gustav Gast");
    expect(minutes.body).not.toContain("Teilnehmende");
  });

  it("ends in the same state on both screens when one approves while the other ticks attendance, and refuses a contradicting approval naming the recorded one", async () => {
    const list = (await call<{ upcoming: TalkSummary[] }>(FUNDER, "GET", "/api/talks")).body.upcoming;
    const second = list.find((t) => t.previousMinutes?.talkId === first.id)!;
    const funderSocket = await openScorecard(FUNDER);
    const providerSocket = await openScorecard(PROVIDER);
    await call(FUNDER, "POST", `/api/talks/${second.id}/start`);

    const [approval, presence] = await Promise.all([
      call<TalkSummary>(FUNDER, "POST", `/api/talks/${second.id}/approval`, { decision: "approved" }),
      call<TalkSummary>(PROVIDER, "PUT", `/api/talks/${second.id}/presence`, { email: PROVIDER, present: true }),
    ]);
    expect([approval.status, presence.status]).toEqual([200, 200]);
    const last = Math.max(approval.body.revision, presence.body.revision);
    await funderSocket.pushed(second.id, last);
    await providerSocket.pushed(second.id, last);
    const seenByFunder = (await call<TalkSummary>(FUNDER, "GET", `/api/talks/${second.id}`)).body;
    const seenByProvider = (await call<TalkSummary>(PROVIDER, "GET", `/api/talks/${second.id}`)).body;
    expect(shared(seenByProvider)).toEqual(shared(seenByFunder));
    expect(seenByFunder.approval).toMatchObject({ decision: "approved", by: { name: "Sabine Sozialamt" }, revision: 1 });
    expect(seenByFunder.participants.find((p) => p.email === PROVIDER)?.present).toBe(true);

    // The provider, not having seen it, records a different decision: refused, naming the funder's.
    const contradicting = await call(PROVIDER, "POST", `/api/talks/${second.id}/approval`, { decision: "amended", note: "Punkt 2 ergänzt" });
    expect(contradicting.status).toBe(409);
    expect(contradicting.body.error?.message).toMatch(/^Das Protokoll wurde bereits von Sabine Sozialamt am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr als „genehmigt“ festgehalten\./);
    // The same decision again changes nothing; both correcting the decision they saw: one wins, the other is told.
    expect((await call<TalkSummary>(PROVIDER, "POST", `/api/talks/${second.id}/approval`, { decision: "approved" })).body.approval?.revision).toBe(1);
    const corrections = await Promise.all([
      call<TalkSummary>(PROVIDER, "POST", `/api/talks/${second.id}/approval`, { decision: "amended", note: "Punkt 2 ergänzt", revision: 1 }),
      call<TalkSummary>(FUNDER, "POST", `/api/talks/${second.id}/approval`, { decision: "amended", note: "Punkt 4 gestrichen", revision: 1 }),
    ]);
    expect(corrections.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const loser = corrections.find((answer) => answer.status === 409)!;
    expect(loser.body.error?.message).toMatch(/^Die Entscheidung wurde inzwischen von .+ als „genehmigt mit Änderungen“ festgehalten\./);
    const final = (await call<TalkSummary>(PROVIDER, "GET", `/api/talks/${second.id}`)).body;
    expect(shared((await call<TalkSummary>(FUNDER, "GET", `/api/talks/${second.id}`)).body)).toEqual(shared(final));
    expect(final.approval?.revision).toBe(2);
    funderSocket.socket.close();
    providerSocket.socket.close();
  });

  it("turns an agreement into a measure under the chosen goal with the chosen side, and refuses a goal that is gone", async () => {
    const list = (await call<{ upcoming: TalkSummary[] }>(FUNDER, "GET", "/api/talks")).body.upcoming;
    const talk = list.find((t) => t.state === "running")!;
    const agreed = await call<TalkSummary>(FUNDER, "POST", `/api/talks/${talk.id}/agreements`, { text: "Kooperationsrunde einrichten", owner: "Beispiel e.V." });
    const agreement = agreed.body.agreements.at(-1)!;
    const before = yDocToDocumentJson(await server.collab.readDocument(scorecardId));
    const goal = goalChoices(before).find((choice) => choice.title === "Zusammenarbeiten")!;

    const gone = await call(FUNDER, "POST", `/api/talks/${talk.id}/agreements/${agreement.id}/measure`, { goal: { index: goal.index, title: "Gibt es nicht" }, responsibleSide: "provider" });
    expect(gone.status).toBe(409);
    expect(gone.body.error?.message).toBe("Das Ziel „Gibt es nicht“ gibt es in der Scorecard nicht mehr. Bitte wählen Sie ein anderes.");
    const made = await call<{ measureId: string; talk: TalkSummary }>(FUNDER, "POST", `/api/talks/${talk.id}/agreements/${agreement.id}/measure`, {
      goal: { index: goal.index, title: goal.title },
      responsibleSide: "provider",
    });
    expect(made.status).toBe(201);
    const doc = await server.collab.readDocument(scorecardId);
    const json = yDocToDocumentJson(doc);
    const placed = json.content!.findIndex((node) => node.type === "measure" && node.attrs?.measureId === made.body.measureId);
    expect(goalAt(json, placed)).toBe(goal.index);
    expect(json.content![placed + 1]).toMatchObject({ type: "heading", attrs: { level: 3 } });
    expect(readMeasure(doc, made.body.measureId)).toMatchObject({ title: "Kooperationsrunde einrichten", responsibleSide: "provider", responsiblePerson: "Beispiel e.V." });
  });
});
