/**
 * The circulation through a real SMTP server on loopback (smtp-server on port 0), with
 * the real Word and PDF export: the message reaches every participant, carries both files
 * under their export names, and links to the version; the files hold the measures and
 * KPI values of the frozen circulation version, not edits made after it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NewTalkSchema } from "../../shared/domain/talks";
import { seedDemo } from "../../server/demo/seed";
import { buildExampleScorecard, docxText, EXAMPLE_MEASURES, exampleKpiSnapshot, pdfPages } from "../../server/exports/testSupport";
import { restoreInto } from "../../server/versions/restore";
import { setMeasureField } from "../../shared/document/measures";
import { formatKpiValue } from "../../shared/format/germanNumbers";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail } from "../../server/persistence/users";
import { createVersionExporter } from "../../server/exports/exportFiles";
import { createTalkStack, TEST_PUBLIC_URL, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

interface Received {
  from: string;
  rcptTo: string[];
  raw: Buffer;
}

let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
let dir: string;
const now = { value: Date.parse("2026-03-01T09:00:00Z") };
let stack: TalkStack;
const LATER_TITLE = "Nach dem Vorabversand umbenannt";

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust in the test.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), "steuerrad-smtp-"));
  stack = await createTalkStack({
    databaseFile: join(dir, "steuerrad.sqlite"),
    outboxDir: join(dir, "outbox"),
    clock: () => now.value,
    smtp: { host: "127.0.0.1", port, secure: false, user: null, password: null },
    // The real Word and PDF export, wired as in server.ts.
    exportVersion: ({ db, collab }) => {
      const exporter = createVersionExporter({ db, collab, currentKpis: async () => ({ scope: "provider", name: null, periods: {}, computedAt: new Date(0).toISOString() }) });
      // Someone edits right after the freeze, before the files are made: they must not show it.
      return async (scorecardId, versionId) => {
        await collab.change(scorecardId, null, (doc) => setMeasureField(doc, EXAMPLE_MEASURES.activation, "title", LATER_TITLE));
        return exporter(scorecardId, versionId);
      };
    },
    kpis: async () => exampleKpiSnapshot(),
  });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
});

afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
}

describe("circulation by SMTP", () => {
  it("delivers one message to every participant with the Word and PDF files and the link to the version", async () => {
    const funder = (await findUserByEmail(stack.db, "sozialamt@demo.test"))!;
    const providerA = (await findUserByEmail(stack.db, "anbieter-a@demo.test"))!;
    const scorecard = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Beispiel"))!;
    const talk = await stack.talks.schedule(
      funder,
      NewTalkSchema.parse({
        scorecardId: scorecard.id,
        startsAt: "2026-04-09T10:00",
        place: "Beispiel e.V., Haus A",
        participants: [{ userId: funder.id }, { userId: providerA.id }, { email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
      }),
    );
    // The scorecard as the provider prepared it: measures and KPI blocks of the worked example.
    const example = buildExampleScorecard();
    await stack.collab.change(scorecard.id, providerA.id, (doc) => restoreInto(doc, example));
    now.value = Date.parse("2026-03-29T22:00:00Z");
    // The circulation, and the reporting reminder: its deadline (28 March) has passed, so it sends nothing.
    expect(await stack.scheduler.runDueNow()).toBe(2);

    expect(received).toHaveLength(1);
    const [message] = received;
    const recipients = ["sozialamt@demo.test", "anbieter-a@demo.test", "gast@extern.test"];
    expect(message.rcptTo.sort()).toEqual([...recipients].sort());
    expect(message.from).toBe("steuerrad@test.example");
    const parsed = await simpleParser(message.raw);
    expect(addresses(parsed.to).sort()).toEqual([...recipients].sort());
    expect(parsed.subject).toBe("Vorabversand: Steuerungsgespräch Beispiel e.V. (Demo) am 09.04.2026");

    const versionId = (await stack.talks.get(funder, talk.id)).versions.circulation!;
    expect(parsed.text).toContain(`${TEST_PUBLIC_URL}/scorecards/${scorecard.id}/versions/${versionId}`);
    // Filed under the talk's date, the date everyone refers to.
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["BSC_Beispiel-e-V-Demo_2026-04-09_Vorabversand.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["BSC_Beispiel-e-V-Demo_2026-04-09_Vorabversand.pdf", "application/pdf"],
    ]);
    const [docx, pdf] = parsed.attachments;
    const word = docxText(docx.content);
    expect(word).toContain("Beispiel e.V. (Demo)");
    expect(word).toContain("Finanzen & Budget");
    expect(word).toMatch(/Vorabversand/);
    const pages = (await pdfPages(pdf.content)).join("\n");
    expect(pages).toContain("Finanzen & Budget");
    const deviation = formatKpiValue(exampleKpiSnapshot().periods["2025-Q2"].result!.occupancyDeviationPct!, "percent", true);
    // PDF text extraction turns the no-break space before "%" into a plain one.
    const spaces = (text: string) => text.replace(/\u00a0/g, " ");
    for (const text of [word, pages].map(spaces)) {
      expect(text).toContain("Beteiligungsrat gründen");
      expect(text).toContain("in Arbeit");
      expect(text).toContain(spaces(deviation));
      expect(text).not.toContain(LATER_TITLE);
    }

    expect(await listMails(stack.db)).toEqual([
      expect.objectContaining({ talkId: talk.id, kind: "circulation", transport: "smtp", outboxFile: null, sentAt: now.value, error: null, attachments: parsed.attachments.map((a) => a.filename) }),
    ]);
  });
});
