/**
 * History as a story over a real server: a title typed character by character (one
 * stored Yjs update per keystroke, with another person's keystrokes on another measure in
 * between) is one row in the measure history and one in the audit report; another person
 * on the same field, a gap of more than five minutes and another field still start rows.
 */
import Papa from "papaparse";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { MeasureHistory } from "../../shared/domain/versions";
import { createMeasure, measureText, setMeasureField } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, type TestClient } from "../fixtures/yClient";

const TITLE = "Beteiligungsrat der Bewohner*innen einrichten";
const OTHER_TITLE = "Sprechstunde im Quartier";
const PROVIDER = "Anton Anbieter-A";
const FUNDER = "Sabine Sozialamt";
const MINUTE = 60 * 1000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.stop());
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Resolves once both clients hold the same state, so the server stored everything each
 * sent (it relays only what it stored). Both may still be receiving, so both are watched.
 */
function settle(a: TestClient, b: TestClient, timeoutMs = 10_000): Promise<void> {
  const same = () => Buffer.compare(Buffer.from(Y.encodeStateVector(a.doc)), Buffer.from(Y.encodeStateVector(b.doc))) === 0;
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      a.doc.off("update", check);
      b.doc.off("update", check);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error("the two clients did not converge in time"));
    }, timeoutMs);
    function check() {
      if (!same()) return;
      stop();
      resolve();
    }
    a.doc.on("update", check);
    b.doc.on("update", check);
    check();
  });
}

/** Creates an untitled measure and its place in the document, as the editor does. */
function addMeasure(doc: Y.Doc, measureId: string): void {
  doc.transact(() => {
    createMeasure(doc, measureId, { title: "" });
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", measureId);
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    fragment.insert(fragment.length, [node]);
  });
}

/** Appends one character to a measure's title: one transaction, one update, one stored row. */
function typeOne(doc: Y.Doc, measureId: string, character: string, field: "title" | "responsiblePerson" = "title"): void {
  const text = measureText(doc, measureId, field)!;
  text.insert(text.length, character);
}

/** A Berlin day as YYYY-MM-DD, `days` from today. */
function berlinDay(days: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(Date.now() + days * 24 * 60 * MINUTE);
}

interface Setup {
  id: string;
  anna: TestClient;
  sabine: TestClient;
  cookie: string;
}

async function connect(): Promise<Setup> {
  const provider = await login(server.url, "anbieter-a@demo.test");
  const funder = await login(server.url, "sozialamt@demo.test");
  const id = (await scorecardsOf(server.url, provider)).find((s) => s.provider !== null)!.id;
  const anna = connectClient(server.url, id, provider);
  const sabine = connectClient(server.url, id, funder);
  await Promise.all([anna.synced, sabine.synced]);
  return { id, anna, sabine, cookie: provider };
}

