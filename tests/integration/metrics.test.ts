import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, rawConnect, waitForDoc, type TestClient } from "../fixtures/yClient";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { MessageType } from "../../shared/protocol/messages";

/** `GET /metrics` (issue 19): Prometheus text for a scraper with METRICS_TOKEN, nothing for anyone else. */

const TOKEN = "metrics-test-token";

/** One sample's value from the Prometheus text format, e.g. `steuerrad_rooms 1`. */
function sample(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

describe("/metrics with METRICS_TOKEN", () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  const scrape = (authorization?: string) => fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    server = await startTestServer({ metricsToken: TOKEN });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers 401 without the token or with a wrong one", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer falsch")).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it("serves the Prometheus text format with rooms, connections and storage", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    for (const name of [
      "steuerrad_rooms",
      "steuerrad_connections",
      "steuerrad_updates_stored_total",
      "steuerrad_storage_latency_seconds_count",
      "steuerrad_group_commit_size_count",
      'steuerrad_updates_relayed_total{to="connections"}',
      "steuerrad_kpi_recomputations_total",
    ]) {
      expect(sample(text, name)).toBeGreaterThanOrEqual(0);
    }
    expect(text).toContain('steuerrad_mails{state="failed"}');
    expect(text).toContain('steuerrad_jobs{state="late"}');
    expect(text).toContain("steuerrad_nodejs_eventloop_lag_seconds");
    // Without REDIS_URL nothing can be unreachable or relayed over a bus, so there are no such samples at all.
    expect(text).not.toMatch(/^steuerrad_redis_up /m);
    expect(text).not.toContain('steuerrad_updates_relayed_total{to="bus"}');
  });

  it("counts rooms, connections and stored updates while two clients co-edit", async () => {
    const first = await (await scrape(`Bearer ${TOKEN}`)).text();
    const before = sample(first, "steuerrad_updates_stored_total");
    const relayedBefore = sample(first, 'steuerrad_updates_relayed_total{to="connections"}');
    const funder = await login(server.url, "sozialamt@demo.test");
    const conference = (await scorecardsOf(server.url, funder)).find((card) => card.provider === null)!;
    const a = connectClient(server.url, conference.id, funder);
    const b = connectClient(server.url, conference.id, await login(server.url, "anbieter-a@demo.test"));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    a.doc.getText("metrics").insert(0, "Hallo");
    await waitForDoc(b.doc, () => b.doc.getText("metrics").toString() === "Hallo");

    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, "steuerrad_rooms")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "steuerrad_connections")).toBe(2);
    // b received a's edit: relayed to one connection at least.
    expect(sample(text, 'steuerrad_updates_relayed_total{to="connections"}')).toBeGreaterThan(relayedBefore);
    // Storing may finish just after the relay, so the counter is polled, not waited for.
    await vi.waitFor(async () => {
      const now = await (await scrape(`Bearer ${TOKEN}`)).text();
      expect(sample(now, "steuerrad_updates_stored_total")).toBeGreaterThan(before);
      expect(sample(now, "steuerrad_group_commit_size_count")).toBeGreaterThan(0);
    });
  });

  it("counts KPI recomputations when a KPI block asks for values", async () => {
    const before = sample(await (await scrape(`Bearer ${TOKEN}`)).text(), "steuerrad_kpi_recomputations_total");
    const funder = await login(server.url, "sozialamt@demo.test");
    const card = (await scorecardsOf(server.url, funder)).find((entry) => entry.provider !== null)!;
    const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${card.id}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie: funder });
    const answered = new Promise<void>((resolve) =>
      socket!.on("message", (data: ArrayBuffer) => {
        if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) === MessageType.kpiValues) resolve();
      }),
    );
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiQuery);
    encoding.writeVarString(encoder, JSON.stringify({ periods: ["2025-Q2", "2025-Q3"] }));
    socket!.send(encoding.toUint8Array(encoder));
    await answered;
    socket!.close();
    expect(sample(await (await scrape(`Bearer ${TOKEN}`)).text(), "steuerrad_kpi_recomputations_total")).toBe(before + 2);
  });

  it("is not part of the API", async () => {
    expect((await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });
});

describe("/metrics without METRICS_TOKEN", () => {
  it("answers 404, so an unconfigured server exposes nothing", async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer irgendwas" } })).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
