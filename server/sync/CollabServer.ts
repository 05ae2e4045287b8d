import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { findScorecard } from "../persistence/scorecards";
import { findUserById } from "../persistence/users";
import { endedSessions } from "../auth/sessions";
import { scorecardAccess } from "../auth/permissions";
import { Connection } from "./Connection";
import { BadMessageError, DocumentTooLargeError, RefusedUpdateError, StorageFailedError } from "./messages";
import { Room } from "./Room";
import { RoomRegistry } from "./RoomRegistry";
import { UserConnections } from "./UserConnections";
import type { CollabServerOptions } from "./CollabServerOptions";
import { checkUpgrade, type AllowedUpgrade } from "./upgradeCheck";
import type { InstanceBus } from "./InstanceBus";
import { storedState } from "./storedState";
import { startHeartbeat } from "./heartbeat";
import { clientAddressOfRequest, NO_TRUSTED_PROXIES } from "../http/clientAddress";
import { Limits } from "../../shared/limits";

export type { CollabServerOptions };

/** A document's state with the last stored update it contains. */
export interface DocumentState {
  /** `Y.encodeStateAsUpdate` of the whole document. */
  state: Uint8Array;
  /** Sequence number of the newest stored update it contains (0 when none). */
  upToSeq: number;
}

/** The collaboration endpoint `/collab/<scorecardId>` and its rooms. */
export interface CollabServer {
  /** Handles an HTTP upgrade request; refuses it with an HTTP status when not allowed. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the connections opened with any of these sessions (logout, password change). */
  closeSessions(sessionIds: string[]): void;
  /** Re-checks a user's open connections after their rights changed: closes or downgrades them. */
  refreshUser(userId: string): Promise<void>;
  /**
   * A copy of a scorecard's document as stored, for reading (exports, the measures API):
   * everything anyone has seen, since nothing is relayed before it is stored ([SYNC1]).
   * Changes to the copy go nowhere.
   */
  readDocument(scorecardId: string): Promise<Y.Doc>;
  /** The stored state of a scorecard's document and how far into its history it reaches ([SYNC20]). */
  documentState(scorecardId: string): Promise<DocumentState>;
  /**
   * Changes a scorecard's document on the server as one transaction attributed to a user,
   * through its room (loaded for the change if needed), so the change is stored and reaches
   * every open connection ([SYNC10]); resolves once it is stored. A change that throws
   * changes nothing, and its error is passed on.
   */
  change(scorecardId: string, userId: string | null, change: (doc: Y.Doc) => void): Promise<void>;
  /**
   * Sends a server message to every connection to a scorecard that understands Steuerrad's
   * own messages, on every process ([SYNC25]); a scorecard nobody has open gets nothing.
   * @example collab.notify(scorecardId, encodeTalkChanged({ talkId, revision }))
   */
  notify(scorecardId: string, message: Uint8Array): void;
  /** Closes every connection to a scorecard (it was deleted) and unloads it. */
  closeScorecard(scorecardId: string): void;
  /** Closes the connections whose session expired or ended (also runs every minute by itself). */
  checkSessions(): Promise<void>;
  /** Open rooms and connections, for health and tests. */
  stats(): { rooms: number; connections: number; redis?: "ok" | "unavailable" };
  /** Closes every connection (clients reconnect elsewhere or later) and unloads every room once its updates are stored. */
  close(): Promise<void>;
}

/**
 * Creates the collaboration server. It speaks the y-websocket protocol (sync and
 * awareness) plus Steuerrad's own messages; see server/sync/SPEC.md. The jobs are split the
 * way Hocuspocus splits them: `upgradeCheck` (who may connect), `UserConnections` (the limit
 * per user), `RoomRegistry` (load and unload), `MessageReceiver` (one message), `Room` (the
 * document and its relaying), `RoomCommit` (storing), `RoomAwareness` and `InstanceBus`.
 * @param options - settings
 * @returns the server, to be attached to the HTTP server's `upgrade` event
 */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  return new CollabEndpoint(options);
}

