import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import { Connection } from "./Connection";
import type { InstanceBus } from "./InstanceBus";
import { awarenessClients, BadMessageError, encodeAwarenessMessage } from "./messages";

/** Origin of what another server process published: relayed here, never published again ([SYNC19]). */
export const REMOTE_ORIGIN = Symbol("remote");
/** Origin of the awareness removals of a connection that closed; published like the connection's own changes. */
const CONNECTION_CLOSED = Symbol("connection closed");

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The presence and carets of one room's editors, on this process and, through the bus,
 * on the others ([SYNC19]). It lives on a stand-in document of its own: the room replaces
 * its document after a refused update, and awareness holding the old one would keep it
 * alive for as long as the room is loaded.
 */
export class RoomAwareness {
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());

  constructor(
    private readonly scorecardId: string,
    private readonly connections: ReadonlySet<Connection>,
    private readonly bus: InstanceBus | undefined,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null);
  }

  /** Starts relaying changes, and asks the other processes for their editors' states. */
  start(): void {
    this.awareness.on("update", (changes: AwarenessChanges, origin: unknown) => this.relay(changes, origin));
    // The carets of editors on other processes appear at once, not at their next renewal.
    this.bus?.publish(this.scorecardId, { kind: "awarenessQuery" });
  }

  /** Every known state, for a connection that just joined or asked. */
  allStates(): Uint8Array | null {
    const clients = Array.from(this.awareness.getStates().keys());
    return clients.length > 0 ? encodeAwarenessMessage(this.awareness, clients) : null;
  }

  /** Applies a connection's awareness update; nobody may speak for another connection's carets or presence. */
  receive(connection: Connection, update: Uint8Array): void {
    const clients = awarenessClients(update);
    for (const other of this.connections) {
      if (other !== connection && clients.some((client) => other.awarenessIds.has(client))) return;
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
    } catch (error) {
      throw new BadMessageError(`malformed awareness update: ${(error as Error).message}`);
    }
  }

  /** Removes the states a closed connection announced. */
  removeConnection(connection: Connection): void {
    awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(connection.awarenessIds), CONNECTION_CLOSED);
  }

  /** Applies another process's awareness update. */
  receiveRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** Answers another process's question with this process's own editors' states. */
  answerQuery(): void {
    const own: number[] = [];
    for (const connection of this.connections) for (const id of connection.awarenessIds) if (this.awareness.getStates().has(id)) own.push(id);
    if (own.length > 0) this.bus?.publish(this.scorecardId, { kind: "awareness", update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, own) });
  }

  /** Ends the awareness timer and frees the stand-in document. */
  destroy(): void {
    this.awareness.destroy();
    this.awareness.doc.destroy();
  }

  private relay({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    if (origin instanceof Connection) {
      for (const id of added) origin.awarenessIds.add(id);
      for (const id of removed) origin.awarenessIds.delete(id);
    }
    const changed = added.concat(updated, removed);
    const message = encodeAwarenessMessage(this.awareness, changed);
    for (const connection of this.connections) if (connection !== origin) connection.send(message);
    // Only what this process's connections announced goes out; other processes' states came
    // from the bus, and the awareness timeout each process runs by itself ([SYNC19]).
    if (origin instanceof Connection || origin === CONNECTION_CLOSED) {
      this.bus?.publish(this.scorecardId, { kind: "awareness", update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed) });
    }
  }
}
