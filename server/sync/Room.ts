import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "../../shared/protocol/messages";
import { KpiQuerySchema } from "../../shared/domain/kpiSnapshot";
import { changesComments } from "../../shared/document/comments";
import { findUpdateProblem, TOO_MUCH_WAITING } from "./updateCheck";
import { writtenClients } from "../persistence/docClients";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { Connection, encodeAccessMessage } from "./Connection";
import type { GroupCommit } from "./GroupCommit";
import type { BusMessage, InstanceBus } from "./InstanceBus";
import { storedState } from "./storedState";

/** Thrown for a message that cannot be decoded; closes only the sending connection. */
export class BadMessageError extends Error {}

/**
 * Thrown for an update that decoded and applied but was refused for what it would do to
 * the document ([SYNC14], [SYNC15]); nothing of it was stored or relayed.
 */
export class RefusedUpdateError extends BadMessageError {}

/** Thrown for an update that would make the document larger than allowed; nothing of it was stored or relayed. */
export class DocumentTooLargeError extends BadMessageError {}

/** Thrown when an update could not be stored; the room must be unloaded. */
export class StorageFailedError extends Error {}

/** Options of a room. */
export interface RoomOptions {
  /** Write a checkpoint on unload after this many new updates. */
  checkpointEvery: number;
  /** Largest document in bytes, encoded; a client's update that would pass it is refused. */
  maxDocumentBytes?: number;
  /** Called with the periods a connection's KPI blocks show. */
  onKpiQuery?(connection: Connection, periods: string[]): void;
  /** Called after updates of the room were stored (and relayed); `lastSeq` is current. */
  onStored?(room: Room): void;
  /** Called when storing the room's updates failed; the room must be unloaded. */
  onStorageFailed?(room: Room, error: Error): void;
  /**
   * The other server processes serving the same scorecards (REDIS_URL). Without it the room
   * is the only copy of its document in memory ([SYNC16]).
   */
  bus?: InstanceBus;
  /** Told when applying another process's update failed; the room reloaded from storage. */
  onRemoteError?(room: Room, error: Error): void;
}

const LOAD_ORIGIN = Symbol("load");
/** Origin of what another server process stored and published: applied and relayed, never stored again ([SYNC17]). */
export const REMOTE_ORIGIN = Symbol("remote");
/** Origin of the awareness removals of a connection that closed; published like the connection's own changes. */
const CONNECTION_CLOSED = Symbol("connection closed");

/** Origin of a change the server makes on a user's behalf (a restore), attributed to that user. */
export class ServerChange {
  /** @param userId - the user on whose behalf the change is made */
  constructor(readonly userId: string | null) {}
}

/**
 * One loaded scorecard document and the connections editing it. Every change, from a
 * client or from the server, goes through `doc`'s update event, which stores the update
 * and only then relays it (see server/sync/SPEC.md, [SYNC1]). All document writes of a
 * loaded scorecard must go through its room.
 */
export class Room {
  /** The live document; replaced by a fresh copy from storage if an update fails half-way. */
  doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Sequence number of the newest stored update the document contains. */
  lastSeq = 0;
  private updatesSinceCheckpoint = 0;
  /** While a client's update is applied, what Yjs emits waits here until the apply succeeded. */
  private heldBack: Uint8Array[] | null = null;
  /** Why the client's update being applied must be refused, once that is known. */
  private refusal: string | null = null;
  /** Who owns each client id written under ([SYNC15]); kept equal to the stored owners. */
  private owners = new Map<number, string | null>();
  /** The stored parts' sizes at load plus every update since: never less than the encoded document. */
  private sizeBound = 0;
  /** Why storing the room's updates failed, if it did. */
  private storageError: Error | null = null;
  /** The whole document, encoded, until the next transaction; see `stateAfter`. */
  private encodedState: Uint8Array | null = null;
  /** Whether `onStored` is already due after the current batch. */
  private storedHookDue = false;
  /** Other processes' messages that arrived while the document loaded; applied right after ([SYNC18]). */
  private remoteBuffer: BusMessage[] | null = null;
  /** Removes the room's handler from the bus. */
  private unsubscribe: (() => void) | null = null;

