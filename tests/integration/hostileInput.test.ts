import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import type WebSocket from "ws";
import { MessageType } from "../../shared/protocol/messages";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, rawConnect, waitForDoc, type TestClient } from "../fixtures/yClient";

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

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** One hostile frame: random bytes, truncated sync messages, huge varint lengths, wrong types. */
function hostileFrame(random: () => number): Uint8Array | string {
  const kind = Math.floor(random() * 7);
  const encoder = encoding.createEncoder();
  switch (kind) {
    case 0:
      return new Uint8Array(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
    case 1: // truncated sync step 2
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 1000);
      encoding.writeUint8Array(encoder, new Uint8Array(10));
      break;
    case 2: // huge varint length
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint(encoder, 2 ** 31 + Math.floor(random() * 1000));
      break;
    case 3: // wrong message type
      encoding.writeVarUint(encoder, 7 + Math.floor(random() * 90));
      break;
    case 4: // awareness with garbage
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint(encoder, 5);
      encoding.writeUint8Array(encoder, new Uint8Array([1, 2, 3, 4, 5]));
      break;
    case 5:
      return "a text frame " + random();
    default: // KPI query with broken JSON
      encoding.writeVarUint(encoder, MessageType.kpiQuery);
      encoding.writeVarString(encoder, "{\"periods\": [");
  }
  return encoding.toUint8Array(encoder);
}

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
      ["/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{\"email\":" }],
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
