/**
 * The record of a steering talk in its versions' Word and PDF files and mails, with the
 * real export: the circulation carries the agenda and the open questions; the minutes
 * carry date, place, who was present by side, the approval of the previous minutes with
 * its note, the agenda and the agreements with owner, due date and the measure each became.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { NewTalkSchema } from "../../shared/domain/talks";
import { createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { createCommentWriter } from "../../server/comments/commentWriter";
import { seedDemo } from "../../server/demo/seed";
import { createVersionExporter } from "../../server/exports/exportFiles";
import { docxText, pdfPages, pdfStructure, structNodes } from "../../server/exports/testSupport";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail, type UserRecord } from "../../server/persistence/users";
import { createTalkStack, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const now = { value: Date.parse("2026-01-10T09:00:00Z") };
let dir: string;
let stack: TalkStack;
let funder: UserRecord;
let provider: UserRecord;
let scorecardId: string;

const MEASURE = "m-rat";
const QUESTION = "Wie viele Mitglieder hat der Beteiligungsrat inzwischen?";
const ANSWERED = "Ist der Raum für die Treffen gebucht?";
const NOTE = "Unter TOP 3 fehlte der Hinweis auf die Meldefrist.";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-minutes-"));
  stack = await createTalkStack({
    databaseFile: join(dir, "steuerrad.sqlite"),
    outboxDir: join(dir, "outbox"),
    clock: () => now.value,
    exportVersion: ({ db, collab }) => createVersionExporter({ db, collab, currentKpis: async () => ({ scope: "provider", name: null, periods: {}, computedAt: new Date(0).toISOString() }) }),
  });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  funder = (await findUserByEmail(stack.db, "sozialamt@demo.test"))!;
  provider = (await findUserByEmail(stack.db, "anbieter-a@demo.test"))!;
  scorecardId = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Beispiel"))!.id;
  await stack.collab.change(scorecardId, provider.id, (doc) => {
    createMeasure(doc, MEASURE, { title: "Beteiligungsrat gründen", status: "in_progress" });
    const measure = new Y.XmlElement("measure");
    measure.setAttribute("measureId", MEASURE);
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    fragment.insert(fragment.length, [measure]);
  });
});

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function schedule(startsAt: string) {
  return stack.talks.schedule(
    funder,
    NewTalkSchema.parse({
      scorecardId,
      startsAt,
      place: "Beispiel e.V., Haus A, Raum 2",
      participants: [{ userId: funder.id }, { userId: provider.id }, { email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
    }),
  );
}

/** The Word text, PDF text and PDF structure of the newest mail of a kind, and the mail. */
async function filesOfMail(talkId: string, kind: "circulation" | "minutes"): Promise<{ mail: ParsedMail; word: string; pdf: string; pdfBytes: Uint8Array }> {
  const entry = (await listMails(stack.db, { talkId })).find((m) => m.kind === kind && m.sentAt !== null)!;
  const mail = await simpleParser(readFileSync(entry.outboxFile!));
  const docx = mail.attachments.find((a) => a.filename!.endsWith(".docx"))!;
  const pdf = mail.attachments.find((a) => a.filename!.endsWith(".pdf"))!;
  // Lines of the PDF may wrap anywhere; no-break spaces come back as plain spaces.
  const flat = (text: string) => text.replace(/\s+/g, " ");
  return { mail, word: flat(docxText(docx.content)), pdf: flat((await pdfPages(pdf.content)).join(" ")), pdfBytes: pdf.content };
}

