/**
 * Versions over a real server with real WebSocket clients: a version holds exactly the
 * content of its time, a compare attributes insertions and deletions to the
 * authenticated users who made them, a restore is a new change on top and leaves every
 * earlier version readable, and rights are enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DiffNode, IntegrityReport, VersionComparison, VersionContent, VersionSummary } from "../../shared/domain/versions";
import { createMeasure, readMeasure, setMeasureField } from "../../shared/document/measures";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, waitForDoc, type TestClient } from "../fixtures/yClient";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.stop());

async function api<T>(path: string, cookie: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie, ...(init.json !== undefined ? { "content-type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T };
}

/** Every text run of a compared document with its change. */
function textRuns(node: DiffNode, inherited?: DiffNode["diff"]): { text: string; diff?: DiffNode["diff"] }[] {
  const diff = node.diff ?? inherited;
  if (node.type === "text") return [{ text: node.text ?? "", diff }];
  return (node.content ?? []).flatMap((child) => textRuns(child, diff));
}

function paragraphWith(doc: Y.Doc, text: string): number {
  return doc
    .getXmlFragment("default")
    .toArray()
    .findIndex((node) => node instanceof Y.XmlElement && node.toString().includes(text));
}

function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment("default");
  fragment.insert(fragment.length, [paragraph]);
}

/** Resolves once the server has stored everything the client sent (the other client saw it). */
async function settle(from: TestClient, to: TestClient): Promise<void> {
  await waitForDoc(to.doc, () => Buffer.compare(Buffer.from(Y.encodeStateVector(from.doc)), Buffer.from(Y.encodeStateVector(to.doc))) === 0);
}

