import * as Y from "yjs";
import { changesComments } from "../../shared/document/comments";
import { findUpdateProblem, TOO_MUCH_WAITING } from "./updateCheck";
import type { DocUpdateLog } from "../persistence/docUpdateLog";
import type { StoredDocument } from "../persistence/docUpdates";
import { Connection, encodeAccessMessage } from "./Connection";
import type { BusMessage } from "./InstanceBus";
import { RoomCommit } from "./RoomCommit";
import type { RoomOptions } from "./RoomOptions";
import { RoomAwareness, REMOTE_ORIGIN } from "./RoomAwareness";
import { UpdateGuard } from "./UpdateGuard";
import { PauseQueue } from "./PauseQueue";
import { BadMessageError, DocumentTooLargeError, encodeSyncStep1, encodeUpdateMessage, RefusedUpdateError, StorageFailedError } from "./messages";
import { receiveBusMessage, receiveMessage } from "./MessageReceiver";
import { applyStored, storedState } from "./storedState";

const LOAD_ORIGIN = Symbol("load");

/** Origin of a change the server makes on a user's behalf (a restore), attributed to that user. */
export class ServerChange {
  /** @param userId - the user on whose behalf the change is made */
  constructor(readonly userId: string | null) {}
}

/** What Yjs emits while an update applies, held back until the whole update applied; `check`: a client's, checked ([SYNC15]). */
interface Capture {
  parts: Uint8Array[];
  check: boolean;
  refusal: string | null;
}

/**
 * One loaded scorecard document and the connections editing it. Every change, from a
 * client or from the server, goes through `doc`'s update event, which stores the update
 * and only then relays it (server/sync/SPEC.md, [SYNC1]). While the document loads or
 * reloads from storage, the room is paused: connections' and other processes' messages wait
 * and are handled in order afterwards.
 */
export class Room {
  /** The live document; replaced by a fresh copy from storage if an update fails half-way. */
  doc = new Y.Doc();
  readonly connections = new Set<Connection>();
  readonly presence: RoomAwareness;
  readonly commit: RoomCommit;
  /** Sequence number of the newest stored update the document contains. */
  lastSeq = 0;
  private updatesSinceCheckpoint = 0;
  private capture: Capture | null = null;
  private readonly guard: UpdateGuard;
  /** The whole document, encoded, until the next transaction; see `stateAfter`. */
  private encodedState: Uint8Array | null = null;
  /** Messages that arrive while the room loads or reloads wait here, in order. */
  private readonly queue = new PauseQueue();
  private unsubscribe: (() => void) | null = null;
  private destroyed = false;

  constructor(
    readonly scorecardId: string,
    private readonly log: DocUpdateLog,
    private readonly options: RoomOptions<Room>,
  ) {
    this.presence = new RoomAwareness(scorecardId, this.connections, options.bus);
    this.guard = new UpdateGuard(options.maxDocumentBytes);
    this.commit = new RoomCommit(
      scorecardId,
      log,
      {
        onFailed: (error) => this.options.onStorageFailed?.(this, error),
        onBatchStored: () => this.options.onStored?.(this),
        onCallbackError: (error) => (this.options.onCallbackError ?? console.error)(error),
      },
      options.retry,
    );
  }

  /** Whether the document is loaded and no reload is running. */
  get ready(): boolean {
    return this.queue.open && !this.destroyed;
  }

  /**
   * Loads the document: subscribed to other processes' messages first, so nothing stored
   * after the read is missed ([SYNC18]); what arrives meanwhile waits and is applied on top.
   */
  async load(): Promise<void> {
    this.unsubscribe = this.options.bus?.subscribe(this.scorecardId, (message) => this.receiveRemote(message)) ?? null;
    const [stored, owners] = await Promise.all([this.log.load(this.scorecardId), this.log.clientOwners(this.scorecardId)]);
    if (this.destroyed) return;
    this.install(stored, owners);
    this.presence.start();
    this.queue.resume();
  }

