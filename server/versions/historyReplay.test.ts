import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import Papa from "papaparse";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { addStatusLine, createMeasure, measureDescription, measureText, setMeasureField } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { recordAuditEvent } from "../persistence/auditEvents";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { insertVersion } from "../persistence/versions";
import { createScorecard } from "../scorecards/scorecardCreator";
import { auditReportCsv } from "./auditReport";
import { changesInPeriod, measureHistory } from "./historyReplay";

const RELAY = "relay";
const MINUTE = 60 * 1000;

/**
 * A scorecard edited by Anna (provider) and Bernd (funder), each in their own Y.Doc.
 * Every update a client emits is stored with its user, like the server does, and
 * relayed to the other client, so each edits on top of the other's changes.
 */
async function setup() {
  const db = await openTestDatabase();
  const store = createDocUpdateStore(db);
  const provider = await createOrganisation(db, "Beispiel e.V.", "provider");
  const funder = await createOrganisation(db, "Sozialamt", "funder");
  const anna = await createUser(db, { email: "anna@test", name: "Anna Anbieter", passwordHash: "x", organisationId: provider.id, role: "editor" });
  const bernd = await createUser(db, { email: "bernd@test", name: "Bernd Behörde", passwordHash: "x", organisationId: funder.id, role: "editor" });
  const id = await createScorecard(db, store, { title: "BSC Test", providerId: null, template: "empty" });
  const clients = new Map<string, Y.Doc>();
  const pending: { update: Uint8Array; userId: string }[] = [];
  let lastSeq = 0;
  const start = await store.load(id);
  for (const userId of [anna, bernd]) {
    const doc = new Y.Doc();
    for (const update of start.updates) Y.applyUpdate(doc, update, RELAY);
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === RELAY) return;
      pending.push({ update, userId });
      for (const [other, otherDoc] of clients) if (other !== userId) Y.applyUpdate(otherDoc, update, RELAY);
    });
    clients.set(userId, doc);
  }
  /** Runs an edit in the user's client, as one transaction (one stored update). */
  const as = async (userId: string, edit: (doc: Y.Doc) => void): Promise<number> => {
    const doc = clients.get(userId)!;
    doc.transact(() => edit(doc));
    for (const { update, userId: by } of pending.splice(0)) lastSeq = await store.append(id, update, by);
    return lastSeq;
  };
  return { db, store, id, anna, bernd, as, at: (iso: string) => vi.setSystemTime(new Date(iso)) };
}

/** Appends a paragraph to the document text and returns its text, for typing into it. */
function addParagraph(doc: Y.Doc, words: string): Y.XmlText {
  const text = new Y.XmlText(words);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  fragment.insert(fragment.length, [paragraph]);
  return text;
}

/** The text of the last paragraph with text, for typing on where someone else started. */
function lastParagraphText(doc: Y.Doc): Y.XmlText {
  const paragraphs = doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .filter((node) => node instanceof Y.XmlElement && node.get(0) instanceof Y.XmlText);
  return (paragraphs[paragraphs.length - 1] as Y.XmlElement).get(0) as Y.XmlText;
}

