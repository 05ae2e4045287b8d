import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../../shared/protocol/messages";
import { createDocUpdateLog, type DocUpdateLog } from "../persistence/docUpdateLog";
import { closeDatabase, type Db } from "../persistence/db";
import { insertScorecard } from "../persistence/scorecards";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { Room } from "./Room";
import type { RoomOptions } from "./RoomOptions";
import { BadMessageError, StorageFailedError } from "./messages";
import { fakeConnection, updateMessage } from "../../tests/fixtures/roomTestSupport";
import { login, scorecardsOf, startTestServer } from "../../tests/fixtures/testServer";
import { connectClient, waitForDoc } from "../../tests/fixtures/yClient";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Seeded search for an update that decodes but throws half-way through applying, after Yjs emitted part of it. */
function findHalfApplyingUpdate(base: Y.Doc): Uint8Array {
  const source = new Y.Doc();
  Y.applyUpdate(source, Y.encodeStateAsUpdate(base));
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("neu")]);
  source.getXmlFragment("default").insert(1, [paragraph]);
  source.getText("t").insert(0, "abc");
  const valid = Y.encodeStateAsUpdate(source, Y.encodeStateVector(base));
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let attempt = 0; attempt < 200_000; attempt++) {
    const candidate = valid.slice();
    for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) candidate[Math.floor(random() * candidate.length)] = Math.floor(random() * 256);
    try {
      Y.decodeUpdate(candidate);
    } catch {
      continue;
    }
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base));
    let emitted = false;
    scratch.on("update", () => (emitted = true));
    try {
      Y.applyUpdate(scratch, candidate);
    } catch {
      if (emitted) return candidate;
    }
  }
  throw new Error("no half-applying update found");
}

/**
 * A log that counts what it stored, synchronously readable: `stored()` is the number of
 * updates whose append has resolved, so a test can check "stored yet?" without awaiting.
 */
function countingLog(log: DocUpdateLog) {
  const seqs: number[] = [];
  const counted: DocUpdateLog = {
    ...log,
    async appendBatch(scorecardId, entries) {
      const result = await log.appendBatch(scorecardId, entries);
      seqs.push(...result);
      return result;
    },
  };
  return { log: counted, seqs, stored: () => seqs.length };
}

/** A test database with a log on it, closed after the test. */
async function openLog() {
  const db: Db = await openTestDatabase();
  cleanups.push(() => closeDatabase(db));
  const log = createDocUpdateLog(db);
  return { db, log };
}

/** What storage holds of a scorecard, as a document, and how many updates. */
async function storedDoc(log: DocUpdateLog, scorecardId: string): Promise<{ doc: Y.Doc; count: number }> {
  const { checkpoint, updates } = await log.load(scorecardId);
  const doc = new Y.Doc();
  if (checkpoint) Y.applyUpdate(doc, checkpoint);
  for (const update of updates) Y.applyUpdate(doc, update);
  return { doc, count: updates.length };
}

/** Waits until the room is loaded (after a reload, too) and everything it holds is stored. */
const settle = (room: Room) => room.readStored(() => undefined);

/** A loaded room, destroyed after the test; `errors` lists what went to onMessageError. */
async function openRoom(scorecardId: string, log: DocUpdateLog, options: Partial<RoomOptions<Room>> = {}) {
  const errors: { connection: unknown; error: Error }[] = [];
  const storageFailures: Error[] = [];
  const room = new Room(scorecardId, log, {
    checkpointEvery: 1000,
    onMessageError: (connection, error) => errors.push({ connection, error }),
    onStorageFailed: (_room, error) => storageFailures.push(error),
    ...options,
  });
  cleanups.push(() => room.destroy());
  await room.load();
  return { room, errors, storageFailures };
}

/** A loaded room of a scorecard with a stored heading, and two editors' connections in it. */
async function roomWithTwoEditors() {
  const { db, log: plainLog } = await openLog();
  const counting = countingLog(plainLog);
  const log = counting.log;
  const scorecardId = await insertScorecard(db, "Test", null);
  const seedDoc = new Y.Doc();
  const heading = new Y.XmlElement("heading");
  heading.insert(0, [new Y.XmlText("Titel")]);
  seedDoc.getXmlFragment("default").insert(0, [heading]);
  await plainLog.appendBatch(scorecardId, [{ update: Y.encodeStateAsUpdate(seedDoc), userId: null }]);
  const organisationId = (await createOrganisation(db, "Amt", "funder")).id;
  const [u1, u2] = await Promise.all(["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" })));
  const { room, errors, storageFailures } = await openRoom(scorecardId, log);
  const first = fakeConnection(scorecardId, u1);
  const second = fakeConnection(scorecardId, u2);
  room.addConnection(first.connection);
  room.addConnection(second.connection);
  return { db, log, counting, scorecardId, seedDoc, room, errors, storageFailures, first, second, u1, u2 };
}