describe("a talk's record in its versions", () => {
  let secondTalkId: string;

  it("circulates the agenda and the open questions, not the answered ones", async () => {
    // A first talk, closed, so that the second has minutes to approve.
    const first = await schedule("2026-01-15T10:00");
    now.value = Date.parse("2026-01-15T09:00:00Z");
    await stack.talks.start(funder, first.id);
    await stack.talks.close(funder, first.id);

    now.value = Date.parse("2026-03-20T09:00:00Z");
    const second = await schedule("2026-04-09T10:00");
    secondTalkId = second.id;
    const comments = createCommentWriter({ collab: stack.collab });
    await comments.create(scorecardId, { id: funder.id, name: funder.name }, { anchor: { kind: "measure", measureId: MEASURE }, text: QUESTION });
    const answered = await comments.create(scorecardId, { id: funder.id, name: funder.name }, { anchor: { kind: "measure", measureId: MEASURE }, text: ANSWERED });
    await comments.resolve(scorecardId, { id: provider.id, name: provider.name }, answered.id, true);

    now.value = Date.parse("2026-03-29T22:00:00Z");
    await stack.scheduler.runDueNow();
    const { word, pdf } = await filesOfMail(second.id, "circulation");
    for (const text of [word, pdf]) {
      expect(text).toContain("Steuerungsgespräch");
      expect(text).toContain("Ort Beispiel e.V., Haus A, Raum 2");
      expect(text).toContain("Tagesordnung");
      expect(text).toContain("Genehmigung des Protokolls des letzten Gesprächs");
      expect(text).toContain("Maßnahmen der Balanced Scorecard");
      expect(text).toContain("Offene Fragen");
      expect(text).toContain(`Zur Maßnahme „Beteiligungsrat gründen“: ${QUESTION}`);
      expect(text).not.toContain(ANSWERED);
    }
  });

  it("puts attendance by side, the approval with its note, the agenda and the agreements into the minutes' Word, PDF and mail", async () => {
    now.value = Date.parse("2026-04-09T08:00:00Z");
    await stack.talks.start(funder, secondTalkId);
    await stack.talks.approve(funder, secondTalkId, { decision: "amended", note: NOTE });
    await stack.talks.setPresence(funder, secondTalkId, { email: funder.email, present: true });
    await stack.talks.setPresence(funder, secondTalkId, { email: provider.email, present: true });
    let talk = await stack.talks.addAgreement(funder, secondTalkId, { text: "Konzept für die Peer-Beratung vorlegen", owner: provider.name, dueDate: "2026-06-30" });
    talk = await stack.talks.addAgreement(funder, secondTalkId, { text: "Belegung monatlich melden", owner: "Leistungserbringer" });
    await stack.talks.agreementToMeasure(funder, secondTalkId, talk.agreements[0].id);
    now.value = Date.parse("2026-04-09T10:00:00Z");
    await stack.talks.close(funder, secondTalkId);

    const { mail, word, pdf, pdfBytes } = await filesOfMail(secondTalkId, "minutes");
    for (const text of [word, pdf]) {
      expect(text).toContain("Termin 09.04.2026, 10:00 Uhr (geplant 120 Minuten)");
      expect(text).toContain("Ort Beispiel e.V., Haus A, Raum 2");
      expect(text).toContain(`Anwesend: Leistungsträger ${funder.name}`);
      expect(text).toContain(`Anwesend: Leistungserbringer ${provider.name}`);
      expect(text).toContain("Nicht anwesend Gustav Gast (Weitere)");
      expect(text).toContain("Genehmigung des Protokolls vom 15.01.2026");
      expect(text).toContain("Genehmigt mit Änderungen.");
      expect(text).toContain(`Änderungen: ${NOTE}`);
      expect(text).toContain(`Festgehalten von ${funder.name} am 09.04.2026, 10:00 Uhr.`);
      expect(text).toContain("Tagesordnung");
      expect(text).toContain("Überblick über das Leistungsgeschehen (Kennzahlen)");
      expect(text).toContain("Vereinbarung Konzept für die Peer-Beratung vorlegen");
      expect(text).toContain(`Verantwortlich ${provider.name}`);
      expect(text).toContain("Fällig 30.06.2026");
      expect(text).toContain("Maßnahme „Konzept für die Peer-Beratung vorlegen“");
      expect(text).toContain("Vereinbarung Belegung monatlich melden");
      // The circulation's questions belong to the circulation.
      expect(text).not.toContain("Offene Fragen");
    }
    // The PDF's tags carry the sections as headings.
    const { pages } = await pdfStructure(pdfBytes);
    expect(structNodes(pages, "H2").map((node) => node.text)).toEqual(expect.arrayContaining(["Steuerungsgespräch", "Vereinbarungen"]));
    expect(structNodes(pages, "H3").map((node) => node.text)).toEqual(expect.arrayContaining(["Genehmigung des Protokolls vom 15.01.2026", "Tagesordnung"]));

    expect(mail.text).toContain("Genehmigung des Protokolls vom 15.01.2026: genehmigt mit Änderungen");
    expect(mail.text).toContain(`Änderungen: ${NOTE}`);
    expect(mail.text).toContain(`- Konzept für die Peer-Beratung vorlegen (verantwortlich: ${provider.name}; bis 30.06.2026; als Maßnahme übernommen)`);
    expect(mail.text).toContain("- Belegung monatlich melden (verantwortlich: Leistungserbringer)");
    expect(mail.text).toContain("1. Genehmigung des Protokolls des letzten Gesprächs");
  });
});
