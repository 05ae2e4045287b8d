import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "../../shared/protocol/messages";
import { showsSaveState, trackSaves, type SaveState } from "./saveTracker";

/** The part of y-websocket's provider the tracker uses, driven by the test. */
interface FakeProvider {
  messageHandlers: ((encoder: encoding.Encoder, decoder: decoding.Decoder) => void)[];
  ws: { readyState: number; OPEN: number; send(message: Uint8Array): void } | null;
  wsconnected: boolean;
  synced: boolean;
  /** The sequence numbers of the save queries sent. */
  queries: number[];
  on(event: string, handler: (arg: unknown) => void): void;
  off(event: string, handler: (arg: unknown) => void): void;
  emit(event: string, arg: unknown): void;
}

function fakeProvider(): FakeProvider {
  const handlers = new Map<string, Set<(arg: unknown) => void>>();
  const provider: FakeProvider = {
    messageHandlers: [],
    ws: null,
    wsconnected: false,
    synced: false,
    queries: [],
    on: (event, handler) => void handlers.set(event, (handlers.get(event) ?? new Set()).add(handler)),
    off: (event, handler) => void handlers.get(event)?.delete(handler),
    emit: (event, arg) => handlers.get(event)?.forEach((handler) => handler(arg)),
  };
  return provider;
}

/** The socket opens and the first sync completes, as after a reconnect. */
function connectAndSync(provider: FakeProvider): void {
  provider.ws = {
    readyState: 1,
    OPEN: 1,
    send(message) {
      const decoder = decoding.createDecoder(message);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.saveQuery);
      provider.queries.push(decoding.readVarUint(decoder));
    },
  };
  provider.wsconnected = true;
  provider.emit("status", { status: "connected" });
  provider.synced = true;
  provider.emit("sync", true);
}

/** The server answers `saved` with a sequence number. */
function serverConfirms(provider: FakeProvider, sequence: number): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, sequence);
  provider.messageHandlers[MessageType.saved](encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(encoder)));
}

function track(doc: Y.Doc, provider: FakeProvider): SaveState[] {
  const states: SaveState[] = [];
  trackSaves(doc, provider as unknown as WebsocketProvider, (state) => states.push(state));
  return states;
}

describe("trackSaves", () => {
  it("[SYNC2] keeps an offline start with a restored copy unsaved until the server confirms a query sent after the sync", () => {
    const doc = new Y.Doc();
    const provider = fakeProvider();
    const states = track(doc, provider);
    // The offline copy is read and the user types, all without network.
    const copy = new Y.Doc();
    copy.getText("text").insert(0, "offline getippt");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy), "offline copy");
    doc.getText("text").insert(0, "und mehr ");
    expect(states).toEqual(["unsaved"]);
    expect(provider.queries).toEqual([]);

    connectAndSync(provider);
    expect(states.at(-1)).toBe("saving");
    expect(provider.queries).toHaveLength(1);
    // An answer to an older query does not cover what was sent since.
    serverConfirms(provider, provider.queries[0] - 1);
    expect(states.at(-1)).toBe("saving");
    serverConfirms(provider, provider.queries[0]);
    expect(states.at(-1)).toBe("saved");
  });

  it("says unsaved, not saved, when the connection drops before the server confirmed a change", () => {
    const doc = new Y.Doc();
    const provider = fakeProvider();
    const states = track(doc, provider);
    connectAndSync(provider);
    serverConfirms(provider, provider.queries.at(-1)!);
    expect(states.at(-1)).toBe("saved");

    doc.getText("text").insert(0, "x");
    expect(states.at(-1)).toBe("saving");
    provider.wsconnected = false;
    provider.synced = false;
    provider.ws = null;
    provider.emit("status", { status: "disconnected" });
    expect(states.at(-1)).toBe("unsaved");
  });

  it("does not count the server's own updates as local changes", () => {
    const doc = new Y.Doc();
    const provider = fakeProvider();
    const states = track(doc, provider);
    connectAndSync(provider);
    serverConfirms(provider, provider.queries.at(-1)!);
    doc.transact(() => doc.getText("text").insert(0, "vom Server"), provider);
    expect(states.at(-1)).toBe("saved");
  });
});

describe("showsSaveState", () => {
  it("shows the save state to editors and never to viewers, whose changes the server drops", () => {
    expect(showsSaveState("edit", false)).toBe(true);
    expect(showsSaveState("read", true)).toBe(false);
  });

  it("shows it before the server named the access (an offline reload) while the device holds unconfirmed changes", () => {
    expect(showsSaveState(null, true)).toBe(true);
    expect(showsSaveState(null, false)).toBe(false);
  });
});
