import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure } from "../../shared/document/measures";
import { commentsMap, readThreads } from "../../shared/document/comments";
import { AppError } from "../errors";
import { createCommentWriter } from "./commentWriter";

/** A room stand-in: applies each change as one transaction and counts the stored updates. */
function fakeCollab(doc: Y.Doc) {
  const stored: { userId: string | null }[] = [];
  return {
    stored,
    async change(_scorecardId: string, userId: string | null, change: (doc: Y.Doc) => void) {
      await Promise.resolve();
      let changed = false;
      const note = () => (changed = true);
      doc.on("update", note);
      doc.transact(() => change(doc));
      doc.off("update", note);
      if (changed) stored.push({ userId });
    },
  };
}

function setup() {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Die Auslastung sinkt.")]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  createMeasure(doc, "m-1", { title: "Beteiligung" });
  const collab = fakeCollab(doc);
  const writer = createCommentWriter({ collab, now: () => new Date("2026-03-05T09:00:00.000Z") });
  return { doc, collab, writer };
}

const GERD = { id: "u-gerd", name: "Gerd Gast-A" };
const ANTON = { id: "u-anton", name: "Anton Anbieter-A" };

async function errorOf(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("commentWriter", () => {
  it("writes a question, a reply and a resolution, each attributed to its author", async () => {
    const { doc, collab, writer } = setup();
    const created = await writer.create("s", GERD, { anchor: { kind: "measure", measureId: "m-1" }, text: "Wie ist der Stand?" });
    expect(created).toMatchObject({ createdBy: GERD.id, authorName: GERD.name, createdAt: "2026-03-05T09:00:00.000Z", resolved: false, replies: [] });
    const replied = await writer.reply("s", ANTON, created.id, "Läuft.");
    expect(replied.replies).toMatchObject([{ createdBy: ANTON.id, authorName: ANTON.name, text: "Läuft." }]);
    const resolved = await writer.resolve("s", ANTON, created.id, true);
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: ANTON.id, resolvedByName: ANTON.name });
    expect(collab.stored.map((entry) => entry.userId)).toEqual([GERD.id, ANTON.id, ANTON.id]);
    expect(readThreads(doc)).toHaveLength(1);
  });

  it("accepts a passage anchor on the document's text", async () => {
    const { doc, writer } = setup();
    const text = (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 4, -1));
    const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 14, -1));
    const created = await writer.create("s", GERD, { anchor: { kind: "text", start, end, quote: "Auslastung" }, text: "Warum?" });
    expect(created.anchor).toMatchObject({ kind: "text", quote: "Auslastung" });
  });

  it("refuses unknown measures and threads and anchors outside the text, and writes nothing", async () => {
    const { doc, collab, writer } = setup();
    expect((await errorOf(() => writer.create("s", GERD, { anchor: { kind: "measure", measureId: "m-x" }, text: "?" }))).status).toBe(404);
    expect((await errorOf(() => writer.reply("s", GERD, "c-x", "?"))).status).toBe(404);
    expect((await errorOf(() => writer.resolve("s", GERD, "c-x", true))).status).toBe(404);
    const title = doc.getMap<Y.Map<unknown>>("measures").get("m-1")!.get("title") as Y.Text;
    const inTitle = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(title, 1, -1));
    expect((await errorOf(() => writer.create("s", GERD, { anchor: { kind: "text", start: inTitle, end: inTitle, quote: "e" }, text: "?" }))).status).toBe(400);
    const unseen = { tname: "default", item: { client: 424242, clock: 7 }, assoc: -1 };
    const refusal = await errorOf(() => writer.create("s", GERD, { anchor: { kind: "text", start: unseen, end: unseen, quote: "x" }, text: "?" }));
    expect([refusal.status, refusal.code]).toEqual([409, "anchor_not_stored"]);
    expect(collab.stored).toEqual([]);
    expect(commentsMap(doc).size).toBe(0);
  });

  it("tells about a stored question and answer, but not about a refused write or a resolution", async () => {
    const doc = new Y.Doc();
    createMeasure(doc, "m-1", { title: "Beteiligung" });
    const posted: [string, string, string | null][] = [];
    const writer = createCommentWriter({ collab: fakeCollab(doc), onPosted: (...event) => void posted.push(event) });
    const created = await writer.create("s", GERD, { anchor: { kind: "measure", measureId: "m-1" }, text: "Wie ist der Stand?" });
    const replied = await writer.reply("s", ANTON, created.id, "Läuft.");
    await writer.resolve("s", ANTON, created.id, true);
    await errorOf(() => writer.create("s", GERD, { anchor: { kind: "measure", measureId: "m-x" }, text: "?" }));
    await errorOf(() => writer.reply("s", GERD, "c-x", "?"));
    expect(posted).toEqual([
      ["s", created.id, null],
      ["s", created.id, replied.replies[0].id],
    ]);
  });
});