describe("Room", () => {
  it("[SYNC4] stores and relays nothing of an update that fails half-way, closes only the sender, and stays equal to storage", async () => {
    const { log, scorecardId, seedDoc, room, errors, first: sender, second: other } = await roomWithTwoEditors();
    const sentBefore = other.sent.length;
    const bad = findHalfApplyingUpdate(room.doc);

    room.receive(sender.connection, updateMessage(bad));
    expect(errors).toHaveLength(1);
    expect(errors[0].connection).toBe(sender.connection);
    expect(errors[0].error).toBeInstanceOf(BadMessageError);
    await settle(room);
    expect((await storedDoc(log, scorecardId)).count).toBe(1);
    expect(other.sent.length).toBe(sentBefore);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(seedDoc));

    // The room keeps working for everyone else after the reload.
    const senderBefore = sender.sent.length;
    const good = new Y.Doc();
    Y.applyUpdate(good, Y.encodeStateAsUpdate(room.doc));
    good.getText("t").insert(0, "ok");
    room.receive(other.connection, updateMessage(Y.encodeStateAsUpdate(good, Y.encodeStateVector(room.doc))));
    expect(room.doc.getText("t").toString()).toBe("ok");
    await room.commit.settledThen(() => undefined);
    expect((await storedDoc(log, scorecardId)).count).toBe(2);
    expect(sender.sent.length).toBe(senderBefore + 1);
    expect(errors).toHaveLength(1);
  });
});

describe("Room group commit", () => {
  it("[SYNC1] relays an update and answers a sync request with it only after it is stored", async () => {
    const { db, log: plainLog } = await openLog();
    const { log, stored } = countingLog(plainLog);
    const scorecardId = await insertScorecard(db, "Test", null);
    const organisationId = (await createOrganisation(db, "Amt", "funder")).id;
    const [u1, u2, u3] = await Promise.all(["a", "b", "c"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" })));
    const { room } = await openRoom(scorecardId, log);
    const writer = fakeConnection(scorecardId, u1);
    const reader = fakeConnection(scorecardId, u2);
    const late = fakeConnection(scorecardId, u3);
    for (const { connection } of [writer, reader, late]) room.addConnection(connection);
    const syncRequest = () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      return encoding.toUint8Array(encoder);
    };
    const isAnswer = (message: Uint8Array) => message[0] === MessageType.sync && message[1] === syncProtocol.messageYjsSyncStep2;
    /** Resolves with the next sync answer sent to a connection, recording how much was stored when each message was sent. */
    const watch = (fake: ReturnType<typeof fakeConnection>) => {
      const storedWhenSent: number[] = [];
      let answered: (message: Uint8Array) => void = () => undefined;
      const answer = new Promise<Uint8Array>((resolve) => (answered = resolve));
      const originalSend = fake.connection.send.bind(fake.connection);
      fake.connection.send = (message) => {
        storedWhenSent.push(stored());
        originalSend(message);
        if (isAnswer(message)) answered(message);
      };
      return { storedWhenSent, answer };
    };
    // A new client's answer is encoded once per change of the document; this one is older.
    const readerWatch = watch(reader);
    room.receive(reader.connection, syncRequest());
    await readerWatch.answer;
    const readerSentBefore = reader.sent.length;

    const edit = new Y.Doc();
    edit.getText("t").insert(0, "gespeichert");
    room.receive(writer.connection, updateMessage(Y.encodeStateAsUpdate(edit)));
    expect(stored()).toBe(0);
    expect(reader.sent.length).toBe(readerSentBefore);

    // A client that asks for the document in the same turn gets the update, stored first.
    late.sent.length = 0;
    const lateWatch = watch(late);
    room.receive(late.connection, syncRequest());
    expect(late.sent.filter(isAnswer)).toHaveLength(0);
    const answer = await lateWatch.answer;
    expect(stored()).toBe(1);
    expect(reader.sent.length).toBe(readerSentBefore + 1);
    expect(readerWatch.storedWhenSent.at(-1)).toBe(1);
    // The answer itself (not the relay of the update, which the commit also sent) has it.
    expect(late.sent.filter(isAnswer)).toEqual([answer]);
    expect(lateWatch.storedWhenSent).toEqual(late.sent.map(() => 1));
    const copy = new Y.Doc();
    const decoder = decoding.createDecoder(answer);
    decoding.readVarUint(decoder); // sync
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), copy, null);
    expect(copy.getText("t").toString()).toBe("gespeichert");
  });
});

