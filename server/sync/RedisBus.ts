import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Logger } from "../log";
import { decodeBusMessage, encodeBusMessage, type BusMessage, type ControlMessage, type InstanceBus } from "./InstanceBus";

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
  const bus = new RedisBus(url, prefix, logger);
  await bus.start();
  return bus;
}

class RedisBus implements InstanceBus {
  readonly instanceId = randomUUID();
  private readonly channelPrefix: string;
  private readonly controlChannel: string;
  private readonly controlHandlers: ((message: ControlMessage) => void)[] = [];
  private readonly handlers = new Map<string, Set<(message: BusMessage) => void>>();
  private readonly reconnectCallbacks: (() => void)[] = [];
  private readonly openRooms = new Set<string>();
  /** This process's connections per user, renewed in Redis with the open marks. */
  private readonly userConnections = new Map<string, number>();
  // Publishing fails fast while Redis is away instead of queueing without bound; the
  // subscriber queues its subscription and renews it after every reconnect.
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly renewTimer: NodeJS.Timeout;
  private down = false;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.channelPrefix = `${prefix}:doc:`;
    this.controlChannel = `${prefix}:control`;
    this.publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.subscriber = new Redis(url, { lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) {
      client.on("error", (error: Error) => this.reportDown(error));
      client.on("end", () => this.reportDown("connection ended"));
      client.on("ready", () => void this.recover());
    }
    this.subscriber.on("pmessageBuffer", (_pattern: Buffer, channel: Buffer, payload: Buffer) => this.receive(channel, payload));
    this.subscriber.on("message", (channel: string, payload: string) => this.receiveControl(channel, payload));
    this.renewTimer = setInterval(() => {
      for (const scorecardId of this.openRooms) this.markOpen(scorecardId);
      for (const [userId, count] of this.userConnections) this.markUserConnections(userId, count);
    }, OPEN_MARK_TTL_MS / 3);
    this.renewTimer.unref();
  }

