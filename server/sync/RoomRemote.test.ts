import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { MessageType } from "../../shared/protocol/messages";
import { createDocUpdateStore, type DocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { RefusedUpdateError, Room } from "./Room";
import { GroupCommit } from "./GroupCommit";
import { fakeConnection, updateMessage } from "../../tests/fixtures/roomTestSupport";
import { decodeBusMessage, encodeBusMessage, type BusMessage, type InstanceBus } from "./InstanceBus";
import { decodeTalkChanged, encodeTalkChanged } from "../../shared/protocol/talkChanged";

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
 * One database (shared storage) and two "processes", each with its own group commit, bus
 * and loaded room of the same scorecard, and an editor connected to each.
 */
function twoProcesses(options: { checkpointEvery?: number } = {}) {
  const db = openTestDatabase();
  const store = createDocUpdateStore(db);
  const scorecardId = insertScorecard(db, "Test", null);
  const organisationId = createOrganisation(db, "Amt", "funder").id;
  const [u1, u2] = ["a", "b"].map((name) => createUser(db, { email: `${name}@x.test`, name, passwordHash: "x", organisationId, role: "editor" }));
  const hub = new FakeHub();
  const busA = hub.bus();
  const busB = hub.bus();
  const roomA = new Room(scorecardId, store, new GroupCommit(store), { checkpointEvery: options.checkpointEvery ?? 1000, bus: busA });
  roomA.load();
  const roomB = new Room(scorecardId, store, new GroupCommit(store), { checkpointEvery: options.checkpointEvery ?? 1000, bus: busB });
  roomB.load();
  const a = fakeConnection(scorecardId, u1);
  const b = fakeConnection(scorecardId, u2);
  roomA.addConnection(a.connection);
  roomB.addConnection(b.connection);
  return { db, store, scorecardId, hub, busA, busB, roomA, roomB, a, b, u1, u2 };
}

const updatesPublished = (bus: { published: { message: BusMessage }[] }) => bus.published.filter((entry) => entry.message.kind === "update");

describe("Room with other processes ([SYNC16]–[SYNC20])", () => {
  it("[SYNC17] publishes a client's update only after it is stored, with its sequence number and user", () => {
    const { store, scorecardId, busA, roomA, a, u1 } = twoProcesses();
    const storedWhenPublished: number[] = [];
    const publish = busA.publish;
    busA.publish = (id, message) => {
      if (message.kind === "update") storedWhenPublished.push(store.head(id)?.seq ?? 0);
      publish(id, message);
    };

    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "hallo"))));
    expect(updatesPublished(busA)).toHaveLength(0); // waits for the group commit
    roomA.settle();

    const [published] = updatesPublished(busA);
    expect(published.message).toMatchObject({ kind: "update", seq: store.head(scorecardId)!.seq, userId: u1 });
    expect(storedWhenPublished).toEqual([store.head(scorecardId)!.seq]);
  });

  it("[SYNC17] relays another process's update to its connections, but never stores or publishes it again", () => {
    const { store, scorecardId, busB, roomA, roomB, a, b } = twoProcesses();
    const before = store.count(scorecardId);

    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "von A"))));
    roomA.settle();

    expect(roomB.doc.getText("t").toString()).toBe("von A");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("von A");
    expect(roomB.lastSeq).toBe(store.head(scorecardId)!.seq);
    roomB.settle();
    expect(store.count(scorecardId)).toBe(before + 1);
    expect(updatesPublished(busB)).toHaveLength(0);
  });

  it("[SYNC17] applies another process's update with a lower sequence number without lowering lastSeq", () => {
    const { roomB } = twoProcesses();
    const source = new Y.Doc();
    source.getText("t").insert(0, "spät");
    roomB.receiveRemote({ kind: "update", seq: 50, userId: null, update: Y.encodeStateAsUpdate(source) });
    const later = new Y.Doc();
    later.getText("u").insert(0, "früh");
    roomB.receiveRemote({ kind: "update", seq: 40, userId: null, update: Y.encodeStateAsUpdate(later) });
    expect(roomB.lastSeq).toBe(50);
    expect(roomB.doc.getText("u").toString()).toBe("früh");
  });

  it("[SYNC15] learns the owners of client ids from another process's update", () => {
    const { roomA, roomB, a, b } = twoProcesses();
    const clientOfA = 4242;
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "A"), clientOfA)));
    roomA.settle();

    // The editor on B writes under A's client id: refused there as it would be on A.
    const forged = editOf(roomB, (doc) => doc.getText("t").insert(1, "B"), clientOfA);
    expect(() => roomB.receive(b.connection, updateMessage(forged))).toThrow(RefusedUpdateError);
  });

  it("[SYNC10] publishes a server-made change after storing it", () => {
    const { store, scorecardId, busA, roomA, b } = twoProcesses();
    roomA.applyServerChange(null, (doc) => doc.getText("t").insert(0, "Wiederhergestellt"));
    expect(updatesPublished(busA)).toHaveLength(1);
    expect(store.count(scorecardId)).toBe(1);
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("Wiederhergestellt");
  });

  it("[SYNC19] carries awareness across processes, removals included, and never publishes what came from the bus", () => {
    const { busB, roomA, roomB, a, b } = twoProcesses();
    const own = new Awareness(new Y.Doc());
    own.setLocalState({ user: { name: "Sabine" } });
    roomA.receive(a.connection, awarenessMessage(own));

    expect(roomB.awareness.getStates().get(own.clientID)).toEqual({ user: { name: "Sabine" } });
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
    expect(roomB.awareness.getStates().has(own.clientID)).toBe(false);
  });

  it("[SYNC19] a room that loads asks the others for their connections' awareness", () => {
    const { store, scorecardId, hub, roomA, a } = twoProcesses();
    const own = new Awareness(new Y.Doc());
    own.setLocalState({ user: { name: "Sabine" } });
    roomA.receive(a.connection, awarenessMessage(own));
    const late = new Room(scorecardId, store, new GroupCommit(store), { checkpointEvery: 1000, bus: hub.bus() });
    late.load();
    expect(late.awareness.getStates().get(own.clientID)).toEqual({ user: { name: "Sabine" } });
  });

  it("[SYNC18] applies what arrives from the bus while the room loads, after the load", () => {
    const { store, scorecardId, hub } = twoProcesses();
    const sender = hub.bus();
    const receiver = hub.bus();
    const remote = new Y.Doc();
    remote.getText("t").insert(0, "während des Ladens");
    const seen: BusMessage["kind"][] = [];
    const subscribe = receiver.subscribe;
    receiver.subscribe = (id, handler) => subscribe(id, (message) => (seen.push(message.kind), handler(message)));
    // Another process stores and publishes right after this room read the store, before it finished loading.
    const racingStore: DocUpdateStore = {
      ...store,
      load(id) {
        const loaded = store.load(id);
        const seq = store.append(id, Y.encodeStateAsUpdate(remote), null);
        sender.publish(id, { kind: "update", seq, userId: null, update: Y.encodeStateAsUpdate(remote) });
        return loaded;
      },
    };
    const loading = new Room(scorecardId, racingStore, new GroupCommit(racingStore), { checkpointEvery: 1000, bus: receiver });
    loading.load();

    expect(seen).toContain("update");
    expect(loading.doc.getText("t").toString()).toBe("während des Ladens");
    expect(loading.lastSeq).toBe(store.head(scorecardId)!.seq);
    expect(store.count(scorecardId)).toBe(1);
  });

  it("[SYNC22] catches up from storage with what was lost while the bus was down, and relays only that", () => {
    const { store, scorecardId, hub, busA, roomA, roomB, a, b } = twoProcesses();
    hub.hold = true;
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "verloren"))));
    roomA.settle();
    hub.drop();
    expect(roomB.doc.getText("t").toString()).toBe("");

    // A, back on the bus, asks the others to read what they missed.
    busA.publish(scorecardId, { kind: "catchUp" });
    expect(roomB.doc.getText("t").toString()).toBe("verloren");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("verloren");
    expect(roomB.lastSeq).toBe(store.head(scorecardId)!.seq);
    const sentBefore = b.sent.length;
    roomB.catchUp(); // nothing new: nothing relayed
    expect(b.sent.length).toBe(sentBefore);
    roomB.settle();
    expect(store.count(scorecardId)).toBe(1);
  });

  it("[SYNC17] stores and publishes content of its own client that waited for another process's update", () => {
    const { store, scorecardId, hub, roomA, roomB, a, b } = twoProcesses();
    hub.hold = true; // A's message is still on its way when B's editor builds on it
    const ofA = editOf(roomA, (doc) => doc.getText("t").insert(0, "ab"));
    roomA.receive(a.connection, updateMessage(ofA));
    roomA.settle();
    roomB.receive(b.connection, updateMessage(editOf(roomA, (doc) => (doc.getText("t").delete(0, 1), doc.getText("t").insert(2, "c")))));
    roomB.settle();
    expect(roomB.doc.getText("t").toString()).toBe("");

    hub.release();
    roomB.settle();
    expect(roomB.doc.getText("t").toString()).toBe("bc");
    expect(receivedDoc(b.sent).getText("t").toString()).toBe("bc");
    expect(roomA.doc.getText("t").toString()).toBe("bc");
    const copyOfA = receivedDoc(a.sent);
    Y.applyUpdate(copyOfA, ofA);
    expect(copyOfA.getText("t").toString()).toBe("bc");
    const stored = new Y.Doc();
    for (const update of store.load(scorecardId).updates) Y.applyUpdate(stored, update);
    expect(stored.getText("t").toString()).toBe("bc");
  });

  it("[SYNC25] relays another process's notice as it is to the connections that declared an editor schema, and to no plain client", () => {
    const { db, scorecardId, busA, roomB, b, u2 } = twoProcesses();
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
    expect(createDocUpdateStore(db).count(scorecardId)).toBe(0);
  });

  it("[SYNC20] builds a checkpoint from storage, including an update whose message has not arrived yet", () => {
    const { store, scorecardId, hub, roomA, roomB, a, b } = twoProcesses({ checkpointEvery: 1 });
    roomB.receive(b.connection, updateMessage(editOf(roomB, (doc) => doc.getText("u").insert(0, "von B"))));
    roomB.settle();
    hub.hold = true; // A's message is still on its way
    roomA.receive(a.connection, updateMessage(editOf(roomA, (doc) => doc.getText("t").insert(0, "unterwegs"))));
    roomA.settle();
    expect(roomB.doc.getText("t").toString()).toBe("");

    roomB.checkpointIfDue();
    const stored = store.load(scorecardId);
    expect(stored.checkpointSeq).toBe(store.head(scorecardId)!.seq);
    const fromCheckpoint = new Y.Doc();
    Y.applyUpdate(fromCheckpoint, stored.checkpoint!);
    expect(fromCheckpoint.getText("t").toString()).toBe("unterwegs");
    expect(fromCheckpoint.getText("u").toString()).toBe("von B");
    hub.release();
    expect(roomB.doc.getText("t").toString()).toBe("unterwegs");
  });
});
