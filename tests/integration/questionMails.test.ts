/**
 * Question mails through the API of a real server: a question or answer of one side
 * reaches the other side's editors and viewers who can see the scorecard, once each, with
 * a link that opens the thread; never the writer, the writer's own side or users who
 * turned the mails off on the account page. The server's own scheduler is set to sleep
 * (hourly); the tests run the due jobs with schedulers of their own on the same database,
 * two at once where "exactly once" is the point.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommentThread } from "../../shared/domain/comments";
import type { NotificationSettings } from "../../shared/domain/notifications";
import { createMeasure } from "../../shared/document/measures";
import { createScheduler, type Scheduler } from "../../server/jobs/scheduler";
import { createMailer, type Mailer } from "../../server/mail/mailer";
import { listMails } from "../../server/persistence/mails";
import { findJob } from "../../server/persistence/jobs";
import { QUESTION_MAIL_JOB, createQuestionMailer, questionJobSubject, questionMailKind, type QuestionMailer } from "../../server/comments/questionMail";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";

const PUBLIC_URL = "https://steuerrad.test";
const FUNDER = "sozialamt@demo.test";
const FUNDER_VIEWER = "admin@demo.test";
const PROVIDER = "anbieter-a@demo.test";
const PROVIDER_VIEWER = "gast-a@demo.test";
const OTHER_PROVIDER = "anbieter-b@demo.test";

let server: TestServer;
let outboxDir: string;
let mailer: Mailer;
let questionMailer: QuestionMailer;
let schedulers: Scheduler[];
const cookies: Record<string, string> = {};
let scorecardId: string;
let scorecardTitle: string;

beforeAll(async () => {
  server = await startTestServer({ jobPollMs: 60 * 60 * 1000, publicUrl: PUBLIC_URL });
  outboxDir = mkdtempSync(join(tmpdir(), "steuerrad-question-outbox-"));
  mailer = createMailer({ db: server.db, settings: { smtp: null, mailFrom: "Steuerrad <steuerrad@test.example>", outboxDir } });
  questionMailer = createQuestionMailer({ db: server.db, collab: server.collab, mailer, publicUrl: PUBLIC_URL });
  schedulers = ["worker-a", "worker-b"].map((workerId) => createScheduler({ db: server.db, clock: Date.now, handlers: questionMailer.jobHandlers(), pollMs: 60 * 60 * 1000, workerId }));
  for (const email of [FUNDER, FUNDER_VIEWER, PROVIDER, PROVIDER_VIEWER, OTHER_PROVIDER]) cookies[email] = await login(server.url, email);
  ({ id: scorecardId, title: scorecardTitle } = (await scorecardsOf(server.url, cookies[PROVIDER])).find((s) => s.provider !== null)!);
  await server.collab.change(scorecardId, null, (doc) => void createMeasure(doc, "m-q", { title: "Beteiligung stärken" }));
});
afterAll(async () => {
  mailer.close();
  await server.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

async function api<T>(path: string, email: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie: cookies[email] ?? "", ...(init.json !== undefined ? { "content-type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function ask(email: string, text: string, onScorecard = scorecardId): Promise<CommentThread> {
  const answer = await api<CommentThread>(`/api/scorecards/${onScorecard}/comments`, email, { method: "POST", json: { anchor: { kind: "measure", measureId: "m-q" }, text } });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function reply(email: string, threadId: string, text: string): Promise<CommentThread> {
  const answer = await api<CommentThread>(`/api/scorecards/${scorecardId}/comments/${threadId}/replies`, email, { method: "POST", json: { text } });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** Runs every due job, with both schedulers at once. */
async function runJobs(): Promise<number> {
  const ran = await Promise.all(schedulers.map((scheduler) => scheduler.runDueNow()));
  return ran.reduce((sum, n) => sum + n, 0);
}

/** The sent mails of one question or answer, by recipient. */
async function mailsOf(threadId: string, replyId: string | null = null) {
  return (await listMails(server.db))
    .filter((mail) => mail.kind === questionMailKind({ threadId, replyId }) && mail.sentAt !== null)
    .map((mail) => ({ to: mail.recipients.join(","), subject: mail.subject, body: mail.body }))
    .sort((a, b) => a.to.localeCompare(b.to));
}

