import { afterEach, describe, expect, it } from "vitest";
import { createServer, connect, type Server, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type BusMessage, type ControlMessage, type InstanceBus } from "../../server/sync/InstanceBus";
import { createRedisBus } from "../../server/sync/RedisBus";
import type { Logger } from "../../server/log";
import { TEST_REDIS_URL } from "../fixtures/serverInstances";
import { pollUntil } from "../fixtures/crashClients";
import { login, scorecardsOf, startTestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";

/** A logger that keeps its lines, to check what an outage tells the operator. */
function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const logger = { log: (level: string, message: string) => void lines.push({ level, message }) } as unknown as Logger;
  return { logger, lines };
}

/**
 * A TCP proxy in front of Redis that can cut every connection and refuse new ones for a
 * while: a Redis outage as one process sees it, without stopping the shared Redis.
 */
async function outageProxy(target: URL): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  let allowed = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    if (!allowed) return socket.destroy();
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      allowed = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      allowed = true;
    },
    close() {
      allowed = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const opened: InstanceBus[] = [];
afterEach(async () => {
  for (const bus of opened.splice(0)) await bus.close();
});

async function bus(url: string, prefix: string, logger: Logger = recordingLogger().logger): Promise<InstanceBus> {
  const created = await createRedisBus(url, prefix, logger);
  opened.push(created);
  return created;
}

describe("the Redis instance bus", () => {
  it("[SYNC16] [SYNC25] carries binary updates, notices, awareness and control messages to the other processes, never back to the sender", async () => {
    const prefix = `bus-test-${randomBytes(4).toString("hex")}`;
    const [a, b] = [await bus(TEST_REDIS_URL, prefix), await bus(TEST_REDIS_URL, prefix)];
    const atA: BusMessage[] = [];
    const atB: BusMessage[] = [];
    const controlAtB: ControlMessage[] = [];
    a.subscribe("card-1", (message) => atA.push(message));
    b.subscribe("card-1", (message) => atB.push(message));
    b.subscribe("card-2", () => atB.push({ kind: "awarenessQuery" }));
    b.onControl((message) => controlAtB.push(message));

    const update = Uint8Array.from([0, 1, 255, 10, 13, 0, 128]);
    a.publish("card-1", { kind: "update", seq: 4711, userId: "u-1", update });
    a.publish("card-1", { kind: "update", seq: 4712, userId: null, update });
    a.publish("card-1", { kind: "notice", message: update });
    a.publishControl({ kind: "closeSessions", sessionIds: ["s-1"] });
    await pollUntil(() => (atB.length === 3 && controlAtB.length === 1 ? null : `${atB.length} messages, ${controlAtB.length} control`), 5_000);

    expect(atB).toEqual([
      { kind: "update", seq: 4711, userId: "u-1", update },
      { kind: "update", seq: 4712, userId: null, update },
      { kind: "notice", message: update },
    ]);
    expect(controlAtB).toEqual([{ kind: "closeSessions", sessionIds: ["s-1"] }]);
    expect(atA).toEqual([]);
  });

  it("[SYNC21] tells whether another living process has connections to a scorecard", async () => {
    const prefix = `bus-test-${randomBytes(4).toString("hex")}`;
    const [a, b] = [await bus(TEST_REDIS_URL, prefix), await bus(TEST_REDIS_URL, prefix)];
    expect(await b.othersHaveOpen("card")).toBe(false);
    a.setOpen("card", true);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the mark is written without waiting
    expect(await b.othersHaveOpen("card")).toBe(true);
    expect(await a.othersHaveOpen("card")).toBe(false); // its own mark does not count
    a.setOpen("card", false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await b.othersHaveOpen("card")).toBe(false);
  });

  it("[SYNC-A4] counts a user's connections on every living process, gives the last place to one of two racing processes, and forgets a closed process's count", async () => {
    const prefix = `bus-test-${randomBytes(4).toString("hex")}`;
    const [a, b] = [await bus(TEST_REDIS_URL, prefix), await bus(TEST_REDIS_URL, prefix)];
    expect(await a.claimUserConnection("u-1", 1, 3)).toBe(true);
    expect(await a.claimUserConnection("u-1", 2, 3)).toBe(true);
    expect(await b.claimUserConnection("u-1", 1, 3)).toBe(true);
    expect(await b.claimUserConnection("u-1", 2, 3)).toBe(false);
    expect(await a.claimUserConnection("u-1", 3, 3)).toBe(false);
    // A's refused claim is followed by its true count, as the collaboration server does it.
    a.setUserConnections("u-1", 2);

    const race = await Promise.all([a.claimUserConnection("u-2", 1, 1), b.claimUserConnection("u-2", 1, 1)]);
    expect(race.filter(Boolean)).toHaveLength(1);

    await a.close();
    expect(await b.claimUserConnection("u-1", 3, 3)).toBe(true);
  });

  it("[SYNC-A4] keeps accepting connections within this process's own limit while Redis is away", { timeout: 30_000 }, async () => {
    const proxy = await outageProxy(new URL(TEST_REDIS_URL));
    const server = await startTestServer({ redisUrl: proxy.url, redisPrefix: `bus-test-${randomBytes(4).toString("hex")}`, maxConnectionsPerUser: 2 });
    try {
      const cookie = await login(server.url, "anbieter-b@demo.test");
      const conference = (await scorecardsOf(server.url, cookie)).find((card) => card.provider === null)!;
      proxy.cut();
      await pollUntil(() => (server.collab.stats().redis === "unavailable" ? null : "Redis still counted as reachable"), 5_000);
      const connect = () => rawConnect(`${server.url.replace("http", "ws")}/collab/${conference.id}`, { cookie });
      const first = await connect();
      const second = await connect();
      expect([first.status, second.status]).toEqual([undefined, undefined]);
      expect((await connect()).status).toBe(429);
      first.socket!.close();
      second.socket!.close();
    } finally {
      await server.stop();
      await proxy.close();
    }
  });

  it("[SYNC22] logs an outage, keeps publishing without throwing, and calls for a catch-up once Redis is back", { timeout: 20_000 }, async () => {
    const proxy = await outageProxy(new URL(TEST_REDIS_URL));
    const prefix = `bus-test-${randomBytes(4).toString("hex")}`;
    const { logger, lines } = recordingLogger();
    try {
      const a = await bus(proxy.url, prefix, logger);
      const b = await bus(TEST_REDIS_URL, prefix);
      let reconnects = 0;
      a.onReconnect(() => reconnects++);
      const atA: BusMessage[] = [];
      a.subscribe("card", (message) => atA.push(message));
      expect(a.reachable()).toBe(true);

      proxy.cut();
      await pollUntil(() => (lines.some((line) => line.level === "error" && /unreachable/.test(line.message)) ? null : "no error logged"), 5_000);
      // What /api/health reports as redis "unavailable".
      expect(a.reachable()).toBe(false);
      expect(() => a.publish("card", { kind: "catchUp" })).not.toThrow();
      b.publish("card", { kind: "awarenessQuery" }); // lost for A: it is away

      proxy.restore();
      await pollUntil(() => (reconnects === 1 ? null : `reconnects: ${reconnects}`), 10_000);
      expect(lines.some((line) => line.level === "warn" && /reachable again/.test(line.message))).toBe(true);
      expect(a.reachable()).toBe(true);
      // Subscribed again: what is published now arrives.
      b.publish("card", { kind: "catchUp" });
      await pollUntil(() => (atA.some((message) => message.kind === "catchUp") ? null : "nothing arrived after the outage"), 5_000);
    } finally {
      await proxy.close();
    }
  });

  it("[SYNC22] starts without Redis, logging it, so local editing works, and joins once Redis is there", { timeout: 20_000 }, async () => {
    const proxy = await outageProxy(new URL(TEST_REDIS_URL));
    const prefix = `bus-test-${randomBytes(4).toString("hex")}`;
    const { logger, lines } = recordingLogger();
    try {
      proxy.cut();
      const started = Date.now();
      const lonely = await bus(proxy.url, prefix, logger);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(lines.some((line) => line.level === "error" && /unreachable/.test(line.message))).toBe(true);
      expect(() => lonely.publish("card", { kind: "awarenessQuery" })).not.toThrow();
      await expect(lonely.othersHaveOpen("card")).rejects.toThrow();
      let reconnects = 0;
      lonely.onReconnect(() => reconnects++);
      const received: BusMessage[] = [];
      lonely.subscribe("card", (message) => received.push(message));

      proxy.restore();
      await pollUntil(() => (reconnects === 1 ? null : "not joined yet"), 10_000);
      const other = await bus(TEST_REDIS_URL, prefix);
      other.publish("card", { kind: "catchUp" });
      await pollUntil(() => (received.length === 1 ? null : "nothing arrived"), 5_000);
    } finally {
      await proxy.close();
    }
  });
});
