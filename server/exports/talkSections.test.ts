import { describe, expect, it } from "vitest";
import type { CommentThread } from "../../shared/domain/comments";
import { meetingWords } from "../../shared/domain/meetingWords";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { readMeasure } from "../../shared/document/measures";
import { buildExportModel, type ExportBlock } from "./exportModel";
import type { FieldRow } from "./fieldRow";
import { agreementsSection, talkOpeningSection, type TalkSectionSource } from "./talkSections";
import type { TalkOfVersion } from "./talkOfVersion";
import { buildExampleScorecard, exampleKpiSnapshot } from "./testSupport";

const TALK: TalkOfVersion = {
  id: "talk-1",
  words: meetingWords({ providerName: "Beispiel e.V." }),
  startsAt: Date.parse("2026-04-09T08:00:00Z"),
  plannedMinutes: 90,
  place: "Haus A",
  participants: [],
  people: [
    { name: "Sabine Sozialamt", side: "funder", present: true },
    { name: "Anton Anbieter", side: "provider", present: true },
    { name: "Berta Anbieter", side: "provider", present: false },
  ],
  agenda: ["Genehmigung", "Kennzahlen"],
  approval: { decision: "approved", note: "Tippfehler in TOP 2 korrigiert", byName: "Sabine Sozialamt", at: Date.parse("2026-04-09T08:05:00Z") },
  previousTalkAt: Date.parse("2026-01-15T09:00:00Z"),
  agreements: [],
};

function thread(text: string, resolved: boolean, anchor: CommentThread["anchor"]): CommentThread {
  return { id: text, anchor, createdBy: "u", authorName: "Frau Öztürk", createdAt: "2026-03-30T10:00:00.000Z", text, resolved, resolvedBy: null, resolvedByName: null, resolvedAt: null, replies: [] };
}

function source(talk: Partial<TalkOfVersion>, kind: TalkSectionSource["kind"], threads: CommentThread[] = []): TalkSectionSource {
  return { talk: { ...TALK, ...talk }, kind, measureTitle: (id) => (id === "m-1" ? "Beteiligungsrat gründen" : null), threads };
}

function rowsOf(blocks: ExportBlock[]): FieldRow[] {
  return blocks.flatMap((block) => (block.kind === "fields" ? block.rows : []));
}

function textOf(blocks: ExportBlock[]): string {
  return JSON.stringify(blocks);
}

describe("talkOpeningSection", () => {
  it("lists who was present by side and who was not, in the minutes", () => {
    const rows = rowsOf(talkOpeningSection(source({}, "minutes")).blocks);
    expect(rows).toEqual([
      { label: "Termin", lines: ["09.04.2026, 10:00 Uhr (geplant 90 Minuten)"] },
      { label: "Ort", lines: ["Haus A"] },
      { label: "Anwesend: Leistungsträger", lines: ["Sabine Sozialamt"] },
      { label: "Anwesend: Leistungserbringer", lines: ["Anton Anbieter"] },
      { label: "Nicht anwesend", lines: ["Berta Anbieter (Leistungserbringer)"] },
    ]);
  });

  it("says that presence was not recorded rather than calling everyone invited present", () => {
    const people = TALK.people.map((person) => ({ ...person, present: false }));
    const rows = rowsOf(talkOpeningSection(source({ people }, "minutes")).blocks);
    expect(rows.map((row) => row.label)).toEqual(["Termin", "Ort", "Eingeladen: Leistungsträger", "Eingeladen: Leistungserbringer", "Anwesenheit"]);
    expect(rows.at(-1)!.lines).toEqual(["nicht festgehalten"]);
  });

  it("records the approval of the previous minutes with its note, who and when", () => {
    const section = talkOpeningSection(source({}, "minutes"));
    expect(section.contents).toEqual({ perspective: "Steuerungsgespräch", goals: ["Genehmigung des Protokolls vom 15.01.2026", "Tagesordnung"] });
    const text = textOf(section.blocks);
    expect(text).toContain("Genehmigt.");
    expect(text).toContain('"Anmerkung: "');
    expect(text).toContain("Tippfehler in TOP 2 korrigiert");
    expect(text).toContain("Festgehalten von Sabine Sozialamt am 09.04.2026, 10:05 Uhr.");
  });

  it("says when there was nothing to approve, or nothing was recorded", () => {
    expect(textOf(talkOpeningSection(source({ approval: null, previousTalkAt: null }, "minutes")).blocks)).toContain("Entfällt: Dies war das erste Steuerungsgespräch");
    expect(textOf(talkOpeningSection(source({ approval: null }, "minutes")).blocks)).toContain("Im Gespräch wurde keine Entscheidung festgehalten.");
  });

  it("gives the circulation the agenda and the open questions, with what they are about", () => {
    const threads = [
      thread("Wie viele Mitglieder?", false, { kind: "measure", measureId: "m-1" }),
      thread("Schon erledigt", true, { kind: "measure", measureId: "m-1" }),
      thread("Was heißt das?", false, { kind: "text", start: {}, end: {}, quote: "Doppelstrukturen" }),
    ];
    const section = talkOpeningSection(source({}, "circulation", threads));
    expect(section.contents.goals).toEqual(["Tagesordnung", "Offene Fragen"]);
    const list = section.blocks.at(-1)!;
    expect(list.kind).toBe("list");
    const text = textOf([list]);
    expect(text).toContain("Zur Maßnahme „Beteiligungsrat gründen“: ");
    expect(text).toContain("Wie viele Mitglieder?");
    expect(text).toContain("Zur Textstelle „Doppelstrukturen“: ");
    expect(text).not.toContain("Schon erledigt");
    expect(text).not.toContain("Genehmigt");
  });
});

