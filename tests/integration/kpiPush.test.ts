import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type WebSocket from "ws";
import { MessageType } from "../../shared/protocol/messages";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { createOrganisation } from "../../server/persistence/organisations";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { closeCodeOf, rawConnect } from "../fixtures/yClient";

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const expectedQ2 = JSON.parse(readFileSync(`${example}/expected-2025-Q2.json`, "utf8")) as Record<string, unknown>;

let server: TestServer;
let funder: string;
let providerA: string;
let providerId: string;
let scorecardId: string;
let conferenceId: string;

beforeAll(async () => {
  server = await startTestServer();
  funder = await login(server.url, "sozialamt@demo.test");
  providerA = await login(server.url, "anbieter-a@demo.test");
  const providers = (await (await fetch(`${server.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  const scorecards = await scorecardsOf(server.url, funder);
  scorecardId = scorecards.find((s) => s.provider === "Beispiel e.V. (Demo)")!.id;
  conferenceId = scorecards.find((s) => s.provider === null)!.id;
  const agreement = await fetch(`${server.url}/api/providers/${providerId}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Vereinbarung 2025", agreementText: readFileSync(`${example}/agreement-2025.json`, "utf8"), fileName: "agreement-2025.json" }),
  });
  expect(agreement.status).toBe(200);
});
afterAll(async () => server.stop());

/** Connects as an editor would and collects the KPI snapshots it receives. */
async function kpiClient(id: string, cookie: string) {
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${id}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie });
  const snapshots: KpiSnapshot[] = [];
  const waiters: (() => void)[] = [];
  socket!.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.kpiValues) return;
    snapshots.push(JSON.parse(decoding.readVarString(decoder)) as KpiSnapshot);
    waiters.splice(0).forEach((wake) => wake());
  });
  const next = (count: number, timeoutMs = 1000) =>
    new Promise<KpiSnapshot>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no KPI push within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (snapshots.length >= count) {
          clearTimeout(timer);
          resolvePromise(snapshots[count - 1]);
        } else waiters.push(check);
      };
      check();
    });
  return { socket: socket!, snapshots, next };
}

function query(socket: WebSocket, periods: string[]): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.kpiQuery);
  encoding.writeVarString(encoder, JSON.stringify({ periods }));
  socket.send(encoding.toUint8Array(encoder));
}

async function upload(name: string, subject: "figures" | "staff", provider = providerId, cookie = providerA) {
  const form = new FormData();
  form.set("subject", subject);
  form.set("file", new File([readFileSync(`${example}/${name}`)], name));
  const response = await fetch(`${server.url}/api/providers/${provider}/figures/upload`, { method: "POST", headers: { cookie }, body: form });
  expect(response.status).toBe(200);
}

