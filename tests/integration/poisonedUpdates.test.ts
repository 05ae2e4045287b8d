import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type WebSocket from "ws";
import { getSchema } from "@tiptap/core";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { MessageType } from "../../shared/protocol/messages";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { DOCUMENT_FIELD, descriptionExtensions, documentExtensions } from "../../shared/document/schema";
import { addStatusLine, createMeasure, measuresMap, readMeasure } from "../../shared/document/measures";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { MAX_PENDING_BYTES } from "../../server/sync/updateCheck";
import { random as seededRandom } from "../../bench/random";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { closeCodeOf, connectClient, rawConnect, type TestClient } from "../fixtures/yClient";

let server: TestServer;
let cookie: string;
let scorecardId: string;
let honest: TestClient;

const documentSchema = getSchema(documentExtensions());
const descriptionSchema = getSchema(descriptionExtensions());

beforeAll(async () => {
  server = await startTestServer();
  cookie = await login(server.url, "sozialamt@demo.test");
  scorecardId = (await scorecardsOf(server.url, cookie)).find((card) => card.access === "edit")!.id;
  honest = connectClient(server.url, scorecardId, await login(server.url, "anbieter-a@demo.test"));
  await honest.synced;
  // The honest editor has written under its client id, which makes the id its own.
  honest.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement("paragraph")]);
  await waitForStored(async () => (await storedDocument()).getXmlFragment(DOCUMENT_FIELD).length === honest.doc.getXmlFragment(DOCUMENT_FIELD).length);
});

/** Waits until the stored history satisfies a predicate (usable in hooks, unlike expect.poll). */
async function waitForStored(predicate: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  for (const started = Date.now(); !(await predicate()); await new Promise((done) => setTimeout(done, 20))) {
    if (Date.now() - started > timeoutMs) throw new Error("the stored scorecard did not reach the expected state in time");
  }
}

afterAll(async () => {
  honest?.destroy();
  await server?.stop();
});

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A copy of the honest client's document, so a crafted change refers to real content. */
function copyOfDocument(): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(honest.doc));
  return copy;
}

/** The update a change to a copy of the document makes. */
function craft(change: (doc: Y.Doc) => void): Uint8Array {
  const copy = copyOfDocument();
  const updates: Uint8Array[] = [];
  copy.on("update", (update: Uint8Array) => updates.push(update));
  copy.transact(() => change(copy));
  return Y.mergeUpdates(updates);
}