  /** Connects and subscribes; without Redis, local editing works and ioredis keeps trying. */
  async start(): Promise<void> {
    const { publisher, subscriber } = this;
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
      await subscriber.psubscribe(`${this.channelPrefix}*`);
      await subscriber.subscribe(this.controlChannel);
    } catch (error) {
      this.reportDown(error as Error);
      if (subscriber.status === "end" || subscriber.status === "wait") void subscriber.connect().catch(() => undefined);
      if (publisher.status === "end" || publisher.status === "wait") void publisher.connect().catch(() => undefined);
    }
  }

  private reportDown(error: Error | string): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.log("error", "instance bus (Redis) unreachable: edits are stored and reach this process's clients, but not the other processes' until it is back", {
      error: typeof error === "string" ? error : error.message,
    });
  }

  /**
   * Back from an outage once both connections are ready and the subscription answered again
   * (Redis handles a connection's commands in order): from then on nothing is missed, so
   * what was missed before can be read from storage.
   */
  private async recover(): Promise<void> {
    if (!this.down || this.closed || this.publisher.status !== "ready" || this.subscriber.status !== "ready") return;
    try {
      await this.subscriber.psubscribe(`${this.channelPrefix}*`);
      await this.subscriber.subscribe(this.controlChannel);
    } catch (error) {
      return this.reportDown(error as Error);
    }
    if (!this.down) return;
    this.down = false;
    this.logger.log("warn", "instance bus (Redis) reachable again; open rooms catch up from storage");
    for (const callback of this.reconnectCallbacks) callback();
  }

  private receive(channel: Buffer, payload: Buffer): void {
    const scorecardId = channel.toString().slice(this.channelPrefix.length);
    const wanted = this.handlers.get(scorecardId);
    if (!wanted) return;
    let decoded: { instanceId: string; message: BusMessage };
    try {
      decoded = decodeBusMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      this.logger.log("warn", "malformed instance bus message", { scorecardId, error: (error as Error).message });
      return;
    }
    if (decoded.instanceId === this.instanceId) return;
    for (const handler of wanted) handler(decoded.message);
  }

  private receiveControl(channel: string, payload: string): void {
    if (channel !== this.controlChannel) return;
    let decoded: { instanceId: string; message: ControlMessage };
    try {
      decoded = JSON.parse(payload) as { instanceId: string; message: ControlMessage };
    } catch (error) {
      this.logger.log("warn", "malformed instance bus control message", { error: (error as Error).message });
      return;
    }
    if (decoded.instanceId === this.instanceId) return;
    for (const handler of this.controlHandlers) handler(decoded.message);
  }

  private openKey(scorecardId: string): string {
    return `${this.prefix}:open:${scorecardId}`;
  }

  private usersKey(userId: string): string {
    return `${this.prefix}:connections:${userId}`;
  }

  private markOpen(scorecardId: string): void {
    if (this.publisher.status !== "ready") return;
    this.publisher
      .multi()
      .hset(this.openKey(scorecardId), this.instanceId, String(Date.now() + OPEN_MARK_TTL_MS))
      .pexpire(this.openKey(scorecardId), OPEN_MARK_TTL_MS * 2)
      .exec()
      .catch((error: Error) => this.reportDown(error));
  }

  private markUserConnections(userId: string, count: number): void {
    const { publisher } = this;
    if (publisher.status !== "ready") return;
    const key = this.usersKey(userId);
    const write =
      count > 0
        ? publisher
            .multi()
            .hset(key, this.instanceId, `${count}:${Date.now() + OPEN_MARK_TTL_MS}`)
            .pexpire(key, OPEN_MARK_TTL_MS * 2)
            .exec()
        : publisher.hdel(key, this.instanceId);
    write.catch((error: Error) => this.reportDown(error));
  }

  reachable(): boolean {
    return !this.down && !this.closed;
  }

  publish(scorecardId: string, message: BusMessage): void {
    if (this.closed) return;
    const payload = Buffer.from(encodeBusMessage(this.instanceId, message));
    this.publisher.publish(`${this.channelPrefix}${scorecardId}`, payload).catch((error: Error) => this.reportDown(error));
  }

  publishControl(message: ControlMessage): void {
    if (this.closed) return;
    this.publisher.publish(this.controlChannel, JSON.stringify({ instanceId: this.instanceId, message })).catch((error: Error) => this.reportDown(error));
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandlers.push(handler);
  }

  subscribe(scorecardId: string, handler: (message: BusMessage) => void): () => void {
    let set = this.handlers.get(scorecardId);
    if (!set) this.handlers.set(scorecardId, (set = new Set()));
    const own = set;
    own.add(handler);
    return () => {
      own.delete(handler);
      if (own.size === 0 && this.handlers.get(scorecardId) === own) this.handlers.delete(scorecardId);
    };
  }

  onReconnect(callback: () => void): void {
    this.reconnectCallbacks.push(callback);
  }

  setOpen(scorecardId: string, open: boolean): void {
    if (open) {
      if (this.openRooms.has(scorecardId)) return;
      this.openRooms.add(scorecardId);
      this.markOpen(scorecardId);
    } else {
      if (!this.openRooms.delete(scorecardId)) return;
      if (this.publisher.status === "ready") this.publisher.hdel(this.openKey(scorecardId), this.instanceId).catch((error: Error) => this.reportDown(error));
    }
  }

  async othersHaveOpen(scorecardId: string): Promise<boolean> {
    const marks = await this.publisher.hgetall(this.openKey(scorecardId));
    const now = Date.now();
    return Object.entries(marks).some(([owner, until]) => owner !== this.instanceId && Number(until) > now);
  }

  async claimUserConnection(userId: string, countHere: number, limit: number): Promise<boolean> {
    // Recorded at once, in the order of the calls, as Redis receives them; a refused claim
    // is followed by the caller's setUserConnections with the count that holds.
    this.userConnections.set(userId, countHere);
    const now = Date.now();
    const claimed = await this.publisher.eval(CLAIM_USER_CONNECTION, 1, this.usersKey(userId), this.instanceId, countHere, limit, now, now + OPEN_MARK_TTL_MS, OPEN_MARK_TTL_MS * 2);
    return claimed === 1;
  }

  setUserConnections(userId: string, count: number): void {
    if (this.closed) return;
    if (count > 0) this.userConnections.set(userId, count);
    else if (!this.userConnections.delete(userId)) return;
    this.markUserConnections(userId, count);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.renewTimer);
    const { publisher } = this;
    if (publisher.status === "ready") {
      await Promise.all([
        ...[...this.openRooms].map((scorecardId) => publisher.hdel(this.openKey(scorecardId), this.instanceId).catch(() => 0)),
        ...[...this.userConnections.keys()].map((userId) => publisher.hdel(this.usersKey(userId), this.instanceId).catch(() => 0)),
      ]);
    }
    this.openRooms.clear();
    this.userConnections.clear();
    publisher.disconnect();
    this.subscriber.disconnect();
  }
}