async function setQuestionMails(email: string, on: boolean): Promise<void> {
  expect((await api(`/api/me/notifications`, email, { method: "PATCH", json: { questionMails: on } })).status).toBe(200);
}

describe("question mails", () => {
  it("mails a provider's question once to each funder user (editor and viewer) with a link to the thread, and to nobody of the provider's side", async () => {
    const thread = await ask(PROVIDER, "Wie ist der Stand der Beteiligung?");
    expect((await findJob(server.db, QUESTION_MAIL_JOB, questionJobSubject({ scorecardId, threadId: thread.id, replyId: null })))?.state).toBe("pending");
    // Nothing is sent from the request itself.
    expect(await mailsOf(thread.id)).toEqual([]);
    expect(await runJobs()).toBe(1);
    const mails = await mailsOf(thread.id);
    expect(mails.map((mail) => mail.to)).toEqual([FUNDER_VIEWER, FUNDER]);
    for (const mail of mails) {
      expect(mail.subject).toBe(`Neue Frage zur Scorecard „${scorecardTitle}“`);
      expect(mail.body).toContain("Anton");
      expect(mail.body).toContain("zur Maßnahme „Beteiligung stärken“");
      expect(mail.body).toContain("    Wie ist der Stand der Beteiligung?");
      expect(mail.body).toContain(`${PUBLIC_URL}/scorecards/${scorecardId}?thread=${thread.id}`);
      expect(mail.body).toContain(`Konto-Seite abschalten: ${PUBLIC_URL}/account`);
    }
  });

  it("mails the funder's answer to the provider's editor ('Ihre Frage') and viewer, not to the funder's side", async () => {
    const thread = await ask(PROVIDER, "Wer übernimmt die Einladung?");
    await runJobs();
    const answered = await reply(FUNDER, thread.id, "Das macht das Sozialamt.");
    const replyId = answered.replies[0].id;
    expect(await runJobs()).toBe(1);
    const mails = await mailsOf(thread.id, replyId);
    expect(mails.map((mail) => mail.to)).toEqual([PROVIDER, PROVIDER_VIEWER]);
    expect(mails.map((mail) => mail.subject)).toEqual([`Antwort auf Ihre Frage zur Scorecard „${scorecardTitle}“`, `Neue Antwort auf eine Frage zur Scorecard „${scorecardTitle}“`]);
    expect(mails[0].body).toMatch(/Frage:\n {4}Wer übernimmt die Einladung\?\n\nAntwort:\n {4}Das macht das Sozialamt\./);
  });

  it("mails a viewer's question to the other side too, never to the writer", async () => {
    const thread = await ask(PROVIDER_VIEWER, "Gilt das auch für Gäste?");
    await runJobs();
    expect((await mailsOf(thread.id)).map((mail) => mail.to)).toEqual([FUNDER_VIEWER, FUNDER]);
  });

  it("on the conference scorecard mails a funder question to every provider's users, and a provider's question only to the funder", async () => {
    const conferenceId = (await scorecardsOf(server.url, cookies[FUNDER])).find((s) => s.provider === null)!.id;
    await server.collab.change(conferenceId, null, (doc) => void createMeasure(doc, "m-q", { title: "Gemeinsame Fallkonferenz" }));
    const fromFunder = await ask(FUNDER, "Wer lädt ein?", conferenceId);
    const fromProvider = await ask(OTHER_PROVIDER, "Wann tagt sie?", conferenceId);
    await runJobs();
    expect((await mailsOf(fromFunder.id)).map((mail) => mail.to)).toEqual([PROVIDER, OTHER_PROVIDER, PROVIDER_VIEWER]);
    expect((await mailsOf(fromProvider.id)).map((mail) => mail.to)).toEqual([FUNDER_VIEWER, FUNDER]);
  });

  it("sends nothing to a user who turned question mails off on the account page", async () => {
    await setQuestionMails(FUNDER_VIEWER, false);
    try {
      const thread = await ask(PROVIDER, "Und die Fahrtkosten?");
      await runJobs();
      expect((await mailsOf(thread.id)).map((mail) => mail.to)).toEqual([FUNDER]);
    } finally {
      await setQuestionMails(FUNDER_VIEWER, true);
    }
  });

  it("sends each mail once when the job runs again, also after a failed mail is retried", async () => {
    const thread = await ask(PROVIDER, "Wie viele Plätze sind frei?");
    const subject = questionJobSubject({ scorecardId, threadId: thread.id, replyId: null });
    // A mail server that refuses the viewer's mail once: the job fails and is retried.
    let refused = false;
    const flaky: Pick<Mailer, "send"> = {
      send: (mail) => {
        if (!refused && mail.to[0].email === FUNDER_VIEWER) {
          refused = true;
          return Promise.reject(new Error("451 try again later"));
        }
        return mailer.send(mail);
      },
    };
    const flakyMailer = createQuestionMailer({ db: server.db, collab: server.collab, mailer: flaky, publicUrl: PUBLIC_URL });
    await expect(flakyMailer.run(subject)).rejects.toThrow(/1 von 2 Mails nicht versandt/);
    expect((await mailsOf(thread.id)).map((mail) => mail.to)).toEqual([FUNDER]);
    await flakyMailer.run(subject);
    await questionMailer.run(subject);
    expect((await mailsOf(thread.id)).map((mail) => mail.to)).toEqual([FUNDER_VIEWER, FUNDER]);
    // The scheduled job itself, claimed by two schedulers at once, runs once and finds nothing left.
    expect(await runJobs()).toBe(1);
    expect(await runJobs()).toBe(0);
    expect(await mailsOf(thread.id)).toHaveLength(2);
  });

  it("schedules nothing for a refused comment", async () => {
    const countJobs = async () =>
      Number(
        (
          await server.db
            .selectFrom("jobs")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("kind", "=", QUESTION_MAIL_JOB)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countJobs();
    const refused = await api(`/api/scorecards/${scorecardId}/comments`, PROVIDER, { method: "POST", json: { anchor: { kind: "measure", measureId: "m-none" }, text: "?" } });
    expect(refused.status).toBe(404);
    expect((await api(`/api/scorecards/${scorecardId}/comments/c-none/replies`, FUNDER, { method: "POST", json: { text: "?" } })).status).toBe(404);
    expect(await countJobs()).toEqual(before);
  });
});

describe("notification settings", () => {
  it("reads and changes the user's own settings", async () => {
    expect((await api<NotificationSettings>("/api/me/notifications", OTHER_PROVIDER)).body).toEqual({ questionMails: true, reminderMails: true });
    const changed = await api<NotificationSettings>("/api/me/notifications", OTHER_PROVIDER, { method: "PATCH", json: { reminderMails: false } });
    expect(changed).toEqual({ status: 200, body: { questionMails: true, reminderMails: false } });
    expect((await api<NotificationSettings>("/api/me/notifications", OTHER_PROVIDER)).body).toEqual({ questionMails: true, reminderMails: false });
    const row = await server.db.selectFrom("users").select(["question_mails as q", "reminder_mails as r"]).where("email", "=", OTHER_PROVIDER).executeTakeFirst();
    expect(row).toEqual({ q: 1, r: 0 });
    // Another user's settings are untouched.
    expect((await api<NotificationSettings>("/api/me/notifications", PROVIDER)).body).toEqual({ questionMails: true, reminderMails: true });
  });

  it("answers 400 with a German message for a bad body, and 401 when logged out", async () => {
    const wrongType = await api<{ error: { message: string } }>("/api/me/notifications", PROVIDER, { method: "PATCH", json: { questionMails: "nein" } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toBe("questionMails: muss true (an) oder false (aus) sein");
    const empty = await api<{ error: { message: string } }>("/api/me/notifications", PROVIDER, { method: "PATCH", json: {} });
    expect([empty.status, empty.body.error.message]).toEqual([400, "json: Bitte questionMails oder reminderMails angeben."]);
    const unknown = await api<{ error: { message: string } }>("/api/me/notifications", PROVIDER, { method: "PATCH", json: { questionMails: true, everything: false } });
    expect([unknown.status, unknown.body.error.message]).toEqual([400, "json: unbekanntes Feld: everything"]);
    expect((await api("/api/me/notifications", "nobody")).status).toBe(401);
  });
});