/** Creates a measure and the node that places it in the document, like the editor does. */
function addMeasure(doc: Y.Doc, measureId: string, title: string): void {
  createMeasure(doc, measureId, { title });
  const node = new Y.XmlElement("measure");
  node.setAttribute("measureId", measureId);
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  fragment.insert(fragment.length, [node]);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-02T08:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("measureHistory", () => {
  it("lists the creation of a measure as one entry from nothing per non-empty field", async () => {
    const t = await setup();
    const seq = await t.as(t.anna, (doc) => addMeasure(doc, "m-1", "Fallzahlen senken"));

    const { entries } = await measureHistory(t.store, t.id, "m-1");
    expect(entries.map((entry) => [entry.field, entry.before, entry.after])).toEqual([
      ["title", null, "Fallzahlen senken"],
      ["responsibleSide", null, "provider"],
      ["status", null, "planned"],
      ["horizon", null, "short"],
    ]);
    expect(entries.every((entry) => entry.userId === t.anna && entry.seq === seq)).toBe(true);
    expect(entries[0].createdAt).toBe(Date.parse("2026-03-02T08:00:00Z"));
  });

  it("lists every field change in order with the user who made it, and the value before and after", async () => {
    const t = await setup();
    await t.as(t.anna, (doc) => addMeasure(doc, "m-1", "Treff"));
    t.at("2026-03-02T09:00:00Z");
    const statusByAnna = await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "status", "in_progress"));
    const statusByBernd = await t.as(t.bernd, (doc) => setMeasureField(doc, "m-1", "status", "done"));
    await t.as(t.bernd, (doc) => measureText(doc, "m-1", "title")!.insert(0, "Offener "));
    await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "trafficLight", "red"));
    await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "linkedKpis", ["k-cases", "k-days"]));
    await t.as(t.bernd, (doc) => addStatusLine(doc, "m-1", { talkDate: "2026-03-05", text: "Raum gefunden" }));
    await t.as(t.anna, (doc) => addStatusLine(doc, "m-1", { talkDate: "2026-06-04", text: "Eröffnet" }));
    await t.as(t.anna, (doc) => (measureDescription(doc, "m-1")!.get(0) as Y.XmlElement).insert(0, [new Y.XmlText("Ein Treff im Quartier")]));
    await t.as(t.bernd, (doc) => setMeasureField(doc, "m-1", "trafficLight", null));

    const changes = (await measureHistory(t.store, t.id, "m-1")).entries.filter((entry) => entry.before !== null);
    expect(changes.map((entry) => [entry.field, entry.before, entry.after, entry.userId === t.anna ? "anna" : "bernd"])).toEqual([
      ["status", "planned", "in_progress", "anna"],
      ["status", "in_progress", "done", "bernd"],
      ["title", "Treff", "Offener Treff", "bernd"],
      ["trafficLight", "", "red", "anna"],
      ["linkedKpis", "", "k-cases, k-days", "anna"],
      ["statusLines", "", "2026-03-05: Raum gefunden", "bernd"],
      ["statusLines", "2026-03-05: Raum gefunden", "2026-03-05: Raum gefunden\n2026-06-04: Eröffnet", "anna"],
      ["description", "", "Ein Treff im Quartier", "anna"],
      ["trafficLight", "red", "", "bernd"],
    ]);
    expect(changes.slice(0, 2).map((entry) => entry.seq)).toEqual([statusByAnna, statusByBernd]);
    expect(changes[0].createdAt).toBe(Date.parse("2026-03-02T09:00:00Z"));
  });

  it("leaves out text edits, other measures, rewrites to the same value and updates after upToSeq", async () => {
    const t = await setup();
    await t.as(t.anna, (doc) => addMeasure(doc, "m-1", "Treff"));
    await t.as(t.anna, (doc) => addMeasure(doc, "m-2", "Beratung"));
    await t.as(t.bernd, (doc) => addParagraph(doc, "Protokoll"));
    await t.as(t.bernd, (doc) => setMeasureField(doc, "m-2", "status", "done"));
    await t.as(t.bernd, (doc) => setMeasureField(doc, "m-1", "title", "Treff"));
    const cut = await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "horizon", "long"));
    await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "horizon", "medium"));

    const changes = async (upToSeq?: number) => (await measureHistory(t.store, t.id, "m-1", upToSeq)).entries.filter((entry) => entry.before !== null);
    expect((await changes()).map((entry) => [entry.field, entry.after])).toEqual([
      ["horizon", "long"],
      ["horizon", "medium"],
    ]);
    expect((await changes(cut)).map((entry) => entry.seq)).toEqual([cut]);
    expect((await measureHistory(t.store, t.id, "m-unknown")).entries).toEqual([]);
  });
});