  /** Adds a connection and starts the sync handshake with it. */
  addConnection(connection: Connection): void {
    this.connections.add(connection);
    if (connection.extended) connection.send(encodeAccessMessage(connection.access));
    connection.send(encodeSyncStep1(this.doc));
    const states = this.presence.allStates();
    if (states) connection.send(states);
  }

  /** Removes a connection and the awareness states (carets, presence) it announced. */
  removeConnection(connection: Connection): void {
    if (this.connections.delete(connection)) this.presence.removeConnection(connection);
  }

  /** Handles one message from a connection, in order; a bad one goes to `onMessageError`. */
  receive(connection: Connection, message: Uint8Array): void {
    this.queue.run(() => {
      if (!this.connections.has(connection)) return;
      try {
        receiveMessage(this, connection, message);
      } catch (error) {
        this.options.onMessageError?.(connection, error as Error);
      }
    });
  }

  /** Handles a message another server process published about this scorecard ([SYNC17], [SYNC19]). */
  receiveRemote(message: BusMessage): void {
    this.queue.run(() => {
      try {
        receiveBusMessage(this, message);
      } catch (error) {
        this.options.onRemoteError?.(this, error as Error);
      }
    });
  }

  /** Sends a server message to every connection that declared an editor schema ([SYNC25]). */
  sendNotice(message: Uint8Array): void {
    for (const connection of this.connections) if (connection.extended) connection.send(message);
  }

  /**
   * Applies everything stored for the scorecard, for when messages of other processes may
   * have been lost (the bus was down). Only what the document lacks is applied and relayed.
   */
  async catchUp(): Promise<void> {
    const [stored, owners] = await Promise.all([this.log.load(this.scorecardId), this.log.clientOwners(this.scorecardId)]);
    this.queue.run(() => {
      this.guard.learnOwners(owners);
      this.applyRemote(stored.checkpoint ? [stored.checkpoint, ...stored.updates] : stored.updates, null, stored.lastSeq);
    });
  }

