/**
 * Comments over a real server with real WebSocket clients: a viewer (read-only) comments
 * on a measure and on a passage through the API, the threads reach every connected editor
 * live, authored by the viewer; replies and "done" work for every reader; other providers
 * see nothing; nobody writes comments through the socket ([SYNC14]); and a comment on a
 * version's passage finds the same passage in the live document.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getSchema } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { initProseMirrorDoc } from "@tiptap/y-tiptap";
import type { CommentList, CommentThread, TextAnchor } from "../../shared/domain/comments";
import type { Me } from "../../shared/domain/user";
import type { VersionContent, VersionSummary } from "../../shared/domain/versions";
import { addThread, readThread } from "../../shared/document/comments";
import { createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD, documentExtensions } from "../../shared/document/schema";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { resolveTextAnchor, textAnchorFromRange, type YBinding } from "../../client/comments/anchors";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, waitForDoc, type TestClient } from "../fixtures/yClient";
import { epochToBerlinLocal } from "../../server/talks/berlinTime";

const schema = getSchema(documentExtensions());

let server: TestServer;
let funder: string;
let provider: string;
let viewer: string;
let otherProvider: string;
let scorecardId: string;
let viewerId: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [funder, provider, viewer, otherProvider] = await Promise.all(["sozialamt@demo.test", "anbieter-a@demo.test", "gast-a@demo.test", "anbieter-b@demo.test"].map((email) => login(server.url, email)));
  scorecardId = (await scorecardsOf(server.url, provider)).find((s) => s.provider !== null)!.id;
  viewerId = (await api<Me>("/api/me", viewer)).body.id;
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => server.stop());

async function api<T>(path: string, cookie: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie, ...(init.json !== undefined ? { "content-type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T };
}

async function connect(cookie: string): Promise<TestClient> {
  const client = connectClient(server.url, scorecardId, cookie);
  clients.push(client);
  await client.synced;
  return client;
}

/** Resolves once the server has stored everything the client sent (the other client saw it). */
async function settle(from: TestClient, to: TestClient): Promise<void> {
  await waitForDoc(to.doc, () => Buffer.compare(Buffer.from(Y.encodeStateVector(from.doc)), Buffer.from(Y.encodeStateVector(to.doc))) === 0);
}

/** What an editor on `doc` would hold: its ProseMirror document and y-tiptap's binding. */
function view(doc: Y.Doc): { binding: YBinding; pm: ProseMirrorNode } {
  const type = doc.getXmlFragment(DOCUMENT_FIELD);
  const { doc: pm, mapping } = initProseMirrorDoc(type, schema);
  return { binding: { doc, type, mapping }, pm };
}

function anchorOn(doc: Y.Doc, word: string): TextAnchor {
  const { binding, pm } = view(doc);
  let range: { from: number; to: number } | null = null;
  pm.descendants((node, pos) => {
    const index = node.isText ? node.text!.indexOf(word) : -1;
    if (!range && index >= 0) range = { from: pos + index, to: pos + index + word.length };
  });
  if (!range) throw new Error(`"${word}" not in the document`);
  return textAnchorFromRange(binding, pm, range)!;
}

function passageIn(doc: Y.Doc, anchor: TextAnchor): string | null {
  const { binding, pm } = view(doc);
  const range = resolveTextAnchor(binding, anchor);
  return range ? pm.textBetween(range.from, range.to) : null;
}

/** The close code the server ends a client's connection with (fails after a few seconds). */
function closeCodeOf(client: TestClient): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not close the connection")), 5000);
    client.provider.once("connection-close", (event) => {
      clearTimeout(timer);
      resolve(event?.code ?? 0);
    });
  });
}

async function storedDoc(): Promise<Y.Doc> {
  const stored = await createDocUpdateStore(server.db).load(scorecardId);
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

function paragraphText(doc: Y.Doc, containing: string): Y.XmlText {
  for (const node of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.toString().includes(containing)) return node.get(0) as Y.XmlText;
  }
  throw new Error(`no paragraph with "${containing}"`);
}

