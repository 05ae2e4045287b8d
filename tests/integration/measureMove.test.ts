import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure, readMeasure, setMeasureField } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, waitForDoc } from "../fixtures/yClient";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.stop());

function indexOfHeading(fragment: Y.XmlFragment, text: string): number {
  return fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.nodeName === "heading" && node.toString().includes(text));
}

describe("moving a measure", () => {
  it("merges a move to another goal with a concurrent edit of the measure's fields", async () => {
    const cookieA = await login(server.url, "anbieter-a@demo.test");
    const cookieB = await login(server.url, "sozialamt@demo.test");
    const id = (await scorecardsOf(server.url, cookieA)).find((s) => s.provider !== null)!.id;
    const a = connectClient(server.url, id, cookieA);
    const b = connectClient(server.url, id, cookieB);
    await Promise.all([a.synced, b.synced]);

    const fragmentA = a.doc.getXmlFragment("default");
    a.doc.transact(() => {
      createMeasure(a.doc, "m-move", { title: "Verschieben" });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-move");
      fragmentA.insert(indexOfHeading(fragmentA, "aktivieren und beteiligen") + 1, [node]);
    });
    await waitForDoc(b.doc, () => readMeasure(b.doc, "m-move") !== null && b.doc.getXmlFragment("default").toString().includes("m-move"));

    // B goes offline, edits the measure; A meanwhile moves it to another goal in one transaction.
    b.provider.disconnect();
    setMeasureField(b.doc, "m-move", "status", "in_progress");
    setMeasureField(b.doc, "m-move", "responsiblePerson", "Frau Beispiel");
    a.doc.transact(() => {
      const from = fragmentA.toArray().findIndex((n) => n instanceof Y.XmlElement && n.getAttribute("measureId") === "m-move");
      fragmentA.delete(from, 1);
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", "m-move");
      fragmentA.insert(indexOfHeading(fragmentA, "Doppelstrukturen vermeiden") + 1, [node]);
    });
    b.provider.connect();
    await waitForDoc(a.doc, () => readMeasure(a.doc, "m-move")?.status === "in_progress");
    await waitForDoc(b.doc, () => readOutline(yDocToDocumentJson(b.doc)).placements.some((p) => p.goal === "Doppelstrukturen vermeiden"));

    for (const doc of [a.doc, b.doc]) {
      const placements = readOutline(yDocToDocumentJson(doc)).placements.filter((p) => p.measureId === "m-move");
      expect(placements).toHaveLength(1);
      expect(placements[0].goal).toBe("Doppelstrukturen vermeiden");
      expect(readMeasure(doc, "m-move")).toMatchObject({ title: "Verschieben", status: "in_progress", responsiblePerson: "Frau Beispiel" });
    }
    a.destroy();
    b.destroy();
  });
});