describe("a session of the conference", () => {
  const session = meetingWords({ providerName: null });

  it("is headed 'Sitzung der Sozialraumkonferenz' and numbers its agenda TOP 1, TOP 2, never saying Steuerungsgespräch", () => {
    const section = talkOpeningSection(source({ words: session, approval: null, previousTalkAt: null }, "minutes"));
    expect(section.contents.perspective).toBe("Sitzung der Sozialraumkonferenz");
    expect(section.blocks[0]).toMatchObject({ kind: "heading", runs: [{ text: "Sitzung der Sozialraumkonferenz" }] });
    expect(rowsOf(section.blocks).slice(-2)).toEqual([
      { label: "TOP 1", lines: ["Genehmigung"] },
      { label: "TOP 2", lines: ["Kennzahlen"] },
    ]);
    const text = textOf([...section.blocks, ...agreementsSection(source({ words: session }, "minutes")).blocks]);
    expect(text).toContain("Entfällt: Dies war die erste Sitzung zu dieser Scorecard.");
    expect(text).toContain("In der Sitzung wurden keine Vereinbarungen festgehalten.");
    expect(text).not.toMatch(/Gespräch/);
  });

  it("names a working group holding the session", () => {
    const group = meetingWords({ providerName: null, body: "Arbeitsgruppe Berichtswesen" });
    expect(talkOpeningSection(source({ words: group }, "circulation")).contents.perspective).toBe("Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz");
  });
});

describe("agreementsSection", () => {
  it("gives each agreement its owner, due date and the measure it became", () => {
    const agreements = [
      { text: "Konzept vorlegen", owner: "Anton Anbieter", dueDate: "2026-06-30", measureId: "m-1" },
      { text: "Zahlen melden", owner: "Leistungserbringer", dueDate: null, measureId: null },
      { text: "Später übernommen", owner: "beide", dueDate: null, measureId: "m-later" },
    ];
    const tables = agreementsSection(source({ agreements }, "minutes")).blocks.flatMap((block) => (block.kind === "fields" ? [block.rows] : []));
    expect(tables[0]).toEqual([
      { label: "Vereinbarung", lines: ["Konzept vorlegen"] },
      { label: "Verantwortlich", lines: ["Anton Anbieter"] },
      { label: "Fällig", lines: ["30.06.2026"] },
      { label: "Maßnahme", lines: ["„Beteiligungsrat gründen“"] },
    ]);
    expect(tables[1].at(-1)).toEqual({ label: "Maßnahme", lines: ["–"] });
    expect(tables[2].at(-1)).toEqual({ label: "Maßnahme", lines: ["nach dem Gespräch als Maßnahme übernommen"] });
  });

  it("says so when no agreement was made", () => {
    expect(textOf(agreementsSection(source({}, "minutes")).blocks)).toContain("Im Gespräch wurden keine Vereinbarungen festgehalten.");
  });
});

describe("buildExportModel with sections", () => {
  it("puts the sections around the document and into the table of contents, and reveals control characters in them", () => {
    const doc = buildExampleScorecard();
    const opening = talkOpeningSection(source({ place: "Haus\u202EA" }, "minutes"));
    const after = agreementsSection(source({}, "minutes"));
    const model = buildExportModel(
      yDocToDocumentJson(doc),
      (id) => readMeasure(doc, id),
      exampleKpiSnapshot(),
      { providerName: "X", scorecardTitle: "Y", versionLabel: "Z" },
      { before: [opening], after: [after] },
    );
    expect(model.title.contents.map((entry) => entry.perspective)).toEqual([
      "Steuerungsgespräch",
      "Leistungsberechtigte & Wirkung",
      "Finanzen & Budget",
      "Prozesse, Kooperation & Sozialraum",
      "Mitarbeitende & Lernen",
      "Vereinbarungen",
    ]);
    expect(model.blocks[0]).toMatchObject({ kind: "heading", runs: [{ text: "Steuerungsgespräch" }] });
    expect(model.blocks.at(-1)).toMatchObject({ kind: "paragraph" });
    expect(JSON.stringify(model.blocks)).toContain("Haus[U+202E]A");
  });
});
