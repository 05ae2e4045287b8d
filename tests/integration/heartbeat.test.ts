import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";

// Short for the test, yet long enough that a busy CI machine still answers in time.
const PING_MS = 200;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Opens a raw collaboration socket; `autoPong: false` plays a client whose network vanished. */
function open(url: string, cookie: string, autoPong: boolean): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie }, autoPong });
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves once the socket received `count` more pings. */
function pings(socket: WebSocket, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onPing = () => {
      if (++seen < count) return;
      socket.off("ping", onPing);
      resolve();
    };
    socket.on("ping", onPing);
  });
}

describe("WebSocket heartbeat (WS_PING_MS)", () => {
  it("closes a connection that does not answer pings within two intervals, and keeps one that does", async () => {
    server = await startTestServer({ wsPingMs: PING_MS });
    const cookie = await login(server.url, "anbieter-a@demo.test");
    const [scorecard] = await scorecardsOf(server.url, cookie);
    const url = `${server.url.replace("http", "ws")}/collab/${scorecard.id}`;
    const alive = await open(url, cookie, true);
    const dead = await open(url, cookie, false);
    let deadPings = 0;
    dead.on("ping", () => deadPings++);
    const deadClosed = new Promise<number>((resolve) => dead.once("close", (code) => resolve(code)));
    let aliveClosed = false;
    alive.once("close", () => (aliveClosed = true));
    expect(server.collab.stats().connections).toBe(2);

    // Terminated, not closed: a vanished peer would never finish a closing handshake.
    expect(await deadClosed).toBe(1006);
    // One unanswered ping is enough (two if the socket opened just before a round).
    expect(deadPings).toBeLessThanOrEqual(2);
    await pings(alive, 3);
    expect(aliveClosed).toBe(false);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    expect(server.collab.stats().connections).toBe(1);
    alive.close();
  });
});
