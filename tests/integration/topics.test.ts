/**
 * The Themenspeicher through the HTTP API of a real server: a topic raised in talk 1 is
 * edited (a stale edit is refused), planned into talk 2 (its agenda has it, also in the
 * circulation), discussed there, and its status line lands in talk 2's minutes (Word, PDF,
 * mail), which a later change does not rewrite; a topic planned into talk 1 and not
 * discussed moves on to talk 2 by itself; a topic becomes a measure under a chosen goal
 * and another a goal; every change reaches open editors as `topicsChanged`; viewers read
 * only, other providers see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import type WebSocket from "ws";
import type { MailSummary, TalkSummary } from "../../shared/domain/talks";
import type { Topic, TopicList } from "../../shared/domain/topics";
import { goalAt, goalChoices } from "../../shared/document/goalPlacement";
import { readMeasure } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { DOCUMENT_SCHEMA_VERSION, yDocToDocumentJson } from "../../shared/document/schema";
import { decodeTopicsChanged, TOPICS_CHANGED_MESSAGE, type TopicsChange } from "../../shared/protocol/topicsChanged";
import { docxText, pdfPages } from "../../server/exports/testSupport";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";

let server: TestServer;
const cookies: Record<string, string> = {};
let scorecardId: string;
const FUNDER = "sozialamt@demo.test";
const PROVIDER = "anbieter-a@demo.test";
const VIEWER = "gast-a@demo.test";
const OTHER_PROVIDER = "anbieter-b@demo.test";
const STATUS_LINE = "Der Leistungsträger legt bis Juni einen Entwurf der Versorgungsverpflichtung vor.";

beforeAll(async () => {
  server = await startTestServer();
  for (const email of [FUNDER, PROVIDER, VIEWER, OTHER_PROVIDER]) cookies[email] = await login(server.url, email);
  scorecardId = (await scorecardsOf(server.url, cookies[FUNDER])).find((s) => s.provider?.startsWith("Beispiel"))!.id;
});
afterAll(async () => server.stop());

/** A day ahead as YYYY-MM-DD in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split("-").reverse().join(".");

async function call<T>(as: string, method: string, path: string, json?: unknown): Promise<{ status: number; body: T & { error?: { message: string } } }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie: cookies[as], ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as T & { error?: { message: string } } };
}

async function download(path: string): Promise<Uint8Array> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: cookies[FUNDER] } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The Word and PDF text of a version, runs of white space as one space. */
async function exportedText(versionId: number): Promise<{ word: string; pdf: string }> {
  const flat = (text: string) => text.replace(/\s+/g, " ");
  const word = flat(docxText(await download(`/api/scorecards/${scorecardId}/export.docx?version=${versionId}`)));
  const pdf = flat((await pdfPages(await download(`/api/scorecards/${scorecardId}/export.pdf?version=${versionId}`))).join(" "));
  return { word, pdf };
}

async function schedule(day: number): Promise<TalkSummary> {
  const ids = (await call<{ id: string; email: string }[]>(FUNDER, "GET", `/api/talks/candidates?scorecardId=${scorecardId}`)).body;
  const created = await call<TalkSummary>(FUNDER, "POST", "/api/talks", {
    scorecardId,
    startsAt: `${berlinDayIn(day)}T10:00`,
    place: "Beispiel e.V., Haus A",
    participants: [FUNDER, PROVIDER].map((email) => ({ userId: ids.find((c) => c.email === email)!.id })),
  });
  expect(created.status).toBe(201);
  return created.body;
}

const topicsPath = () => `/api/scorecards/${scorecardId}/topics`;
const topicOf = async (title: string) => (await call<TopicList>(FUNDER, "GET", topicsPath())).body.topics.find((topic) => topic.title === title)!;
const talk = async (id: string) => (await call<TalkSummary>(FUNDER, "GET", `/api/talks/${id}`)).body;