async function historyOf(t: Setup, measureId: string): Promise<MeasureHistory["entries"]> {
  const response = await fetch(`${server.url}/api/scorecards/${t.id}/measures/${measureId}/history`, { headers: { cookie: t.cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as MeasureHistory).entries;
}

/** The audit report's rows (without the header) as { person, was, folgenummer }. */
async function auditRows(t: Setup): Promise<{ person: string; art: string; was: string; folgenummer: string }[]> {
  const response = await fetch(`${server.url}/api/scorecards/${t.id}/audit.csv?from=${berlinDay(-1)}&to=${berlinDay(1)}`, { headers: { cookie: t.cookie } });
  expect(response.status).toBe(200);
  const rows = Papa.parse<string[]>((await response.text()).slice(1), { delimiter: ";" }).data.slice(1);
  return rows.map((row) => ({ person: row[1], art: row[3], was: row[4], folgenummer: row[5] }));
}

describe("history as a story", () => {
  it("shows a title typed key by key, between another person's keystrokes elsewhere, as one history row and one audit row", async () => {
    const t = await connect();
    addMeasure(t.anna.doc, "m-story");
    addMeasure(t.sabine.doc, "m-other");
    await settle(t.anna, t.sabine);

    const other = [...OTHER_TITLE];
    for (const [index, character] of [...TITLE].entries()) {
      typeOne(t.anna.doc, "m-story", character);
      if (index < other.length) typeOne(t.sabine.doc, "m-other", other[index]);
      if (index === 10) setMeasureField(t.sabine.doc, "m-other", "status", "in_progress");
      // Both stored before the next keystroke, so the other person's updates lie in between.
      await settle(t.anna, t.sabine);
    }

    const title = (await historyOf(t, "m-story")).filter((entry) => entry.field === "title");
    expect(title.map((entry) => [entry.before, entry.after, entry.by.name])).toEqual([["", TITLE, PROVIDER]]);
    const otherTitle = (await historyOf(t, "m-other")).filter((entry) => entry.field === "title");
    expect(otherTitle.map((entry) => [entry.before, entry.after, entry.by.name])).toEqual([["", OTHER_TITLE, FUNDER]]);

    const rows = await auditRows(t);
    const typed = rows.filter((row) => row.was.includes("Titel:") && row.was.includes(TITLE));
    expect(typed.map((row) => [row.person, row.art, row.was])).toEqual([[PROVIDER, "Maßnahme", `Maßnahme „${TITLE}“: Titel: (leer) → ${TITLE}`]]);
    // Every keystroke was a stored update of its own, the other person's in between, and all
    // of them are in that one row.
    const [first, last] = typed[0].folgenummer.split("–").map(Number);
    expect(last - first + 1).toBe(TITLE.length + OTHER_TITLE.length + 1);
    expect(rows.filter((row) => row.was.includes(`„${OTHER_TITLE}“: Titel: (leer) → ${OTHER_TITLE}`) && row.person === FUNDER)).toHaveLength(1);
    expect(rows.filter((row) => row.person === FUNDER && row.was.includes("Status: geplant → in Arbeit"))).toHaveLength(1);
    t.anna.destroy();
    t.sabine.destroy();
  });

  it("starts a new row for another person on the same field, for a gap of more than five minutes, and for another field", async () => {
    const t = await connect();
    addMeasure(t.anna.doc, "m-split");
    await settle(t.anna, t.sabine);
    for (const character of "Treff") typeOne(t.anna.doc, "m-split", character);
    await settle(t.anna, t.sabine);
    // Another person on the same field in between.
    for (const character of " im") typeOne(t.sabine.doc, "m-split", character);
    await settle(t.anna, t.sabine);
    for (const character of " Park") typeOne(t.anna.doc, "m-split", character);
    // Another field of the same measure, at the same time.
    for (const character of "Anna") typeOne(t.anna.doc, "m-split", character, "responsiblePerson");
    await settle(t.anna, t.sabine);
    // More than five minutes after the start of Anna's run.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6 * MINUTE });
    typeOne(t.anna.doc, "m-split", "!");
    await settle(t.anna, t.sabine);

    const entries = await historyOf(t, "m-split");
    expect(entries.filter((entry) => entry.before !== null).map((entry) => [entry.field, entry.before, entry.after, entry.by.name])).toEqual([
      ["title", "", "Treff", PROVIDER],
      ["title", "Treff", "Treff im", FUNDER],
      ["title", "Treff im", "Treff im Park", PROVIDER],
      ["responsiblePerson", "", "Anna", PROVIDER],
      ["title", "Treff im Park", "Treff im Park!", PROVIDER],
    ]);

    const was = (await auditRows(t)).filter((row) => row.was.startsWith("Maßnahme „Treff")).map((row) => [row.person, row.was]);
    expect(was).toEqual([
      [PROVIDER, "Maßnahme „Treff“: Titel: (leer) → Treff"],
      [FUNDER, "Maßnahme „Treff im“: Titel: Treff → Treff im"],
      [PROVIDER, "Maßnahme „Treff im Park“: Titel: Treff im → Treff im Park"],
      [PROVIDER, "Maßnahme „Treff im Park“: Verantwortliche Person: (leer) → Anna"],
      [PROVIDER, "Maßnahme „Treff im Park!“: Titel: Treff im Park → Treff im Park!"],
    ]);
    t.anna.destroy();
    t.sabine.destroy();
  });
});