/** The server's connections and rooms, and what the rest of the server asks of them. */
class CollabEndpoint implements CollabServer {
  // Messages between the limit and the hard cap are read and refused with a clear code;
  // beyond the cap ws itself closes the socket (1009) without buffering it.
  private readonly wss: WebSocketServer;
  private readonly users: UserConnections;
  private readonly rooms: RoomRegistry;
  private readonly sessionTimer: NodeJS.Timeout;
  private readonly heartbeat: { stop(): void };
  /** For the log line of a connection the heartbeat closes. */
  private readonly connectionOf = new WeakMap<WebSocket, Connection>();
  private closing = false;

  constructor(private readonly options: CollabServerOptions) {
    const { bus, logger } = options;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes * 2 });
    this.users = new UserConnections(options.maxConnectionsPerUser, bus, logger);
    this.rooms = new RoomRegistry({
      unloadDelayMs: options.roomUnloadDelayMs,
      logger,
      setOpen: (scorecardId, open) => bus?.setOpen(scorecardId, open),
      createRoom: (scorecardId) => this.createRoom(scorecardId),
      onUnloaded: (scorecardId, lastSeq) => {
        // With other processes, the session ended only when nobody is left on any of them. At
        // shutdown there is no time to ask: the DB re-check keeps a version from being taken twice.
        if (bus && !this.closing) void this.endSessionEverywhere(bus, scorecardId, lastSeq);
        else this.endSession(scorecardId, lastSeq);
      },
    });
    // After a bus outage, messages between the processes may be lost: every open room reads
    // what it missed from storage, and tells the others to do the same ([SYNC22]).
    bus?.onReconnect(() => {
      for (const room of this.rooms.all()) {
        room.catchUp().catch((error: Error) => logger.log("error", "catching up from storage failed", { scorecardId: room.scorecardId, error: error.message }));
        bus.publish(room.scorecardId, { kind: "catchUp" });
      }
    });
    // Rights and sessions are the database's; each process applies a change to its own connections ([SYNC23]).
    bus?.onControl((message) => {
      try {
        if (message.kind === "closeSessions") this.closeSessionsHere(message.sessionIds);
        else if (message.kind === "refreshUser")
          void this.refreshUserHere(message.userId).catch((error: Error) => logger.log("error", "re-checking a user's connections failed", { error: error.message }));
        else if (message.kind === "closeScorecard") this.closeScorecardHere(message.scorecardId);
      } catch (error) {
        logger.log("error", "applying another process's control message failed", { kind: message.kind, error: (error as Error).message });
      }
    });
    this.sessionTimer = setInterval(
      () => void this.checkSessions().catch((error: Error) => logger.log("error", "checking sessions failed", { error: error.message })),
      options.sessionCheckIntervalMs ?? 60_000,
    );
    this.sessionTimer.unref();
    this.heartbeat = startHeartbeat(this.wss, options.pingIntervalMs ?? 30_000, (ws) => {
      const connection = this.connectionOf.get(ws);
      logger.log("info", "closing a connection that did not answer a ping", { scorecardId: connection?.scorecardId, userId: connection?.userId });
    });
  }

  private createRoom(scorecardId: string): Room {
    const { options } = this;
    const logger = options.logger;
    return new Room(scorecardId, options.log, {
      checkpointEvery: options.checkpointEvery,
      maxDocumentBytes: options.maxDocumentBytes ?? Limits.maxDocumentBytes,
      onKpiQuery: (connection, periods) => options.kpi?.handleQuery(connection, periods),
      onStored: (stored) => options.onActivity?.(stored.scorecardId, stored.lastSeq),
      onStorageFailed: (failed, error) => this.rooms.fail(failed, error, "system"),
      onMessageError: (connection, error) => this.closeForMessage(connection, error),
      onCallbackError: (error) => logger.log("error", "handling a stored update failed", { error: error.message }),
      bus: options.bus,
      onRemoteError: (failed, error) => logger.log("error", "applying another process's update failed; the room reloads from storage", { scorecardId: failed.scorecardId, error: error.message }),
      retry: options.retry,
    });
  }

  private closeForMessage(connection: Connection, error: Error): void {
    const logger = this.options.logger;
    const context = { scorecardId: connection.scorecardId, userId: connection.userId, error: error.message };
    if (error instanceof DocumentTooLargeError) {
      logger.log("warn", "document too large", context);
      connection.close(CloseCode.tooLarge, error.message.slice(0, 120));
    } else if (error instanceof RefusedUpdateError) {
      logger.log("warn", "refused update", context);
      connection.close(CloseCode.refusedUpdate, error.message.slice(0, 120));
    } else if (error instanceof BadMessageError) {
      logger.log("warn", "bad message", context);
      connection.close(CloseCode.badMessage, "malformed message");
    } else {
      const room = this.rooms.get(connection.scorecardId);
      if (room) this.rooms.fail(room, error, connection.userId);
    }
  }

  private endSession(scorecardId: string, lastSeq: number): void {
    try {
      this.options.onIdle?.(scorecardId, lastSeq);
    } catch (error) {
      this.options.logger.log("error", "end-of-session hook failed", { scorecardId, error: (error as Error).message });
    }
  }

  private async endSessionEverywhere(bus: InstanceBus, scorecardId: string, lastSeq: number): Promise<void> {
    let othersOpen = false;
    try {
      othersOpen = await bus.othersHaveOpen(scorecardId);
    } catch (error) {
      // Without the bus this process decides alone, as a single process would.
      this.options.logger.log("warn", "could not ask the other processes whether a scorecard is still open; ending its session here", { scorecardId, error: (error as Error).message });
    }
    // Whoever left last, here or elsewhere, ends the session; a room reopened here meanwhile continues it.
    if (othersOpen || this.closing || this.rooms.get(scorecardId)) return;
    this.endSession(scorecardId, lastSeq);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    checkUpgrade(request, this.options.db, this.options.allowedOrigins).then(
      (check) => (check.allowed ? this.claimAndOpen(check, request, socket, head) : refuse(socket, check.status, check.text)),
      (error: Error) => {
        this.options.logger.log("error", "checking an upgrade failed", { error: error.message });
        refuse(socket, 503, "Service Unavailable");
      },
    );
  }

  private claimAndOpen(check: AllowedUpgrade, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { options } = this;
    const { scorecardId, userId } = check;
    this.users
      .claim(userId, () => this.open(check, request, socket, head))
      .then((claimed) => {
        if (claimed) return;
        options.logger.log("warn", "connection limit per user reached", { userId, address: clientAddressOfRequest(request, options.trustProxy ?? NO_TRUSTED_PROXIES) });
        refuse(socket, 429, `Too Many Requests: at most ${options.maxConnectionsPerUser} connections per user`);
      })
      .catch((error: Error) => {
        options.logger.log("error", "opening a connection failed", { scorecardId, userId, error: error.message });
        refuse(socket, 503, "Service Unavailable: the scorecard could not be loaded");
      });
  }

  /**
   * Completes an allowed upgrade once its room is loaded (and held for it).
   * @returns whether the upgrade became a connection (ws drops a socket the client closed meanwhile)
   */
  private async open(check: AllowedUpgrade, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
    const { scorecardId, userId, sessionId, access, clientSchema } = check;
    // An outdated editor is told to reload ([SYNC-A5]); it gets no room.
    const outdated = clientSchema !== null && clientSchema < DOCUMENT_SCHEMA_VERSION;
    const room = outdated ? null : await this.rooms.acquire(scorecardId);
    let attached = false;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(ws, scorecardId, userId, sessionId, access, clientSchema !== null, this.options.onUpdateRelayed);
      this.connectionOf.set(ws, connection);
      attached = true;
      if (room) return this.attach(ws, connection, room);
      this.users.add(connection);
      ws.on("close", () => this.users.remove(connection));
      connection.close(CloseCode.reloadRequired, "editor outdated, please reload");
    });
    if (room && !attached) this.rooms.release(room);
    return attached;
  }

  /** Opens a connection on an upgraded socket in its (loaded, held) room. */
  private attach(ws: WebSocket, connection: Connection, room: Room): void {
    const { options } = this;
    this.users.add(connection);
    ws.on("close", () => {
      options.kpi?.forget(connection);
      this.users.remove(connection);
      if (!room.connections.has(connection)) return;
      room.removeConnection(connection);
      this.rooms.release(room);
    });
    ws.on("error", (error) => options.logger.log("warn", "websocket error", { userId: connection.userId, error: error.message }));
    room.addConnection(connection);
    options.bus?.setOpen(room.scorecardId, true);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return connection.close(CloseCode.badMessage, "text frames are not part of the protocol");
      if (data.byteLength > options.maxMessageBytes) return connection.close(CloseCode.tooLarge, `message larger than ${options.maxMessageBytes} bytes`);
      room.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
  }

  async checkSessions(): Promise<void> {
    const open = new Set<string>();
    for (const connection of this.users.all()) open.add(connection.sessionId);
    if (open.size === 0) return;
    const ended = new Set(await endedSessions(this.options.db, Array.from(open)));
    for (const connection of this.users.all()) if (ended.has(connection.sessionId)) connection.close(CloseCode.unauthenticated, "session expired");
  }

  private closeSessionsHere(sessionIds: string[]): void {
    const ended = new Set(sessionIds);
    for (const connection of this.users.all()) if (ended.has(connection.sessionId)) connection.close(CloseCode.unauthenticated, "session ended");
  }

  private async refreshUserHere(userId: string): Promise<void> {
    const connections = this.users.of(userId);
    if (connections.size === 0) return;
    const db = this.options.db;
    const user = await findUserById(db, userId);
    for (const connection of connections) {
      const scorecard = await findScorecard(db, connection.scorecardId);
      const access = user && scorecard ? scorecardAccess(user, scorecard) : null;
      if (!access) connection.close(CloseCode.forbidden, "access revoked");
      else if (access !== connection.access) connection.setAccess(access);
    }
  }

  private closeScorecardHere(scorecardId: string): void {
    this.rooms
      .close(scorecardId, CloseCode.forbidden, "scorecard deleted")
      .catch((error: Error) => this.options.logger.log("error", "unloading a deleted scorecard failed", { scorecardId, error: error.message }));
  }

  closeSessions(sessionIds: string[]): void {
    this.closeSessionsHere(sessionIds);
    this.options.bus?.publishControl({ kind: "closeSessions", sessionIds });
  }

  async refreshUser(userId: string): Promise<void> {
    await this.refreshUserHere(userId);
    this.options.bus?.publishControl({ kind: "refreshUser", userId });
  }

  async readDocument(scorecardId: string): Promise<Y.Doc> {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await this.documentState(scorecardId)).state);
    return copy;
  }

  async documentState(scorecardId: string): Promise<DocumentState> {
    const room = this.rooms.get(scorecardId);
    // An open room's own copy, once all of it is stored; with other processes writing too it
    // may lack an update another one stored, so the state then comes from storage ([SYNC20]).
    if (room && !this.options.bus) {
      const state = await room.readStored(() => ({ state: Y.encodeStateAsUpdate(room.doc), upToSeq: room.lastSeq })).catch(() => null);
      if (state) return state;
    }
    if (room) await room.commit.settledThen(() => undefined).catch(() => undefined);
    return storedState(this.options.log, scorecardId);
  }

  async change(scorecardId: string, userId: string | null, change: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.rooms.acquire(scorecardId);
    try {
      await room.applyServerChange(userId, change);
    } catch (error) {
      if (error instanceof StorageFailedError) this.rooms.fail(room, error, userId ?? "system");
      throw error;
    } finally {
      this.rooms.release(room);
    }
  }

  notify(scorecardId: string, message: Uint8Array): void {
    this.rooms.get(scorecardId)?.sendNotice(message);
    this.options.bus?.publish(scorecardId, { kind: "notice", message });
  }

  closeScorecard(scorecardId: string): void {
    this.closeScorecardHere(scorecardId);
    this.options.bus?.publishControl({ kind: "closeScorecard", scorecardId });
  }

  stats(): { rooms: number; connections: number; redis?: "ok" | "unavailable" } {
    const counts = { rooms: this.rooms.size, connections: this.users.size };
    const bus = this.options.bus;
    return bus ? { ...counts, redis: bus.reachable() ? "ok" : "unavailable" } : counts;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sessionTimer);
    this.heartbeat.stop();
    await Promise.all(this.rooms.all().map((room) => this.rooms.close(room.scorecardId, CloseCode.goingAway, "server shutting down")));
    for (const connection of this.users.all()) connection.close(CloseCode.goingAway, "server shutting down");
    this.wss.close();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}