/** The scorecard open on a socket, resolving once a `topicsChanged` of at least `revision` arrives (within a second). */
async function watchTopics(as: string) {
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie: cookies[as] });
  const changes: TopicsChange[] = [];
  socket!.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === TOPICS_CHANGED_MESSAGE) changes.push(decodeTopicsChanged(decoder)!);
  });
  const pushed = (revision: number) =>
    new Promise<void>((resolve, reject) => {
      const arrived = () => changes.some((change) => change.scorecardId === scorecardId && change.revision >= revision);
      if (arrived()) return resolve();
      // Registered after the collecting listener, so it sees each message already collected.
      const handleMessage = () => {
        if (!arrived()) return;
        clearTimeout(deadline);
        socket!.off("message", handleMessage);
        resolve();
      };
      const deadline = setTimeout(() => {
        socket!.off("message", handleMessage);
        reject(new Error(`no topicsChanged ≥ ${revision} within a second: ${JSON.stringify(changes)}`));
      }, 1000);
      socket!.on("message", handleMessage);
    });
  return { socket: socket! as WebSocket, pushed };
}

describe("the Themenspeicher from talk to talk", () => {
  let first: TalkSummary;
  let second: TalkSummary;
  let raised: Topic;

  it("raises a topic in a running talk, pushes it to open editors, and refuses a stale edit with 409", async () => {
    first = await schedule(20);
    await call(FUNDER, "POST", `/api/talks/${first.id}/start`);
    const funder = await watchTopics(FUNDER);
    const created = await call<Topic>(PROVIDER, "POST", topicsPath(), { title: "Versorgungsverpflichtung", note: "Wer übernimmt welche Fälle?" });
    expect(created.status).toBe(201);
    raised = created.body;
    expect(raised).toMatchObject({ status: "open", revision: 1, raisedBy: { name: "Anton Anbieter-A" } });
    expect(raised.history).toMatchObject([{ kind: "raised", talk: { id: first.id }, by: { name: "Anton Anbieter-A" } }]);
    const list = (await call<TopicList>(FUNDER, "GET", topicsPath())).body;
    await funder.pushed(list.revision);
    funder.socket.close();

    const edited = await call<Topic>(FUNDER, "PATCH", `${topicsPath()}/${raised.id}`, { note: "Wer übernimmt welche Fälle, und ab wann?", revision: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(2);
    const stale = await call(PROVIDER, "PATCH", `${topicsPath()}/${raised.id}`, { title: "Versorgungspflicht", revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.message).toBe("Das Thema wurde inzwischen geändert (jetzt „Versorgungsverpflichtung“). Bitte prüfen Sie den neuen Stand und ändern Sie ihn dann.");
    const invalid = await call(PROVIDER, "POST", topicsPath(), { title: "" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.message).toBe("title: Titel: darf nicht leer sein");
  });

  it("lets viewers read but not change, and shows other providers nothing", async () => {
    expect((await call<TopicList>(VIEWER, "GET", topicsPath())).body).toMatchObject({ canEdit: false, openCount: 1 });
    expect((await call(VIEWER, "POST", topicsPath(), { title: "Von außen" })).status).toBe(403);
    expect((await call(VIEWER, "POST", `${topicsPath()}/${raised.id}/status`, { status: "dropped" })).status).toBe(403);
    expect((await call(OTHER_PROVIDER, "GET", topicsPath())).status).toBe(404);
    expect((await call(OTHER_PROVIDER, "POST", `${topicsPath()}/${raised.id}/status`, { status: "dropped" })).status).toBe(404);
  });

  it("plans a topic into the next talk's agenda, and carries a topic planned into the closing talk on to it", async () => {
    second = await schedule(40);
    const planned = await call<Topic>(PROVIDER, "POST", `${topicsPath()}/${raised.id}/plan`, { talkId: second.id });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ status: "planned", plannedTalk: { id: second.id, localDate: berlinDayIn(40) } });
    const agenda = (await talk(second.id)).agenda;
    expect(agenda.at(-2)).toEqual({ title: "Themenspeicher: Versorgungsverpflichtung", topicId: raised.id });
    expect(agenda.at(-1)?.title).toBe("Nächster Termin");

    const parked = (await call<Topic>(FUNDER, "POST", topicsPath(), { title: "Berichtsform und Umfang" })).body;
    await call(FUNDER, "POST", `${topicsPath()}/${parked.id}/plan`, { talkId: first.id });
    expect((await talk(first.id)).agenda.at(-1)).toEqual({ title: "Themenspeicher: Berichtsform und Umfang", topicId: parked.id });
    const closed = await call<TalkSummary>(FUNDER, "POST", `/api/talks/${first.id}/close`);
    expect(closed.status).toBe(200);

    const carried = await topicOf("Berichtsform und Umfang");
    expect(carried).toMatchObject({ status: "planned", plannedTalk: { id: second.id } });
    expect(carried.history.map((event) => event.kind)).toEqual(["raised", "planned", "carried", "planned"]);
    expect((await talk(second.id)).agenda.filter((item) => item.topicId).map((item) => item.topicId)).toEqual([raised.id, parked.id]);
    const { word } = await exportedText(closed.body.versions.minutes!);
    expect(word).toContain("Themenspeicher");
    // Raised while talk 1 ran, so the minutes say it was taken up there.
    expect(word).toContain(
      `Thema Berichtsform und Umfang Aufgenommen im Gespräch, von Sabine Sozialamt Status im Protokoll – Ergebnis weiter offen, eingeplant für das Gespräch am ${german(berlinDayIn(40))}`,
    );
    expect(word).toContain("Thema Versorgungsverpflichtung Aufgenommen im Gespräch, von Anton Anbieter-A");
  });

  it("circulates talk 2 with the planned topics on its agenda", async () => {
    // Raised between the talks: the minutes of talk 2 list it among the open topics.
    expect((await call(PROVIDER, "POST", topicsPath(), { title: "Was ist gesunde Konkurrenz?" })).status).toBe(201);
    const circulated = await call<TalkSummary>(FUNDER, "POST", `/api/talks/${second.id}/circulate`);
    expect(circulated.status).toBe(200);
    const { word, pdf } = await exportedText(circulated.body.versions.circulation!);
    for (const text of [word, pdf]) {
      expect(text).toContain("Themenspeicher: Versorgungsverpflichtung");
      expect(text).toContain("Themenspeicher: Berichtsform und Umfang");
    }
  });

  it("records the status line in talk 2 and puts it into the minutes' Word, PDF and mail, which a later change does not rewrite", async () => {
    const notYet = await call(FUNDER, "POST", `${topicsPath()}/${raised.id}/discussion`, { talkId: second.id, text: STATUS_LINE, status: "done" });
    expect(notYet.status).toBe(409);
    await call(FUNDER, "POST", `/api/talks/${second.id}/start`);
    const discussed = await call<Topic>(FUNDER, "POST", `${topicsPath()}/${raised.id}/discussion`, { talkId: second.id, text: STATUS_LINE, status: "done" });
    expect(discussed.status).toBe(201);
    expect(discussed.body.status).toBe("done");
    expect(discussed.body.history.at(-1)).toMatchObject({ kind: "discussed", talk: { id: second.id }, detail: { text: STATUS_LINE }, by: { name: "Sabine Sozialamt" } });
    const closed = (await call<TalkSummary>(FUNDER, "POST", `/api/talks/${second.id}/close`)).body;

    // Without a next talk, the undiscussed topic is open again.
    expect(await topicOf("Berichtsform und Umfang")).toMatchObject({ status: "open", plannedTalk: null });
    const minutes = await exportedText(closed.versions.minutes!);
    for (const text of [minutes.word, minutes.pdf]) {
      expect(text).toContain("Themenspeicher Behandelte Themen");
      expect(text).toContain(`Thema Versorgungsverpflichtung Status im Protokoll ${STATUS_LINE} Ergebnis erledigt`);
      expect(text).toContain("Ergebnis weiter offen (noch kein weiterer Termin geplant)");
      // The Word list writes its bullet as a character.
      expect(text).toMatch(/Offene Themen (• )?Was ist gesunde Konkurrenz\? – offen/);
    }
    const mail = (await call<{ mails: MailSummary[] }>(FUNDER, "GET", `/api/talks/mails?talkId=${second.id}`)).body.mails.find((m) => m.kind === "minutes")!;
    expect(mail.body).toContain(`Themenspeicher:\n- Versorgungsverpflichtung: ${STATUS_LINE} (erledigt)`);
    expect(mail.body).toContain("Offene Themen: Was ist gesunde Konkurrenz? (offen)");

    const renamed = await call<Topic>(FUNDER, "PATCH", `${topicsPath()}/${raised.id}`, { title: "Versorgungspflicht", revision: discussed.body.revision });
    expect(renamed.status).toBe(200);
    expect((await exportedText(closed.versions.minutes!)).word).toEqual(minutes.word);
  });

  it("makes a topic a measure under the chosen goal with the chosen side, once, and another a goal under a perspective", async () => {
    const before = yDocToDocumentJson(await server.collab.readDocument(scorecardId));
    const goal = goalChoices(before).find((choice) => choice.title === "Zusammenarbeiten")!;
    const made = await call<{ measureId: string; topic: Topic }>(PROVIDER, "POST", `${topicsPath()}/${raised.id}/promote`, {
      kind: "measure",
      goal: { index: goal.index, title: goal.title },
      responsibleSide: "provider",
    });
    expect(made.status).toBe(201);
    expect(made.body.topic).toMatchObject({ status: "done", promoted: { kind: "measure", ref: made.body.measureId } });
    const doc = await server.collab.readDocument(scorecardId);
    const json = yDocToDocumentJson(doc);
    const placed = json.content!.findIndex((node) => node.type === "measure" && node.attrs?.measureId === made.body.measureId);
    expect(goalAt(json, placed)).toBe(goal.index);
    expect(readMeasure(doc, made.body.measureId)).toMatchObject({ title: "Versorgungspflicht", responsibleSide: "provider" });
    const again = await call(PROVIDER, "POST", `${topicsPath()}/${raised.id}/promote`, { kind: "measure" });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toBe("Aus dem Thema wurde bereits ein Ziel oder eine Maßnahme.");

    const open = await topicOf("Was ist gesunde Konkurrenz?");
    const perspective = readOutline(json).perspectives[0];
    const gone = await call(FUNDER, "POST", `${topicsPath()}/${open.id}/promote`, { kind: "goal", perspective: { index: perspective.index, title: "Gibt es nicht" } });
    expect(gone.status).toBe(409);
    expect((await topicOf("Was ist gesunde Konkurrenz?")).status).toBe("open");
    const goalMade = await call<{ goal: string }>(FUNDER, "POST", `${topicsPath()}/${open.id}/promote`, { kind: "goal", perspective: { index: perspective.index, title: perspective.title } });
    expect(goalMade.status).toBe(201);
    const after = readOutline(yDocToDocumentJson(await server.collab.readDocument(scorecardId)));
    expect(after.perspectives[0].goals.at(-1)?.title).toBe("Was ist gesunde Konkurrenz?");
  });

  it("hands a topic planned into a cancelled talk back as open, to be planned again", async () => {
    const third = await schedule(40);
    const raisedNow = await call<Topic>(FUNDER, "POST", topicsPath(), { title: "Risiko und Planungssicherheit" });
    expect(raisedNow.status).toBe(201);
    expect((await call(FUNDER, "POST", `${topicsPath()}/${raisedNow.body.id}/plan`, { talkId: third.id })).status).toBe(200);
    expect((await topicOf("Risiko und Planungssicherheit")).status).toBe("planned");
    expect((await call(FUNDER, "POST", `/api/talks/${third.id}/cancel`)).status).toBe(200);
    const released = await topicOf("Risiko und Planungssicherheit");
    expect(released.status).toBe("open");
    expect(released.history.at(-1)).toMatchObject({ kind: "unplanned" });
  });
});