/** Sends one update over a fresh socket; resolves with the close code, or null when the server kept the connection. */
async function send(update: Uint8Array): Promise<number | null> {
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}`, { cookie });
  const closed = closeCodeOf(socket!);
  socket!.send(updateMessage(update));
  return Promise.race([closed, answeredAfter(socket!).then(() => null)]).finally(() => socket!.terminate());
}

/** Resolves once the server answered a message sent after the update, so the update was handled. */
function answeredAfter(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.on("message", (data: ArrayBuffer) => {
      if (new Uint8Array(data)[0] === MessageType.saved) resolve();
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.saveQuery);
    encoding.writeVarUint(encoder, 1);
    socket.send(encoding.toUint8Array(encoder));
  });
}

/** The scorecard as stored: every update replayed into a fresh document. */
async function storedDocument(): Promise<Y.Doc> {
  const stored = await createDocUpdateStore(server.db).load(scorecardId);
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * Loads a document the way an editor does and fails if the editor would have to "repair"
 * it: y-prosemirror deletes what it cannot show, and each client would do so on its own.
 */
function expectLoadable(doc: Y.Doc): void {
  const repairs: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => repairs.push(update));
  yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(DOCUMENT_FIELD), documentSchema);
  for (const id of measuresMap(doc).keys()) {
    const measure = readMeasure(doc, id);
    expect(measure, `measure ${id} reads`).not.toBeNull();
    const description = measuresMap(doc).get(id)!.get("description");
    if (description instanceof Y.XmlFragment) yXmlFragmentToProseMirrorRootNode(description, descriptionSchema);
  }
  expect(repairs, "an editor loading the stored scorecard would have to delete content").toHaveLength(0);
}

function contentOf(doc: Y.Doc): string {
  return JSON.stringify([doc.getXmlFragment(DOCUMENT_FIELD).toJSON(), measuresMap(doc).toJSON()]);
}

/** Changes no editor makes, each refused before it is stored ([SYNC15]). */
const POISONS: [string, () => Uint8Array][] = [
  ["an unknown node", () => craft((doc) => doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement("script")]))],
  ["text directly in the document", () => craft((doc) => doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlText("lose")]))],
  ["a node where the schema allows none", () => craft((doc) => doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement("tableCell")]))],
  [
    "a string instead of nodes in the document",
    () => {
      // Same root name, written as plain text: a fresh editor would find strings among its nodes.
      const stranger = new Y.Doc();
      stranger.getText(DOCUMENT_FIELD).insert(0, "Fremdtext");
      return Y.encodeStateAsUpdate(stranger);
    },
  ],
  ["an unknown mark", () => craft((doc) => insertFormatted(doc, 0, "blinkt", { blink: {} }))],
  ["a javascript: link", () => craft((doc) => insertFormatted(doc, 0, "Klick", { link: { href: "javascript:alert(1)" } }))],
  ["a node as an attribute", () => craft((doc) => (doc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).setAttribute("level", new Y.XmlElement("paragraph") as never))],
  ["a measure that is not a map", () => craft((doc) => measuresMap(doc).set("m-fake", "kein Objekt" as never))],
  ["a measure title that is not shared text", () => craft((doc) => measuresMap(doc).get(firstMeasureId(doc))!.set("title", 42))],
  ["an impossible measure status", () => craft((doc) => measuresMap(doc).get(firstMeasureId(doc))!.set("status", "explodiert"))],
  ["an unknown measure field", () => craft((doc) => measuresMap(doc).get(firstMeasureId(doc))!.set("geheim", "x"))],
  ["a heading in a measure's description", () => craft((doc) => (measuresMap(doc).get(firstMeasureId(doc))!.get("description") as Y.XmlFragment).insert(0, [new Y.XmlElement("heading")]))],
];

/** Inserts a paragraph into the document holding a text with marks (as y-prosemirror stores them). */
function insertFormatted(doc: Y.Doc, at: number, content: string, marks: Record<string, unknown>): Y.XmlText {
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(DOCUMENT_FIELD).insert(at, [paragraph]);
  text.insert(0, content, marks);
  return text;
}

/** A paragraph holding a text, for the document's fragment. */
function paragraphOf(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  return paragraph;
}

function firstMeasureId(doc: Y.Doc): string {
  return Array.from(measuresMap(doc).keys())[0];
}

describe("[SYNC15] poisoned updates", () => {
  it("stores honest edits: paragraphs with marks and links, measures with text fields, descriptions and status lines", async () => {
    const fragment = honest.doc.getXmlFragment(DOCUMENT_FIELD);
    honest.doc.transact(() => {
      insertFormatted(honest.doc, fragment.length, "Fett und verlinkt", { bold: true }).format(9, 8, { link: { href: "https://example.org" } });
    });
    const id = "m-ehrlich";
    createMeasure(honest.doc, id, { title: "Beirat gründen", status: "in_progress" });
    honest.doc.transact(() => fragment.insert(fragment.length, [Object.assign(new Y.XmlElement("measure"), {})]));
    (fragment.get(fragment.length - 1) as Y.XmlElement).setAttribute("measureId", id);
    addStatusLine(honest.doc, id, { talkDate: "2026-11-20", text: "Läuft" });
    const stored = async () => readMeasure(await storedDocument(), id);
    await expect.poll(async () => (await stored())?.statusLines.length, { timeout: 5000 }).toBe(1);
    expect((await stored())!.title).toBe("Beirat gründen");
    expect(honest.provider.wsconnected).toBe(true);
  });

  it("refuses content under another editor's client id, which would push out that editor's offline changes", async () => {
    honest.provider.disconnect();
    honest.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraphOf("Offline geschrieben")]);
    // The same client id and the next numbers: exactly what the honest editor just used offline.
    const stored = await storedDocument();
    const forged = (() => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored));
      copy.clientID = honest.doc.clientID;
      const before = Y.encodeStateVector(copy);
      copy.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraphOf("Gefälscht")]);
      return Y.encodeStateAsUpdate(copy, before);
    })();
    expect(await send(forged)).toBe(CloseCode.refusedUpdate);
    honest.provider.connect();
    await honest.synced;
    await waitForStored(async () => JSON.stringify((await storedDocument()).getXmlFragment(DOCUMENT_FIELD).toJSON()).includes("Offline geschrieben"));
    expect(JSON.stringify((await storedDocument()).getXmlFragment(DOCUMENT_FIELD).toJSON())).not.toContain("Gefälscht");
    expect(contentOf(await storedDocument())).toBe(contentOf(honest.doc));
  });

  it("keeps content that waits for its predecessor until that comes, but refuses more than a message's worth of it", async () => {
    const copy = copyOfDocument();
    const notes = copy.getText("notizen");
    const atStart = Y.encodeStateVector(copy);
    notes.insert(0, "erst");
    const first = Y.encodeStateAsUpdate(copy, atStart);
    const afterFirst = Y.encodeStateVector(copy);
    notes.insert(4, " dann");
    const second = Y.encodeStateAsUpdate(copy, afterFirst);
    // An editor back online may send a new change before the ones it made offline.
    const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}`, { cookie });
    socket!.send(updateMessage(second));
    socket!.send(updateMessage(first));
    await answeredAfter(socket!);
    socket!.terminate();
    await waitForStored(async () => (await storedDocument()).getText("notizen").toString() === "erst dann");

    // Content that only ever waits is refused once it would outgrow one message.
    const big = copyOfDocument();
    const text = big.getText("ballast");
    text.insert(0, "x");
    let previous = Y.encodeStateVector(big);
    const waiting: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      text.insert(text.length, "y".repeat(Math.ceil(MAX_PENDING_BYTES / 2.5)));
      waiting.push(Y.encodeStateAsUpdate(big, previous));
      previous = Y.encodeStateVector(big);
    }
    const flood = (await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}`, { cookie })).socket!;
    const closed = closeCodeOf(flood);
    for (const update of waiting) flood.send(updateMessage(update));
    expect(await closed).toBe(CloseCode.refusedUpdate);
    expect((await storedDocument()).getText("ballast").toString()).toBe("");
  });

  it.each(POISONS)("refuses %s with 4422; nothing is stored or relayed", async (_name, poison) => {
    const before = contentOf(await storedDocument());
    const seenBefore = contentOf(honest.doc);
    expect(await send(poison())).toBe(CloseCode.refusedUpdate);
    expect(contentOf(await storedDocument())).toBe(before);
    expect(contentOf(honest.doc)).toBe(seenBefore);
    expect(honest.provider.wsconnected).toBe(true);
  });

  it("survives 1,500 mutated but decodable updates: the stored scorecard stays loadable and every copy agrees", async () => {
    const random = seededRandom(15);
    createMeasure(honest.doc, "m-fuzz", { title: "Fuzz" });
    await expect.poll(async () => readMeasure(await storedDocument(), "m-fuzz")?.title, { timeout: 5000 }).toBe("Fuzz");
    // The corpus: honest updates of the kinds an editor sends.
    const corpus: Uint8Array[] = [
      craft((doc) => insertFormatted(doc, 1, "Absatz mit Betonung", { italic: true })),
      craft((doc) => {
        const heading = new Y.XmlElement("heading");
        heading.setAttribute("level", 3 as never);
        heading.insert(0, [new Y.XmlText("Neues Ziel")]);
        doc.getXmlFragment(DOCUMENT_FIELD).insert(2, [heading]);
      }),
      craft((doc) => createMeasure(doc, "m-korpus", { title: "Korpus", dueDate: "2027-01-31" })),
      craft((doc) => addStatusLine(doc, "m-fuzz", { talkDate: "2026-12-01", text: "Zwischenstand" })),
      craft((doc) => (measuresMap(doc).get("m-fuzz")!.get("title") as Y.Text).insert(0, "Neu: ")),
      craft((doc) => doc.getXmlFragment(DOCUMENT_FIELD).delete(1, 1)),
    ];
    const outcomes = { kept: 0, malformed: 0, refused: 0, undecodable: 0 };
    for (let round = 0; outcomes.kept + outcomes.refused + outcomes.malformed < 1500; round++) {
      const original = corpus[Math.floor(random() * corpus.length)];
      const mutated = mutate(original, random);
      try {
        Y.decodeUpdate(mutated);
      } catch {
        outcomes.undecodable++;
        continue;
      }
      const code = await send(mutated);
      if (code === null) outcomes.kept++;
      else if (code === CloseCode.refusedUpdate) outcomes.refused++;
      else if (code === CloseCode.badMessage) outcomes.malformed++;
      else throw new Error(`unexpected close code ${code} in round ${round}`);
      // The honest editor keeps working in between.
      if (round % 100 === 0) honest.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement("paragraph")]);
    }
    expect(outcomes.refused + outcomes.malformed, JSON.stringify(outcomes)).toBeGreaterThan(0);

    // A fresh editor agrees with the honest one, and the stored history loads without repairs.
    const fresh = connectClient(server.url, scorecardId, cookie);
    try {
      await fresh.synced;
      // Either copy may still be receiving the last relayed changes, so both are polled.
      await expect.poll(() => contentOf(honest.doc) === contentOf(fresh.doc), { timeout: 15_000, interval: 100 }).toBe(true);
      expect(contentOf(await storedDocument())).toBe(contentOf(fresh.doc));
      expectLoadable(await storedDocument());
      expect(honest.provider.wsconnected).toBe(true);
    } finally {
      fresh.destroy();
    }
  }, 120_000);
});

/** A random change of a few bytes: flip, overwrite, insert, delete or duplicate. */
function mutate(update: Uint8Array, random: () => number): Uint8Array {
  const bytes = Array.from(update);
  const changes = 1 + Math.floor(random() * 3);
  for (let i = 0; i < changes; i++) {
    const at = Math.floor(random() * bytes.length);
    const kind = Math.floor(random() * 5);
    if (kind === 0) bytes[at] ^= 1 << Math.floor(random() * 8);
    else if (kind === 1) bytes[at] = Math.floor(random() * 256);
    else if (kind === 2) bytes.splice(at, 0, Math.floor(random() * 256));
    else if (kind === 3) bytes.splice(at, 1);
    else bytes.splice(at, 0, ...bytes.slice(at, at + 1 + Math.floor(random() * 8)));
  }
  return new Uint8Array(bytes);
}
