import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../../shared/protocol/messages";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { BadMessageError, Room } from "./Room";
import { GroupCommit } from "./GroupCommit";
import { fakeConnection, updateMessage } from "../../tests/fixtures/roomTestSupport";

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

/** A loaded room of a scorecard with a stored heading, and two editors' connections in it. */
function roomWithTwoEditors() {
  const db = openTestDatabase();
  const store = createDocUpdateStore(db);
  const scorecardId = insertScorecard(db, "Test", null);
  const seedDoc = new Y.Doc();
  const heading = new Y.XmlElement("heading");
  heading.insert(0, [new Y.XmlText("Titel")]);
  seedDoc.getXmlFragment("default").insert(0, [heading]);
  store.append(scorecardId, Y.encodeStateAsUpdate(seedDoc), null);
  const organisationId = createOrganisation(db, "Amt", "funder").id;
  const [u1, u2] = ["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" }));
  const commit = new GroupCommit(store);
  const room = new Room(scorecardId, store, commit, { checkpointEvery: 1000 });
  room.load();
  const first = fakeConnection(scorecardId, u1);
  const second = fakeConnection(scorecardId, u2);
  room.addConnection(first.connection);
  room.addConnection(second.connection);
  return { store, scorecardId, seedDoc, commit, room, first, second };
}

describe("Room", () => {
  it("[SYNC4] stores and relays nothing of an update that fails half-way, closes only the sender, and stays equal to storage", () => {
    const { store, scorecardId, seedDoc, room, first: sender, second: other } = roomWithTwoEditors();
    const sentBefore = other.sent.length;
    const bad = findHalfApplyingUpdate(room.doc);

    expect(() => room.receive(sender.connection, updateMessage(bad))).toThrow(BadMessageError);
    expect(store.count(scorecardId)).toBe(1);
    expect(other.sent.length).toBe(sentBefore);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(seedDoc));

    // The room keeps working for everyone else after the reload.
    const good = new Y.Doc();
    Y.applyUpdate(good, Y.encodeStateAsUpdate(room.doc));
    good.getText("t").insert(0, "ok");
    room.receive(other.connection, updateMessage(Y.encodeStateAsUpdate(good, Y.encodeStateVector(room.doc))));
    expect(room.doc.getText("t").toString()).toBe("ok");
    room.settle();
    expect(store.count(scorecardId)).toBe(2);
    expect(sender.sent.length).toBeGreaterThan(0);
  });
});

