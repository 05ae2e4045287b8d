import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Logger } from "../log";

/**
 * What one server process tells the others about a scorecard ([SYNC16]–[SYNC21]):
 * - `update`: a document update this process stored with sequence number `seq` for `userId`;
 * - `awareness`: an awareness update (carets, presence) of this process's own connections;
 * - `awarenessQuery`: "I just loaded this room, tell me your connections' awareness states";
 * - `catchUp`: "I stored updates while the bus was down; read what you missed from storage";
 * - `notice`: a server message for every connection to the scorecard that understands
 *   Steuerrad's own messages, e.g. `talkChanged` ([SYNC25]); relayed as it is.
 */
export type BusMessage =
  | { kind: "update"; seq: number; userId: string | null; update: Uint8Array }
  | { kind: "awareness"; update: Uint8Array }
  | { kind: "awarenessQuery" }
  | { kind: "catchUp" }
  | { kind: "notice"; message: Uint8Array };

/**
 * What one server process tells all others, whatever the scorecard: sessions that ended, a
 * user whose rights changed, a scorecard that was deleted ([SYNC23]), and a provider whose
 * KPI inputs changed, or with `providerId: null` every provider's ([SYNC27]).
 */
export type ControlMessage =
  { kind: "closeSessions"; sessionIds: string[] } | { kind: "refreshUser"; userId: string } | { kind: "closeScorecard"; scorecardId: string } | { kind: "figuresChanged"; providerId: string | null };

/**
 * The channel between the server processes that serve the same scorecards. Without
 * REDIS_URL there is none at all and every code path is the single-process one.
 */
export interface InstanceBus {
  /** This process's id; messages it published never come back to its own handlers. */
  readonly instanceId: string;
  /** Sends a message to every other process; failures are logged, never thrown. */
  publish(scorecardId: string, message: BusMessage): void;
  /**
   * Registers the handler for a scorecard's messages from other processes, effective at
   * once (the process-wide subscription is in place before the server accepts connections).
   * @returns the function that removes the handler again
   */
  subscribe(scorecardId: string, handler: (message: BusMessage) => void): () => void;
  /** Sends a control message to every other process; failures are logged, never thrown. */
  publishControl(message: ControlMessage): void;
  /** Registers the handler of other processes' control messages. */
  onControl(handler: (message: ControlMessage) => void): void;
  /** Called after the connection to the bus came back from an outage: messages may be lost. */
  onReconnect(callback: () => void): void;
  /**
   * Marks whether this process has connections to a scorecard, so another process can tell
   * whether the scorecard's last editor left everywhere. Kept alive while marked.
   */
  setOpen(scorecardId: string, open: boolean): void;
  /** Whether another (living) process has connections to the scorecard; rejects when the bus is down. */
  othersHaveOpen(scorecardId: string): Promise<boolean>;
  /**
   * Records that this process holds `countHere` connections of a user (the new one included),
   * but only if they and the other living processes' connections of the user stay within
   * `limit`. Atomic in Redis, so two processes never both take the last place ([SYNC-A4]).
   * @returns whether the new connection may open; rejects when the bus is down
   */
  claimUserConnection(userId: string, countHere: number, limit: number): Promise<boolean>;
  /** Records how many connections of a user this process holds now (0 removes it); kept alive while above 0. */
  setUserConnections(userId: string, count: number): void;
  /** Whether the bus is up as far as this process knows (false from an outage until it is back). */
  reachable(): boolean;
  /** Stops publishing and subscribing. */
  close(): Promise<void>;
}

