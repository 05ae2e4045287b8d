import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, rawConnect, waitForDoc, type TestClient } from "../fixtures/yClient";
import { hostileFrame, seeded } from "../fixtures/hostileFrames";

let server: TestServer;
let funderCookie: string;
let providerACookie: string;
let scorecardId: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: 256 * 1024 });
  funderCookie = await login(server.url, "sozialamt@demo.test");
  providerACookie = await login(server.url, "anbieter-a@demo.test");
  scorecardId = (await scorecardsOf(server.url, funderCookie)).find((s) => s.provider === null)!.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

async function openSocket(): Promise<WebSocket | null> {
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecardId}`, { cookie: providerACookie });
  if (!socket) return null;
  socket.on("error", () => undefined);
  return socket;
}

describe("hostile input", () => {
  it("survives thousands of hostile frames while a well-behaved pair keeps syncing", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100000);
    console.log(`hostile-input fuzz seed ${seed}`);
    const random = seeded(seed);
    const a = connectClient(server.url, scorecardId, funderCookie);
    const b = connectClient(server.url, scorecardId, await login(server.url, "anbieter-b@demo.test"));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    for (let round = 0; round < 40; round++) {
      const sockets = (await Promise.all([openSocket(), openSocket(), openSocket()])).filter((s): s is WebSocket => s !== null);
      for (const socket of sockets) {
        for (let i = 0; i < 20 && socket.readyState === socket.OPEN; i++) {
          socket.send(hostileFrame(random));
          sent += 1;
        }
        if (round % 10 === 0 && socket.readyState === socket.OPEN) socket.send(new Uint8Array(300 * 1024)); // oversized
      }
      a.doc.getText("hostile").insert(0, "a");
      await waitForDoc(b.doc, () => b.doc.getText("hostile").length === round + 1);
      for (const socket of sockets) socket.terminate();
    }
    console.log(`hostile-input fuzz: ${sent} frames`);
    expect(sent).toBeGreaterThan(1000);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // Generous: the server shares the process with the test, and V8 grows its heap lazily.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);

  it("answers malformed HTTP requests with 4xx and keeps serving", async () => {
    const cookie = funderCookie;
    const attempts: [string, RequestInit][] = [
      ["/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: '{"email":' }],
      ["/api/auth/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "email=x" }],
      ["/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }],
      [`/api/scorecards/${scorecardId}/versions`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "\u0000\u0001" }],
      [`/api/scorecards/${"x".repeat(8000)}/measures`, { headers: { cookie } }],
      ["/api/scorecards", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ title: "x".repeat(2_000_000) }) }],
      ["/api/scorecards", { method: "PROPFIND", headers: { cookie } }],
      ["/api/me", { headers: { cookie: `steuerrad_session=${"%".repeat(4000)}` } }],
    ];
    for (const [path, init] of attempts) {
      const response = await fetch(`${server.url}${path}`, init).catch(() => null);
      if (response) expect(response.status, `${init.method ?? "GET"} ${path.slice(0, 60)}`).toBeLessThan(500);
    }
    const huge = await fetch(`${server.url}/api/me`, { headers: { cookie, "x-junk": "y".repeat(64 * 1024) } }).catch(() => null);
    if (huge) expect(huge.status).toBeLessThan(500);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