describe("changesInPeriod", () => {
  it("attributes text edits and measure edits to the users who stored them", async () => {
    const t = await setup();
    const from = Date.now();
    const paragraph = await t.as(t.anna, (doc) => addParagraph(doc, "Notiz"));
    const measure = await t.as(t.bernd, (doc) => addMeasure(doc, "m-1", "Treff"));
    const status = await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "status", "done"));
    const typed = await t.as(t.bernd, (doc) => lastParagraphText(doc).insert(0, "Erste "));

    const rows = await changesInPeriod(t.db, t.store, t.id, from, from + MINUTE);
    expect(rows.map((row) => [row.seq, row.userId, row.what])).toEqual([
      // The scorecard's initial content, written by the server.
      [paragraph - 1, null, [{ kind: "text" }]],
      [paragraph, t.anna, [{ kind: "text" }]],
      [
        measure,
        t.bernd,
        [
          { kind: "text" },
          {
            kind: "measure",
            measureId: "m-1",
            measureTitle: "Treff",
            changes: [
              { field: "title", before: null, after: "Treff" },
              { field: "responsibleSide", before: null, after: "provider" },
              { field: "status", before: null, after: "planned" },
              { field: "horizon", before: null, after: "short" },
            ],
          },
        ],
      ],
      [status, t.anna, [{ kind: "measure", measureId: "m-1", measureTitle: "Treff", changes: [{ field: "status", before: "planned", after: "done" }] }]],
      [typed, t.bernd, [{ kind: "text" }]],
    ]);
  });

  it("reports only the period, comparing with the state before it even when that comes from a checkpoint", async () => {
    const t = await setup();
    t.at("2026-03-02T10:00:00Z");
    await t.as(t.anna, (doc) => addMeasure(doc, "m-1", "Treff"));
    const beforePeriod = await t.as(t.anna, (doc) => setMeasureField(doc, "m-1", "status", "in_progress"));
    const checkpoint = new Y.Doc();
    for (const update of (await t.store.load(t.id)).updates) Y.applyUpdate(checkpoint, update);
    await t.store.writeCheckpoint(t.id, beforePeriod, Y.encodeStateAsUpdate(checkpoint));
    t.at("2026-03-03T10:00:00Z");
    const inPeriod = await t.as(t.bernd, (doc) => {
      setMeasureField(doc, "m-1", "status", "done");
      setMeasureField(doc, "m-1", "dueDate", "2026-04-30");
    });
    const rewrite = await t.as(t.bernd, (doc) => setMeasureField(doc, "m-1", "title", "Treff"));
    t.at("2026-03-04T10:00:00Z");
    await t.as(t.anna, (doc) => addParagraph(doc, "später"));

    const rows = await changesInPeriod(t.db, t.store, t.id, Date.parse("2026-03-03T00:00:00Z"), Date.parse("2026-03-04T00:00:00Z"));
    expect(rows.map((row) => [row.seq, row.userId, row.createdAt, row.what])).toEqual([
      [
        inPeriod,
        t.bernd,
        Date.parse("2026-03-03T10:00:00Z"),
        [
          {
            kind: "measure",
            measureId: "m-1",
            measureTitle: "Treff",
            changes: [
              { field: "dueDate", before: "", after: "2026-04-30" },
              { field: "status", before: "in_progress", after: "done" },
            ],
          },
        ],
      ],
      // Rewriting a field with its own value is still on record, by the field it touched.
      [rewrite, t.bernd, Date.parse("2026-03-03T10:00:00Z"), [{ kind: "measure", measureId: "m-1", measureTitle: "Treff", changes: [{ field: "title", before: "Treff", after: "Treff" }] }]],
    ]);
    expect(await changesInPeriod(t.db, t.store, t.id, Date.parse("2026-03-05T00:00:00Z"), Date.parse("2026-03-06T00:00:00Z"))).toEqual([]);
  });
});

