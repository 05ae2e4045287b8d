import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import type WebSocket from "ws";
import { MessageType } from "../../shared/protocol/messages";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { closeCodeOf, connectClient, rawConnect, waitForDoc, type TestClient } from "../fixtures/yClient";

let server: TestServer;
let funderCookie: string;
let providerACookie: string;
let guestACookie: string;
let conferenceId: string;
let providerAId: string;
let providerBId: string;
const clients: TestClient[] = [];

function client(scorecardId: string, cookie: string, params: Record<string, string> = {}): TestClient {
  const c = connectClient(server.url, scorecardId, cookie, params);
  clients.push(c);
  return c;
}

function wsUrl(scorecardId: string): string {
  return `${server.url.replace("http", "ws")}/collab/${scorecardId}`;
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Sends a message and waits until the server answered a later awareness query, so it was processed. */
async function sendAndFlush(socket: WebSocket, message: Uint8Array): Promise<void> {
  const answered = new Promise<void>((resolve) => {
    socket.on("message", function handle(data: ArrayBuffer) {
      if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) === MessageType.awareness) {
        socket.off("message", handle);
        resolve();
      }
    });
  });
  socket.send(message);
  socket.send(new Uint8Array([MessageType.queryAwareness]));
  await answered;
}

async function storedText(scorecardId: string, name: string): Promise<string> {
  const stored = await createDocUpdateStore(server.db).load(scorecardId);
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc.getText(name).toString();
}

beforeAll(async () => {
  server = await startTestServer();
  funderCookie = await login(server.url, "sozialamt@demo.test");
  providerACookie = await login(server.url, "anbieter-a@demo.test");
  guestACookie = await login(server.url, "gast-a@demo.test");
  const scorecards = await scorecardsOf(server.url, funderCookie);
  conferenceId = scorecards.find((s) => s.provider === null)!.id;
  providerAId = scorecards.find((s) => s.provider === "Beispiel e.V. (Demo)")!.id;
  providerBId = scorecards.find((s) => s.provider === "Weser-Wohnverbund gGmbH (Demo)")!.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

describe("co-editing", () => {
  it("converges when three clients edit one document concurrently", async () => {
    const a = client(conferenceId, funderCookie);
    const b = client(conferenceId, providerACookie);
    const c = client(conferenceId, await login(server.url, "anbieter-b@demo.test"));
    await Promise.all([a.synced, b.synced, c.synced]);
    for (let round = 0; round < 20; round++) {
      a.doc.getText("notes").insert(0, "a");
      b.doc.getText("notes").insert(b.doc.getText("notes").length, "b");
      c.doc.getText("notes").insert(0, "c");
    }
    const complete = (doc: Y.Doc) => doc.getText("notes").length === 60;
    await Promise.all([a, b, c].map((x) => waitForDoc(x.doc, () => complete(x.doc))));
    const text = a.doc.getText("notes").toString();
    expect(b.doc.getText("notes").toString()).toBe(text);
    expect(c.doc.getText("notes").toString()).toBe(text);
    expect(await storedText(conferenceId, "notes")).toBe(text);
  });

  it("delivers the server-created starter content to a plain client without any seeding by clients", async () => {
    const a = client(conferenceId, funderCookie);
    await a.synced;
    const xml = a.doc.getXmlFragment("default").toString();
    expect(xml).toContain("Leistungsberechtigte aktivieren und beteiligen");
    expect(xml).toContain("Mitarbeitende &amp; Lernen".replace("&amp;", "&"));
  });

  it("confirms saving only after the update is stored", async () => {
    const { socket } = await rawConnect(wsUrl(providerAId), { cookie: providerACookie });
    const doc = new Y.Doc();
    doc.getText("saved").insert(0, "gespeichert");
    const confirmation = new Promise<number>((resolve) => {
      socket!.on("message", (data: ArrayBuffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) === MessageType.saved) resolve(decoding.readVarUint(decoder));
      });
    });
    socket!.send(updateMessage(Y.encodeStateAsUpdate(doc)));
    const query = encoding.createEncoder();
    encoding.writeVarUint(query, MessageType.saveQuery);
    encoding.writeVarUint(query, 7);
    socket!.send(encoding.toUint8Array(query));
    expect(await confirmation).toBe(7);
    expect(await storedText(providerAId, "saved")).toBe("gespeichert");
    socket!.close();
  });

  it("lets a client declaring no schema version sync and edit any shared type", async () => {
    const a = client(providerAId, providerACookie);
    const b = client(providerAId, funderCookie);
    await Promise.all([a.synced, b.synced]);
    a.doc.getMap("integration").set("key", 42);
    await waitForDoc(b.doc, () => b.doc.getMap("integration").get("key") === 42);
    expect(b.doc.getMap("integration").get("key")).toBe(42);
  });
});

