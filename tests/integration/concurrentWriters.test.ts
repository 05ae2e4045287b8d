import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { closeDatabase, openDatabase } from "../../server/persistence/db";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { createOrganisation } from "../../server/persistence/organisations";
import { createUser } from "../../server/persistence/users";
import { createScorecard } from "../../server/scorecards/scorecardCreator";
import { verifyStore } from "../../server/audit/verify";
import { testDatabaseKind, testDatabaseLocation } from "../fixtures/testDatabase";

const ROOT = resolve(import.meta.dirname, "../..");
const WRITERS = 3;
const UPDATES_PER_WRITER = 150;

/** Starts a writer process and resolves once it is ready. */
function startWriter(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/concurrentWriter.ts"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<string>((done, fail) => {
      lines.once("line", done);
      child.once("exit", (code) => fail(new Error(`writer exited with ${code}: ${errors}`)));
    });
  return { child, next };
}

describe(`several processes writing one scorecard's history (${testDatabaseKind()})`, () => {
  it("keep its update chain, the audit event chain and the agreement numbering whole: every writer appends after the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "steuerrad-writers-"));
    const location = testDatabaseLocation(join(dir, "steuerrad.sqlite"));
    const db = await openDatabase(location);
    try {
      const store = createDocUpdateStore(db);
      const funder = await createOrganisation(db, "Amt", "funder");
      const provider = await createOrganisation(db, "Träger", "provider");
      const userId = await createUser(db, { email: "w@test.test", name: "W", passwordHash: "x", organisationId: funder.id, role: "editor" });
      const scorecardId = await createScorecard(db, store, { title: "Gemeinsam", providerId: null, template: "starter" });
      const before = await store.count(scorecardId);
      const writers = Array.from({ length: WRITERS }, () =>
        startWriter({ DATABASE_LOCATION: location, SCORECARD_ID: scorecardId, COUNT: String(UPDATES_PER_WRITER), PROVIDER_ID: provider.id, USER_ID: userId }),
      );
      await Promise.all(writers.map((writer) => writer.next().then((line) => expect(line).toBe("ready"))));
      const done = writers.map((writer) => writer.next());
      for (const writer of writers) writer.child.stdin!.write("go\n");
      const finished = await Promise.all(done);
      expect(finished.every((line) => /^done \d+$/.test(line))).toBe(true);
      const events = finished.reduce((sum, line) => sum + Number(line.split(" ")[1]), 0);

      expect((await store.count(scorecardId)) - before).toBe(WRITERS * UPDATES_PER_WRITER);
      const report = await verifyStore(db);
      expect(report.problem).toBeNull();
      expect(report.ok).toBe(true);
      expect(events).toBeGreaterThan(WRITERS * 10);
      expect(report.checked.events).toBe(events);
      // Each save got the next number: 1, 2, … without a gap or a duplicate.
      const rows = await db.selectFrom("agreement_versions").select("version").where("provider_id", "=", provider.id).orderBy("version").execute();
      const numbers = rows.map((row) => row.version);
      expect(numbers).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    } finally {
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
