import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CommentThread } from "../../shared/domain/comments";
import { createMeasure, measuresMap } from "../../shared/document/measures";
import { QUESTION_MAIL_JOB, questionJobSubject, questionMailKind } from "../../server/comments/questionMail";
import { findJob } from "../../server/persistence/jobs";
import { listMails } from "../../server/persistence/mails";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { closeDatabase, type Db } from "../../server/persistence/db";
import { DATABASE_KINDS } from "../fixtures/databases";
import { startServerInstances, type ServerInstances } from "../fixtures/serverInstances";
import { login, scorecardsOf } from "../fixtures/testServer";
import { connectClient, type TestClient } from "../fixtures/yClient";
import { pollUntil } from "../fixtures/crashClients";

/**
 * A question asked through one of two server processes on one database, both running the
 * job scheduler and polling often: the question's mail goes out exactly once to each
 * person of the other side, whichever process claims the job.
 */

/** The stored document of a scorecard, rebuilt from the database alone. */
async function storedDoc(db: Db, scorecardId: string): Promise<Y.Doc> {
  const { checkpoint, updates } = await createDocUpdateStore(db).load(scorecardId);
  const doc = new Y.Doc();
  if (checkpoint) Y.applyUpdate(doc, checkpoint);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

describe.each(DATABASE_KINDS)("question mails with two server processes on %s", (kind) => {
  let servers: ServerInstances;
  let db: Db;
  let client: TestClient | undefined;
  const context = () => `server log:\n${servers.log.join("").slice(-4000)}`;

  beforeAll(async () => {
    servers = await startServerInstances(kind, 2, { JOB_POLL_MS: "100", PUBLIC_URL: "https://steuerrad.test" });
    db = await servers.openDatabase();
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    if (db) await closeDatabase(db);
    await servers?.stop();
  });

  it("mails a question asked through process 1 exactly once to each funder user", async () => {
    const [first] = servers.instances;
    const provider = await login(first.url, "anbieter-a@demo.test");
    const scorecardId = (await scorecardsOf(first.url, provider)).find((card) => card.provider !== null)!.id;
    // A measure to ask about, written as an editor writes it.
    client = connectClient(first.url, scorecardId, provider);
    await client.synced;
    createMeasure(client.doc, "m-q", { title: "Beteiligung stärken" });
    await pollUntil(async () => (measuresMap(await storedDoc(db, scorecardId)).has("m-q") ? null : "measure not stored yet"), 10_000);

    const response = await fetch(`${first.url}/api/scorecards/${scorecardId}/comments`, {
      method: "POST",
      headers: { cookie: provider, "content-type": "application/json" },
      body: JSON.stringify({ anchor: { kind: "measure", measureId: "m-q" }, text: "Wie ist der Stand?" }),
    });
    expect(response.status).toBe(201);
    const thread = (await response.json()) as CommentThread;

    const subject = questionJobSubject({ scorecardId, threadId: thread.id, replyId: null });
    await pollUntil(async () => {
      const job = await findJob(db, QUESTION_MAIL_JOB, subject);
      return job?.state === "done" ? null : `job ${JSON.stringify(job)}`;
    }, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${context()}`);
    });
    const mails = (await listMails(db)).filter((mail) => mail.kind === questionMailKind({ threadId: thread.id, replyId: null }));
    expect(mails.map((mail) => mail.recipients.join(",")).sort()).toEqual(["admin@demo.test", "sozialamt@demo.test"]);
    expect(mails.every((mail) => mail.sentAt !== null && mail.body.includes(`https://steuerrad.test/scorecards/${scorecardId}?thread=${thread.id}`))).toBe(true);
    expect((await findJob(db, QUESTION_MAIL_JOB, subject))?.attempts).toBe(1);
  });
});
