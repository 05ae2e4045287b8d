import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { MessageType } from "../../shared/protocol/messages";
import { DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import type { KpiSnapshot, ShownKpiResult } from "../../shared/domain/kpiSnapshot";
import { DisclosureReason } from "../../shared/kpi/disclosure";
import { createOrganisation } from "../../server/persistence/organisations";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { rawConnect } from "../fixtures/yClient";

// The attack of issue 15, as a provider's client asks: A and B report real figures, a third
// provider reports every count as 0, and B asks the conference scorecard for its sums.

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const agreementText = readFileSync(`${example}/agreement-2025.json`, "utf8");
const figuresCsv = readFileSync(`${example}/figures-2025.csv`, "utf8");

/** The example's rows with every count and day set to 0 in the chosen months. */
function zeroed(months: (month: string) => boolean): string {
  const [header, ...rows] = figuresCsv.trim().split("\n");
  return [
    header,
    ...rows.map((row) => {
      const cells = row.split(",");
      if (!months(cells[0])) return row;
      return [...cells.slice(0, 6), "0", "0"].join(",");
    }),
  ].join("\n");
}

let server: TestServer;
let funder: string;
let providerB: string;
let conferenceId: string;
let ids: { a: string; b: string; c: string };

beforeAll(async () => {
  server = await startTestServer();
  funder = await login(server.url, "sozialamt@demo.test");
  providerB = await login(server.url, "anbieter-b@demo.test");
  const providers = (await (await fetch(`${server.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  ids = {
    a: providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id,
    b: providers.find((p) => p.name === "Weser-Wohnverbund gGmbH (Demo)")!.id,
    c: (await createOrganisation(server.db, "Neuer Träger (Test)", "provider")).id,
  };
  conferenceId = (await scorecardsOf(server.url, funder)).find((s) => s.provider === null)!.id;
  for (const id of Object.values(ids)) {
    const response = await fetch(`${server.url}/api/providers/${id}/agreements/2025`, {
      method: "PUT",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Vereinbarung 2025", agreementText, fileName: "agreement-2025.json" }),
    });
    expect(response.status).toBe(200);
  }
  await upload(ids.a, figuresCsv);
  await upload(ids.b, figuresCsv);
  await upload(
    ids.c,
    zeroed(() => true),
  );
});
afterAll(async () => server.stop());

async function upload(provider: string, csv: string): Promise<void> {
  const form = new FormData();
  form.set("subject", "figures");
  // A second upload corrects months already reported, which needs a reason.
  form.set("reason", "Korrektur für den Test");
  form.set("file", new File([csv], "figures-2025.csv"));
  const response = await fetch(`${server.url}/api/providers/${provider}/figures/upload`, { method: "POST", headers: { cookie: funder }, body: form });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Asks the conference scorecard for these periods over the collaboration socket, as provider B's editor. */
async function ask(periods: string[]): Promise<Record<string, ShownKpiResult | null>> {
  const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${conferenceId}?schema=${DOCUMENT_SCHEMA_VERSION}`, { cookie: providerB });
  const snapshot = await new Promise<KpiSnapshot>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error("no KPI values within 5 s")), 5000);
    socket!.on("message", (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== MessageType.kpiValues) return;
      clearTimeout(timer);
      resolvePromise(JSON.parse(decoding.readVarString(decoder)) as KpiSnapshot);
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.kpiQuery);
    encoding.writeVarString(encoder, JSON.stringify({ periods }));
    socket!.send(encoding.toUint8Array(encoder));
  });
  socket!.close();
  expect(snapshot.scope).toBe("conference");
  return Object.fromEntries(periods.map((period) => [period, snapshot.periods[period].result]));
}

describe("conference figures over the collaboration socket", () => {
  it("[KPI-D1] shows provider B no sums of two real providers beside one that reports zeros", async () => {
    const { "2025-Q1": q1 } = await ask(["2025-Q1"]);
    expect(q1).not.toBeNull();
    // B would subtract its own figures from each of these and have A's.
    expect(q1!.actualOccupancyDays).toBeNull();
    expect(q1!.serviceValueCents).toBeNull();
    expect(q1!.casesAtEnd).toBeNull();
    expect(Object.values(q1!.casesByGroup!)).toEqual([null, null, null, null, null]);
    expect(q1!.socialSpaceValueFreedCents).toBeNull();
    expect(q1!.valueDeviationPct).toBeNull();
    expect(q1!.corridor.value).toBeNull();
    expect(q1!.reasonsDe.serviceValueCents).toMatch(/weniger als 3 Leistungserbringer/i);
  });

  it("[KPI-D4] never leaves a hidden need group as the total minus the others", async () => {
    // The third provider now reports real figures, except nothing in group 5 (each of A and B has 4 there).
    await upload(
      ids.c,
      figuresCsv
        .split("\n")
        .filter((row) => !/,5,local,/.test(row))
        .join("\n"),
    );
    const results = await ask(["2025-Q2", "2025-06", "2025-YTD-06"]);
    const q2 = results["2025-Q2"]!;
    const groups = q2.casesByGroup!;
    expect(groups["5"]).toBeNull();
    const hidden = Object.values(groups).filter((value) => value === null).length;
    // Either a second group or the total is hidden with group 5.
    expect(hidden >= 2 || q2.casesAtEnd === null).toBe(true);
    if (q2.casesAtEnd !== null) {
      const shownSum = Object.values(groups).reduce<number>((sum, value) => sum + (value ?? 0), 0);
      // What the total minus the shown groups leaves is several groups together, never group 5 alone.
      expect(q2.casesAtEnd - shownSum).toBeGreaterThan(8);
      expect(
        Object.entries(groups)
          .filter(([, value]) => value === null)
          .map(([g]) => g),
      ).toContain("5");
    }
    // Every period that ends in June hides the same cells.
    for (const period of ["2025-06", "2025-YTD-06"]) {
      expect(results[period]!.casesByGroup, period).toEqual(groups);
      expect(results[period]!.casesAtEnd, period).toBe(q2.casesAtEnd);
    }
  });

  it("[KPI-D3] hides every period containing a month that only two providers reported", async () => {
    await upload(
      ids.c,
      zeroed((month) => month === "2025-02"),
    );
    const results = await ask(["2025-01", "2025-02", "2025-YTD-02", "2025-YTD-03", "2025-Q1", "2025-Q2"]);
    expect(results["2025-01"]!.serviceValueCents).not.toBeNull();
    expect(results["2025-Q2"]!.serviceValueCents).not.toBeNull();
    for (const period of ["2025-02", "2025-YTD-02", "2025-YTD-03", "2025-Q1"]) {
      expect(results[period]!.serviceValueCents, period).toBeNull();
    }
    expect(results["2025-YTD-03"]!.reasonsDe.serviceValueCents).toContain(DisclosureReason.unsafeMonth.de.slice(0, -1));
  });
});
