/**
 * Search over the API on a real server: each user finds only in the scorecards they may
 * open (provider B never gets a hit, count or title of provider A's scorecard; the
 * conference's text is found by both), the funder finds everything; measures, text and
 * comments are found with their place and link; case, umlauts and ß do not matter; answers
 * stop at 50 hits and say how many there were; bad queries get a German 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { SearchResult } from "../../shared/domain/search";
import { addStatusLine, createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";

let server: TestServer;
let funder: string;
let providerA: string;
let viewerA: string;
let providerB: string;
let cards: { A: string; B: string; conference: string };

/** Appends paragraphs and measures to a scorecard's document, as the server writes it. */
async function append(scorecardId: string, paragraphs: string[], measures: { id: string; title: string; description?: string; statusLine?: string }[] = []): Promise<void> {
  await server.collab.change(scorecardId, null, (doc) => {
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    for (const text of paragraphs) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(text)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    for (const measure of measures) {
      createMeasure(doc, measure.id, { title: measure.title, responsiblePerson: "Frau Weber" });
      if (measure.statusLine) addStatusLine(doc, measure.id, { talkDate: "2026-01-15", text: measure.statusLine });
      const node = new Y.XmlElement("measure");
      node.setAttribute("measureId", measure.id);
      fragment.insert(fragment.length, [node]);
    }
  });
}

async function search(cookie: string | null, q: string): Promise<{ status: number; body: SearchResult & { error?: { message: string } }; raw: string }> {
  const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`, { headers: cookie ? { cookie } : {} });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw) as SearchResult & { error?: { message: string } }, raw };
}

beforeAll(async () => {
  server = await startTestServer();
  [funder, providerA, viewerA, providerB] = await Promise.all(["sozialamt@demo.test", "anbieter-a@demo.test", "gast-a@demo.test", "anbieter-b@demo.test"].map((email) => login(server.url, email)));
  const all = await scorecardsOf(server.url, funder);
  cards = {
    A: all.find((s) => s.provider?.startsWith("Beispiel"))!.id,
    B: all.find((s) => s.provider?.startsWith("Weser"))!.id,
    conference: all.find((s) => s.provider === null)!.id,
  };
  await append(
    cards.A,
    ["Die Kiebitzwiese im Quartier Nord wird Treffpunkt."],
    [{ id: "m-kiebitz", title: "Kiebitz-Beobachtung mit Bewohner*innen", statusLine: "Erste Zählung an der Straße zum Deich" }],
  );
  await append(cards.B, ["Der Zaunkönig-Treff läuft seit Januar."]);
  await append(cards.conference, ["Gemeinsame Kiebitz-Runde aller Leistungserbringer."]);
  const thread = await fetch(`${server.url}/api/scorecards/${cards.A}/comments`, {
    method: "POST",
    headers: { cookie: viewerA, "content-type": "application/json" },
    body: JSON.stringify({ anchor: { kind: "measure", measureId: "m-kiebitz" }, text: "Wer stellt die Nistkästen auf?" }),
  });
  expect(thread.status).toBe(201);
});
afterAll(async () => server.stop());

describe("search", () => {
  it("never gives provider B a hit, count or title of provider A's scorecard, and finds the conference's text for both", async () => {
    const b = await search(providerB, "kiebitz");
    expect(b.status).toBe(200);
    expect(b.body.hits.map((hit) => hit.scorecardId)).toEqual([cards.conference]);
    expect(b.body.total).toBe(1);
    expect(b.body.scorecards).toBe(2);
    expect(b.raw).not.toContain(cards.A);
    expect(b.raw).not.toContain("Beispiel");
    expect(b.raw).not.toContain("Kiebitzwiese");

    const a = await search(providerA, "Kiebitz");
    expect(new Set(a.body.hits.map((hit) => hit.scorecardId))).toEqual(new Set([cards.A, cards.conference]));
    expect((await search(providerA, "Zaunkönig")).body).toMatchObject({ hits: [], total: 0, scorecards: 2 });
  });

  it("lets the funder find in every scorecard", async () => {
    const funderHits = await search(funder, "kiebitz");
    expect(new Set(funderHits.body.hits.map((hit) => hit.scorecardId))).toEqual(new Set([cards.A, cards.conference]));
    expect((await search(funder, "zaunkonig")).body.hits.map((hit) => hit.scorecardId)).toEqual([cards.B]);
    expect((await search(funder, "x")).status).toBe(400);
  });

  it("finds a measure once, at its title, with its place and a link to it, and text by its block", async () => {
    const { body } = await search(funder, "kiebitz");
    const inA = body.hits.filter((hit) => hit.scorecardId === cards.A);
    expect(inA.map((hit) => hit.kind)).toEqual(["measure", "text"]);
    expect(inA[0]).toMatchObject({ field: "title", measureTitle: "Kiebitz-Beobachtung mit Bewohner*innen", target: { kind: "measure", measureId: "m-kiebitz" } });
    const [from, to] = inA[0].snippet.marks[0];
    expect(inA[0].snippet.text.slice(from, to)).toBe("Kiebitz");
    expect(inA[1].target).toMatchObject({ kind: "block" });
  });

  it("finds a status line by ss for ß, and a comment with its author and thread", async () => {
    const status = await search(providerA, "strasse deich");
    expect(status.body.hits).toHaveLength(1);
    expect(status.body.hits[0]).toMatchObject({ kind: "measure", field: "statusLine" });
    expect(status.body.hits[0].snippet.text).toContain("Straße zum Deich");

    const comment = await search(providerA, "nistkästen");
    expect(comment.body.hits).toHaveLength(1);
    expect(comment.body.hits[0]).toMatchObject({ kind: "comment", measureTitle: "Kiebitz-Beobachtung mit Bewohner*innen", comment: { author: "Gerd Gast-A", resolved: false, reply: false } });
    expect(comment.body.hits[0].target.kind).toBe("thread");
    expect((await search(providerB, "nistkästen")).body.total).toBe(0);
  });

  it("finds the scorecard's title", async () => {
    const titles = (await scorecardsOf(server.url, funder)).find((s) => s.id === cards.B)!.title;
    const word = titles.split(/\s+/).find((part) => part.length >= 4)!;
    const { body } = await search(providerB, word);
    expect(body.hits.find((hit) => hit.kind === "title")).toMatchObject({ scorecardId: cards.B, target: { kind: "scorecard" } });
  });

  it("stops at 50 hits and says how many there were", async () => {
    await append(
      cards.B,
      Array.from({ length: 60 }, (_, i) => `Wiederholung Nummer ${i}`),
    );
    const { body } = await search(providerB, "wiederholung");
    expect(body.hits).toHaveLength(50);
    expect(body.total).toBe(60);
  });

  it("answers 401 without a session and 400 with a German message for a too short or too long text", async () => {
    expect((await search(null, "kiebitz")).status).toBe(401);
    const short = await search(funder, " k ");
    expect(short.status).toBe(400);
    expect(short.body.error!.message).toMatch(/^q: Suchbegriff: mindestens 2 Zeichen/);
    expect((await search(funder, "k".repeat(101))).status).toBe(400);
  });
});