describe("Room reload after a refused update", () => {
  it("[SYNC4] keeps an earlier update of the same turn that still waits to be stored", async () => {
    const { log, scorecardId, room, errors, first: honest, second: broken } = await roomWithTwoEditors();

    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(room.doc));
    edit.getText("t").insert(0, "wartet");
    room.receive(honest.connection, updateMessage(Y.encodeStateAsUpdate(edit, Y.encodeStateVector(room.doc))));
    expect(room.commit.settled).toBe(false);
    room.receive(broken.connection, updateMessage(findHalfApplyingUpdate(room.doc)));
    expect(errors.map(({ connection, error }) => [connection, error instanceof BadMessageError])).toEqual([[broken.connection, true]]);

    // The reloaded room still has the honest edit, stores it, and agrees with storage.
    await settle(room);
    expect(room.doc.getText("t").toString()).toBe("wartet");
    const stored = (await storedDoc(log, scorecardId)).doc;
    expect(stored.getText("t").toString()).toBe("wartet");
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(stored));
  });

  it("[SYNC4] holds no reference to the document it replaced: the old one is destroyed, and awareness is not on it", async () => {
    // Fails on the old Room: it replaced `doc` without destroying the old one, and its
    // awareness was created on the first document and kept it alive for as long as the room was loaded.
    const { room, errors, first: honest, second: broken } = await roomWithTwoEditors();
    const oldDoc = room.doc;
    room.receive(broken.connection, updateMessage(findHalfApplyingUpdate(room.doc)));
    expect(errors).toHaveLength(1);
    await settle(room);
    expect(room.doc).not.toBe(oldDoc);
    expect(oldDoc.isDestroyed).toBe(true);
    expect(room.presence.awareness.doc).not.toBe(oldDoc);
    expect(room.presence.awareness.doc).not.toBe(room.doc);

    // The new document is the live one: an edit reaches it and is stored.
    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(room.doc));
    edit.getText("t").insert(0, "neu");
    room.receive(honest.connection, updateMessage(Y.encodeStateAsUpdate(edit, Y.encodeStateVector(room.doc))));
    await settle(room);
    expect(room.doc.getText("t").toString()).toBe("neu");
    expect(errors).toHaveLength(1);
  });
});

describe("Room server change that throws", () => {
  it("[SYNC10] rethrows the change's own error, stores and relays nothing of it, and keeps the room and its connections", async () => {
    // Fails on the old Room: Yjs ends the transaction of a throwing change and emits what it
    // changed so far, which the old room stored (and relayed); then it threw StorageFailedError,
    // on which the collab server unloaded the room and closed every connection.
    const { log, scorecardId, seedDoc, room, errors, storageFailures, first, second, u1 } = await roomWithTwoEditors();
    const sentBefore = [first.sent.length, second.sent.length];
    const failure = new Error("Wiederherstellung kaputt");

    const change = room.applyServerChange(u1, (doc) => {
      doc.getText("t").insert(0, "halb");
      doc.getXmlFragment("default").insert(1, [new Y.XmlElement("paragraph")]);
      throw failure;
    });
    await expect(change).rejects.toBe(failure);
    await expect(change).rejects.not.toBeInstanceOf(StorageFailedError);

    await settle(room);
    expect((await storedDoc(log, scorecardId)).count).toBe(1);
    expect([first.sent.length, second.sent.length]).toEqual(sentBefore);
    expect(room.ready).toBe(true);
    expect(room.connections.size).toBe(2);
    expect(storageFailures).toEqual([]);
    expect(errors).toEqual([]);
    // Not even in memory: the room's document is what storage holds.
    expect(room.doc.getText("t").toString()).toBe("");
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(seedDoc));

    // The next change goes through as usual.
    await room.applyServerChange(u1, (doc) => doc.getText("t").insert(0, "ganz"));
    expect((await storedDoc(log, scorecardId)).doc.getText("t").toString()).toBe("ganz");
    expect(first.sent.length).toBe(sentBefore[0] + 1);
  });

  it("[SYNC10] through the collab server: change() rejects with the change's error and closes no connection", async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const cookie = await login(server.url, "sozialamt@demo.test");
    const [scorecard] = await scorecardsOf(server.url, cookie);
    const client = connectClient(server.url, scorecard.id, cookie);
    cleanups.push(() => client.destroy());
    await client.synced;
    let closed = false;
    client.provider.on("connection-close", () => (closed = true));
    const failure = new Error("kaputt");

    await expect(
      server.collab.change(scorecard.id, null, (doc) => {
        doc.getText("t").insert(0, "halb");
        throw failure;
      }),
    ).rejects.toBe(failure);

    // The connection stays open and gets the next change, without the half-done one.
    await server.collab.change(scorecard.id, null, (doc) => doc.getText("u").insert(0, "danach"));
    await waitForDoc(client.doc, () => client.doc.getText("u").toString() === "danach");
    expect(closed).toBe(false);
    expect(client.provider.wsconnected).toBe(true);
    expect(client.doc.getText("t").toString()).toBe("");
    expect((await server.collab.readDocument(scorecard.id)).getText("t").toString()).toBe("");
  });
});