describe("comments", () => {
  it("lets a viewer comment on a measure and a passage; editors see it live, authored by the viewer", async () => {
    const editor = await connect(provider);
    const funderClient = await connect(funder);
    editor.doc.transact(() => {
      createMeasure(editor.doc, "m-c", { title: "Beteiligung stärken" });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-c");
      const fragment = editor.doc.getXmlFragment(DOCUMENT_FIELD);
      fragment.insert(fragment.length, [node]);
    });
    await settle(editor, funderClient);

    // The author comes from the session, whatever the body claims.
    const question = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments`, viewer, {
      method: "POST",
      json: { anchor: { kind: "measure", measureId: "m-c" }, text: "Wie viele nehmen schon teil?", createdBy: "someone-else", authorName: "Falsch" },
    });
    expect(question.status).toBe(201);
    expect(question.body).toMatchObject({ createdBy: viewerId, authorName: "Gerd Gast-A", resolved: false, replies: [] });

    const anchor = anchorOn(editor.doc, "zugleich");
    const passage = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments`, viewer, { method: "POST", json: { anchor, text: "Auch für den Vorabversand?" } });
    expect(passage.status).toBe(201);

    for (const client of [editor, funderClient]) {
      await waitForDoc(client.doc, () => readThread(client.doc, passage.body.id) !== null);
      expect(readThread(client.doc, question.body.id)).toMatchObject({ createdBy: viewerId, text: "Wie viele nehmen schon teil?", anchor: { kind: "measure", measureId: "m-c" } });
      expect(passageIn(client.doc, readThread(client.doc, passage.body.id)!.anchor as TextAnchor)).toBe("zugleich");
    }
    // Stored with the viewer as the change's author, like every change.
    const lastAuthor = await server.db.selectFrom("doc_updates").select("user_id as userId").where("scorecard_id", "=", scorecardId).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    expect(lastAuthor.userId).toBe(viewerId);

    const listed = await api<CommentList>(`/api/scorecards/${scorecardId}/comments`, viewer);
    expect(listed.body.threads.map((thread) => thread.id)).toEqual(expect.arrayContaining([question.body.id, passage.body.id]));
  });

  it("lets every reader reply and mark a thread done, live for the others", async () => {
    const viewerClient = await connect(viewer);
    const created = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments`, viewer, { method: "POST", json: { anchor: anchorOn(viewerClient.doc, "Protokoll"), text: "Frage vorab" } });
    const reply = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments/${created.body.id}/replies`, provider, { method: "POST", json: { text: "Beantworten wir im Gespräch." } });
    expect(reply.status).toBe(201);
    expect(reply.body.replies).toMatchObject([{ authorName: "Anton Anbieter-A", text: "Beantworten wir im Gespräch." }]);

    const done = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments/${created.body.id}/resolve`, viewer, { method: "POST", json: { resolved: true } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ resolved: true, resolvedBy: viewerId, resolvedByName: "Gerd Gast-A" });
    await waitForDoc(viewerClient.doc, () => readThread(viewerClient.doc, created.body.id)?.resolved === true);
    expect(readThread(viewerClient.doc, created.body.id)!.replies).toHaveLength(1);

    const reopened = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments/${created.body.id}/resolve`, funder, { method: "POST", json: { resolved: false } });
    expect(reopened.body).toMatchObject({ resolved: false, resolvedBy: null });
  });

  it("answers 404 to another provider and 401 without a session, and validates the input", async () => {
    const path = `/api/scorecards/${scorecardId}/comments`;
    const measure = { kind: "measure", measureId: "m-c" };
    expect((await api(path, otherProvider)).status).toBe(404);
    expect((await api(path, otherProvider, { method: "POST", json: { anchor: measure, text: "?" } })).status).toBe(404);
    const someThread = (await api<CommentList>(path, viewer)).body.threads[0].id;
    expect((await api(`${path}/${someThread}/replies`, otherProvider, { method: "POST", json: { text: "?" } })).status).toBe(404);
    expect((await api(`${path}/${someThread}/resolve`, otherProvider, { method: "POST", json: { resolved: true } })).status).toBe(404);
    expect((await api(path, "", { method: "POST", json: { anchor: measure, text: "?" } })).status).toBe(401);

    expect((await api(path, viewer, { method: "POST", json: { anchor: measure, text: "   " } })).status).toBe(400);
    expect((await api(path, viewer, { method: "POST", json: { anchor: measure, text: "x".repeat(4001) } })).status).toBe(400);
    expect((await api(path, viewer, { method: "POST", json: { anchor: measure, text: "x".repeat(4000) } })).status).toBe(201);
    expect((await api(path, viewer, { method: "POST", json: { anchor: { kind: "measure", measureId: "m-unknown" }, text: "?" } })).status).toBe(404);
    expect((await api(path, viewer, { method: "POST", json: { anchor: { kind: "page", page: 3 }, text: "?" } })).status).toBe(400);
    const intoMeasures = { kind: "text", start: { tname: "measures" }, end: { tname: "measures" }, quote: "x" };
    expect((await api(path, viewer, { method: "POST", json: { anchor: intoMeasures, text: "?" } })).status).toBe(400);
    expect((await api(`${path}/c-unknown/replies`, viewer, { method: "POST", json: { text: "?" } })).status).toBe(404);
    expect((await api(`${path}/${someThread}/resolve`, viewer, { method: "POST", json: { resolved: "ja" } })).status).toBe(400);
  });

  it("[SYNC14] closes a connection that writes comments through the socket with 4422; nothing reaches others or storage", async () => {
    const forger = await connect(provider);
    const witness = await connect(funder);
    const observer = await connect(viewer);
    const existing = (await api<CommentList>(`/api/scorecards/${scorecardId}/comments`, viewer)).body.threads[0];
    const storedBefore = await createDocUpdateStore(server.db).count(scorecardId);

    const closed = closeCodeOf(forger);
    forger.doc.transact(() => {
      addThread(forger.doc, { id: "c-forged", anchor: { kind: "measure", measureId: "m-c" }, createdBy: viewerId, authorName: "Gerd Gast-A", createdAt: new Date().toISOString(), text: "Gefälscht" });
      forger.doc.getMap<Y.Map<unknown>>("comments").get(existing.id)!.set("text", "Umgeschrieben");
    });
    expect(await closed).toBe(CloseCode.refusedUpdate);

    // The witness keeps working and never sees the forgery.
    paragraphText(witness.doc, "zugleich").insert(0, "Weiter: ");
    await settle(witness, observer);
    expect(await createDocUpdateStore(server.db).count(scorecardId)).toBe(storedBefore + 1);
    expect(readThread(observer.doc, "c-forged")).toBeNull();
    expect(readThread(witness.doc, "c-forged")).toBeNull();
    expect(readThread(witness.doc, existing.id)!.text).toBe(existing.text);
    const stored = await storedDoc();
    expect(readThread(stored, "c-forged")).toBeNull();
    expect(readThread(stored, existing.id)!.text).toBe(existing.text);
    expect(paragraphText(stored, "zugleich").toString()).toContain("Weiter: ");

    // Deleting a thread through the socket is refused the same way.
    const deleter = await connect(funder);
    const deleterClosed = closeCodeOf(deleter);
    deleter.doc.getMap("comments").delete(existing.id);
    expect(await deleterClosed).toBe(CloseCode.refusedUpdate);
    expect(readThread(await storedDoc(), existing.id)).not.toBeNull();
  });

  it("anchors a comment made on a version to the same passage in the live document", async () => {
    const editor = await connect(provider);
    const version = await api<VersionSummary>(`/api/scorecards/${scorecardId}/versions`, provider, { method: "POST", json: { name: "Vorabversand" } });
    expect(version.status).toBe(201);

    // After the version was circulated, the provider keeps writing before the passage.
    editor.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Ein neuer Absatz nach dem Vorabversand.")]);
      editor.doc.getXmlFragment(DOCUMENT_FIELD).insert(1, [paragraph]);
      paragraphText(editor.doc, "zugleich").insert(0, "Ergänzt: ");
    });
    const witness = await connect(funder);
    await settle(editor, witness);

    // The viewer reads the circulated version and comments on a passage of it.
    const opened = await api<VersionContent>(`/api/scorecards/${scorecardId}/versions/${version.body.id}`, viewer);
    const circulated = new Y.Doc();
    Y.applyUpdate(circulated, Buffer.from(opened.body.state, "base64"));
    expect(circulated.getXmlFragment(DOCUMENT_FIELD).toString()).not.toContain("Ein neuer Absatz");
    const anchor = anchorOn(circulated, "Balanced Scorecard");
    const posted = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments`, viewer, { method: "POST", json: { anchor, text: "Welche Gespräche genau?" } });
    expect(posted.status).toBe(201);

    await waitForDoc(witness.doc, () => readThread(witness.doc, posted.body.id) !== null);
    const live = readThread(witness.doc, posted.body.id)!.anchor as TextAnchor;
    expect(passageIn(witness.doc, live)).toBe("Balanced Scorecard");
    expect(passageIn(circulated, live)).toBe("Balanced Scorecard");
    expect(live.quote).toBe("Balanced Scorecard");

    // Comments are part of the document's history; the history views still read it.
    expect((await api(`/api/scorecards/${scorecardId}/compare?from=${version.body.id}&to=current`, viewer)).status).toBe(200);
    // The report's days are Berlin's: after 23:00 UTC in winter, Berlin is a day ahead.
    const today = epochToBerlinLocal(Date.now()).date;
    const report = await api<string>(`/api/scorecards/${scorecardId}/audit.csv?from=2000-01-01&to=${today}`, viewer);
    expect(report.status).toBe(200);
    // The viewer's comment is on record as one, under the viewer's name.
    expect(report.body).toMatch(/Gerd Gast-A;[^;]*;Kommentar;Kommentar oder Frage/);
  });
});