async function saveAgreement(provider: string) {
  const response = await fetch(`${server.url}/api/providers/${provider}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Vereinbarung 2025", agreementText: readFileSync(`${example}/agreement-2025.json`, "utf8"), fileName: "agreement-2025.json" }),
  });
  expect(response.status).toBe(200);
}

describe("live KPI values", () => {
  it("pushes new values to a connected scorecard within a second of saving figures", async () => {
    const client = await kpiClient(scorecardId, providerA);
    query(client.socket, ["2025-Q2"]);
    const before = await client.next(1);
    expect(before.scope).toBe("provider");
    expect(before.periods["2025-Q2"].result?.serviceValueCents).toBeNull();

    await upload("figures-2025.csv", "figures");
    const after = await client.next(2);
    const result = after.periods["2025-Q2"].result!;
    expect(result.serviceValueCents).toBe(expectedQ2.serviceValueCents);
    expect(result.actualOccupancyDays).toBe(expectedQ2.actualOccupancyDays);

    await upload("staff-2025.csv", "staff");
    const withStaff = (await client.next(3)).periods["2025-Q2"].result!;
    expect(withStaff.corridor.staff).toEqual({ colour: "amber", direction: "above" });
    client.socket.close();
  });

  it("shows the conference no sums while fewer than three providers contribute", async () => {
    const client = await kpiClient(conferenceId, funder);
    query(client.socket, ["2025-Q2"]);
    const snapshot = await client.next(1);
    expect(snapshot.scope).toBe("conference");
    // Only provider A has figures: its sums would be its own figures.
    expect(snapshot.periods["2025-Q2"].result).toBeNull();
    expect(snapshot.periods["2025-Q2"].errorDe).toContain("ab 3 Leistungserbringern");
    expect(snapshot.periods["2025-Q2"].error).toContain("from 3 providers on");
    client.socket.close();
  });

  it("shows the conference sums once three providers contribute, hiding counts where a part is below five", async () => {
    const providers = (await (await fetch(`${server.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
    const providerB = providers.find((p) => p.name === "Weser-Wohnverbund gGmbH (Demo)")!.id;
    const providerC = (await createOrganisation(server.db, "Dritter Träger (Test)", "provider")).id;
    for (const other of [providerB, providerC]) {
      await saveAgreement(other);
      await upload("figures-2025.csv", "figures", other, funder);
    }
    const client = await kpiClient(conferenceId, funder);
    query(client.socket, ["2025-Q2"]);
    const result = (await client.next(1)).periods["2025-Q2"].result!;
    expect(result.serviceValueCents).toBe(3 * (expectedQ2.serviceValueCents as number));
    expect(result.casesAtEnd).toBe(3 * (expectedQ2.casesAtEnd as number));
    // Each provider has 4 cases in group 5 and 4 +S cases: hidden although the sum is 12.
    expect(result.casesByGroup!["5"]).toBeNull();
    expect(result.socialSpaceCases).toBeNull();
    expect(result.reasons.socialSpaceCases).toContain("< 5");
    expect(result.staffFteLocal).toBeNull();
    client.socket.close();
  });

  it("refuses a client's attempt to send KPI values: nothing stored, nobody else affected", async () => {
    const honest = await kpiClient(scorecardId, funder);
    query(honest.socket, ["2025-Q2"]);
    const truth = (await honest.next(1)).periods["2025-Q2"].result!.serviceValueCents;
    const updatesBefore = await createDocUpdateStore(server.db).count(scorecardId);

    const forger = await kpiClient(scorecardId, providerA);
    const closed = closeCodeOf(forger.socket);
    const forged: KpiSnapshot = { scope: "provider", name: "x", periods: { "2025-Q2": { result: { serviceValueCents: 1 } as never, error: null } }, computedAt: new Date().toISOString() };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiValues);
    encoding.writeVarString(encoder, JSON.stringify(forged));
    forger.socket.send(encoding.toUint8Array(encoder));
    expect(await closed).toBe(CloseCode.badMessage);

    query(honest.socket, ["2025-Q2"]);
    expect((await honest.next(2)).periods["2025-Q2"].result!.serviceValueCents).toBe(truth);
    expect(honest.snapshots).toHaveLength(2);
    expect(await createDocUpdateStore(server.db).count(scorecardId)).toBe(updatesBefore);
    honest.socket.close();
  });

  it("says a period lies before the budget start instead of showing an under-run", async () => {
    const late = (await createOrganisation(server.db, "Später Träger (Test)", "provider")).id;
    const saved = await fetch(`${server.url}/api/providers/${late}/agreements/2025`, {
      method: "PUT",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Vereinbarung ab Juli", agreementText: readFileSync(`${example}/agreement-2025-from-july.json`, "utf8"), fileName: "agreement-2025-from-july.json" }),
    });
    expect(saved.status).toBe(200);
    const created = await fetch(`${server.url}/api/scorecards`, {
      method: "POST",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ title: "BSC Später Träger", providerId: late, template: "empty" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const client = await kpiClient(id, funder);
    query(client.socket, ["2025-Q1", "2025-Q3"]);
    const snapshot = await client.next(1);
    expect(snapshot.periods["2025-Q1"].result).toBeNull();
    expect(snapshot.periods["2025-Q1"].budgetStart).toBe("2025-07");
    expect(snapshot.periods["2025-Q3"].result?.budgetedOccupancyDays).toBeGreaterThan(0);
    expect(snapshot.periods["2025-Q3"].budgetStart).toBeUndefined();
    client.socket.close();
  });

  it("names a malformed period instead of computing anything for it", async () => {
    const client = await kpiClient(conferenceId, funder);
    query(client.socket, ["2025-Q5"]);
    const entry = (await client.next(1)).periods["2025-Q5"];
    expect(entry.result).toBeNull();
    expect(entry.error).toContain('period "2025-Q5"');
    expect(entry.errorDe).toContain("Zeitraum „2025-Q5“");
    client.socket.close();
  });

  it("answers a malformed KPI query by closing only that connection", async () => {
    const client = await kpiClient(scorecardId, providerA);
    const closed = closeCodeOf(client.socket);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiQuery);
    encoding.writeVarString(encoder, "{ not json");
    client.socket.send(encoding.toUint8Array(encoder));
    expect(await closed).toBe(CloseCode.badMessage);
  });
});