  /**
   * Runs `read` at a moment the room is loaded and all its document is stored, so what it
   * reads may be shown to others ([SYNC1]).
   * @throws StorageFailedError when storing failed
   */
  readStored<T>(read: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.run(() => {
        this.commit.settledThen(() => (this.ready ? { value: read() } : null)).then((result) => (result ? resolve(result.value) : this.readStored(read).then(resolve, reject)), reject);
      });
    });
  }

  /**
   * Makes a change on the server, e.g. a restore, as one transaction attributed to a user,
   * stored and relayed to every connection like a client's change ([SYNC10]); resolves once
   * it is stored. A change that throws is undone: nothing of it is stored or relayed, the
   * room reloads from storage, and the change's own error is rethrown.
   * @throws StorageFailedError when the change could not be stored; the room must be unloaded
   */
  async applyServerChange(userId: string | null, change: (doc: Y.Doc) => void): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      if (this.destroyed) reject(new StorageFailedError("the room was unloaded"));
      else this.queue.run(resolve);
    });
    const origin = new ServerChange(userId);
    const capture: Capture = (this.capture = { parts: [], check: false, refusal: null });
    try {
      this.doc.transact(() => change(this.doc), origin);
    } catch (error) {
      this.capture = null;
      await this.reload();
      throw error;
    } finally {
      this.capture = null;
    }
    for (const part of capture.parts) this.storeAndRelay(part, origin, true);
    await this.commit.settledThen(() => undefined);
  }

  /** Writes a checkpoint when enough updates came in since the last one ([SYNC20] with other processes: built from storage). */
  async checkpointIfDue(): Promise<void> {
    if (this.updatesSinceCheckpoint < this.options.checkpointEvery || this.lastSeq === 0) return;
    this.updatesSinceCheckpoint = 0;
    if (this.options.bus) {
      const { state, upToSeq } = await storedState(this.log, this.scorecardId);
      if (upToSeq > 0) await this.log.writeCheckpoint(this.scorecardId, upToSeq, state);
    } else {
      await this.log.writeCheckpoint(this.scorecardId, this.lastSeq, Y.encodeStateAsUpdate(this.doc));
    }
  }

  /** Frees the document and the awareness timer, and leaves the bus. */
  destroy(): void {
    this.destroyed = true;
    this.queue.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.presence.destroy();
    this.doc.destroy();
  }

  /** What a client with this state vector lacks; a new client gets the whole document, encoded once per change. */
  stateAfter(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size > 0) return Y.encodeStateAsUpdate(this.doc, stateVector);
    this.encodedState ??= Y.encodeStateAsUpdate(this.doc);
    return this.encodedState;
  }

  /** Hands the room's KPI query on. */
  queryKpis(connection: Connection, periods: string[]): void {
    this.options.onKpiQuery?.(connection, periods);
  }

  /**
   * Checks, applies, stores and relays a client's decoded update ([SYNC4], [SYNC15]).
   * Content that waited in the document for predecessors integrates together with the
   * update that brings them, and Yjs emits both as one update: the sender lacks the part
   * that waited, so it gets that update back too. When the two together are refused, the
   * update is tried once more on the reloaded document, without what waited: one editor's
   * waiting content must not get another editor's honest change refused.
   */
  applyClientUpdate(connection: Connection, update: Uint8Array): void {
    // Checked before applying: content waiting for its predecessors would slip past a check of what the apply integrated.
    const foreign = this.guard.foreignClient(this.doc, update, connection.userId);
    if (foreign) throw new RefusedUpdateError(`document update refused: ${foreign}`);
    const resolvesWaiting = this.hasWaitingContent();
    // Yjs emits what it integrated before it notices a broken tail and throws, so nothing
    // is stored or relayed until the whole update has applied.
    const capture: Capture = (this.capture = { parts: [], check: true, refusal: null });
    try {
      Y.applyUpdate(this.doc, update, connection);
      if (capture.refusal) throw new RefusedUpdateError(`document update refused: ${capture.refusal}`);
      this.guard.checkSize(this.doc, capture.parts);
    } catch (error) {
      this.capture = null;
      // The in-memory document may hold part of the update that nobody stored or saw: start
      // again from storage plus what still waits to be stored. Too much waiting is the
      // sender's own doing; anything else may come from what waited.
      const retry = resolvesWaiting && capture.refusal !== TOO_MUCH_WAITING;
      void this.reload(retry ? () => this.receiveUpdateAgain(connection, update) : undefined);
      if (retry) return;
      if (error instanceof RefusedUpdateError || error instanceof DocumentTooLargeError) throw error;
      throw new BadMessageError(`document update failed to apply: ${(error as Error).message}`);
    } finally {
      this.capture = null;
    }
    for (const part of capture.parts) this.storeAndRelay(part, connection, resolvesWaiting);
  }

  private receiveUpdateAgain(connection: Connection, update: Uint8Array): void {
    if (!this.connections.has(connection)) return;
    try {
      this.applyClientUpdate(connection, update);
    } catch (error) {
      this.options.onMessageError?.(connection, error as Error);
    }
  }

  /**
   * Replaces the document with a fresh copy from storage plus what waits to be stored, after
   * an update failed half-way or was refused. The room is paused meanwhile.
   * @param first - runs first once the copy is in place (the update to try again)
   */
  private async reload(first?: () => void): Promise<void> {
    const running = this.queue.paused;
    this.queue.pause(first);
    if (running) return;
    try {
      const [stored, owners] = await Promise.all([this.log.load(this.scorecardId), this.log.clientOwners(this.scorecardId)]);
      if (this.destroyed) return;
      const old = this.doc;
      this.doc = new Y.Doc();
      this.install(stored, owners);
      old.destroy();
      this.queue.resume();
    } catch (error) {
      this.options.onStorageFailed?.(this, error as Error);
    }
  }

  /** Builds the document from what storage holds plus what still waits to be stored. */
  private install(stored: StoredDocument, owners: Map<number, string | null>): void {
    const doc = this.doc;
    // An update of the batch in flight may be in storage already; applied twice, it counts once.
    const waiting = this.commit.unstored;
    applyStored(
      doc,
      stored,
      waiting.map((entry) => entry.update),
      LOAD_ORIGIN,
    );
    this.encodedState = null;
    this.lastSeq = Math.max(this.lastSeq, stored.lastSeq);
    this.updatesSinceCheckpoint = stored.updates.length + waiting.length;
    // The parts' sizes bound the document's encoded size without encoding it on every cold load.
    const parts = [...stored.updates, ...waiting.map((entry) => entry.update)];
    this.guard.reset(
      owners,
      parts.reduce((sum, update) => sum + update.byteLength, stored.checkpoint?.byteLength ?? 0),
    );
    for (const { update, userId } of waiting) this.guard.noteWritten(update, userId);
    doc.on("update", (update: Uint8Array, origin: unknown) => this.handleDocUpdate(update, origin));
    doc.on("afterTransaction", (transaction: Y.Transaction) => this.handleAfterTransaction(transaction));
  }

  private hasWaitingContent(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  /** Applies stored updates as one transaction, so Yjs emits (and the room relays) once. */
  applyRemote(updates: Uint8Array[], userId: string | null, seq: number): void {
    // The storing process made the user the owner of the ids first written here ([SYNC15]).
    for (const update of updates) this.guard.noteWritten(update, userId);
    // Content a client of this process sent that waited for what the other process stored
    // integrates now: stored and published as this process's own change.
    const origin = this.hasWaitingContent() ? new ServerChange(userId) : REMOTE_ORIGIN;
    try {
      this.doc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.doc, update);
      }, origin);
    } catch (error) {
      // Storage is what everyone agrees with; a document that took half of it starts again from there.
      void this.reload();
      this.options.onRemoteError?.(this, error as Error);
      return;
    }
    this.updatesSinceCheckpoint += updates.length;
    for (const update of updates) this.guard.grow(update.byteLength);
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  private handleAfterTransaction(transaction: Y.Transaction): void {
    this.encodedState = null;
    // Yjs may open follow-up transactions (origin null) while it applies a client's update;
    // they belong to that update and are checked and held back with it.
    const capture = this.capture;
    if (!capture?.check || capture.refusal) return;
    // Comments are written only by the server, on behalf of the authenticated user ([SYNC14]).
    if (changesComments(transaction)) capture.refusal = "changes comments, which only the server writes";
    // What no editor could show or would "repair" on its own is refused too ([SYNC15]).
    else capture.refusal = findUpdateProblem(transaction);
  }

  private handleDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      // Stored by the process that published it; Yjs emits only what this copy lacked.
      const message = encodeUpdateMessage(update);
      for (const connection of this.connections) connection.send(message);
      return;
    }
    if (this.capture) this.capture.parts.push(update);
    else this.storeAndRelay(update, origin);
  }

  /** @param echo - relay to the sending connection too (its update let waiting content integrate) */
  private storeAndRelay(update: Uint8Array, origin: unknown, echo = false): void {
    const userId = origin instanceof Connection || origin instanceof ServerChange ? origin.userId : null;
    // The store makes the user the owner of the ids first written here; so does the room, at once, for the next update's check.
    const newClients = this.guard.noteWritten(update, userId);
    this.updatesSinceCheckpoint += 1;
    // Stored before anyone else sees it: a crash can only lose what nobody has seen.
    this.commit.add({
      update,
      userId,
      newClients,
      stored: (seq) => {
        this.lastSeq = Math.max(this.lastSeq, seq);
        const message = encodeUpdateMessage(update);
        for (const connection of this.connections) if (echo || connection !== origin) connection.send(message);
        // Published only once stored: whatever another process's client sees is stored ([SYNC17]).
        this.options.bus?.publish(this.scorecardId, { kind: "update", seq, userId, update });
      },
    });
  }
}