describe("versions", () => {
  it("freezes content, compares with attribution, restores as a new change, and checks rights", async () => {
    const funder = await login(server.url, "sozialamt@demo.test");
    const provider = await login(server.url, "anbieter-a@demo.test");
    const viewer = await login(server.url, "gast-a@demo.test");
    const otherProvider = await login(server.url, "anbieter-b@demo.test");
    const id = (await scorecardsOf(server.url, provider)).find((s) => s.provider !== null)!.id;

    const a = connectClient(server.url, id, funder);
    const b = connectClient(server.url, id, provider);
    await Promise.all([a.synced, b.synced]);
    a.doc.transact(() => {
      createMeasure(a.doc, "m-v", { title: "Beteiligung stärken" });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-v");
      const fragment = a.doc.getXmlFragment("default");
      fragment.insert(fragment.length, [node]);
    });
    await settle(a, b);

    const first = await api<VersionSummary>(`/api/scorecards/${id}/versions`, funder, { method: "POST", json: { name: "Vor der Änderung" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: "named", name: "Vor der Änderung", createdBy: { name: "Sabine Sozialamt" } });

    // The funder adds a sentence; the provider deletes the starter's first paragraph and moves the measure on.
    appendParagraph(a.doc, "Neuer Satz vom Sozialamt.");
    await settle(a, b);
    b.doc.transact(() => b.doc.getXmlFragment("default").delete(paragraphWith(b.doc, "zugleich das Protokoll"), 1));
    setMeasureField(b.doc, "m-v", "status", "in_progress");
    await settle(b, a);

    const second = await api<VersionSummary>(`/api/scorecards/${id}/versions`, funder, { method: "POST", json: { name: "Nach der Änderung" } });
    expect(second.status).toBe(201);
    expect(second.body.authors.map((p) => p.name).sort()).toEqual(["Anton Anbieter-A", "Sabine Sozialamt"]);

    const compare = await api<VersionComparison>(`/api/scorecards/${id}/compare?from=${first.body.id}&to=${second.body.id}`, viewer);
    expect(compare.status).toBe(200);
    const runs = textRuns(compare.body.document);
    const added = runs.find((run) => run.text.includes("Neuer Satz vom Sozialamt."));
    expect(added?.diff).toMatchObject({ kind: "added", attribution: { by: { name: "Sabine Sozialamt" } } });
    const removed = runs.find((run) => run.text.includes("zugleich das Protokoll"));
    expect(removed?.diff).toMatchObject({ kind: "removed", attribution: { by: { name: "Anton Anbieter-A" } } });
    // Text nobody touched carries no mark.
    expect(runs.find((run) => run.text === "Finanzen & Budget")?.diff).toBeUndefined();
    const statusChange = compare.body.measures.find((change) => change.measureId === "m-v" && change.field === "status");
    expect(statusChange).toMatchObject({ before: "planned", after: "in_progress", changedBy: [{ by: { name: "Anton Anbieter-A" } }] });
    expect(compare.body.measures.filter((change) => change.measureId === "m-v").map((change) => change.field)).toEqual(["status"]);

    // The first version opens with exactly its content and the KPI values of its time.
    const opened = await api<VersionContent>(`/api/scorecards/${id}/versions/${first.body.id}`, viewer);
    const frozen = new Y.Doc();
    Y.applyUpdate(frozen, Buffer.from(opened.body.state, "base64"));
    expect(frozen.getXmlFragment("default").toString()).not.toContain("Neuer Satz vom Sozialamt.");
    expect(frozen.getXmlFragment("default").toString()).toContain("zugleich das Protokoll");
    expect(readMeasure(frozen, "m-v")?.status).toBe("planned");
    expect(opened.body.kpis.scope).toBe("provider");

    // Rights: viewers read but neither save nor restore; another provider sees nothing.
    expect((await api(`/api/scorecards/${id}/versions`, viewer)).status).toBe(200);
    expect((await api(`/api/scorecards/${id}/versions`, viewer, { method: "POST", json: { name: "x" } })).status).toBe(403);
    expect((await api(`/api/scorecards/${id}/versions/${first.body.id}/restore`, viewer, { method: "POST", json: {} })).status).toBe(403);
    expect((await api(`/api/scorecards/${id}/versions`, otherProvider)).status).toBe(404);
    expect((await api(`/api/scorecards/${id}/versions/${first.body.id}`, otherProvider)).status).toBe(404);
    expect((await api(`/api/scorecards/${id}/compare?from=${first.body.id}&to=current`, otherProvider)).status).toBe(404);
    expect((await api(`/api/scorecards/${id}/versions`, funder, { method: "POST", json: { name: "  " } })).status).toBe(400);

    // Restore: a new change on top, reaching every connected client.
    const restored = await api<VersionSummary>(`/api/scorecards/${id}/versions/${first.body.id}/restore`, funder, { method: "POST", json: { reason: "Änderung verworfen" } });
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ kind: "restore", createdBy: { name: "Sabine Sozialamt" } });
    await waitForDoc(b.doc, () => !b.doc.getXmlFragment("default").toString().includes("Neuer Satz vom Sozialamt."));
    expect(b.doc.getXmlFragment("default").toString()).toContain("zugleich das Protokoll");
    expect(readMeasure(b.doc, "m-v")?.status).toBe("planned");

    // Every earlier version still opens as it was.
    const later = await api<VersionContent>(`/api/scorecards/${id}/versions/${second.body.id}`, funder);
    const laterDoc = new Y.Doc();
    Y.applyUpdate(laterDoc, Buffer.from(later.body.state, "base64"));
    expect(laterDoc.getXmlFragment("default").toString()).toContain("Neuer Satz vom Sozialamt.");

    // The compare across the restore shows the restorer removing the sentence.
    const afterRestore = await api<VersionComparison>(`/api/scorecards/${id}/compare?from=${second.body.id}&to=current`, funder);
    const gone = textRuns(afterRestore.body.document).find((run) => run.text.includes("Neuer Satz vom Sozialamt."));
    expect(gone?.diff).toMatchObject({ kind: "removed", attribution: { by: { name: "Sabine Sozialamt" } } });

    const list = await api<{ versions: VersionSummary[]; canEdit: boolean }>(`/api/scorecards/${id}/versions`, viewer);
    expect(list.body.canEdit).toBe(false);
    expect(list.body.versions.map((v) => v.name)).toEqual(["Wiederherstellung von Version 1", "Nach der Änderung", "Vor der Änderung"]);

    const integrity = await api<IntegrityReport>(`/api/scorecards/${id}/audit/verify`, viewer);
    expect(integrity.body).toMatchObject({ ok: true, problem: null });
    expect(integrity.body.checked.versions).toBe(3);

    // Leaving ends the session of editing: an automatic version keeps the unsaved change.
    appendParagraph(b.doc, "Noch ein Satz.");
    await settle(b, a);
    a.destroy();
    b.destroy();
    await expect
      .poll(async () => (await api<{ versions: VersionSummary[] }>(`/api/scorecards/${id}/versions`, funder)).body.versions[0])
      .toMatchObject({
        kind: "auto",
        authors: [{ name: "Anton Anbieter-A" }],
      });
  });

  it("lets only admins delete a scorecard, which then disappears but stays audited", async () => {
    const admin = await login(server.url, "admin@demo.test");
    const funder = await login(server.url, "sozialamt@demo.test");
    const target = (await scorecardsOf(server.url, funder)).find((s) => s.provider !== null && s.title.includes("Weser"))!;
    expect((await api(`/api/scorecards/${target.id}`, funder, { method: "DELETE", json: { reason: "Doppelt angelegt" } })).status).toBe(403);
    expect((await api(`/api/scorecards/${target.id}`, admin, { method: "DELETE", json: {} })).status).toBe(400);
    const deleted = await api<{ purgeAfter: string }>(`/api/scorecards/${target.id}`, admin, { method: "DELETE", json: { reason: "Doppelt angelegt" } });
    expect(deleted.status).toBe(200);
    expect(new Date(deleted.body.purgeAfter).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 9);
    expect((await scorecardsOf(server.url, funder)).map((s) => s.id)).not.toContain(target.id);
    expect((await api(`/api/scorecards/${target.id}/versions`, funder)).status).toBe(404);
    const event = await server.db.selectFrom("audit_events").select(["kind", "user_id as userId", "detail_json as detail"]).where("scorecard_id", "=", target.id).executeTakeFirstOrThrow();
    expect(event.kind).toBe("scorecard.deleted");
    expect(JSON.parse(event.detail)).toMatchObject({ reason: "Doppelt angelegt", updates: 1 });
  });
});
