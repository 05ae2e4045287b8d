import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { copyMeasure, createMeasure, readMeasure, readMeasureSettlement, setMeasureSettlement } from "../../shared/document/measures";
import { findUpdateProblem } from "../sync/updateCheck";

const LINK = { settlementId: "s-1", settlementValueCents: 4_638_174, settlementSpan: "2025", settlementProviderId: "p-a" };

/** What the server's update check says about a client's update applied to `server`. */
function checkFromClient(server: Y.Doc, update: Uint8Array): string | null {
  let problem: string | null = null;
  const listen = (transaction: Y.Transaction) => (problem ??= findUpdateProblem(transaction));
  server.on("afterTransaction", listen);
  Y.applyUpdate(server, update, "client");
  server.off("afterTransaction", listen);
  return problem;
}

describe("a measure's link to a reconciliation decision", () => {
  it("is written and removed by the server in one change, and read back with the measure", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1", { title: "Peer-Beratung" });
    expect(readMeasureSettlement(doc, "m-1")).toBeNull();
    expect(setMeasureSettlement(doc, "m-1", LINK)).toBe(true);
    expect(readMeasure(doc, "m-1")?.settlement).toEqual(LINK);
    expect(setMeasureSettlement(doc, "m-1", null)).toBe(true);
    expect(readMeasure(doc, "m-1")).not.toHaveProperty("settlement");
    expect(setMeasureSettlement(doc, "m-gone", LINK)).toBe(false);
  });

  it("is not carried by a pasted copy: the decision credits the original", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1", { title: "Peer-Beratung" });
    setMeasureSettlement(doc, "m-1", LINK);
    copyMeasure(doc, "m-1", "m-2");
    expect(readMeasure(doc, "m-2")?.title).toBe("Peer-Beratung");
    expect(readMeasureSettlement(doc, "m-2")).toBeNull();
  });

  it("cannot be written or changed by a client through the socket ([SYNC15])", () => {
    const server = new Y.Doc();
    createMeasure(server, "m-1", { title: "Peer-Beratung" });
    setMeasureSettlement(server, "m-1", LINK);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(client);
    client.getMap<Y.Map<unknown>>("measures").get("m-1")!.set("settlementValueCents", 99_999_999);
    expect(checkFromClient(server, Y.encodeStateAsUpdate(client, before))).toMatch(/unknown field "settlementValueCents"/);

    // Editing the measure's other fields stays allowed.
    const honest = new Y.Doc();
    Y.applyUpdate(honest, Y.encodeStateAsUpdate(server));
    const start = Y.encodeStateVector(honest);
    honest.getMap<Y.Map<unknown>>("measures").get("m-1")!.set("status", "done");
    expect(checkFromClient(server, Y.encodeStateAsUpdate(honest, start))).toBeNull();
  });
});