/** Encodes a bus message with the sender's id; binary-safe (Yjs updates as bytes). */
export function encodeBusMessage(instanceId: string, message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instanceId);
  switch (message.kind) {
    case "update":
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarString(encoder, message.userId ?? "");
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case "awareness":
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case "awarenessQuery":
      encoding.writeVarUint(encoder, 2);
      break;
    case "catchUp":
      encoding.writeVarUint(encoder, 3);
      break;
    case "notice":
      encoding.writeVarUint(encoder, 4);
      encoding.writeVarUint8Array(encoder, message.message);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes what `encodeBusMessage` made. @throws on a malformed message */
export function decodeBusMessage(bytes: Uint8Array): { instanceId: string; message: BusMessage } {
  const decoder = decoding.createDecoder(bytes);
  const instanceId = decoding.readVarString(decoder);
  const kind = decoding.readVarUint(decoder);
  if (kind === 0) {
    const seq = decoding.readVarUint(decoder);
    const userId = decoding.readVarString(decoder) || null;
    return { instanceId, message: { kind: "update", seq, userId, update: decoding.readVarUint8Array(decoder) } };
  }
  if (kind === 1) return { instanceId, message: { kind: "awareness", update: decoding.readVarUint8Array(decoder) } };
  if (kind === 2) return { instanceId, message: { kind: "awarenessQuery" } };
  if (kind === 3) return { instanceId, message: { kind: "catchUp" } };
  if (kind === 4) return { instanceId, message: { kind: "notice", message: decoding.readVarUint8Array(decoder) } };
  throw new Error(`unknown bus message kind ${kind}`);
}

/** How long another process's "open" mark lives without renewal (a killed process's mark expires). */
const OPEN_MARK_TTL_MS = 30_000;

/**
 * Claims a place for one more connection of a user. KEYS[1] is the user's hash, one field
 * per process holding `<count>:<valid until ms>`; ARGV: instance id, this process's count
 * with the new connection, the limit, now, valid until, the hash's lifetime. Fields of
 * processes that stopped renewing (killed) no longer count. One script, so the read and the
 * write are one step for Redis.
 */
const CLAIM_USER_CONNECTION = `
local others = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if fields[i] ~= ARGV[1] then
    local count, valid = string.match(fields[i + 1], '^(%d+):(%d+)$')
    if count and tonumber(valid) > tonumber(ARGV[4]) then others = others + tonumber(count) end
  end
end
if others + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
`;

/**
 * The bus over Redis pub/sub: one channel per scorecard (`<prefix>:doc:<scorecardId>`), and
 * one pattern subscription for all of them made at start, so a room registering its
 * handler is subscribed at that very moment, before it loads from the store. Every process
 * therefore receives the traffic of every scorecard and drops what no open room wants;
 * for the handful of processes this is built for that is cheap.
 * @param url - REDIS_URL
 * @param prefix - REDIS_PREFIX, separating deployments (and test runs) on one Redis
 * @param logger - outages and recoveries are logged as errors and warnings
 */
export async function createRedisBus(url: string, prefix: string, logger: Logger): Promise<InstanceBus> {
  const instanceId = randomUUID();
  const channelPrefix = `${prefix}:doc:`;
  const controlChannel = `${prefix}:control`;
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  const handlers = new Map<string, Set<(message: BusMessage) => void>>();
  const reconnectCallbacks: (() => void)[] = [];
  const openRooms = new Set<string>();
  // This process's connections per user, renewed in Redis with the open marks.
  const userConnections = new Map<string, number>();
  // Publishing fails fast while Redis is away instead of queueing without bound; the
  // subscriber queues its subscription and renews it after every reconnect.
  const publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  const subscriber = new Redis(url, { lazyConnect: true });
  let down = false;
  let closed = false;

  function reportDown(error: Error | string): void {
    if (down || closed) return;
    down = true;
    logger.log("error", "instance bus (Redis) unreachable: edits are stored and reach this process's clients, but not the other processes' until it is back", {
      error: typeof error === "string" ? error : error.message,
    });
  }
  for (const client of [publisher, subscriber]) {
    client.on("error", (error: Error) => reportDown(error));
    client.on("end", () => reportDown("connection ended"));
  }
  // Back from an outage once both connections are ready and the subscription answered again
  // (Redis handles a connection's commands in order): from then on nothing is missed, so
  // what was missed before can be read from storage.
  async function recover(): Promise<void> {
    if (!down || closed || publisher.status !== "ready" || subscriber.status !== "ready") return;
    try {
      await subscriber.psubscribe(`${channelPrefix}*`);
      await subscriber.subscribe(controlChannel);
    } catch (error) {
      return reportDown(error as Error);
    }
    if (!down) return;
    down = false;
    logger.log("warn", "instance bus (Redis) reachable again; open rooms catch up from storage");
    for (const callback of reconnectCallbacks) callback();
  }
  for (const client of [publisher, subscriber]) client.on("ready", () => void recover());
  subscriber.on("pmessageBuffer", (_pattern: Buffer, channel: Buffer, payload: Buffer) => {
    const scorecardId = channel.toString().slice(channelPrefix.length);
    const wanted = handlers.get(scorecardId);
    if (!wanted) return;
    let decoded: { instanceId: string; message: BusMessage };
    try {
      decoded = decodeBusMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      logger.log("warn", "malformed instance bus message", { scorecardId, error: (error as Error).message });
      return;
    }
    if (decoded.instanceId === instanceId) return;
    for (const handler of wanted) handler(decoded.message);
  });
  subscriber.on("message", (channel: string, payload: string) => {
    if (channel !== controlChannel) return;
    let decoded: { instanceId: string; message: ControlMessage };
    try {
      decoded = JSON.parse(payload) as { instanceId: string; message: ControlMessage };
    } catch (error) {
      logger.log("warn", "malformed instance bus control message", { error: (error as Error).message });
      return;
    }
    if (decoded.instanceId === instanceId) return;
    for (const handler of controlHandlers) handler(decoded.message);
  });

  const openKey = (scorecardId: string) => `${prefix}:open:${scorecardId}`;
  function markOpen(scorecardId: string): void {
    if (publisher.status !== "ready") return;
    publisher
      .multi()
      .hset(openKey(scorecardId), instanceId, String(Date.now() + OPEN_MARK_TTL_MS))
      .pexpire(openKey(scorecardId), OPEN_MARK_TTL_MS * 2)
      .exec()
      .catch((error: Error) => reportDown(error));
  }
  const usersKey = (userId: string) => `${prefix}:connections:${userId}`;
  function markUserConnections(userId: string, count: number): void {
    if (publisher.status !== "ready") return;
    const write =
      count > 0
        ? publisher
            .multi()
            .hset(usersKey(userId), instanceId, `${count}:${Date.now() + OPEN_MARK_TTL_MS}`)
            .pexpire(usersKey(userId), OPEN_MARK_TTL_MS * 2)
            .exec()
        : publisher.hdel(usersKey(userId), instanceId);
    write.catch((error: Error) => reportDown(error));
  }
  const renewTimer = setInterval(() => {
    for (const scorecardId of openRooms) markOpen(scorecardId);
    for (const [userId, count] of userConnections) markUserConnections(userId, count);
  }, OPEN_MARK_TTL_MS / 3);
  renewTimer.unref();

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.psubscribe(`${channelPrefix}*`);
    await subscriber.subscribe(controlChannel);
  } catch (error) {
    // Local editing works without the bus; ioredis keeps trying and subscribes once it can.
    reportDown(error as Error);
    if (subscriber.status === "end" || subscriber.status === "wait") void subscriber.connect().catch(() => undefined);
    if (publisher.status === "end" || publisher.status === "wait") void publisher.connect().catch(() => undefined);
  }

  return {
    instanceId,
    reachable: () => !down && !closed,
    publish(scorecardId, message) {
      if (closed) return;
      const payload = Buffer.from(encodeBusMessage(instanceId, message));
      publisher.publish(`${channelPrefix}${scorecardId}`, payload).catch((error: Error) => reportDown(error));
    },
    publishControl(message) {
      if (closed) return;
      publisher.publish(controlChannel, JSON.stringify({ instanceId, message })).catch((error: Error) => reportDown(error));
    },
    onControl(handler) {
      controlHandlers.push(handler);
    },
    subscribe(scorecardId, handler) {
      let set = handlers.get(scorecardId);
      if (!set) handlers.set(scorecardId, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(scorecardId) === set) handlers.delete(scorecardId);
      };
    },
    onReconnect(callback) {
      reconnectCallbacks.push(callback);
    },
    setOpen(scorecardId, open) {
      if (open) {
        if (openRooms.has(scorecardId)) return;
        openRooms.add(scorecardId);
        markOpen(scorecardId);
      } else {
        if (!openRooms.delete(scorecardId)) return;
        if (publisher.status === "ready") publisher.hdel(openKey(scorecardId), instanceId).catch((error: Error) => reportDown(error));
      }
    },
    async othersHaveOpen(scorecardId) {
      const marks = await publisher.hgetall(openKey(scorecardId));
      const now = Date.now();
      return Object.entries(marks).some(([owner, until]) => owner !== instanceId && Number(until) > now);
    },
    async claimUserConnection(userId, countHere, limit) {
      // Recorded at once, in the order of the calls, as Redis receives them; a refused claim
      // is followed by the caller's setUserConnections with the count that holds.
      userConnections.set(userId, countHere);
      const now = Date.now();
      const claimed = await publisher.eval(CLAIM_USER_CONNECTION, 1, usersKey(userId), instanceId, countHere, limit, now, now + OPEN_MARK_TTL_MS, OPEN_MARK_TTL_MS * 2);
      return claimed === 1;
    },
    setUserConnections(userId, count) {
      if (closed) return;
      if (count > 0) userConnections.set(userId, count);
      else if (!userConnections.delete(userId)) return;
      markUserConnections(userId, count);
    },
    async close() {
      closed = true;
      clearInterval(renewTimer);
      if (publisher.status === "ready") {
        await Promise.all([
          ...[...openRooms].map((scorecardId) => publisher.hdel(openKey(scorecardId), instanceId).catch(() => 0)),
          ...[...userConnections.keys()].map((userId) => publisher.hdel(usersKey(userId), instanceId).catch(() => 0)),
        ]);
      }
      openRooms.clear();
      userConnections.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
