/**
 * A session (Sitzung) of the conference over the talk API, with the real Word and PDF
 * export: scheduled on the conference's scorecard with the session's agenda, circulated
 * and closed, its mails, files and file names say "Sitzung der Sozialraumkonferenz" (or
 * of its working group) and number the agenda TOP 1, TOP 2, …, never "Steuerungsgespräch"
 * for the meeting; a provider's editor sees and runs it in the same words.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_AGENDA } from "../../shared/domain/meetingWords";
import type { EditedTalk, ScheduledTalk, TalkSummary } from "../../shared/domain/talks";
import { seedDemo } from "../../server/demo/seed";
import { createVersionExporter } from "../../server/exports/exportFiles";
import { docxText, pdfPages, pdfStructure, structNodes } from "../../server/exports/testSupport";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail } from "../../server/persistence/users";
import { talkApi, type TalkApiCall } from "../fixtures/talkApi";
import { createTalkStack, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const now = { value: Date.parse("2026-03-01T09:00:00Z") };
const FUNDER = "sozialamt@demo.test";
const PROVIDER_A = "anbieter-a@demo.test";
let dir: string;
let stack: TalkStack;
let call: TalkApiCall;
let conference: string;

/** The meeting called by its name in the singular: "Steuerungsgespräch", "Steuerungsgesprächs" (the starter text's plural "Steuerungsgespräche" is the document's own). */
const STEERING_TALK = /Steuerungsgespräch(?!e)/;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-session-"));
  stack = await createTalkStack({
    databaseFile: join(dir, "steuerrad.sqlite"),
    outboxDir: join(dir, "outbox"),
    clock: () => now.value,
    exportVersion: ({ db, collab }) => createVersionExporter({ db, collab, currentKpis: async () => ({ scope: "conference", name: null, periods: {}, computedAt: new Date(0).toISOString() }) }),
  });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  call = talkApi(stack);
  conference = (await listScorecards(stack.db)).find((s) => s.providerId === null)!.id;
});
afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The newest sent mail of a kind, with the text of its Word and PDF files. */
async function mailOf(talkId: string, kind: "circulation" | "minutes"): Promise<{ mail: ParsedMail; word: string; pdf: string; pdfBytes: Uint8Array }> {
  const entry = (await listMails(stack.db, { talkId })).find((m) => m.kind === kind && m.sentAt !== null)!;
  const mail = await simpleParser(readFileSync(entry.outboxFile!));
  const docx = mail.attachments.find((a) => a.filename!.endsWith(".docx"))!;
  const pdf = mail.attachments.find((a) => a.filename!.endsWith(".pdf"))!;
  const flat = (text: string) => text.replace(/\s+/g, " ");
  return { mail, word: flat(docxText(docx.content)), pdf: flat((await pdfPages(pdf.content)).join(" ")), pdfBytes: pdf.content };
}

