import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure, setMeasureField } from "../../shared/document/measures";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { readOutline } from "../../shared/document/outline";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, waitForDoc } from "../fixtures/yClient";

let server: TestServer;
let funder: string;
let providerA: string;

beforeAll(async () => {
  server = await startTestServer();
  funder = await login(server.url, "sozialamt@demo.test");
  providerA = await login(server.url, "anbieter-a@demo.test");
});
afterAll(async () => server.stop());

async function post(path: string, cookie: string, body: unknown) {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function providerIds(): Promise<{ id: string; name: string }[]> {
  return (await (await fetch(`${server.url}/api/scorecards/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
}

describe("creating scorecards", () => {
  it("creates a scorecard from the starter template with four perspectives and the conference goals", async () => {
    const provider = (await providerIds())[0];
    const response = await post("/api/scorecards", funder, { title: "BSC 2027", providerId: provider.id, template: "starter" });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; provider: string };
    expect(created.provider).toBe(provider.name);
    const client = connectClient(server.url, created.id, funder);
    await client.synced;
    const outline = readOutline(yDocToDocumentJson(client.doc));
    expect(outline.perspectives.map((p) => p.title)).toEqual(["Leistungsberechtigte & Wirkung", "Finanzen & Budget", "Prozesse, Kooperation & Sozialraum", "Mitarbeitende & Lernen"]);
    expect(outline.perspectives[2].goals.map((g) => g.title)).toContain("Zusammenarbeiten");
    expect(outline.perspectives[1].goals.map((g) => g.title)).toContain("Doppelstrukturen vermeiden");
    client.destroy();
  });

  it("creates an empty scorecard with only its title", async () => {
    const response = await post("/api/scorecards", funder, { title: "Leer", providerId: null, template: "empty" });
    const { id } = (await response.json()) as { id: string };
    const client = connectClient(server.url, id, funder);
    await client.synced;
    expect(readOutline(yDocToDocumentJson(client.doc)).perspectives).toEqual([]);
    expect(yDocToDocumentJson(client.doc).content?.[0]).toMatchObject({ type: "heading", attrs: { level: 1 } });
    client.destroy();
  });

  it("lets only the funder's editors create scorecards", async () => {
    expect((await post("/api/scorecards", providerA, { title: "X", providerId: null, template: "empty" })).status).toBe(403);
  });

  it("names the field of a malformed request", async () => {
    const response = await post("/api/scorecards", funder, { title: "", providerId: "nope", template: "bunt" });
    expect(response.status).toBe(400);
    const message = ((await response.json()) as { error: { message: string } }).error.message;
    expect(message).toContain("title:");
    expect(message).toContain("template:");
    expect((await post("/api/scorecards", funder, { title: "X", providerId: "unknown", template: "empty" })).status).toBe(400);
  });
});

describe("reading measures on the server", () => {
  it("returns the measures the editor wrote, placed under their goal, with warnings", async () => {
    const scorecard = (await scorecardsOf(server.url, providerA)).find((s) => s.provider === "Beispiel e.V. (Demo)")!;
    const client = connectClient(server.url, scorecard.id, providerA);
    await client.synced;
    const fragment = client.doc.getXmlFragment("default");
    // Insert a measure node right after the goal "Leistungsberechtigte aktivieren und beteiligen".
    const goalIndex = fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.toString().includes("aktivieren und beteiligen"));
    client.doc.transact(() => {
      createMeasure(client.doc, "m-test", { title: "Beirat gründen", startDate: "2026-05-01" });
      setMeasureField(client.doc, "m-test", "dueDate", "2026-04-01");
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-test");
      fragment.insert(goalIndex + 1, [node]);
    });
    const watcher = connectClient(server.url, scorecard.id, funder);
    await watcher.synced;
    await waitForDoc(watcher.doc, () => watcher.doc.getMap("measures").has("m-test"));

    const response = await fetch(`${server.url}/api/scorecards/${scorecard.id}/measures`, { headers: { cookie: funder } });
    const { measures } = (await response.json()) as { measures: { id: string; title: string; goal: string; perspective: string; warnings: string[]; overdue: boolean }[] };
    expect(measures).toHaveLength(1);
    expect(measures[0]).toMatchObject({
      id: "m-test",
      title: "Beirat gründen",
      perspective: "Leistungsberechtigte & Wirkung",
      goal: "Leistungsberechtigte aktivieren und beteiligen",
      warnings: ["dueBeforeStart"],
    });
    client.destroy();
    watcher.destroy();
  });

  it("hides another provider's measures", async () => {
    const other = (await scorecardsOf(server.url, funder)).find((s) => s.provider === "Weser-Wohnverbund gGmbH (Demo)")!;
    expect((await fetch(`${server.url}/api/scorecards/${other.id}/measures`, { headers: { cookie: providerA } })).status).toBe(404);
  });
});
