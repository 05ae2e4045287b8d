/**
 * The circulation ten days before a steering talk, with a controlled clock: it goes out
 * at exactly 00:00 Europe/Berlin across both daylight-saving changes, after downtime as
 * soon as the server is back, moves with a rescheduled talk, and never twice, even when
 * two servers (connections, or processes) on the same database file race for it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { NewTalkSchema } from "../../shared/domain/talks";
import { seedDemo } from "../../server/demo/seed";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { cancelJob } from "../../server/persistence/jobs";
import { listMails } from "../../server/persistence/mails";
import { listScorecards } from "../../server/persistence/scorecards";
import { findUserByEmail, type UserRecord } from "../../server/persistence/users";
import { REPORT_REMINDER_JOB } from "../../server/talks/reportReminder";
import { createTalkStack, TEST_PUBLIC_URL, type TalkStack } from "../fixtures/talkStack";
import { TEST_PASSWORD } from "../fixtures/testServer";

const ROOT = resolve(import.meta.dirname, "../..");
const utc = (iso: string) => Date.parse(iso);

interface World {
  dir: string;
  file: string;
  outboxDir: string;
  now: { value: number };
  stack: TalkStack;
  funder: UserRecord;
  scorecardId: string;
  /** Another stack (server) on the same file, with the same clock. */
  another(workerId: string): Promise<TalkStack>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function world(start: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "steuerrad-talks-"));
  const file = join(dir, "steuerrad.sqlite");
  const outboxDir = join(dir, "outbox");
  const now = { value: start };
  const stacks: TalkStack[] = [];
  const open = async (workerId: string) => {
    const stack = await createTalkStack({ databaseFile: file, outboxDir, clock: () => now.value, workerId });
    stacks.push(stack);
    return stack;
  };
  const stack = await open("main");
  cleanups.push(async () => {
    for (const s of stacks) await s.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  await seedDemo(stack.db, createDocUpdateStore(stack.db), TEST_PASSWORD);
  const funder = (await findUserByEmail(stack.db, "sozialamt@demo.test"))!;
  const scorecardId = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Beispiel"))!.id;
  return { dir, file, outboxDir, now, stack, funder, scorecardId, another: open };
}

/**
 * These tests count the jobs the scheduler runs, so a talk's reporting reminder (its own
 * job, tested in talksReporting.test.ts) is taken out of the way.
 */
async function skipReminder(w: World, talkId: string): Promise<void> {
  await cancelJob(w.stack.db, REPORT_REMINDER_JOB, talkId, w.now.value);
}

async function scheduleTalk(w: World, startsAt: string) {
  const talk = await scheduleTalkWithReminder(w, startsAt);
  await skipReminder(w, talk.id);
  return talk;
}

async function scheduleTalkWithReminder(w: World, startsAt: string) {
  const providerA = (await findUserByEmail(w.stack.db, "anbieter-a@demo.test"))!;
  return w.stack.talks.schedule(
    w.funder,
    NewTalkSchema.parse({
      scorecardId: w.scorecardId,
      startsAt,
      place: "Beispiel e.V., Haus A",
      participants: [{ userId: w.funder.id }, { userId: providerA.id }, { email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
    }),
  );
}

async function circulationVersions(stack: TalkStack): Promise<{ id: number; name: string; createdAt: number }[]> {
  return stack.db.selectFrom("versions").select(["id", "name", "created_at as createdAt"]).where("kind", "=", "circulation").orderBy("id").execute();
}

describe("circulation ten days ahead", () => {
  it("goes out at 00:00 Europe/Berlin ten days before, across the spring change: nothing one ms before, sent at the instant", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-04-09T10:00");
    const due = utc("2026-03-29T22:00:00Z");
    expect(talk).toMatchObject({ startsAt: "2026-04-09T08:00:00.000Z", localDate: "2026-04-09", localTime: "10:00", circulationDueAt: new Date(due).toISOString(), state: "scheduled" });
    expect(talk.circulation).toEqual({ code: "due", days: 29 });

    w.now.value = due - 1;
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    expect(await listMails(w.stack.db)).toEqual([]);
    expect((await w.stack.talks.get(w.funder, talk.id)).state).toBe("scheduled");

    w.now.value = due;
    expect(await w.stack.scheduler.runDueNow()).toBe(1);
    const after = await w.stack.talks.get(w.funder, talk.id);
    expect(after).toMatchObject({ state: "circulated", circulation: { code: "sent", days: 0 } });
    const [version] = await circulationVersions(w.stack);
    expect(version).toMatchObject({ id: after.versions.circulation, name: "Vorabversand 2026-03-30", createdAt: due });

    // Without SMTP settings the mail is an .eml file in the outbox folder, and in the log.
    const [mail] = await listMails(w.stack.db);
    expect(mail).toMatchObject({ kind: "circulation", transport: "outbox", sentAt: due, error: null, recipients: ["sozialamt@demo.test", "anbieter-a@demo.test", "gast@extern.test"] });
    expect(readdirSync(w.outboxDir)).toEqual([mail.outboxFile!.split("/").pop()]);
    const parsed = await simpleParser(readFileSync(mail.outboxFile!));
    expect(parsed.subject).toBe("Vorabversand: Steuerungsgespräch Beispiel e.V. (Demo) am 09.04.2026");
    expect(parsed.text).toContain(`${TEST_PUBLIC_URL}/scorecards/${w.scorecardId}/versions/${version.id}`);
    expect(parsed.text).toContain("am 09.04.2026, 10:00 Uhr");
    expect(parsed.attachments.map((a) => a.filename)).toEqual([`BSC_Test_${version.id}_Vorabversand.docx`, `BSC_Test_${version.id}_Vorabversand.pdf`]);
    expect((await w.stack.talks.get(w.funder, talk.id)).mails.circulation).toEqual({ sentAt: new Date(due).toISOString(), error: null });

    // Running again, by job or by hand, sends nothing more.
    w.now.value = due + 60_000;
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    await expect(w.stack.talks.circulate(w.funder, talk.id)).rejects.toMatchObject({ status: 409 });
    expect(await listMails(w.stack.db)).toHaveLength(1);
    expect(await circulationVersions(w.stack)).toHaveLength(1);
  });

  it("goes out at 00:00 Europe/Berlin across the autumn change (23:00 UTC after it)", async () => {
    const w = await world(utc("2026-10-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-11-05T10:00");
    const due = utc("2026-10-25T23:00:00Z");
    expect(talk.circulationDueAt).toBe(new Date(due).toISOString());
    w.now.value = due - 1;
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    w.now.value = due;
    expect(await w.stack.scheduler.runDueNow()).toBe(1);
    expect(await circulationVersions(w.stack)).toEqual([expect.objectContaining({ name: "Vorabversand 2026-10-26" })]);
    expect(await listMails(w.stack.db)).toHaveLength(1);
  });

  it("is sent on start when the server was down at the due instant", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-04-09T10:00");
    await w.stack.close();
    // Down over the due instant; back three days later.
    w.now.value = utc("2026-04-01T06:30:00Z");
    const restarted = await w.another("restarted");
    expect(await listMails(restarted.db)).toEqual([]);
    await restarted.scheduler.start();
    await restarted.scheduler.stop();
    expect(await listMails(restarted.db)).toEqual([expect.objectContaining({ kind: "circulation", sentAt: w.now.value })]);
    expect(await restarted.talks.get(w.funder, talk.id)).toMatchObject({ state: "circulated", circulation: { code: "sent", days: 0 } });
    expect(await circulationVersions(restarted)).toEqual([expect.objectContaining({ name: "Vorabversand 2026-04-01" })]);
  });

  it("moves with a rescheduled talk: the old instant sends nothing, the new one does", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-04-09T10:00");
    const moved = await w.stack.talks.edit(w.funder, talk.id, { startsAt: "2026-04-23T14:00" });
    await skipReminder(w, talk.id);
    const newDue = utc("2026-04-12T22:00:00Z");
    expect(moved.circulationDueAt).toBe(new Date(newDue).toISOString());
    w.now.value = utc("2026-03-29T22:00:00Z");
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    w.now.value = newDue - 1;
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    expect(await listMails(w.stack.db)).toEqual([]);
    w.now.value = newDue;
    expect(await w.stack.scheduler.runDueNow()).toBe(1);
    expect(await listMails(w.stack.db)).toHaveLength(1);
    expect((await w.stack.talks.get(w.funder, talk.id)).state).toBe("circulated");
  });

  it("sends nothing for a cancelled talk", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-04-09T10:00");
    await w.stack.talks.cancel(w.funder, talk.id);
    w.now.value = utc("2026-04-01T00:00:00Z");
    expect(await w.stack.scheduler.runDueNow()).toBe(0);
    expect(await listMails(w.stack.db)).toEqual([]);
    expect(await w.stack.talks.get(w.funder, talk.id)).toMatchObject({ state: "cancelled", circulation: { code: "skipped" } });
  });

  it("sends once when two servers on separate connections to the same file race, and when a hand and the job race", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const first = await scheduleTalk(w, "2026-04-09T10:00");
    const second = await scheduleTalk(w, "2026-04-16T10:00");
    const other = await w.another("other");
    w.now.value = utc("2026-03-29T22:00:00Z");
    await Promise.all([w.stack.scheduler.runDueNow(), other.scheduler.runDueNow()]);
    expect((await listMails(w.stack.db)).filter((m) => m.talkId === first.id)).toHaveLength(1);
    expect(await circulationVersions(w.stack)).toHaveLength(1);

    // The second talk: circulated by hand on one server while the other's job fires.
    w.now.value = utc("2026-04-05T22:00:00Z");
    await Promise.all([w.stack.talks.circulate(w.funder, second.id), other.scheduler.runDueNow()]);
    await other.scheduler.runDueNow();
    await w.stack.scheduler.runDueNow();
    expect((await listMails(w.stack.db)).filter((m) => m.talkId === second.id && m.sentAt !== null)).toHaveLength(1);
    expect(await listMails(w.stack.db)).toHaveLength(2);
    expect(await circulationVersions(w.stack)).toHaveLength(2);
    expect(readdirSync(w.outboxDir)).toHaveLength(2);
  });

  it("sends once when two server processes on the same database file claim the due job at the same moment", async () => {
    const w = await world(utc("2026-03-01T09:00:00Z"));
    const talk = await scheduleTalk(w, "2026-04-09T10:00");
    const due = utc("2026-03-29T22:00:00Z");
    const workers = ["proc-a", "proc-b"].map((workerId) => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/circulationWorker.ts"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_FILE: w.file, OUTBOX_DIR: w.outboxDir, NOW: String(due), WORKER_ID: workerId },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const lines: string[] = [];
      const waiters: ((line: string) => void)[] = [];
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else lines.push(line);
      });
      const nextLine = () =>
        new Promise<string>((resolveLine, reject) => {
          if (lines.length > 0) return resolveLine(lines.shift()!);
          waiters.push(resolveLine);
          child.once("exit", (code) => reject(new Error(`${workerId} exited with ${code}: ${stderr}`)));
        });
      const exited = new Promise<number | null>((done) => child.once("exit", done));
      cleanups.push(() => void child.kill("SIGKILL"));
      return { child, nextLine, exited };
    });
    expect(await Promise.all(workers.map((worker) => worker.nextLine()))).toEqual(["ready", "ready"]);
    for (const worker of workers) worker.child.stdin!.write("go\n");
    const results = (await Promise.all(workers.map((worker) => worker.nextLine()))).map((line) => JSON.parse(line) as { ran: number });
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
    expect(results.map((r) => r.ran).sort()).toEqual([0, 1]);
    expect(await listMails(w.stack.db)).toEqual([expect.objectContaining({ talkId: talk.id, kind: "circulation", sentAt: due })]);
    expect(await circulationVersions(w.stack)).toHaveLength(1);
    expect(readdirSync(w.outboxDir)).toHaveLength(1);
    expect((await w.stack.talks.get(w.funder, talk.id)).state).toBe("circulated");
  }, 60_000);
});
