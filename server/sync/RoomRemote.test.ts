import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { closeDatabase } from "../persistence/db";
import { MessageType } from "../../shared/protocol/messages";
import { createDocUpdateLog, type DocUpdateLog } from "../persistence/docUpdateLog";
import { insertScorecard } from "../persistence/scorecards";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { Room } from "./Room";
import type { RoomOptions } from "./RoomOptions";
import { RefusedUpdateError } from "./messages";
import { fakeConnection, updateMessage } from "../../tests/fixtures/roomTestSupport";
import { decodeBusMessage, encodeBusMessage, type BusMessage, type InstanceBus } from "./InstanceBus";
import { decodeTalkChanged, encodeTalkChanged } from "../../shared/protocol/talkChanged";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * An in-memory bus between fake "processes": what one publishes reaches the others'
 * handlers for that scorecard (never its own), at once or, while `hold` is set, when
 * `release` is called, like a message still on its way through Redis.
 */
class FakeHub {
  readonly buses: (InstanceBus & { published: { scorecardId: string; message: BusMessage }[] })[] = [];
  hold = false;
  private held: (() => void)[] = [];

  bus() {
    const handlers = new Map<string, Set<(message: BusMessage) => void>>();
    const bus = {
      instanceId: `i${this.buses.length}`,
      published: [] as { scorecardId: string; message: BusMessage }[],
      handlers,
      reachable: () => true,
      publish: (scorecardId: string, message: BusMessage) => {
        bus.published.push({ scorecardId, message });
        // Through the real encoding, so the test also covers that it is binary-safe.
        const bytes = encodeBusMessage(bus.instanceId, message);
        for (const other of this.buses) {
          if (other === bus) continue;
          const deliver = () => {
            for (const handler of (other as unknown as { handlers: typeof handlers }).handlers.get(scorecardId) ?? []) handler(decodeBusMessage(bytes).message);
          };
          if (this.hold) this.held.push(deliver);
          else deliver();
        }
      },
      subscribe: (scorecardId: string, handler: (message: BusMessage) => void) => {
        const set = handlers.get(scorecardId) ?? new Set();
        handlers.set(scorecardId, set);
        set.add(handler);
        return () => set.delete(handler);
      },
      publishControl: () => undefined,
      onControl: () => undefined,
      onReconnect: () => undefined,
      setOpen: () => undefined,
      othersHaveOpen: async () => false,
      claimUserConnection: async () => true,
      setUserConnections: () => undefined,
      close: async () => undefined,
    };
    this.buses.push(bus);
    return bus;
  }

  /** Loses what is held, like messages published while Redis was down. */
  drop(): void {
    this.hold = false;
    this.held = [];
  }

  release(): void {
    this.hold = false;
    const held = this.held;
    this.held = [];
    for (const deliver of held) deliver();
  }
}

function awarenessMessage(awareness: Awareness, clients: number[] = [awareness.clientID]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** The document updates among the messages a connection was sent, applied to a fresh copy. */
function receivedDoc(sent: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const message of sent) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.sync) continue;
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
  return doc;
}

/** A client's edit on top of what a room has. */
function editOf(room: Room, change: (doc: Y.Doc) => void, clientID?: number): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  // Set after the apply: Yjs picks a new id when an update brings content under its own.
  if (clientID !== undefined) doc.clientID = clientID;
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * A log that records the sequence numbers it stored, synchronously readable, so a test can
 * check "stored yet?" at the moment something is sent or published.
 */
function recordingLog(log: DocUpdateLog) {
  const seqs: number[] = [];
  const recording: DocUpdateLog = {
    ...log,
    async appendBatch(scorecardId, entries) {
      const result = await log.appendBatch(scorecardId, entries);
      seqs.push(...result);
      return result;
    },
  };
  return { log: recording, seqs };
}

/** How many updates storage holds of a scorecard (no checkpoints in these tests unless one is written). */
async function countStored(log: DocUpdateLog, scorecardId: string): Promise<number> {
  return (await log.load(scorecardId)).updates.length;
}

/** Waits until a room is loaded (after a reload, too) and everything it holds is stored. */
const settle = (room: Room) => room.readStored(() => undefined);

