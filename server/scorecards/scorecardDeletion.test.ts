/**
 * Purging deleted scorecards after their retention period: everything that belonged to the
 * scorecard goes (its talks with their participants, agreements, mails and jobs, its topics),
 * the audit events stay, and a purge that fails leaves the other due scorecards to be purged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type RawBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NewTalkSchema } from "../../shared/domain/talks";
import type { Logger } from "../log";
import { seedDemo } from "../demo/seed";
import { insertTopic, insertTopicEvent } from "../persistence/topics";
import { transaction } from "../persistence/db";
import { listScorecards } from "../persistence/scorecards";
import { findUserByEmail, type UserRecord } from "../persistence/users";
import { createTalkStack, type TalkStack } from "../../tests/fixtures/talkStack";
import { TEST_PASSWORD } from "../../tests/fixtures/testServer";
import { createScorecard } from "./scorecardCreator";
import { deleteScorecard, purgeExpiredScorecards } from "./scorecardDeletion";

const now = { value: Date.parse("2026-01-10T09:00:00Z") };
let dir: string;
let stack: TalkStack;
let funder: UserRecord;
let provider: UserRecord;

/** Errors logged by the purge. */
const errors: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  log(level, message, fields) {
    if (level === "error") errors.push({ message, fields });
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steuerrad-purge-"));
  stack = await createTalkStack({ databaseFile: ":memory:", outboxDir: join(dir, "outbox"), clock: () => now.value });
  await seedDemo(stack.db, stack.store, TEST_PASSWORD);
  funder = (await findUserByEmail(stack.db, "sozialamt@demo.test"))!;
  provider = (await findUserByEmail(stack.db, "anbieter-a@demo.test"))!;
});

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

function schedule(scorecardId: string, startsAt: string, providerUser = provider) {
  return stack.talks.schedule(
    funder,
    NewTalkSchema.parse({
      scorecardId,
      startsAt,
      place: "Rathaus, Raum 1",
      participants: [{ userId: funder.id }, { userId: providerUser.id }, { email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
    }),
  );
}

async function count(query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await (query as RawBuilder<{ n: number | string }>).execute(stack.db);
  return Number(rows[0].n);
}

describe("purgeExpiredScorecards", () => {
  it("purges a deleted scorecard that had a talk, with everything that belonged to it, and keeps the audit events", async () => {
    const scorecardId = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Beispiel"))!.id;
    // A talk held and closed (versions, participants, an agreement, minutes mail and job), and a topic planned into it.
    const talk = await schedule(scorecardId, "2026-01-15T10:00");
    const topicId = "topic-purge";
    await transaction(stack.db, async (trx) => {
      await insertTopic(trx, { id: topicId, scorecardId, title: "Peer-Beratung", note: "", raisedBy: funder.id, raisedAt: now.value });
      await insertTopicEvent(trx, { topicId, kind: "planned", talkId: talk.id, status: "planned", detail: { title: "Peer-Beratung", talkDate: "2026-01-15" }, userId: funder.id, at: now.value });
    });
    now.value = Date.parse("2026-01-15T09:00:00Z");
    await stack.talks.start(funder, talk.id);
    await stack.talks.addAgreement(funder, talk.id, { text: "Belegung monatlich melden", owner: "Leistungserbringer" });
    now.value = Date.parse("2026-01-15T11:00:00Z");
    await stack.talks.close(funder, talk.id);
    await stack.scheduler.runDueNow();
    expect(await count(sql`SELECT COUNT(*) AS n FROM mails WHERE talk_id = ${talk.id}`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM versions WHERE scorecard_id = ${scorecardId}`)).toBeGreaterThan(0);

    const purgeAfter = await deleteScorecard(stack.db, scorecardId, funder.id, "Doppelt angelegt", 1, now.value);
    expect(await purgeExpiredScorecards(stack.db, logger, purgeAfter - 1)).toEqual([]);
    expect(await purgeExpiredScorecards(stack.db, logger, purgeAfter)).toEqual([scorecardId]);

    expect(await count(sql`SELECT COUNT(*) AS n FROM scorecards WHERE id = ${scorecardId}`)).toBe(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM talks WHERE scorecard_id = ${scorecardId}`)).toBe(0);
    for (const table of ["talk_participants", "talk_agreements", "mails", "topic_events"]) expect(await count(sql`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE talk_id = ${talk.id}`)).toBe(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM jobs WHERE subject_id = ${talk.id}`)).toBe(0);
    for (const table of ["topics", "versions", "doc_updates", "doc_checkpoints", "doc_clients"])
      expect(await count(sql`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE scorecard_id = ${scorecardId}`)).toBe(0);
    const kinds = (await stack.db.selectFrom("audit_events").select("kind").where("scorecard_id", "=", scorecardId).orderBy("id").execute()).map((e) => e.kind);
    expect(kinds).toContain("scorecard.deleted");
    expect(kinds.at(-1)).toBe("scorecard.purged");
  });

  it("logs a purge that fails and still purges the other due scorecards", async () => {
    const failing = await createScorecard(stack.db, stack.store, { title: "BSC Scheitert", providerId: null, template: "starter" });
    const other = await createScorecard(stack.db, stack.store, { title: "BSC Geht", providerId: null, template: "starter" });
    // A talk of a live scorecard that names a version of the failing one: that version cannot be deleted.
    const version = await stack.versions.take(failing, "named", "Stand", funder.id);
    const liveScorecard = (await listScorecards(stack.db)).find((s) => s.providerName?.startsWith("Weser"))!.id;
    const liveTalk = await schedule(liveScorecard, "2026-03-15T10:00", (await findUserByEmail(stack.db, "anbieter-b@demo.test"))!);
    await stack.db.updateTable("talks").set({ talk_version_id: version.id }).where("id", "=", liveTalk.id).execute();
    // The failing one falls due first, so it is tried first.
    await deleteScorecard(stack.db, failing, funder.id, "Test", 1, now.value);
    const purgeAfter = await deleteScorecard(stack.db, other, funder.id, "Test", 1, now.value + 1000);

    errors.length = 0;
    expect(await purgeExpiredScorecards(stack.db, logger, purgeAfter)).toEqual([other]);
    expect(await count(sql`SELECT COUNT(*) AS n FROM scorecards WHERE id = ${other}`)).toBe(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM scorecards WHERE id = ${failing} AND deleted_at IS NOT NULL`)).toBe(1);
    // The failed purge left nothing half done and no purge event.
    expect(await count(sql`SELECT COUNT(*) AS n FROM versions WHERE scorecard_id = ${failing}`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM audit_events WHERE scorecard_id = ${failing} AND kind = 'scorecard.purged'`)).toBe(0);
    expect(errors).toMatchObject([{ fields: { scorecardId: failing } }]);
  });
});
