import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db } from "../persistence/db";
import { listMails } from "../persistence/mails";
import { createMailer, type OutgoingMail } from "./mailer";
import { loadMailSettings } from "./mailSettings";

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
  while (dbs.length > 0) await closeDatabase(dbs.pop()!);
});

function outbox(): string {
  const dir = mkdtempSync(join(tmpdir(), "steuerrad-outbox-"));
  dirs.push(dir);
  return dir;
}

/** A talk row, since the mail log refers to talks. */
async function dbWithTalk() {
  const db = await openTestDatabase();
  dbs.push(db);
  await db.insertInto("organisations").values({ id: "o", name: "Amt", kind: "funder", created_at: 0 }).execute();
  await db.insertInto("users").values({ id: "u", email: "u@x.test", name: "U", password_hash: "h", organisation_id: "o", role: "editor", created_at: 0 }).execute();
  await db.insertInto("scorecards").values({ id: "s", title: "BSC", provider_id: null, created_at: 0 }).execute();
  await db.insertInto("talks").values({ id: "t", scorecard_id: "s", starts_at: 0, place: "Haus A", agenda_json: "[]", state: "scheduled", created_by: "u", created_at: 0, updated_at: 0 }).execute();
  return db;
}

const MAIL: OutgoingMail = {
  talkId: "t",
  kind: "circulation",
  to: [
    { name: "Sabine Sozialamt", email: "sozialamt@demo.test" },
    { name: "Anton Anbieter-A", email: "anbieter-a@demo.test" },
  ],
  subject: "Vorabversand: Steuerungsgespräch am 09.04.2026",
  text: "Guten Tag,\n\nOnline: https://steuerrad.test/scorecards/s/versions/1\n",
  attachments: [
    { name: "BSC_Beispiel_2026-04-09_Vorabversand.docx", content: Buffer.from("word"), contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { name: "BSC_Beispiel_2026-04-09_Vorabversand.pdf", content: Buffer.from("%PDF-1.4"), contentType: "application/pdf" },
  ],
};

describe("mailer", () => {
  it("writes the mail as an .eml file with both attachments into the outbox when there is no SMTP server, and logs it", async () => {
    const db = await dbWithTalk();
    const dir = outbox();
    const mailer = createMailer({ db, settings: { smtp: null, mailFrom: "Steuerrad <steuerrad@test.example>", outboxDir: dir }, clock: () => Date.parse("2026-03-29T22:00:00Z") });
    const outcome = await mailer.send(MAIL);
    expect(outcome.status).toBe("sent");
    const files = readdirSync(dir);
    expect(files).toEqual([`2026-03-29T22-00-00-000Z_circulation_${outcome.mail.id}.eml`]);
    const parsed = await simpleParser(readFileSync(join(dir, files[0])));
    expect(parsed.subject).toBe(MAIL.subject);
    expect(parsed.from?.text).toContain("steuerrad@test.example");
    const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : parsed.to!.value;
    expect(to.map((a) => a.address)).toEqual(["sozialamt@demo.test", "anbieter-a@demo.test"]);
    expect(parsed.text).toContain("https://steuerrad.test/scorecards/s/versions/1");
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ["BSC_Beispiel_2026-04-09_Vorabversand.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"],
      ["BSC_Beispiel_2026-04-09_Vorabversand.pdf", "application/pdf", "%PDF-1.4"],
    ]);
    expect(await listMails(db, { talkId: "t" })).toEqual([
      expect.objectContaining({
        kind: "circulation",
        recipients: ["sozialamt@demo.test", "anbieter-a@demo.test"],
        attachments: ["BSC_Beispiel_2026-04-09_Vorabversand.docx", "BSC_Beispiel_2026-04-09_Vorabversand.pdf"],
        transport: "outbox",
        outboxFile: join(dir, files[0]),
        sentAt: Date.parse("2026-03-29T22:00:00Z"),
        error: null,
      }),
    ]);
  });

  it("sends a once-only mail of a talk once, however often it is asked", async () => {
    const db = await dbWithTalk();
    const dir = outbox();
    const mailer = createMailer({ db, settings: { smtp: null, mailFrom: "s@test.example", outboxDir: dir } });
    const outcomes = await Promise.all([mailer.send({ ...MAIL, once: true }), mailer.send({ ...MAIL, once: true }), mailer.send({ ...MAIL, once: true })]);
    // One sends; a loser finds the mail under way, or already sent when the winner finished first (a pool runs them side by side).
    const statuses = outcomes.map((o) => o.status);
    expect(statuses.filter((status) => status === "sent")).toHaveLength(1);
    expect(statuses.filter((status) => status !== "sent").every((status) => status === "inFlight" || status === "alreadySent")).toBe(true);
    expect((await mailer.send({ ...MAIL, once: true })).status).toBe("alreadySent");
    expect(readdirSync(dir)).toHaveLength(1);
    expect(await listMails(db)).toHaveLength(1);
    // Another kind of the same talk is a different mail.
    expect((await mailer.send({ ...MAIL, kind: "minutes", once: true })).status).toBe("sent");
  });

  it("records a failed SMTP delivery and lets the once-only mail be tried again", async () => {
    const db = await dbWithTalk();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const mailer = createMailer({ db, settings: { smtp: { host: "127.0.0.1", port, secure: false, user: null, password: null }, mailFrom: "s@test.example", outboxDir: outbox() } });
    await expect(mailer.send({ ...MAIL, once: true })).rejects.toThrow();
    const [failed] = await listMails(db);
    expect(failed).toMatchObject({ transport: "smtp", sentAt: null });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    await expect(mailer.send({ ...MAIL, once: true })).rejects.toThrow();
    expect(await listMails(db)).toHaveLength(2);
    mailer.close();
  });
});

describe("loadMailSettings", () => {
  it("uses the outbox folder in the data folder without SMTP_HOST", () => {
    expect(loadMailSettings({}, "/data")).toEqual({ smtp: null, mailFrom: "Steuerrad <steuerrad@localhost>", outboxDir: "/data/outbox" });
  });

  it("reads the SMTP settings, with the port following SMTP_SECURE", () => {
    expect(loadMailSettings({ SMTP_HOST: "mail.example", SMTP_SECURE: "true", SMTP_USER: "u", SMTP_PASSWORD: "p", MAIL_FROM: "BSC <bsc@amt.example>" }, "/d")).toEqual({
      smtp: { host: "mail.example", port: 465, secure: true, user: "u", password: "p" },
      mailFrom: "BSC <bsc@amt.example>",
      outboxDir: "/d/outbox",
    });
    expect(loadMailSettings({ SMTP_HOST: "mail.example" }, "/d").smtp).toMatchObject({ port: 587, secure: false, user: null });
    expect(loadMailSettings({ SMTP_HOST: "mail.example", SMTP_PORT: "2525" }, "/d").smtp?.port).toBe(2525);
  });

  it("names the variable when a value is malformed", () => {
    expect(() => loadMailSettings({ SMTP_HOST: "m", SMTP_PORT: "abc" }, "/d")).toThrow(/SMTP_PORT/);
    expect(() => loadMailSettings({ MAIL_FROM: "nobody" }, "/d")).toThrow(/MAIL_FROM/);
  });
});