describe("auditReportCsv", () => {
  function parse(csv: string): string[][] {
    return Papa.parse<string[]>(csv.slice(1), { delimiter: ";" }).data;
  }

  it("writes a German, Excel-friendly CSV with typing merged into one row, versions and events", async () => {
    const t = await setup();
    const from = Date.parse("2026-03-05T00:00:00Z");
    t.at("2026-03-05T13:03:12Z");
    const first = await t.as(t.anna, (doc) => addParagraph(doc, "N"));
    for (const letter of "otiz") {
      vi.advanceTimersByTime(1_000);
      await t.as(t.anna, (doc) => lastParagraphText(doc).insert(lastParagraphText(doc).length, letter));
    }
    const lastTyped = await t.as(t.anna, (doc) => lastParagraphText(doc).insert(0, "!"));
    t.at("2026-03-05T13:05:00Z");
    const measure = await t.as(t.bernd, (doc) => addMeasure(doc, "m-1", "Treff"));
    const status = await t.as(t.bernd, (doc) => setMeasureField(doc, "m-1", "status", "done"));
    t.at("2026-03-05T13:07:00Z");
    const typedAgain = await t.as(t.anna, (doc) => lastParagraphText(doc).insert(0, "?"));
    // Same person, same effect, but more than five minutes after the run's first update.
    t.at("2026-03-05T13:12:01Z");
    const lateTyping = await t.as(t.anna, (doc) => lastParagraphText(doc).insert(0, "?"));
    await insertVersion(t.db, {
      scorecardId: t.id,
      kind: "circulation",
      name: "Vorabversand",
      createdBy: null,
      createdAt: Date.parse("2026-03-05T14:00:00Z"),
      upToSeq: lateTyping,
      state: new Uint8Array(),
      kpisJson: "{}",
      authorsJson: "[]",
    });
    await recordAuditEvent(t.db, { kind: "version.restored", scorecardId: t.id, userId: t.bernd, createdAt: Date.parse("2026-03-05T15:00:00Z"), detail: { restoredVersion: 1, reason: "Tippfehler" } });
    await recordAuditEvent(t.db, { kind: "version.restored", scorecardId: t.id, userId: t.bernd, createdAt: Date.parse("2026-03-07T15:00:00Z"), detail: {} });

    const csv = await auditReportCsv(t.db, t.store, t.id, from, from + 24 * 60 * MINUTE);
    expect(csv.startsWith("\ufeffZeit;Person;Organisation;Art;Was;Folgenummer\r\n")).toBe(true);
    expect(parse(csv)).toEqual([
      ["Zeit", "Person", "Organisation", "Art", "Was", "Folgenummer"],
      ["2026-03-05 14:03:12", "Anna Anbieter", "Beispiel e.V.", "Text", "Dokumenttext", `${first}–${lastTyped}`],
      [
        "2026-03-05 14:05:00",
        "Bernd Behörde",
        "Sozialamt",
        "Text, Maßnahme",
        "Dokumenttext; Maßnahme „Treff“ angelegt: Titel: Treff; Verantwortliche Seite: Leistungserbringer; Status: geplant; Horizont: kurzfristig (< 1 Jahr)",
        String(measure),
      ],
      // The creation stays a row of its own, so the status set right after it is one too.
      ["2026-03-05 14:05:00", "Bernd Behörde", "Sozialamt", "Maßnahme", "Maßnahme „Treff“: Status: geplant → erledigt", String(status)],
      ["2026-03-05 14:07:00", "Anna Anbieter", "Beispiel e.V.", "Text", "Dokumenttext", String(typedAgain)],
      ["2026-03-05 14:12:01", "Anna Anbieter", "Beispiel e.V.", "Text", "Dokumenttext", String(lateTyping)],
      ["2026-03-05 15:00:00", "System", "", "Version", "1 Vorabversand (circulation)", ""],
      ["2026-03-05 16:00:00", "Bernd Behörde", "Sozialamt", "Ereignis", "version.restored (restoredVersion: 1, reason: Tippfehler)", ""],
    ]);
  });

  it("shows summer time, and keeps a name starting like a formula from running in Excel", async () => {
    const t = await setup();
    const orgId = (await t.db.selectFrom("users").select("organisation_id").where("id", "=", t.anna).executeTakeFirstOrThrow()).organisation_id;
    const mallory = await createUser(t.db, { email: "m@test", name: "=1+1", passwordHash: "x", organisationId: orgId, role: "editor" });
    t.at("2026-07-01T10:00:00Z");
    const seq = await t.store.append(t.id, Y.encodeStateAsUpdate(new Y.Doc()), mallory);
    const rows = parse(await auditReportCsv(t.db, t.store, t.id, Date.parse("2026-07-01T00:00:00Z"), Date.parse("2026-07-02T00:00:00Z")));
    expect(rows.slice(1)).toEqual([["2026-07-01 12:00:00", "'=1+1", "Beispiel e.V.", "Sonstiges", "ohne sichtbare Änderung", String(seq)]]);
  });
});