/** A loaded room, destroyed after the test; its refused messages are listed in `errors`. */
async function openRoom(scorecardId: string, log: DocUpdateLog, options: Partial<RoomOptions<Room>>) {
  const errors: Error[] = [];
  const room = new Room(scorecardId, log, { checkpointEvery: 1000, onMessageError: (_connection, error) => errors.push(error), ...options });
  cleanups.push(() => room.destroy());
  await room.load();
  return Object.assign(room, { errors });
}

/**
 * One database (shared storage) and two "processes", each with its own bus and loaded
 * room (with its own commit) of the same scorecard, and an editor connected to each.
 */
async function twoProcesses(options: { checkpointEvery?: number } = {}) {
  const db = await openTestDatabase();
  cleanups.push(() => closeDatabase(db));
  const { log, seqs: storedSeqs } = recordingLog(createDocUpdateLog(db));
  const scorecardId = await insertScorecard(db, "Test", null);
  const organisationId = (await createOrganisation(db, "Amt", "funder")).id;
  const [u1, u2] = await Promise.all(["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" })));
  const hub = new FakeHub();
  const busA = hub.bus();
  const busB = hub.bus();
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const roomA = await openRoom(scorecardId, log, { checkpointEvery, bus: busA });
  const roomB = await openRoom(scorecardId, log, { checkpointEvery, bus: busB });
  const a = fakeConnection(scorecardId, u1);
  const b = fakeConnection(scorecardId, u2);
  roomA.addConnection(a.connection);
  roomB.addConnection(b.connection);
  const head = async () => (await log.head(scorecardId))!.seq;
  return { db, log, storedSeqs, head, scorecardId, hub, busA, busB, roomA, roomB, a, b, u1, u2 };
}

const updatesPublished = (bus: { published: { message: BusMessage }[] }) => bus.published.filter((entry) => entry.message.kind === "update");

