import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type WebSocket from "ws";
import { DATABASE_KINDS } from "../fixtures/databases";
import { startServerInstances, type ServerInstances } from "../fixtures/serverInstances";
import { login, scorecardsOf } from "../fixtures/testServer";
import { closeCodeOf, connectClient, rawConnect, type TestClient } from "../fixtures/yClient";
import { pollUntil } from "../fixtures/crashClients";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { MessageType } from "../../shared/protocol/messages";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import type { VersionContent, VersionSummary } from "../../shared/domain/versions";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { closeDatabase, type Db } from "../../server/persistence/db";

/**
 * Several server processes agree on what is not in the document (issue 19): KPI values after
 * a figures upload ([SYNC27]) and the connection limit per user ([SYNC-A4]).
 */

// Every y-websocket provider adds an exit listener to the process.
process.setMaxListeners(100);

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const expectedQ2 = JSON.parse(readFileSync(`${example}/expected-2025-Q2.json`, "utf8")) as { serviceValueCents: number };
const LIMIT = 3;
const TOKEN = "multi-metrics-token";

/** One sample's value from a process's `/metrics`, e.g. `steuerrad_kpi_recomputations_total`. */
async function sample(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
}

/** An editor's socket that asks for KPI values and collects every snapshot pushed to it. */
async function kpiClient(baseUrl: string, scorecardId: string, cookie: string, periods: string[]) {
  const { socket } = await rawConnect(`${baseUrl.replace("http", "ws")}/collab/${scorecardId}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie });
  const snapshots: KpiSnapshot[] = [];
  const waiters: (() => void)[] = [];
  socket!.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.kpiValues) return;
    snapshots.push(JSON.parse(decoding.readVarString(decoder)) as KpiSnapshot);
    waiters.splice(0).forEach((wake) => wake());
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.kpiQuery);
  encoding.writeVarString(encoder, JSON.stringify({ periods }));
  socket!.send(encoding.toUint8Array(encoder));
  /** The `count`th snapshot, waited for at most `timeoutMs`. */
  const next = (count: number, timeoutMs: number) =>
    new Promise<KpiSnapshot>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no KPI push within ${timeoutMs} ms (got ${snapshots.length})`)), timeoutMs);
      const check = () => {
        if (snapshots.length < count) return void waiters.push(check);
        clearTimeout(timer);
        resolvePromise(snapshots[count - 1]);
      };
      check();
    });
  return { socket: socket!, next };
}

describe.each(DATABASE_KINDS)("several server processes agree on %s", (kind) => {
  let servers: ServerInstances;
  let db: Db;
  let funder: string;
  let providerUser: string;
  let providerId: string;
  let scorecardId: string;
  let conferenceId: string;
  const sockets: WebSocket[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    servers = await startServerInstances(kind, 2, { MAX_CONNECTIONS_PER_USER: String(LIMIT), METRICS_TOKEN: TOKEN });
    db = await servers.openDatabase();
    const [a] = servers.instances;
    funder = await login(a.url, "sozialamt@demo.test");
    providerUser = await login(a.url, "anbieter-a@demo.test");
    const providers = (await (await fetch(`${a.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
    providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
    const scorecards = await scorecardsOf(a.url, funder);
    scorecardId = scorecards.find((s) => s.provider === "Beispiel e.V. (Demo)")!.id;
    conferenceId = scorecards.find((s) => s.provider === null)!.id;
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const client of clients) client.destroy();
    if (db) await closeDatabase(db);
    await servers?.stop();
  }, 60_000);

  it("[SYNC27] a figures upload on one process pushes fresh KPI values to a KPI block on another within a second, and a version taken there holds them", async () => {
    const [a, b] = servers.instances;
    const agreement = await fetch(`${a.url}/api/providers/${providerId}/agreements/2025`, {
      method: "PUT",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Vereinbarung 2025", agreementText: readFileSync(`${example}/agreement-2025.json`, "utf8"), fileName: "agreement-2025.json" }),
    });
    expect(agreement.status).toBe(200);

    // Process B computes (and caches) the values before the figures exist.
    const watcher = await kpiClient(b.url, scorecardId, providerUser, ["2025-Q2"]);
    sockets.push(watcher.socket);
    expect((await watcher.next(1, 5_000)).periods["2025-Q2"].result?.serviceValueCents).toBeNull();
    // The scorecard shows that period in a KPI block, so a version freezes its values.
    const editor = connectClient(b.url, scorecardId, funder);
    clients.push(editor);
    await editor.synced;
    const stored = createDocUpdateStore(db);
    const before = await stored.count(scorecardId);
    const block = new Y.XmlElement("kpiBlock");
    block.setAttribute("kpi", "occupancyDeviationPct");
    block.setAttribute("period", "2025-Q2");
    editor.doc.getXmlFragment("default").push([block]);
    await pollUntil(async () => ((await stored.count(scorecardId)) > before ? null : "the KPI block is not stored"), 5_000);
    const recomputedBefore = await sample(b.url, "steuerrad_kpi_recomputations_total");

    const form = new FormData();
    form.set("subject", "figures");
    form.set("file", new File([readFileSync(`${example}/figures-2025.csv`)], "figures-2025.csv"));
    const upload = await fetch(`${a.url}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie: providerUser }, body: form });
    expect(upload.status).toBe(200);
    const pushed = await watcher.next(2, 1_000);
    expect(pushed.periods["2025-Q2"].result?.serviceValueCents).toBe(expectedQ2.serviceValueCents);
    expect(await sample(b.url, "steuerrad_kpi_recomputations_total")).toBeGreaterThan(recomputedBefore);
    expect(await sample(b.url, 'steuerrad_updates_relayed_total{to="bus"}')).toBeGreaterThan(0);

    const taken = await fetch(`${b.url}/api/scorecards/${scorecardId}/versions`, {
      method: "POST",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ name: "Nach dem Upload" }),
    });
    expect(taken.status).toBe(201);
    const { id } = (await taken.json()) as VersionSummary;
    const version = (await (await fetch(`${b.url}/api/scorecards/${scorecardId}/versions/${id}`, { headers: { cookie: funder } })).json()) as VersionContent;
    expect(version.kpis.periods["2025-Q2"]?.result?.serviceValueCents).toBe(expectedQ2.serviceValueCents);
  });

  it("[SYNC-A4] holds the connection limit per user across processes", async () => {
    const [a, b] = servers.instances;
    const cookie = await login(a.url, "anbieter-b@demo.test");
    const connect = (baseUrl: string) => rawConnect(`${baseUrl.replace("http", "ws")}/collab/${conferenceId}`, { cookie });
    const open: WebSocket[] = [];
    for (const instance of [a, b, a]) {
      const { socket, status } = await connect(instance.url);
      expect(status, "a connection within the limit").toBeUndefined();
      open.push(socket!);
      sockets.push(socket!);
    }
    expect((await connect(b.url)).status).toBe(429);
    expect((await connect(a.url)).status).toBe(429);

    // A closed connection frees its place on the other process too.
    const closed = closeCodeOf(open[0]);
    open[0].close();
    await closed;
    let again: Awaited<ReturnType<typeof connect>> = { status: 429 };
    const deadline = Date.now() + 5_000;
    while (again.status === 429 && Date.now() < deadline) again = await connect(b.url);
    expect(again.status).toBeUndefined();
    sockets.push(again.socket!);
  });
});
