import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createMeasure, measureText } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { recordAuditEvent } from "../persistence/auditEvents";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { createOrganisation } from "../persistence/organisations";
import { createUser } from "../persistence/users";
import { insertVersion } from "../persistence/versions";
import { createScorecard } from "../scorecards/scorecardCreator";
import { auditReportCsv } from "./auditReport";

const NUL = "\u0000";
// PostgreSQL stores no NUL in text, so what the database holds carries BEL instead; the
// shared document (binary) can carry NUL.
const BEL = "\u0007";
const RLO = "\u202E";

/** Any control, separator or bidi override character, except the CSV's own row ends. */
const RAW_FORBIDDEN = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\r(?!\n)|(?<!\r)\n/u;

/**
 * A scorecard whose measure title, person, organisation, version name and audit event
 * carry control characters (NUL in the document) and right-to-left overrides: the measure
 * typed into the shared document (nothing refuses keystrokes there), the rest stored
 * before the API refused them.
 */
async function setup() {
  const db = await openTestDatabase();
  const store = createDocUpdateStore(db);
  const organisation = await createOrganisation(db, `Verein${RLO}V.e`, "provider");
  const userId = await createUser(db, { email: "m@test", name: `Mallory${BEL}${RLO}fdp.exe`, passwordHash: "x", organisationId: organisation.id, role: "editor" });
  const id = await createScorecard(db, store, { title: "BSC Test", providerId: null, template: "empty" });
  const doc = new Y.Doc();
  for (const update of (await store.load(id)).updates) Y.applyUpdate(doc, update);
  const start = Date.now();
  const pending: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => pending.push(update));
  doc.transact(() => {
    createMeasure(doc, "m-1", { title: `Treff${RLO}nessel${NUL}`, responsiblePerson: "Anna" });
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", "m-1");
    doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [node]);
  });
  doc.transact(() => measureText(doc, "m-1", "responsiblePerson")!.insert(0, "\u2066Berta "));
  // Stored in order, one update per transaction, as the room stores them.
  for (const update of pending) await store.append(id, update, userId);
  await insertVersion(db, {
    scorecardId: id,
    kind: "named",
    name: `Stand${RLO}\r\nZeile`,
    createdBy: userId,
    createdAt: Date.now(),
    upToSeq: 1,
    state: new Uint8Array(),
    kpisJson: "{}",
    authorsJson: "[]",
  });
  await recordAuditEvent(db, { kind: "version.restored", scorecardId: id, userId, detail: { reason: `Tipp\tfehler${BEL}` } });
  return { db, store, id, start, organisationId: organisation.id };
}

describe("auditReportCsv with control and bidi override characters", () => {
  it("writes them visibly as [U+XXXX], so every row is one line and nothing reads reversed", async () => {
    const t = await setup();
    const csv = await auditReportCsv(t.db, t.store, t.id, t.start - 60_000, Date.now() + 60_000);
    expect(csv).not.toMatch(RAW_FORBIDDEN);
    const all = Papa.parse<string[]>(csv.slice(1), { delimiter: ";" }).data.slice(1);
    expect(all.every((row) => row.length === 6)).toBe(true);
    // The creation of the scorecard is the system's row.
    const rows = all.filter((row) => row[1] !== "System");
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row[1]).toBe("Mallory[U+0007][U+202E]fdp.exe");
      expect(row[2]).toBe("Verein[U+202E]V.e");
    }
    const was = rows.map((row) => row[4]);
    expect(was).toContain(
      "Dokumenttext; Maßnahme „Treff[U+202E]nessel[U+0000]“ angelegt: Titel: Treff[U+202E]nessel[U+0000]; Verantwortliche Seite: Leistungserbringer; Verantwortliche Person: Anna; Status: geplant; Horizont: kurzfristig (< 1 Jahr)",
    );
    expect(was).toContain("Maßnahme „Treff[U+202E]nessel[U+0000]“: Verantwortliche Person: Anna → [U+2066]Berta Anna");
    expect(was).toContain("1 Stand[U+202E][U+000D][U+000A]Zeile (named)");
    expect(was).toContain("version.restored (reason: Tipp[U+0009]fehler[U+0007])");
  });

  it("still keeps a cell starting like a formula from running in Excel", async () => {
    const t = await setup();
    const formula = await createUser(t.db, { email: "f@test", name: "@SUM(A1)", passwordHash: "x", organisationId: t.organisationId, role: "editor" });
    await t.store.append(t.id, Y.encodeStateAsUpdate(new Y.Doc()), formula);
    const rows = Papa.parse<string[]>((await auditReportCsv(t.db, t.store, t.id, t.start - 60_000, Date.now() + 60_000)).slice(1), { delimiter: ";" }).data;
    expect(rows.some((row) => row[1] === "'@SUM(A1)")).toBe(true);
  });
});
