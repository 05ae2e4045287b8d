import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addStatusLine, copyMeasure, createMeasure, isOverdue, measureDescription, measureText, measureWarnings, readMeasure, setMeasureField } from "./measures";

/** Two replicas that exchange updates only when `sync` is called, like two offline clients. */
function twoReplicas() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a, b, sync };
}

describe("measures", () => {
  it("keeps both edits when two people change different fields of one measure at once", () => {
    const { a, b, sync } = twoReplicas();
    createMeasure(a, "m-1", { title: "Sozialraumtreff aufbauen" });
    sync();
    setMeasureField(a, "m-1", "status", "in_progress");
    setMeasureField(b, "m-1", "dueDate", "2026-03-31");
    setMeasureField(b, "m-1", "trafficLight", "amber");
    sync();
    for (const doc of [a, b]) {
      expect(readMeasure(doc, "m-1")).toMatchObject({ status: "in_progress", dueDate: "2026-03-31", trafficLight: "amber", title: "Sozialraumtreff aufbauen" });
    }
  });

  it("merges two people typing into the same title character by character", () => {
    const { a, b, sync } = twoReplicas();
    createMeasure(a, "m-1", { title: "Treff" });
    sync();
    measureText(a, "m-1", "title")!.insert(5, " im Quartier");
    measureText(b, "m-1", "title")!.insert(0, "Offener ");
    sync();
    expect(readMeasure(a, "m-1")!.title).toBe("Offener Treff im Quartier");
    expect(readMeasure(b, "m-1")!.title).toBe("Offener Treff im Quartier");
  });

  it("reads a title stored as a plain string by an older document", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1");
    doc.getMap<Y.Map<unknown>>("measures").get("m-1")!.set("title", "alt");
    expect(readMeasure(doc, "m-1")!.title).toBe("alt");
    expect(measureText(doc, "m-1", "title")).toBeNull();
  });

  it("merges two people typing into the same description", () => {
    const { a, b, sync } = twoReplicas();
    createMeasure(a, "m-1");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Mitte")]);
    measureDescription(a, "m-1")!.insert(0, [paragraph]);
    sync();
    const textOf = (doc: Y.Doc) => (measureDescription(doc, "m-1")!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    textOf(a).insert(0, "Anfang ");
    textOf(b).insert(5, " Ende");
    sync();
    expect(readMeasure(a, "m-1")!.description).toBe("Anfang Mitte Ende");
    expect(readMeasure(b, "m-1")!.description).toBe("Anfang Mitte Ende");
  });

  it("keeps status lines added concurrently by both sides", () => {
    const { a, b, sync } = twoReplicas();
    createMeasure(a, "m-1");
    sync();
    addStatusLine(a, "m-1", { talkDate: "2026-01-20", text: "Konzept vorgestellt" });
    addStatusLine(b, "m-1", { talkDate: "2026-01-20", text: "Raum gefunden" });
    sync();
    expect(
      readMeasure(a, "m-1")!
        .statusLines.map((l) => l.text)
        .sort(),
    ).toEqual(["Konzept vorgestellt", "Raum gefunden"]);
    expect(readMeasure(a, "m-1")).toEqual(readMeasure(b, "m-1"));
  });

  it("refuses an invalid field value naming the problem", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1");
    expect(() => setMeasureField(doc, "m-1", "dueDate", "31.03.2026")).toThrow(/YYYY-MM-DD/);
    expect(() => setMeasureField(doc, "m-1", "status", "fertig" as never)).toThrow();
    expect(readMeasure(doc, "m-1")!.dueDate).toBeNull();
  });

  it("reads malformed stored values as defaults instead of failing", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1");
    doc.getMap<Y.Map<unknown>>("measures").get("m-1")!.set("status", 42);
    expect(readMeasure(doc, "m-1")!.status).toBe("planned");
  });

  it("copies a measure under a new id with its description and status lines", () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1", { title: "Original", status: "done" });
    addStatusLine(doc, "m-1", { talkDate: "2026-01-20", text: "erledigt" });
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("Beschreibung")]);
    measureDescription(doc, "m-1")!.insert(0, [p]);
    copyMeasure(doc, "m-1", "m-2");
    const copy = readMeasure(doc, "m-2")!;
    expect(copy).toMatchObject({ id: "m-2", title: "Original", status: "done", description: "Beschreibung" });
    expect(copy.statusLines[0].text).toBe("erledigt");
    setMeasureField(doc, "m-2", "title", "Kopie");
    expect(readMeasure(doc, "m-1")!.title).toBe("Original");
  });

  it("warns about a due date before the start date", () => {
    expect(measureWarnings({ startDate: "2026-05-01", dueDate: "2026-04-01" })).toEqual(["dueBeforeStart"]);
    expect(measureWarnings({ startDate: "2026-05-01", dueDate: "2026-05-01" })).toEqual([]);
  });

  it("warns about a start or due date outside 1990–2100, which any client could write into the document", () => {
    expect(measureWarnings({ startDate: "0000-01-01", dueDate: "9999-12-31" })).toEqual(["startDateOutOfRange", "dueDateOutOfRange"]);
    expect(measureWarnings({ startDate: "1989-12-31", dueDate: null })).toEqual(["startDateOutOfRange"]);
    expect(measureWarnings({ startDate: "1990-01-01", dueDate: "2100-12-31" })).toEqual([]);
    expect(measureWarnings({ startDate: "2026-05-01", dueDate: "2101-01-01" })).toEqual(["dueDateOutOfRange"]);
  });

  it("counts a measure as overdue only when due before today and still open", () => {
    expect(isOverdue({ dueDate: "2026-01-01", status: "in_progress" }, "2026-01-02")).toBe(true);
    expect(isOverdue({ dueDate: "2026-01-01", status: "done" }, "2026-01-02")).toBe(false);
    expect(isOverdue({ dueDate: "2026-01-02", status: "planned" }, "2026-01-02")).toBe(false);
    expect(isOverdue({ dueDate: null, status: "planned" }, "2026-01-02")).toBe(false);
  });
});
