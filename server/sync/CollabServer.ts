import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import { parse as parseCookies } from "hono/utils/cookie";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { findScorecard } from "../persistence/scorecards";
import { findUserById } from "../persistence/users";
import { endedSessions, SESSION_COOKIE, validateSessionToken } from "../auth/sessions";
import { scorecardAccess } from "../auth/permissions";
import { isAllowedOrigin, requestScheme } from "../http/middleware/origin";
import type { Logger } from "../log";
import { Connection } from "./Connection";
import { BadMessageError, DocumentTooLargeError, RefusedUpdateError, Room, StorageFailedError } from "./Room";
import { GroupCommit } from "./GroupCommit";
import type { InstanceBus } from "./InstanceBus";
import { storedState } from "./storedState";
import { startHeartbeat } from "./heartbeat";
import { clientAddressOfRequest, NO_TRUSTED_PROXIES, type TrustedProxies } from "../http/clientAddress";
import { Limits } from "../../shared/limits";

/** Settings of the collaboration server. */
export interface CollabServerOptions {
  /** The database (sessions, users, scorecards). */
  db: Db;
  /** The document history. */
  store: DocUpdateStore;
  /** Largest accepted message in bytes. */
  maxMessageBytes: number;
  /** Largest scorecard document in bytes (default Limits.maxDocumentBytes). */
  maxDocumentBytes?: number;
  /** Open connections per user. */
  maxConnectionsPerUser: number;
  /** How long an empty room stays loaded, so a flaky reconnect does not reload it. */
  roomUnloadDelayMs: number;
  /** Checkpoint policy. */
  checkpointEvery: number;
  /** Origins allowed besides the request's own host. */
  allowedOrigins: string[];
  /** How often open connections are checked for ended sessions (default one minute). */
  sessionCheckIntervalMs?: number;
  /** Structured log. */
  logger: Logger;
  /** Answers KPI queries and pushes KPI values (optional: without it, KPI queries are ignored). */
  kpi?: { handleQuery(connection: Connection, periods: string[]): void; forget(connection: Connection): void };
  /** Told after a room's updates, from a client or the server, were stored (for the hourly automatic version). */
  onActivity?(scorecardId: string, lastSeq: number): void;
  /**
   * Told when a session of editing ended: without a bus, when the room is about to unload
   * (the room is still readable); with a bus, after it unloaded, once no other process has
   * connections to the scorecard either ([SYNC21]).
   */
  onIdle?(scorecardId: string, lastSeq: number): void;
  /** The other server processes serving the same scorecards (REDIS_URL); none: this is the only one. */
  bus?: InstanceBus;
  /** How often each connection is pinged; one that missed the previous ping is closed (default 30 s, 0 off). */
  pingIntervalMs?: number;
  /** Proxies whose X-Forwarded-For names the client in log lines (TRUST_PROXY; default none). */
  trustProxy?: TrustedProxies;
  /** Told for every document update sent on to a connection (metrics). */
  onUpdateRelayed?(): void;
}

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
  refreshUser(userId: string): void;
  /**
   * A copy of a scorecard's current document, from its open room or from storage, for
   * reading (exports, the measures API). Changes to the copy go nowhere.
   */
  readDocument(scorecardId: string): Y.Doc;
  /** The current state of a scorecard's document and how far into its history it reaches. */
  documentState(scorecardId: string): DocumentState;
  /**
   * Changes a scorecard's document on the server as one transaction attributed to a user,
   * through its room (loaded for the change if needed), so the change is stored and reaches
   * every open connection ([SYNC10]).
   */
  change(scorecardId: string, userId: string | null, change: (doc: Y.Doc) => void): void;
  /**
   * Sends a server message to every connection to a scorecard that understands Steuerrad's
   * own messages, on every process ([SYNC25]); a scorecard nobody has open gets nothing.
   * @example collab.notify(scorecardId, encodeTalkChanged({ talkId, revision }))
   */
  notify(scorecardId: string, message: Uint8Array): void;
  /** Closes every connection to a scorecard (it was deleted) and unloads it. */
  closeScorecard(scorecardId: string): void;
  /** Closes the connections whose session expired or ended (also runs every minute by itself). */
  checkSessions(): void;
  /** Open rooms and connections, for health and tests. */
  stats(): { rooms: number; connections: number; redis?: "ok" | "unavailable" };
  /** Closes every connection (clients reconnect elsewhere or later) and unloads every room. */
  close(): void;
}