describe("access at the WebSocket", () => {
  it("refuses an unauthenticated upgrade with 401", async () => {
    expect((await rawConnect(wsUrl(conferenceId), {})).status).toBe(401);
    expect((await rawConnect(wsUrl(conferenceId), { cookie: "steuerrad_session=forged" })).status).toBe(401);
  });

  it("refuses a provider user at another provider's scorecard with 403", async () => {
    expect((await rawConnect(wsUrl(providerBId), { cookie: providerACookie })).status).toBe(403);
  });

  it("refuses an upgrade from a foreign origin with 403", async () => {
    const result = await rawConnect(wsUrl(conferenceId), { cookie: funderCookie, origin: "https://evil.example" });
    expect(result.status).toBe(403);
  });

  it("never applies, stores or relays a viewer's updates", async () => {
    const editor = client(providerAId, providerACookie);
    await editor.synced;
    const before = await createDocUpdateStore(server.db).count(providerAId);
    const { socket } = await rawConnect(wsUrl(providerAId), { cookie: guestACookie });
    const viewerDoc = new Y.Doc();
    viewerDoc.getText("viewer").insert(0, "darf nicht ankommen");
    await sendAndFlush(socket!, updateMessage(Y.encodeStateAsUpdate(viewerDoc)));
    // The editor's own later change arrives; the viewer's never does.
    const probe = client(providerAId, funderCookie);
    await probe.synced;
    probe.doc.getText("probe").insert(0, "x");
    await waitForDoc(editor.doc, () => editor.doc.getText("probe").length === 1);
    expect(editor.doc.getText("viewer").toString()).toBe("");
    expect(probe.doc.getText("viewer").toString()).toBe("");
    expect(await storedText(providerAId, "viewer")).toBe("");
    expect(await createDocUpdateStore(server.db).count(providerAId)).toBe(before + 1);
    socket!.close();
  });

  it("asks an editor with an older schema to reload, with a terminal close code", async () => {
    const { socket } = await rawConnect(`${wsUrl(conferenceId)}?schema=${DOCUMENT_SCHEMA_VERSION - 1}`, { cookie: funderCookie });
    expect(await closeCodeOf(socket!)).toBe(CloseCode.reloadRequired);
  });
});