describe("Room with other processes ([SYNC16]–[SYNC20])", () => {
  it("[SYNC17] publishes a client's update only after it is stored, with its sequence number and user", async () => {
    const { storedSeqs, head, busA, roomA, a, u1 } = await twoProcesses();
    const storedWhenPublished: boolean[] = [];
    const publish = busA.publish;
    busA.publish = (id, message) => {
      if (message.kind === "update") storedWhenPublished.push(storedSeqs.includes(message.seq));
      publish(id, message);
    };

    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "hallo"))));
    expect(updatesPublished(busA)).toHaveLength(0); // waits for the commit
    await settle(roomA);

    const [published] = updatesPublished(busA);
    expect(published.message).toMatchObject({ kind: "update", seq: await head(), userId: u1 });
    expect(storedWhenPublished).toEqual([true]);
  });

  it("[SYNC17] relays another process's update to its connections, but never stores or publishes it again", async () => {
    const { log, head, scorecardId, busB, roomA, roomB, a, b } = await twoProcesses();
    const before = await countStored(log, scorecardId);

    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "von A"))));
    await settle(roomA);

    expect(roomB.doc.getText("t").toString()).toBe("von A");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("von A");
    expect(roomB.lastSeq).toBe(await head());
    expect(roomB.commit.settled).toBe(true);
    await settle(roomB);
    expect(await countStored(log, scorecardId)).toBe(before + 1);
    expect(updatesPublished(busB)).toHaveLength(0);
  });

  it("[SYNC17] applies another process's update with a lower sequence number without lowering lastSeq", async () => {
    const { roomB } = await twoProcesses();
    const source = new Y.Doc();
    source.getText("t").insert(0, "spät");
    roomB.receiveRemote({ kind: "update", seq: 50, userId: null, update: Y.encodeStateAsUpdate(source) });
    const later = new Y.Doc();
    later.getText("u").insert(0, "früh");
    roomB.receiveRemote({ kind: "update", seq: 40, userId: null, update: Y.encodeStateAsUpdate(later) });
    expect(roomB.lastSeq).toBe(50);
    expect(roomB.doc.getText("u").toString()).toBe("früh");
  });

  it("[SYNC15] learns the owners of client ids from another process's update", async () => {
    const { roomA, roomB, a, b } = await twoProcesses();
    const clientOfA = 4242;
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "A"), clientOfA)));
    await settle(roomA);

    // The editor on B writes under A's client id: refused there as it would be on A.
    const forged = editOf(roomB, (doc) => doc.getText("t").insert(1, "B"), clientOfA);
    roomB.receive(b.connection, updateMessage(forged));
    expect(roomB.errors).toHaveLength(1);
    expect(roomB.errors[0]).toBeInstanceOf(RefusedUpdateError);
    expect(roomB.doc.getText("t").toString()).toBe("A");
  });

  it("[SYNC10] publishes a server-made change after storing it", async () => {
    const { log, storedSeqs, scorecardId, busA, roomA, b } = await twoProcesses();
    const change = roomA.applyServerChange(null, (doc) => doc.getText("t").insert(0, "Wiederhergestellt"));
    expect(updatesPublished(busA)).toHaveLength(0);
    await change;
    expect(updatesPublished(busA)).toHaveLength(1);
    expect(storedSeqs).toHaveLength(1);
    expect(await countStored(log, scorecardId)).toBe(1);
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("Wiederhergestellt");
  });

  it("[SYNC19] carries awareness across processes, removals included, and never publishes what came from the bus", async () => {
    const { busB, roomA, roomB, a, b } = await twoProcesses();
    const own = new Awareness(new Y.Doc());
    own.setLocalState({ user: { name: "Sabine" } });
    roomA.receive(a.connection, awarenessMessage(own));

    expect(roomB.presence.awareness.getStates().get(own.clientID)).toEqual({ user: { name: "Sabine" } });
    const atB = new Awareness(new Y.Doc());
    for (const message of b.sent) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MessageType.awareness) continue;
      applyAwarenessUpdate(atB, decoding.readVarUint8Array(decoder), null);
    }
    expect(atB.getStates().get(own.clientID)).toEqual({ user: { name: "Sabine" } });
    expect(busB.published.filter((entry) => entry.message.kind === "awareness")).toHaveLength(0);

    // The connection on A closes: its caret disappears on B too.
    roomA.removeConnection(a.connection);
    expect(roomB.presence.awareness.getStates().has(own.clientID)).toBe(false);
  });

  it("[SYNC19] a room that loads asks the others for their connections' awareness", async () => {
    const { log, scorecardId, hub, roomA, a } = await twoProcesses();
    const own = new Awareness(new Y.Doc());
    own.setLocalState({ user: { name: "Sabine" } });
    roomA.receive(a.connection, awarenessMessage(own));
    const late = await openRoom(scorecardId, log, { bus: hub.bus() });
    expect(late.presence.awareness.getStates().get(own.clientID)).toEqual({ user: { name: "Sabine" } });
  });

  it("[SYNC18] applies what arrives from the bus while the room loads, after the load", async () => {
    const { log, head, scorecardId, hub } = await twoProcesses();
    const sender = hub.bus();
    const receiver = hub.bus();
    const remote = new Y.Doc();
    remote.getText("t").insert(0, "während des Ladens");
    const seen: BusMessage["kind"][] = [];
    const subscribe = receiver.subscribe;
    receiver.subscribe = (id, handler) => subscribe(id, (message) => (seen.push(message.kind), handler(message)));
    // Another process stores and publishes right after this room read the store, before it finished loading.
    let loadingRoom: Room | null = null;
    const racingLog: DocUpdateLog = {
      ...log,
      async load(id) {
        const loaded = await log.load(id);
        const [seq] = await log.appendBatch(id, [{ update: Y.encodeStateAsUpdate(remote), userId: null }]);
        sender.publish(id, { kind: "update", seq, userId: null, update: Y.encodeStateAsUpdate(remote) });
        // Arrived, but not applied: the room is still loading.
        expect(loadingRoom!.ready).toBe(false);
        expect(loadingRoom!.doc.getText("t").toString()).toBe("");
        return loaded;
      },
    };
    const loading = new Room(scorecardId, racingLog, { checkpointEvery: 1000, bus: receiver });
    cleanups.push(() => loading.destroy());
    loadingRoom = loading;
    await loading.load();

    expect(seen).toContain("update");
    expect(loading.doc.getText("t").toString()).toBe("während des Ladens");
    expect(loading.lastSeq).toBe(await head());
    await settle(loading);
    expect(await countStored(log, scorecardId)).toBe(1);
  });

  it("[SYNC22] catches up from storage with what was lost while the bus was down, and relays only that", async () => {
    const { log, head, scorecardId, hub, busA, roomA, roomB, a, b } = await twoProcesses();
    hub.hold = true;
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "verloren"))));
    await settle(roomA);
    hub.drop();
    expect(roomB.doc.getText("t").toString()).toBe("");

    // A, back on the bus, asks the others to read what they missed.
    const catchUp = roomB.catchUp.bind(roomB);
    let caughtUp: Promise<void> | null = null;
    roomB.catchUp = () => (caughtUp = catchUp());
    busA.publish(scorecardId, { kind: "catchUp" });
    expect(caughtUp).not.toBeNull();
    await caughtUp;
    expect(roomB.doc.getText("t").toString()).toBe("verloren");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("verloren");
    expect(roomB.lastSeq).toBe(await head());
    const sentBefore = b.sent.length;
    await roomB.catchUp(); // nothing new: nothing relayed
    expect(b.sent.length).toBe(sentBefore);
    await settle(roomB);
    expect(await countStored(log, scorecardId)).toBe(1);
  });

  it("[SYNC17] stores and publishes content of its own client that waited for another process's update", async () => {
    const { log, scorecardId, hub, roomA, roomB, a, b } = await twoProcesses();
    hub.hold = true; // A's message is still on its way when B's editor builds on it
    const ofA = editOf(roomA, (doc) => doc.getText("t").insert(0, "ab"));
    roomA.receive(a.connection, updateMessage(ofA));
    await settle(roomA);
    roomB.receive(b.connection, updateMessage(editOf(roomA, (doc) => (doc.getText("t").delete(0, 1), doc.getText("t").insert(2, "c")))));
    await settle(roomB);
    expect(roomB.doc.getText("t").toString()).toBe("");

    hub.release();
    await settle(roomB);
    expect(roomB.doc.getText("t").toString()).toBe("bc");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("bc");
    expect(roomA.doc.getText("t").toString()).toBe("bc");
    const copyOfA = receivedDoc(a.sent);
    Y.applyUpdate(copyOfA, ofA);
    expect(copyOfA.getText("t").toString()).toBe("bc");
    const stored = new Y.Doc();
    for (const update of (await log.load(scorecardId)).updates) Y.applyUpdate(stored, update);
    expect(stored.getText("t").toString()).toBe("bc");
  });

  it("[SYNC25] relays another process's notice as it is to the connections that declared an editor schema, and to no plain client", async () => {
    const { log, scorecardId, busA, roomB, b, u2 } = await twoProcesses();
    const extended = fakeConnection(scorecardId, u2, true);
    roomB.addConnection(extended.connection);
    const notice = encodeTalkChanged({ talkId: "t-1", revision: 4 });
    const before = { plain: b.sent.length, extended: extended.sent.length };

    busA.publish(scorecardId, { kind: "notice", message: notice });
    expect(extended.sent.slice(before.extended)).toEqual([notice]);
    expect(b.sent.length).toBe(before.plain);
    const decoder = decoding.createDecoder(extended.sent.at(-1)!);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.talkChanged);
    expect(decodeTalkChanged(decoder)).toEqual({ talkId: "t-1", revision: 4 });
    // A notice is never stored.
    await settle(roomB);
    expect(await countStored(log, scorecardId)).toBe(0);
  });

  it("[SYNC20] builds a checkpoint from storage, including an update whose message has not arrived yet", async () => {
    const { log, head, scorecardId, hub, roomA, roomB, a, b } = await twoProcesses({ checkpointEvery: 1 });
    roomB.receive(b.connection, updateMessage(editOf(roomB, (doc) => doc.getText("u").insert(0, "von B"))));
    await settle(roomB);
    hub.hold = true; // A's message is still on its way
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "unterwegs"))));
    await settle(roomA);
    expect(roomB.doc.getText("t").toString()).toBe("");

    await roomB.checkpointIfDue();
    const stored = await log.load(scorecardId);
    expect(stored.checkpointSeq).toBe(await head());
    const fromCheckpoint = new Y.Doc();
    Y.applyUpdate(fromCheckpoint, stored.checkpoint!);
    expect(fromCheckpoint.getText("t").toString()).toBe("unterwegs");
    expect(fromCheckpoint.getText("u").toString()).toBe("von B");
    hub.release();
    expect(roomB.doc.getText("t").toString()).toBe("unterwegs");
  });
});