/** Applies what the room sent a connection to that editor's copy, as its provider would. */
function receiveAll(doc: Y.Doc, sent: Uint8Array[]): void {
  for (const message of sent) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.sync) continue;
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
}

describe("Room relay of content that waited", () => {
  it("[SYNC1] sends an update back to its sender when it let content wait for it to integrate", async () => {
    const { room, first: writer, second: other } = await roomWithTwoEditors();
    const writerDoc = new Y.Doc();
    Y.applyUpdate(writerDoc, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(writerDoc);
    writerDoc.getText("t").insert(0, "ab");
    const insert = Y.encodeStateAsUpdate(writerDoc, before);
    // Another editor's deletion of that text and its addition after it reach the room first,
    // so they wait in the room until the text arrives.
    const otherDoc = new Y.Doc();
    Y.applyUpdate(otherDoc, Y.encodeStateAsUpdate(writerDoc));
    const otherBefore = Y.encodeStateVector(otherDoc);
    otherDoc.getText("t").delete(0, 1);
    otherDoc.getText("t").insert(2, "c");
    room.receive(other.connection, updateMessage(Y.encodeStateAsUpdate(otherDoc, otherBefore)));
    await settle(room);
    expect(room.doc.getText("t").toString()).toBe("");

    writer.sent.length = 0;
    room.receive(writer.connection, updateMessage(insert));
    await settle(room);
    expect(room.doc.getText("t").toString()).toBe("bc");
    receiveAll(writerDoc, writer.sent);
    expect(writerDoc.getText("t").toString()).toBe("bc");

    // An ordinary update is not echoed to its sender.
    writer.sent.length = 0;
    const next = Y.encodeStateVector(writerDoc);
    writerDoc.getText("t").insert(0, "x");
    room.receive(writer.connection, updateMessage(Y.encodeStateAsUpdate(writerDoc, next)));
    await settle(room);
    expect(writer.sent).toHaveLength(0);
  });
});

describe("Room with waiting content that is refused", () => {
  it("[SYNC15] accepts an editor's change without another editor's waiting content that gets refused with it", async () => {
    const { log, scorecardId, room, errors, first: writer, second: other } = await roomWithTwoEditors();
    const writerDoc = new Y.Doc();
    Y.applyUpdate(writerDoc, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(writerDoc);
    writerDoc.getXmlFragment("default").insert(1, [new Y.XmlElement("paragraph")]);
    const insert = Y.encodeStateAsUpdate(writerDoc, before);
    // An unknown node placed after the writer's paragraph waits in the room for it.
    const otherDoc = new Y.Doc();
    Y.applyUpdate(otherDoc, Y.encodeStateAsUpdate(writerDoc));
    const otherBefore = Y.encodeStateVector(otherDoc);
    otherDoc.getXmlFragment("default").insert(2, [new Y.XmlElement("script")]);
    room.receive(other.connection, updateMessage(Y.encodeStateAsUpdate(otherDoc, otherBefore)));

    room.receive(writer.connection, updateMessage(insert));
    await settle(room);
    const names = () =>
      room.doc
        .getXmlFragment("default")
        .toArray()
        .map((node) => (node as Y.XmlElement).nodeName);
    expect(names()).toEqual(["heading", "paragraph"]);
    expect(errors).toEqual([]);
    expect((await storedDoc(log, scorecardId)).doc.getXmlFragment("default").length).toBe(2);
  });
});

describe("Room awareness", () => {
  it("ignores a connection's awareness update that speaks for another connection's client id", async () => {
    const { Awareness, encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const { db, log } = await openLog();
    const scorecardId = await insertScorecard(db, "Test", null);
    const organisationId = (await createOrganisation(db, "Amt", "funder")).id;
    const [u1, u2] = await Promise.all(["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" })));
    const { room } = await openRoom(scorecardId, log);
    const honest = fakeConnection(scorecardId, u1);
    const forger = fakeConnection(scorecardId, u2);
    room.addConnection(honest.connection);
    room.addConnection(forger.connection);

    const awarenessMessage = (awareness: InstanceType<typeof Awareness>) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      return encoding.toUint8Array(encoder);
    };
    const doc = new Y.Doc();
    const own = new Awareness(doc);
    own.setLocalState({ user: { name: "Sabine" } });
    room.receive(honest.connection, awarenessMessage(own));

    const forged = new Awareness(new Y.Doc());
    forged.clientID = doc.clientID;
    forged.setLocalState({ user: { name: "gefälscht" } });
    forged.setLocalState({ user: { name: "gefälscht" } }); // a higher clock than the original
    room.receive(forger.connection, awarenessMessage(forged));
    expect(room.presence.awareness.getStates().get(doc.clientID)).toEqual({ user: { name: "Sabine" } });
  });
});