describe("a session of the conference", () => {
  let session: ScheduledTalk;

  it("is scheduled on the conference's scorecard with the session's agenda, and a provider's editor sees it as a session", async () => {
    const funder = (await findUserByEmail(stack.db, FUNDER))!;
    const provider = (await findUserByEmail(stack.db, PROVIDER_A))!;
    const answer = await call<ScheduledTalk>(FUNDER, "/api/talks", {
      method: "POST",
      json: {
        scorecardId: conference,
        startsAt: "2026-04-22T10:00",
        plannedMinutes: 180,
        place: "Stadthaus 1, Raum 237",
        participants: [{ userId: funder.id }, { userId: provider.id }, { email: "gustav.gast@extern.test", name: "Gustav Gast", side: "other" }],
      },
    });
    expect(answer.status).toBe(201);
    session = answer.body;
    expect(session).toMatchObject({ kind: "session", body: null, reporting: null, warnings: [] });
    expect(session.agenda).toEqual(SESSION_AGENDA.map((item) => ({ title: item.title })));
    expect((await call<TalkSummary>(PROVIDER_A, `/api/talks/${session.id}`)).body).toMatchObject({ kind: "session", canEdit: true });
  });

  it("circulates with the session's words and TOP numbering in the mail, the Word and the PDF", async () => {
    const circulated = await call<TalkSummary>(PROVIDER_A, `/api/talks/${session.id}/circulate`, { method: "POST" });
    expect(circulated.status).toBe(200);
    const { mail, word, pdf } = await mailOf(session.id, "circulation");
    expect(mail.subject).toBe("Vorabversand: Sitzung der Sozialraumkonferenz am 22.04.2026");
    expect(mail.text).toContain("am 22.04.2026, 10:00 Uhr findet die Sitzung der Sozialraumkonferenz statt (Ort: Stadthaus 1, Raum 237, geplant 180 Minuten).");
    expect(mail.text).toContain(`Tagesordnung:\nTOP 1: ${SESSION_AGENDA[0].title}\nTOP 2: ${SESSION_AGENDA[1].title}\n`);
    expect(mail.attachments.map((a) => a.filename)).toEqual(["BSC_Sozialraumkonferenz_2026-04-22_Vorabversand.docx", "BSC_Sozialraumkonferenz_2026-04-22_Vorabversand.pdf"]);
    for (const text of [word, pdf]) {
      expect(text).toContain("Sitzung der Sozialraumkonferenz am 22.04.2026");
      expect(text).toContain(`TOP 1 ${SESSION_AGENDA[0].title}`);
      expect(text).toContain(`TOP 6 ${SESSION_AGENDA[5].title}`);
    }
    for (const text of [mail.subject!, mail.text!, word, pdf]) expect(text).not.toMatch(STEERING_TALK);
  });

  it("is run and closed by a working group's name, and its minutes say so, in the Word, the PDF's headings and the mail", async () => {
    const renamed = await call<EditedTalk>(FUNDER, `/api/talks/${session.id}`, { method: "PATCH", json: { body: "Arbeitsgruppe Berichtswesen" } });
    expect(renamed.body).toMatchObject({ body: "Arbeitsgruppe Berichtswesen", warnings: [] });
    now.value = Date.parse("2026-04-22T08:00:00Z");
    expect((await call<TalkSummary>(PROVIDER_A, `/api/talks/${session.id}/start`, { method: "POST" })).status).toBe(200);
    await call(FUNDER, `/api/talks/${session.id}/presence`, { method: "PUT", json: { email: FUNDER, present: true } });
    await call(FUNDER, `/api/talks/${session.id}/agreements`, { method: "POST", json: { text: "Berichtsbogen abstimmen", owner: "Arbeitsgruppe" } });
    now.value = Date.parse("2026-04-22T11:00:00Z");
    const closed = await call<TalkSummary>(FUNDER, `/api/talks/${session.id}/close`, { method: "POST" });
    expect(closed.body).toMatchObject({ state: "closed", quarterLock: null });

    const heading = "Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz";
    const { mail, word, pdf, pdfBytes } = await mailOf(session.id, "minutes");
    expect(mail.subject).toBe(`Protokoll: ${heading} am 22.04.2026`);
    expect(mail.text).toContain(`anbei das Protokoll der ${heading} vom 22.04.2026, 10:00 Uhr (Ort: Stadthaus 1, Raum 237).`);
    expect(mail.text).toContain("hält den Stand zum Ende der Sitzung fest.");
    expect(mail.text).toContain(`TOP 3: ${SESSION_AGENDA[2].title}`);
    for (const text of [word, pdf]) {
      expect(text).toContain(`${heading} am 22.04.2026`);
      expect(text).toContain("Entfällt: Dies war die erste Sitzung zu dieser Scorecard.");
      expect(text).toContain(`TOP 5 ${SESSION_AGENDA[4].title}`);
      expect(text).toContain("Vereinbarung Berichtsbogen abstimmen");
    }
    for (const text of [mail.subject!, mail.text!, word, pdf]) expect(text).not.toMatch(STEERING_TALK);
    const { pages } = await pdfStructure(pdfBytes);
    expect(structNodes(pages, "H2").map((node) => node.text)).toEqual(expect.arrayContaining([heading, "Vereinbarungen"]));
  });
});