const ROOM_PATH = /^\/collab\/([A-Za-z0-9_-]{1,100})$/;

/** How long an upgrade waits for Redis to count a user's connections before counting only its own. */
const CLAIM_TIMEOUT_MS = 2_000;

/**
 * Creates the collaboration server. It speaks the y-websocket protocol (sync and
 * awareness) plus Steuerrad's save confirmations; see server/sync/SPEC.md.
 * @param options - settings
 * @returns the server, to be attached to the HTTP server's `upgrade` event
 */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { db, store, logger } = options;
  // Messages between the limit and the hard cap are read and refused with a clear code;
  // beyond the cap ws itself closes the socket (1009) without buffering it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes * 2 });
  const rooms = new Map<string, Room>();
  const commit = new GroupCommit(store, (error) => logger.log("error", "handling a stored update failed", { error: error.message }));
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  const connectionsByUser = new Map<string, Set<Connection>>();
  // Upgrades waiting for Redis to count the user's connections on every process; they count here already.
  const pendingByUser = new Map<string, number>();
  const bus = options.bus;
  let closing = false;
  let claimFallbackLogged = false;
  // After a bus outage, messages between the processes may be lost: every open room reads
  // what it missed from storage, and tells the others to do the same for what this process
  // stored meanwhile ([SYNC22]).
  bus?.onReconnect(() => {
    for (const room of rooms.values()) {
      try {
        room.catchUp();
      } catch (error) {
        logger.log("error", "catching up from storage failed", { scorecardId: room.scorecardId, error: (error as Error).message });
      }
      bus.publish(room.scorecardId, { kind: "catchUp" });
    }
  });

  function refuse(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  function getRoom(scorecardId: string): Room {
    const timer = unloadTimers.get(scorecardId);
    if (timer) {
      clearTimeout(timer);
      unloadTimers.delete(scorecardId);
    }
    let room = rooms.get(scorecardId);
    if (!room) {
      room = new Room(scorecardId, store, commit, {
        checkpointEvery: options.checkpointEvery,
        maxDocumentBytes: options.maxDocumentBytes ?? Limits.maxDocumentBytes,
        onKpiQuery: (connection, periods) => options.kpi?.handleQuery(connection, periods),
        onStored: (stored) => options.onActivity?.(stored.scorecardId, stored.lastSeq),
        onStorageFailed: (failed, error) => failRoom(failed, error, "system"),
        bus,
        onRemoteError: (failed, error) => logger.log("error", "applying another process's update failed; the room reloaded from storage", { scorecardId: failed.scorecardId, error: error.message }),
      });
      // A room dropped after a failure may still have updates waiting; they go first.
      commit.flush();
      room.load();
      rooms.set(scorecardId, room);
    }
    return room;
  }

  // Loading and unloading are synchronous (SQLite), so no connection can join a room
  // between the emptiness check and the unload: the usual race that loses edits.
  function unloadRoom(scorecardId: string): void {
    unloadTimers.delete(scorecardId);
    const room = rooms.get(scorecardId);
    if (!room || room.connections.size > 0) return;
    room.settle();
    if (rooms.get(scorecardId) !== room) return; // storing failed, and the room is gone
    // With other processes, the session ended only when nobody is left on any of them, which
    // takes a question to the bus; the version is then built from storage anyway. At
    // shutdown there is no time to ask: the DB re-check keeps it from being taken twice.
    const askOthers = bus !== undefined && !closing;
    if (!askOthers) endSession(scorecardId, room.lastSeq);
    try {
      room.checkpointIfDue();
    } catch (error) {
      logger.log("error", "checkpoint failed", { scorecardId, error: (error as Error).message });
    }
    room.destroy();
    rooms.delete(scorecardId);
    if (askOthers) void endSessionEverywhere(bus, scorecardId, room.lastSeq);
  }

  function endSession(scorecardId: string, lastSeq: number): void {
    try {
      options.onIdle?.(scorecardId, lastSeq);
    } catch (error) {
      logger.log("error", "end-of-session hook failed", { scorecardId, error: (error as Error).message });
    }
  }

  async function endSessionEverywhere(bus: InstanceBus, scorecardId: string, lastSeq: number): Promise<void> {
    let othersOpen = false;
    try {
      othersOpen = await bus.othersHaveOpen(scorecardId);
    } catch (error) {
      // Without the bus this process decides alone, as a single process would.
      logger.log("warn", "could not ask the other processes whether a scorecard is still open; ending its session here", {
        scorecardId,
        error: (error as Error).message,
      });
    }
    // Whoever left last, here or elsewhere, ends the session; a room reopened here meanwhile continues it.
    if (othersOpen || closing || rooms.has(scorecardId)) return;
    endSession(scorecardId, lastSeq);
  }

  function scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || unloadTimers.has(room.scorecardId)) return;
    if (options.roomUnloadDelayMs <= 0) return unloadRoom(room.scorecardId);
    unloadTimers.set(
      room.scorecardId,
      setTimeout(() => unloadRoom(room.scorecardId), options.roomUnloadDelayMs),
    );
  }

  // Drops a room whose in-memory state may be ahead of storage; clients still hold
  // their changes and send them again after reconnecting to a freshly loaded room.
  function failRoom(room: Room, error: Error, userId: string): void {
    if (rooms.get(room.scorecardId) !== room) return; // already dropped
    logger.log("error", "storing an update failed; unloading the room", {
      scorecardId: room.scorecardId,
      userId,
      error: error.message,
    });
    for (const connection of Array.from(room.connections)) connection.close(CloseCode.storageFailed, "storage failed");
    room.connections.clear();
    bus?.setOpen(room.scorecardId, false);
    room.destroy();
    rooms.delete(room.scorecardId);
  }

  function attach(ws: WebSocket, connection: Connection, clientSchema: number | null): void {
    const userConnections = connectionsByUser.get(connection.userId) ?? new Set();
    userConnections.add(connection);
    connectionsByUser.set(connection.userId, userConnections);

    ws.on("close", () => {
      options.kpi?.forget(connection);
      userConnections.delete(connection);
      if (userConnections.size === 0) connectionsByUser.delete(connection.userId);
      bus?.setUserConnections(connection.userId, connectionsHere(connection.userId));
      const room = rooms.get(connection.scorecardId);
      if (room?.connections.has(connection)) {
        room.removeConnection(connection);
        if (room.connections.size === 0) bus?.setOpen(room.scorecardId, false);
        scheduleUnload(room);
      }
    });
    ws.on("error", (error) => logger.log("warn", "websocket error", { userId: connection.userId, error: error.message }));

    if (clientSchema !== null && clientSchema < DOCUMENT_SCHEMA_VERSION) {
      connection.close(CloseCode.reloadRequired, "editor outdated, please reload");
      return;
    }
    const room = getRoom(connection.scorecardId);
    room.addConnection(connection);
    bus?.setOpen(room.scorecardId, true);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      const current = rooms.get(connection.scorecardId);
      if (!current?.connections.has(connection)) return;
      if (!isBinary) return connection.close(CloseCode.badMessage, "text frames are not part of the protocol");
      if (data.byteLength > options.maxMessageBytes) {
        return connection.close(CloseCode.tooLarge, `message larger than ${options.maxMessageBytes} bytes`);
      }
      try {
        current.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        if (error instanceof DocumentTooLargeError) {
          logger.log("warn", "document too large", { scorecardId: connection.scorecardId, userId: connection.userId, error: error.message });
          connection.close(CloseCode.tooLarge, error.message.slice(0, 120));
        } else if (error instanceof RefusedUpdateError) {
          logger.log("warn", "refused update", { scorecardId: connection.scorecardId, userId: connection.userId, error: error.message });
          connection.close(CloseCode.refusedUpdate, error.message.slice(0, 120));
        } else if (error instanceof BadMessageError) {
          logger.log("warn", "bad message", { scorecardId: connection.scorecardId, userId: connection.userId, error: error.message });
          connection.close(CloseCode.badMessage, "malformed message");
        } else {
          failRoom(current, error as Error, connection.userId);
        }
      }
    });
  }

  /** A user's connections on this process, with the upgrades still being counted. */
  function connectionsHere(userId: string): number {
    return (connectionsByUser.get(userId)?.size ?? 0) + (pendingByUser.get(userId) ?? 0);
  }

  function addPending(userId: string, delta: number): void {
    const pending = (pendingByUser.get(userId) ?? 0) + delta;
    if (pending > 0) pendingByUser.set(userId, pending);
    else pendingByUser.delete(userId);
  }

  /**
   * Whether the user's connections on every living process stay within the limit with one
   * more here ([SYNC-A4]). When Redis cannot be asked, this process's own count decides (it
   * was checked before): refusing everyone during an outage would stop all editing, which
   * the limit, a guard against one user's runaway tabs or scripts, is not worth; each
   * process still holds a user to the limit by itself.
   */
  async function claimEverywhere(bus: InstanceBus, userId: string): Promise<boolean> {
    let error: Error | null = null;
    if (bus.reachable()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CLAIM_TIMEOUT_MS} ms`)), CLAIM_TIMEOUT_MS);
      });
      try {
        const claimed = await Promise.race([bus.claimUserConnection(userId, connectionsHere(userId), options.maxConnectionsPerUser), timeout]);
        claimFallbackLogged = false;
        return claimed;
      } catch (caught) {
        error = caught as Error;
      } finally {
        clearTimeout(timer);
      }
    }
    // Once per outage, not once per connection.
    if (!claimFallbackLogged) {
      claimFallbackLogged = true;
      logger.log("warn", "cannot count a user's connections on the other processes (Redis); the limit per user counts this process's connections only until Redis answers", {
        userId,
        error: error?.message ?? "instance bus unreachable",
      });
    }
    return true;
  }

  function closeEndedSessions(): void {
    const open = new Set<string>();
    for (const connections of connectionsByUser.values()) for (const connection of connections) open.add(connection.sessionId);
    if (open.size === 0) return;
    const ended = new Set(endedSessions(db, Array.from(open)));
    for (const connections of connectionsByUser.values()) {
      for (const connection of connections) if (ended.has(connection.sessionId)) connection.close(CloseCode.unauthenticated, "session expired");
    }
  }

  function closeSessionsHere(sessionIds: string[]): void {
    const ended = new Set(sessionIds);
    for (const connections of connectionsByUser.values()) {
      for (const connection of connections) {
        if (ended.has(connection.sessionId)) connection.close(CloseCode.unauthenticated, "session ended");
      }
    }
  }

  function refreshUserHere(userId: string): void {
    const connections = connectionsByUser.get(userId);
    if (!connections) return;
    const user = findUserById(db, userId);
    for (const connection of connections) {
      const scorecard = findScorecard(db, connection.scorecardId);
      const access = user && scorecard ? scorecardAccess(user, scorecard) : null;
      if (!access) connection.close(CloseCode.forbidden, "access revoked");
      else if (access !== connection.access) connection.setAccess(access);
    }
  }

  function closeScorecardHere(scorecardId: string): void {
    const room = rooms.get(scorecardId);
    if (!room) return;
    for (const connection of Array.from(room.connections)) connection.close(CloseCode.forbidden, "scorecard deleted");
    room.connections.clear();
    bus?.setOpen(scorecardId, false);
    unloadRoom(scorecardId);
  }

  // Rights and sessions are the database's; each process applies a change to its own connections ([SYNC23]).
  bus?.onControl((message) => {
    try {
      if (message.kind === "closeSessions") closeSessionsHere(message.sessionIds);
      else if (message.kind === "refreshUser") refreshUserHere(message.userId);
      else if (message.kind === "closeScorecard") closeScorecardHere(message.scorecardId);
    } catch (error) {
      logger.log("error", "applying another process's control message failed", { kind: message.kind, error: (error as Error).message });
    }
  });

  const sessionTimer = setInterval(closeEndedSessions, options.sessionCheckIntervalMs ?? 60_000);
  sessionTimer.unref();
  // For the log line of a connection the heartbeat closes.
  const connectionOf = new WeakMap<WebSocket, Connection>();
  const heartbeat = startHeartbeat(wss, options.pingIntervalMs ?? 30_000, (ws) => {
    const connection = connectionOf.get(ws);
    logger.log("info", "closing a connection that did not answer a ping", { scorecardId: connection?.scorecardId, userId: connection?.userId });
  });

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? "/", "http://localhost");
      const match = ROOM_PATH.exec(url.pathname);
      if (!match) return refuse(socket, 404, "Not Found");
      const forwardedProto = request.headers["x-forwarded-proto"];
      const scheme = requestScheme((request.socket as { encrypted?: boolean }).encrypted === true, Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto);
      if (!isAllowedOrigin(request.headers.origin, { host: request.headers.host, scheme }, options.allowedOrigins)) {
        return refuse(socket, 403, "Forbidden: foreign origin");
      }
      const token = parseCookies(request.headers.cookie ?? "")[SESSION_COOKIE];
      const validation = token ? validateSessionToken(db, token) : null;
      if (!validation) return refuse(socket, 401, "Unauthorized");
      const scorecard = findScorecard(db, match[1]);
      if (!scorecard) return refuse(socket, 404, "Not Found: scorecard");
      const access = scorecardAccess(validation.user, scorecard);
      if (!access) return refuse(socket, 403, "Forbidden");
      // A demo user with the published password edits nothing until it is changed (as the API).
      if (validation.user.mustChangePassword) return refuse(socket, 403, "Forbidden: password change required");
      const userId = validation.user.id;
      const refuseOverLimit = () => {
        logger.log("warn", "connection limit per user reached", { userId, address: clientAddressOfRequest(request, options.trustProxy ?? NO_TRUSTED_PROXIES) });
        refuse(socket, 429, `Too Many Requests: at most ${options.maxConnectionsPerUser} connections per user`);
      };
      // This process's own connections always count; with other processes, theirs too.
      if (connectionsHere(userId) >= options.maxConnectionsPerUser) return refuseOverLimit();
      const schemaParam = url.searchParams.get("schema");
      const clientSchema = schemaParam !== null && /^\d+$/.test(schemaParam) ? Number(schemaParam) : null;
      // Whether the upgrade became a connection (ws drops a socket the client closed meanwhile).
      const upgrade = (): boolean => {
        let attached = false;
        wss.handleUpgrade(request, socket, head, (ws) => {
          const connection = new Connection(ws, scorecard.id, userId, validation.session.id, access, clientSchema !== null, options.onUpdateRelayed);
          connectionOf.set(ws, connection);
          attach(ws, connection, clientSchema);
          attached = true;
        });
        return attached;
      };
      if (!bus) return void upgrade();
      addPending(userId, 1);
      void claimEverywhere(bus, userId)
        .then((claimed) => {
          addPending(userId, -1);
          if (!claimed) refuseOverLimit();
          const attached = claimed && upgrade();
          // What was claimed for an upgrade that did not become a connection is given back.
          if (!attached) bus.setUserConnections(userId, connectionsHere(userId));
        })
        .catch((error: Error) => {
          logger.log("error", "opening a connection failed", { scorecardId: scorecard.id, userId, error: error.message });
          socket.destroy();
        });
    },

    closeSessions(sessionIds) {
      closeSessionsHere(sessionIds);
      bus?.publishControl({ kind: "closeSessions", sessionIds });
    },

    refreshUser(userId) {
      refreshUserHere(userId);
      bus?.publishControl({ kind: "refreshUser", userId });
    },

    readDocument(scorecardId) {
      const copy = new Y.Doc();
      const room = rooms.get(scorecardId);
      room?.settle();
      if (room && rooms.get(scorecardId) === room) {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
        return copy;
      }
      const stored = store.load(scorecardId);
      copy.transact(() => {
        if (stored.checkpoint) Y.applyUpdate(copy, stored.checkpoint);
        for (const update of stored.updates) Y.applyUpdate(copy, update);
      });
      return copy;
    },

    documentState(scorecardId) {
      const room = rooms.get(scorecardId);
      room?.settle();
      // Another process may have stored an update this room has not received yet ([SYNC20]).
      if (!bus && room && rooms.get(scorecardId) === room) return { state: Y.encodeStateAsUpdate(room.doc), upToSeq: room.lastSeq };
      return storedState(store, scorecardId);
    },

    change(scorecardId, userId, change) {
      const room = getRoom(scorecardId);
      try {
        room.applyServerChange(userId, change);
      } catch (error) {
        if (error instanceof StorageFailedError) failRoom(room, error, userId ?? "system");
        throw error;
      }
      scheduleUnload(room);
    },

    notify(scorecardId, message) {
      rooms.get(scorecardId)?.sendNotice(message);
      bus?.publish(scorecardId, { kind: "notice", message });
    },

    closeScorecard(scorecardId) {
      closeScorecardHere(scorecardId);
      bus?.publishControl({ kind: "closeScorecard", scorecardId });
    },

    checkSessions: closeEndedSessions,

    stats() {
      let connections = 0;
      for (const set of connectionsByUser.values()) connections += set.size;
      return bus ? { rooms: rooms.size, connections, redis: bus.reachable() ? "ok" : "unavailable" } : { rooms: rooms.size, connections };
    },

    close() {
      closing = true;
      clearInterval(sessionTimer);
      heartbeat.stop();
      for (const connections of connectionsByUser.values()) {
        for (const connection of connections) connection.close(CloseCode.goingAway, "server shutting down");
      }
      for (const timer of unloadTimers.values()) clearTimeout(timer);
      unloadTimers.clear();
      for (const room of rooms.values()) {
        room.connections.clear();
        unloadRoom(room.scorecardId);
      }
      wss.close();
    },
  };
}