describe("bad input", () => {
  it("closes only the connection that sent a malformed message", async () => {
    const healthy = client(conferenceId, funderCookie);
    await healthy.synced;
    const { socket } = await rawConnect(wsUrl(conferenceId), { cookie: providerACookie });
    const closed = closeCodeOf(socket!);
    // A sync update whose length prefix promises far more bytes than follow.
    socket!.send(new Uint8Array([MessageType.sync, syncProtocol.messageYjsUpdate, 0xff, 0xff, 0x03, 1, 2, 3]));
    expect(await closed).toBe(CloseCode.badMessage);
    const other = client(conferenceId, providerACookie);
    await other.synced;
    other.doc.getText("after-bad").insert(0, "weiter");
    await waitForDoc(healthy.doc, () => healthy.doc.getText("after-bad").toString() === "weiter");
    expect(healthy.provider.wsconnected).toBe(true);
  });

  it("closes a connection whose update decodes only partly, leaving the document untouched", async () => {
    const { socket } = await rawConnect(wsUrl(conferenceId), { cookie: funderCookie });
    const doc = new Y.Doc();
    doc.getText("garbled").insert(0, "x".repeat(50));
    const update = Y.encodeStateAsUpdate(doc);
    const closed = closeCodeOf(socket!);
    socket!.send(updateMessage(update.slice(0, update.length - 5)));
    expect(await closed).toBe(CloseCode.badMessage);
    expect(await storedText(conferenceId, "garbled")).toBe("");
  });

  it("closes a connection sending a message above the size limit with 4413", async () => {
    const small = await startTestServer({ maxMessageBytes: 1000 });
    try {
      const cookie = await login(small.url, "sozialamt@demo.test");
      const id = (await scorecardsOf(small.url, cookie))[0].id;
      const { socket } = await rawConnect(`${small.url.replace("http", "ws")}/collab/${id}`, { cookie });
      const closed = closeCodeOf(socket!);
      socket!.send(new Uint8Array(1500));
      expect(await closed).toBe(CloseCode.tooLarge);
    } finally {
      await small.stop();
    }
  });

  it("closes with 4413 a connection whose change would make the document larger than MAX_DOCUMENT_BYTES; nothing of it is stored", async () => {
    const small = await startTestServer({ maxDocumentBytes: 60_000 });
    try {
      const cookie = await login(small.url, "sozialamt@demo.test");
      const id = (await scorecardsOf(small.url, cookie))[0].id;
      const watcher = connectClient(small.url, id, await login(small.url, "anbieter-a@demo.test"));
      const writer = connectClient(small.url, id, cookie);
      try {
        await Promise.all([watcher.synced, writer.synced]);
        const closed = new Promise<number>((resolve) => writer.provider.on("connection-close", (event: CloseEvent | null) => event && resolve(event.code)));
        writer.doc.getText("gross").insert(0, "a".repeat(20_000));
        await waitForDoc(watcher.doc, () => watcher.doc.getText("gross").length === 20_000);
        // Deleted content shrinks the document again, so room is measured, not counted.
        writer.doc.getText("gross").delete(0, 20_000);
        writer.doc.getText("gross").insert(0, "b".repeat(20_000));
        await waitForDoc(watcher.doc, () => watcher.doc.getText("gross").toString().startsWith("b"));
        writer.doc.getText("gross").insert(0, "c".repeat(50_000));
        expect(await closed).toBe(CloseCode.tooLarge);
        const fresh = connectClient(small.url, id, cookie);
        await fresh.synced;
        expect(fresh.doc.getText("gross").toString()).toBe("b".repeat(20_000));
        expect(watcher.provider.wsconnected).toBe(true);
        fresh.destroy();
      } finally {
        watcher.destroy();
        writer.destroy();
      }
    } finally {
      await small.stop();
    }
  });

  it("refuses connections beyond the per-user limit with 429, counted per user not per address", async () => {
    const limited = await startTestServer({ maxConnectionsPerUser: 2 });
    try {
      const cookie = await login(limited.url, "sozialamt@demo.test");
      const other = await login(limited.url, "anbieter-a@demo.test");
      const id = (await scorecardsOf(limited.url, cookie))[0].id;
      const url = `${limited.url.replace("http", "ws")}/collab/${id}`;
      const first = await rawConnect(url, { cookie });
      const second = await rawConnect(url, { cookie });
      expect((await rawConnect(url, { cookie })).status).toBe(429);
      // Another person in the same room, from the same address, still gets in.
      const colleague = await rawConnect(url, { cookie: other });
      expect(colleague.socket).toBeDefined();
      for (const c of [first, second, colleague]) c.socket!.close();
    } finally {
      await limited.stop();
    }
  });
});