describe("Room group commit", () => {
  it("[SYNC1] relays an update and answers a sync request with it only after it is stored", () => {
    const db = openTestDatabase();
    const store = createDocUpdateStore(db);
    const scorecardId = insertScorecard(db, "Test", null);
    const organisationId = createOrganisation(db, "Amt", "funder").id;
    const [u1, u2, u3] = ["a", "b", "c"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" }));
    const room = new Room(scorecardId, store, new GroupCommit(store), { checkpointEvery: 1000 });
    room.load();
    const storedWhenSent: number[] = [];
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
    // A new client's answer is encoded once per change of the document; this one is older.
    room.receive(reader.connection, syncRequest());
    const readerSentBefore = reader.sent.length;

    const edit = new Y.Doc();
    edit.getText("t").insert(0, "gespeichert");
    room.receive(writer.connection, updateMessage(Y.encodeStateAsUpdate(edit)));
    expect(store.count(scorecardId)).toBe(0);
    expect(reader.sent.length).toBe(readerSentBefore);

    // A client that asks for the document in the same turn gets the update, stored first.
    late.sent.length = 0;
    const originalSend = late.connection.send.bind(late.connection);
    late.connection.send = (message) => (storedWhenSent.push(store.count(scorecardId)), originalSend(message));
    room.receive(late.connection, syncRequest());
    expect(storedWhenSent[0]).toBe(1);
    expect(reader.sent.length).toBe(readerSentBefore + 1);
    // The answer itself (not the relay of the update, which the flush also sent) has it.
    const isAnswer = (message: Uint8Array) => message[0] === MessageType.sync && message[1] === syncProtocol.messageYjsSyncStep2;
    const answers = late.sent.filter(isAnswer);
    expect(answers).toHaveLength(1);
    expect(storedWhenSent[late.sent.indexOf(answers[0])]).toBe(1);
    const copy = new Y.Doc();
    const answer = decoding.createDecoder(answers[0]);
    decoding.readVarUint(answer); // sync
    syncProtocol.readSyncMessage(answer, encoding.createEncoder(), copy, null);
    expect(copy.getText("t").toString()).toBe("gespeichert");
  });
});

describe("Room reload after a refused update", () => {
  it("[SYNC4] keeps an earlier update of the same turn that still waits to be stored", () => {
    const { store, scorecardId, commit, room, first: honest, second: broken } = roomWithTwoEditors();

    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(room.doc));
    edit.getText("t").insert(0, "wartet");
    room.receive(honest.connection, updateMessage(Y.encodeStateAsUpdate(edit, Y.encodeStateVector(room.doc))));
    expect(commit.waiting).toBe(true);
    expect(() => room.receive(broken.connection, updateMessage(findHalfApplyingUpdate(room.doc)))).toThrow(BadMessageError);

    // The reloaded room still has the honest edit, stores it, and agrees with storage.
    expect(room.doc.getText("t").toString()).toBe("wartet");
    room.settle();
    const stored = new Y.Doc();
    const { checkpoint, updates } = store.load(scorecardId);
    if (checkpoint) Y.applyUpdate(stored, checkpoint);
    for (const update of updates) Y.applyUpdate(stored, update);
    expect(stored.getText("t").toString()).toBe("wartet");
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(stored));
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
  it("[SYNC1] sends an update back to its sender when it let content wait for it to integrate", () => {
    const { room, first: writer, second: other } = roomWithTwoEditors();
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
    room.settle();
    expect(room.doc.getText("t").toString()).toBe("");

    writer.sent.length = 0;
    room.receive(writer.connection, updateMessage(insert));
    room.settle();
    expect(room.doc.getText("t").toString()).toBe("bc");
    receiveAll(writerDoc, writer.sent);
    expect(writerDoc.getText("t").toString()).toBe("bc");

    // An ordinary update is not echoed to its sender.
    writer.sent.length = 0;
    const next = Y.encodeStateVector(writerDoc);
    writerDoc.getText("t").insert(0, "x");
    room.receive(writer.connection, updateMessage(Y.encodeStateAsUpdate(writerDoc, next)));
    room.settle();
    expect(writer.sent).toHaveLength(0);
  });
});

describe("Room with waiting content that is refused", () => {
  it("[SYNC15] accepts an editor's change without another editor's waiting content that gets refused with it", () => {
    const { store, scorecardId, room, first: writer, second: other } = roomWithTwoEditors();
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
    room.settle();
    const names = () =>
      room.doc
        .getXmlFragment("default")
        .toArray()
        .map((node) => (node as Y.XmlElement).nodeName);
    expect(names()).toEqual(["heading", "paragraph"]);
    const stored = new Y.Doc();
    for (const update of store.load(scorecardId).updates) Y.applyUpdate(stored, update);
    expect(stored.getXmlFragment("default").length).toBe(2);
  });
});

describe("Room awareness", () => {
  it("ignores a connection's awareness update that speaks for another connection's client id", async () => {
    const { Awareness, encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const db = openTestDatabase();
    const store = createDocUpdateStore(db);
    const scorecardId = insertScorecard(db, "Test", null);
    const organisationId = createOrganisation(db, "Amt", "funder").id;
    const [u1, u2] = ["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" }));
    const room = new Room(scorecardId, store, new GroupCommit(store), { checkpointEvery: 1000 });
    room.load();
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
    expect(room.awareness.getStates().get(doc.clientID)).toEqual({ user: { name: "Sabine" } });
  });
});