  /**
   * @param scorecardId - the scorecard and room name
   * @param store - the update history
   * @param commit - where the room's updates wait to be stored, shared by all rooms
   * @param options - checkpoint policy and hooks
   */
  constructor(
    readonly scorecardId: string,
    private readonly store: DocUpdateStore,
    private readonly commit: GroupCommit,
    private readonly options: RoomOptions,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null);
  }

  /**
   * Rebuilds the document from the newest checkpoint and the updates after it. Applying
   * updates to a Y.Doc in one transaction is linear; Y.mergeUpdates over long runs of
   * small updates is not.
   */
  load(): void {
    const bus = this.options.bus;
    if (bus) {
      // Subscribed before the store is read, so nothing stored after the read is missed;
      // what arrives meanwhile waits and is applied on top (Yjs ignores what it already has).
      this.remoteBuffer = [];
      this.unsubscribe = bus.subscribe(this.scorecardId, (message) => this.receiveRemote(message));
    }
    try {
      this.loadDocument();
    } catch (error) {
      this.destroy();
      throw error;
    }
    const buffered = this.remoteBuffer ?? [];
    this.remoteBuffer = null;
    for (const message of buffered) this.receiveRemote(message);
    this.awareness.on("update", (changes: AwarenessChanges, origin: unknown) => this.handleAwarenessUpdate(changes, origin));
    // The carets of editors on other processes appear at once, not at their next renewal.
    bus?.publish(this.scorecardId, { kind: "awarenessQuery" });
  }

  private loadDocument(): void {
    const stored = this.store.load(this.scorecardId);
    const doc = this.doc;
    // After a refused update the room reloads while earlier updates still wait to be stored;
    // they belong to the document as everyone has seen or will see it.
    const waiting = this.commit.waitingFor(this.scorecardId);
    doc.transact(() => {
      if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      for (const { update } of waiting) Y.applyUpdate(doc, update);
    }, LOAD_ORIGIN);
    // A history stored before [SYNC15] may hold content waiting for predecessors that never
    // came. It stays invisible either way; dropped here, it is neither sent to editors nor
    // mistaken for pending content of the next client's update.
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    this.encodedState = null;
    this.lastSeq = stored.lastSeq;
    this.updatesSinceCheckpoint = stored.updates.length + waiting.length;
    this.owners = this.store.clientOwners(this.scorecardId);
    for (const { update, userId } of waiting) {
      for (const client of writtenClients(update)) if (!this.owners.has(client)) this.owners.set(client, userId);
    }
    // The parts' sizes bound the document's encoded size, which merges them, without
    // encoding it on every cold load.
    const parts = [...stored.updates, ...waiting.map((entry) => entry.update)];
    this.sizeBound = parts.reduce((sum, update) => sum + update.byteLength, stored.checkpoint?.byteLength ?? 0);
    doc.on("update", (update: Uint8Array, origin: unknown) => this.handleDocUpdate(update, origin));
    doc.on("afterTransaction", (transaction: Y.Transaction) => this.handleAfterTransaction(transaction));
  }

  /** Adds a connection and starts the sync handshake with it. */
  addConnection(connection: Connection): void {
    this.connections.add(connection);
    if (connection.extended) connection.send(encodeAccessMessage(connection.access));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    connection.send(encoding.toUint8Array(encoder));
    const clients = Array.from(this.awareness.getStates().keys());
    if (clients.length > 0) connection.send(encodeAwarenessMessage(this.awareness, clients));
  }

  /** Removes a connection and the awareness states (carets, presence) it announced. */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(connection.awarenessIds), CONNECTION_CLOSED);
  }

  /**
   * Handles a message another server process published about this scorecard ([SYNC17],
   * [SYNC19]). Its updates were checked and stored there: they are applied and relayed to
   * this room's connections, never stored, checked or published again.
   */
  receiveRemote(message: BusMessage): void {
    if (this.remoteBuffer) {
      this.remoteBuffer.push(message);
      return;
    }
    switch (message.kind) {
      case "update":
        this.applyRemote([message.update], message.userId, message.seq);
        break;
      case "awareness":
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, REMOTE_ORIGIN);
        } catch (error) {
          this.options.onRemoteError?.(this, error as Error);
        }
        break;
      case "awarenessQuery": {
        const own = this.localAwarenessIds();
        if (own.length > 0) this.options.bus?.publish(this.scorecardId, { kind: "awareness", update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, own) });
        break;
      }
      case "catchUp":
        this.catchUp();
        break;
      case "notice":
        this.sendNotice(message.message);
        break;
    }
  }

  /**
   * Sends a server message to every connection that declared an editor schema ([SYNC25]);
   * plain y-websocket clients know only the standard messages.
   * @param message - the encoded message, type first
   */
  sendNotice(message: Uint8Array): void {
    for (const connection of this.connections) if (connection.extended) connection.send(message);
  }

  /**
   * Applies everything stored for the scorecard, for when messages of other processes may
   * have been lost (the bus was down). Only what the document lacks is applied and relayed.
   */
  catchUp(): void {
    const stored = this.store.load(this.scorecardId);
    for (const [client, userId] of this.store.clientOwners(this.scorecardId)) if (!this.owners.has(client)) this.owners.set(client, userId);
    const updates = stored.checkpoint ? [stored.checkpoint, ...stored.updates] : stored.updates;
    this.applyRemote(updates, null, stored.lastSeq);
  }

  /**
   * Handles one message from a connection.
   * @throws BadMessageError when the message cannot be decoded
   */
  receive(connection: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        this.receiveSync(connection, decoder);
        break;
      case MessageType.awareness: {
        const update = readVarUint8Array(decoder);
        // Nobody may speak for another connection's carets or presence.
        if (this.claimsForeignAwareness(connection, update)) return;
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
        } catch (error) {
          throw new BadMessageError(`malformed awareness update: ${(error as Error).message}`);
        }
        break;
      }
      case MessageType.queryAwareness:
        connection.send(encodeAwarenessMessage(this.awareness, Array.from(this.awareness.getStates().keys())));
        break;
      case MessageType.saveQuery: {
        const sequence = readVarUint(decoder);
        // Messages are handled in order, so once what waits is stored, everything this
        // connection sent before the query is. Read-only connections get no confirmation:
        // their updates were dropped, and "saved" must never lie.
        if (connection.access !== "edit") break;
        this.commit.flush();
        connection.send(encodeSavedMessage(sequence));
        break;
      }
      case MessageType.kpiQuery: {
        let query: unknown;
        try {
          query = JSON.parse(decoding.readVarString(decoder));
        } catch (error) {
          throw new BadMessageError(`malformed KPI query: ${(error as Error).message}`);
        }
        const parsed = KpiQuerySchema.safeParse(query);
        if (!parsed.success) throw new BadMessageError(`malformed KPI query: ${parsed.error.message}`);
        this.options.onKpiQuery?.(connection, parsed.data.periods);
        break;
      }
      case MessageType.auth:
        break;
      default:
        throw new BadMessageError(`unknown message type ${type}`);
    }
  }

  /**
   * Makes a change on the server, e.g. a restore, as one transaction attributed to a
   * user. It is stored and relayed to every connection like a client's change ([SYNC10]).
   * @throws StorageFailedError when the change could not be stored; the room must be unloaded
   */
  applyServerChange(userId: string | null, change: (doc: Y.Doc) => void): void {
    this.storageError = null;
    try {
      this.doc.transact(() => change(this.doc), new ServerChange(userId));
    } catch (error) {
      throw new StorageFailedError((error as Error).message);
    }
    // The caller goes on with the stored state (a version of it, say).
    this.commit.flush();
    const failure = this.storageError as Error | null; // set by the flush's callback
    if (failure) throw new StorageFailedError(failure.message);
  }

  /** Stores what waits, so `doc` and `lastSeq` agree with storage. */
  settle(): void {
    this.commit.flush();
  }

  /**
   * Writes a checkpoint when enough updates came in since the last one. With other
   * processes writing too, the in-memory document may lack an update stored with a lower
   * sequence number whose message has not arrived yet, so the checkpoint is then built
   * from storage ([SYNC20]).
   */
  checkpointIfDue(): void {
    this.commit.flush();
    if (this.updatesSinceCheckpoint < this.options.checkpointEvery || this.lastSeq === 0) return;
    if (this.options.bus) {
      const { state, upToSeq } = storedState(this.store, this.scorecardId);
      if (upToSeq > 0) this.store.writeCheckpoint(this.scorecardId, upToSeq, state);
    } else {
      this.store.writeCheckpoint(this.scorecardId, this.lastSeq, Y.encodeStateAsUpdate(this.doc));
    }
    this.updatesSinceCheckpoint = 0;
  }

  /** Frees the document and the awareness timer, and leaves the bus. */
  destroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Whether content waits in the document for predecessors it has not received. */
  private hasWaitingContent(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  /** Awareness ids announced by this process's own connections (not other processes'). */
  private localAwarenessIds(): number[] {
    const ids: number[] = [];
    for (const connection of this.connections) for (const id of connection.awarenessIds) if (this.awareness.getStates().has(id)) ids.push(id);
    return ids;
  }

  /** Applies stored updates as one transaction, so Yjs emits (and the room relays) once. */
  private applyRemote(updates: Uint8Array[], userId: string | null, seq: number): void {
    // The storing process made the user the owner of the ids first written here ([SYNC15]).
    for (const update of updates) {
      for (const client of writtenClients(update)) if (!this.owners.has(client)) this.owners.set(client, userId);
    }
    // Content a client of this process sent that waited for what the other process stored
    // integrates now: stored and published as this process's own change, so nobody sees
    // what is not stored.
    const origin = this.hasWaitingContent() ? new ServerChange(userId) : REMOTE_ORIGIN;
    try {
      this.doc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.doc, update);
      }, origin);
    } catch (error) {
      // Storage is what everyone agrees with; a document that took half of it starts again from there.
      this.doc = new Y.Doc();
      this.loadDocument();
      this.options.onRemoteError?.(this, error as Error);
      return;
    }
    this.updatesSinceCheckpoint += updates.length;
    for (const update of updates) this.sizeBound += update.byteLength;
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  private receiveSync(connection: Connection, decoder: decoding.Decoder): void {
    const syncType = readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = readVarUint8Array(decoder);
      // Nobody sees an update before it is stored.
      this.commit.flush();
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      try {
        encoding.writeVarUint8Array(encoder, this.stateAfter(stateVector));
      } catch (error) {
        throw new BadMessageError(`malformed state vector: ${(error as Error).message}`);
      }
      connection.send(encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new BadMessageError(`unknown sync message type ${syncType}`);
    }
    const update = readVarUint8Array(decoder);
    if (connection.access !== "edit") return; // dropped: never applied, stored or relayed
    try {
      // Decoding the whole update first means a truncated or garbled one is refused
      // before any part of it reaches the document.
      Y.decodeUpdate(update);
    } catch (error) {
      throw new BadMessageError(`malformed document update: ${(error as Error).message}`);
    }
    this.applyClientUpdate(connection, update);
  }

  /**
   * Checks, applies, stores and relays a client's decoded update ([SYNC4], [SYNC15]).
   * Content that waited in the document for predecessors integrates together with the
   * update that brings them, and Yjs emits both as one update: the sender lacks the part
   * that waited, so it gets that update back too. When the two together are refused, the
   * update is tried once more on the reloaded document, without what waited: one editor's
   * waiting content must not get another editor's honest change refused.
   */
  private applyClientUpdate(connection: Connection, update: Uint8Array): void {
    // Checked before applying: content waiting for its predecessors would slip past a check
    // of what the apply integrated.
    const foreign = this.foreignClient(update, connection.userId);
    if (foreign) throw new RefusedUpdateError(`document update refused: ${foreign}`);
    const resolvesWaiting = this.hasWaitingContent();
    // Yjs emits what it integrated before it notices a broken tail and throws, so nothing
    // is stored or relayed until the whole update has applied.
    this.heldBack = [];
    this.refusal = null;
    let integrated: Uint8Array[];
    try {
      Y.applyUpdate(this.doc, update, connection);
      if (this.refusal) throw new RefusedUpdateError(`document update refused: ${this.refusal}`);
      this.checkSize(this.heldBack ?? []);
    } catch (error) {
      // The in-memory document may hold part of the update that nobody stored or saw:
      // start again from storage, which every other client agrees with, plus what earlier
      // messages brought and still waits to be stored. The reload drops waiting content.
      // Too much waiting is the sender's own doing; anything else may come from what waited.
      const retry = resolvesWaiting && this.refusal !== TOO_MUCH_WAITING;
      this.heldBack = null;
      this.refusal = null;
      this.doc = new Y.Doc();
      this.loadDocument();
      if (retry) return this.applyClientUpdate(connection, update);
      if (error instanceof RefusedUpdateError || error instanceof DocumentTooLargeError) throw error;
      throw new BadMessageError(`document update failed to apply: ${(error as Error).message}`);
    } finally {
      integrated = this.heldBack ?? [];
      this.heldBack = null;
    }
    for (const part of integrated) this.storeAndRelay(part, connection, resolvesWaiting);
  }

  /**
   * Refuses an update that makes the document larger than allowed. The bound only grows by
   * each update's size; the document is measured (a full encode) only when the bound passes
   * the limit, since deleted content shrinks it again.
   */
  private checkSize(integrated: Uint8Array[]): void {
    const limit = this.options.maxDocumentBytes;
    if (limit === undefined) return;
    for (const part of integrated) this.sizeBound += part.byteLength;
    if (this.sizeBound <= limit) return;
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    if (this.sizeBound > limit) throw new DocumentTooLargeError(`the scorecard would be larger than ${limit} bytes`);
  }

  private claimsForeignAwareness(connection: Connection, update: Uint8Array): boolean {
    let clients: number[];
    try {
      const decoder = decoding.createDecoder(update);
      clients = Array.from({ length: decoding.readVarUint(decoder) }, () => {
        const client = decoding.readVarUint(decoder);
        decoding.readVarUint(decoder); // clock
        decoding.readVarString(decoder); // state
        return client;
      });
    } catch (error) {
      throw new BadMessageError(`malformed awareness update: ${(error as Error).message}`);
    }
    for (const other of this.connections) {
      if (other !== connection && clients.some((client) => other.awarenessIds.has(client))) return true;
    }
    return false;
  }

  /**
   * What a client with this state vector lacks. A new client (empty state vector) gets the
   * whole document, encoded once per change of it: when everyone joins at the start of a
   * talk, every one of them would otherwise cost a full encode.
   */
  private stateAfter(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size > 0) return Y.encodeStateAsUpdate(this.doc, stateVector);
    this.encodedState ??= Y.encodeStateAsUpdate(this.doc);
    return this.encodedState;
  }

  private handleAfterTransaction(transaction: Y.Transaction): void {
    this.encodedState = null;
    // Yjs may open follow-up transactions (origin null) while it applies a client's update;
    // they belong to that update and are checked and held back with it.
    if (!this.heldBack || this.refusal) return;
    // Comments are written only by the server, on behalf of the authenticated user
    // ([SYNC14]); through the socket anyone could forge or delete them.
    if (changesComments(transaction)) this.refusal = "changes comments, which only the server writes";
    // What no editor could show or would "repair" on its own is refused too ([SYNC15]).
    else this.refusal = findUpdateProblem(transaction);
  }

  /**
   * Names a client id under which the update brings new content although it belongs to
   * another user. Each editor writes under its own id and numbers its changes; whoever
   * writes first under an id and number wins everywhere, so content written under someone
   * else's id would silently push out that person's next offline changes, and copies would
   * drift apart for good. Content the document already has may come again from anyone.
   */
  private foreignClient(update: Uint8Array, userId: string): string | null {
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) {
      if (clock <= Y.getState(this.doc.store, client) || !this.owners.has(client)) continue;
      if (this.owners.get(client) !== userId) return `writes under client id ${client}, which belongs to another editor`;
    }
    return null;
  }

  private handleDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      // Stored by the process that published it; Yjs emits only what this copy lacked.
      const message = encodeUpdateMessage(update);
      for (const connection of this.connections) connection.send(message);
      return;
    }
    if (this.heldBack) {
      this.heldBack.push(update);
      return;
    }
    this.storeAndRelay(update, origin);
  }

  /** @param echo - relay to the sending connection too (its update let waiting content integrate) */
  private storeAndRelay(update: Uint8Array, origin: unknown, echo = false): void {
    const userId = origin instanceof Connection || origin instanceof ServerChange ? origin.userId : null;
    // The store makes the user the owner of the ids first written here; so does the room,
    // at once, for the next update's check.
    for (const client of writtenClients(update)) if (!this.owners.has(client)) this.owners.set(client, userId);
    this.updatesSinceCheckpoint += 1;
    // Stored before anyone else sees it: a crash can only lose what nobody has seen.
    this.commit.add({
      scorecardId: this.scorecardId,
      update,
      userId,
      stored: (seq) => {
        this.lastSeq = seq;
        const message = encodeUpdateMessage(update);
        for (const connection of this.connections) if (echo || connection !== origin) connection.send(message);
        // Published only once stored: whatever another process's client sees is stored ([SYNC17]).
        this.options.bus?.publish(this.scorecardId, { kind: "update", seq, userId, update });
        if (this.storedHookDue) return;
        this.storedHookDue = true;
        this.commit.whenStored(() => {
          this.storedHookDue = false;
          this.options.onStored?.(this);
        });
      },
      failed: (error) => {
        if (this.storageError) return; // the room learns it once per batch
        this.storageError = error;
        this.options.onStorageFailed?.(this, error);
      },
    });
  }

  private handleAwarenessUpdate({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
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
      this.options.bus?.publish(this.scorecardId, { kind: "awareness", update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed) });
    }
  }
}

function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

function encodeSavedMessage(sequence: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saved);
  encoding.writeVarUint(encoder, sequence);
  return encoding.toUint8Array(encoder);
}

// lib0 reads past the end without complaint in some paths; these turn that into a bad message.
function readVarUint(decoder: decoding.Decoder): number {
  if (!decoding.hasContent(decoder)) throw new BadMessageError("message ends early");
  try {
    return decoding.readVarUint(decoder);
  } catch (error) {
    throw new BadMessageError((error as Error).message);
  }
}

function readVarUint8Array(decoder: decoding.Decoder): Uint8Array {
  try {
    const length = decoding.readVarUint(decoder);
    if (length > decoder.arr.length - decoder.pos) throw new Error(`length ${length} exceeds the message`);
    return decoding.readUint8Array(decoder, length);
  } catch (error) {
    throw new BadMessageError((error as Error).message);
  }
}