describe("rights changes take effect on open connections", () => {
  async function adminCookie(): Promise<string> {
    return login(server.url, "admin@demo.test");
  }

  async function userId(email: string, cookie: string): Promise<string> {
    const users = (await (await fetch(`${server.url}/api/admin/users`, { headers: { cookie } })).json()) as { id: string; email: string }[];
    return users.find((u) => u.email === email)!.id;
  }

  it("closes a connection when its session logs out", async () => {
    const cookie = await login(server.url, "anbieter-b@demo.test");
    const { socket } = await rawConnect(wsUrl(providerBId), { cookie });
    const closed = closeCodeOf(socket!);
    await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie } });
    expect(await closed).toBe(CloseCode.unauthenticated);
  });

  it("closes an open connection once its session has expired", async () => {
    const short = await startTestServer({});
    try {
      const cookie = await login(short.url, "anbieter-a@demo.test");
      const id = (await scorecardsOf(short.url, cookie))[0].id;
      const { socket } = await rawConnect(`${short.url.replace("http", "ws")}/collab/${id}`, { cookie });
      const closed = closeCodeOf(socket!);
      await short.db
        .updateTable("sessions")
        .set({ expires_at: Date.now() - 1 })
        .execute();
      await short.collab.checkSessions();
      expect(await closed).toBe(CloseCode.unauthenticated);
    } finally {
      await short.stop();
    }
  });

  it("downgrades an editor made viewer: later updates are dropped", async () => {
    const admin = await adminCookie();
    const cookie = await login(server.url, "anbieter-b@demo.test");
    const { socket } = await rawConnect(`${wsUrl(providerBId)}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie });
    const accessMessages: string[] = [];
    socket!.on("message", (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === MessageType.access) accessMessages.push(decoding.readVarString(decoder));
    });
    const id = await userId("anbieter-b@demo.test", admin);
    const response = await fetch(`${server.url}/api/admin/users/${id}`, {
      method: "PATCH",
      headers: { cookie: admin, "content-type": "application/json" },
      body: JSON.stringify({ role: "viewer" }),
    });
    expect(response.status).toBe(200);
    const doc = new Y.Doc();
    doc.getText("after-downgrade").insert(0, "verboten");
    await sendAndFlush(socket!, updateMessage(Y.encodeStateAsUpdate(doc)));
    expect(accessMessages.at(-1)).toBe("read");
    expect(await storedText(providerBId, "after-downgrade")).toBe("");
    socket!.close();
    await fetch(`${server.url}/api/admin/users/${id}`, {
      method: "PATCH",
      headers: { cookie: admin, "content-type": "application/json" },
      body: JSON.stringify({ role: "editor" }),
    });
  });

  it("closes the connections of a removed user", async () => {
    const admin = await adminCookie();
    const created = await fetch(`${server.url}/api/admin/users`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/json" },
      body: JSON.stringify({
        email: "temp@demo.test",
        name: "Temporär",
        password: "temporary-password",
        organisationId: ((await (await fetch(`${server.url}/api/me`, { headers: { cookie: funderCookie } })).json()) as { organisation: { id: string } }).organisation.id,
        role: "editor",
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const cookie = await login(server.url, "temp@demo.test", "temporary-password");
    const { socket } = await rawConnect(wsUrl(conferenceId), { cookie });
    const closed = closeCodeOf(socket!);
    expect((await fetch(`${server.url}/api/admin/users/${id}`, { method: "DELETE", headers: { cookie: admin } })).status).toBe(200);
    expect([CloseCode.unauthenticated, CloseCode.forbidden]).toContain(await closed);
    expect((await rawConnect(wsUrl(conferenceId), { cookie })).status).toBe(401);
  });
});

describe("loading and unloading", () => {
  it("rebuilds a document from a checkpoint plus later updates after the room was unloaded", async () => {
    const small = await startTestServer({ checkpointEvery: 5 });
    try {
      const cookie = await login(small.url, "sozialamt@demo.test");
      const id = (await scorecardsOf(small.url, cookie))[0].id;
      const a = connectClient(small.url, id, cookie);
      await a.synced;
      for (let i = 0; i < 12; i++) a.doc.getText("t").insert(i, String(i % 10));
      const b = connectClient(small.url, id, cookie);
      await b.synced;
      await waitForDoc(b.doc, () => b.doc.getText("t").length === 12);
      a.destroy();
      b.destroy();
      await waitUntil(() => small.collab.stats().rooms === 0);
      const checkpoints = await small.db
        .selectFrom("doc_checkpoints")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(checkpoints.n)).toBe(1);
      const c = connectClient(small.url, id, cookie);
      await c.synced;
      c.doc.getText("t").insert(0, "!");
      const d = connectClient(small.url, id, cookie);
      await d.synced;
      await waitForDoc(d.doc, () => d.doc.getText("t").length === 13);
      expect(d.doc.getText("t").toString()).toBe("!012345678901");
      c.destroy();
      d.destroy();
    } finally {
      await small.stop();
    }
  });
});

async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
