import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { login, scorecardsOf, TEST_PASSWORD } from "../fixtures/testServer";
import { connectClient, type TestClient } from "../fixtures/yClient";
import { startServerProcess } from "../fixtures/serverProcess";
import { verifyStore } from "../../server/audit/verify";
import { closeDatabase, openDatabaseForReading } from "../../server/persistence/db";

const ROOT = resolve(import.meta.dirname, "../..");
const root = mkdtempSync(join(tmpdir(), "steuerrad-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs an ops command as `npm run …` would, in its own process. */
function runCli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("backup and restore", () => {
  it("backs up while three clients type, and the restored server has every update confirmed before the backup", async () => {
    const liveDir = join(root, "live");
    const server = await startServerProcess({ DATA_DIR: liveDir, DEMO_PASSWORD: TEST_PASSWORD });
    const clients: TestClient[] = [];
    const timers: NodeJS.Timeout[] = [];
    const backupFile = join(root, "backups", "snapshot.sqlite");
    let confirmed: string[] = [];
    try {
      const funder = await login(server.url, "sozialamt@demo.test");
      const provider = await login(server.url, "anbieter-a@demo.test");
      const id = (await scorecardsOf(server.url, provider))[0].id;
      for (const cookie of [funder, provider, await login(server.url, "sozialamt@demo.test")]) clients.push(connectClient(server.url, id, cookie));
      await Promise.all(clients.map((client) => client.synced));
      clients.forEach((client, index) => {
        let n = 0;
        timers.push(setInterval(() => client.doc.getArray<string>("typing").push([`${index}:${n++}`]), 5));
      });
      await new Promise((r) => setTimeout(r, 800));

      // What each client received from the others went through the server, which stores
      // an update before it relays it: all of that was confirmed before the backup began.
      const seen = new Set<string>();
      clients.forEach((client, index) => {
        for (const item of client.doc.getArray<string>("typing").toArray()) if (!item.startsWith(`${index}:`)) seen.add(item);
      });
      confirmed = [...seen];
      const backup = await runCli("server/ops/backupCli.ts", ["--db", join(liveDir, "steuerrad.sqlite"), "--out", backupFile]);
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`backup:      ${backupFile}`);
      expect(backup.stdout).toMatch(/updates:\s+\d+/);
      expect(backup.stdout).toContain("result:      OK");
      // Typing goes on after the backup, so the live document outgrows the backup.
      await new Promise((r) => setTimeout(r, 300));
      expect(confirmed.length).toBeGreaterThan(20);

      for (const timer of timers) clearInterval(timer);
      for (const client of clients) client.destroy();
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);

      const restoredDir = join(root, "restored");
      const restore = await runCli("server/ops/restoreCli.ts", ["--from", backupFile], { DATA_DIR: restoredDir });
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      const restoredFile = join(restoredDir, "steuerrad.sqlite");
      const check = await openDatabaseForReading(restoredFile);
      expect((await verifyStore(check)).ok).toBe(true);
      await closeDatabase(check);

      const second = await startServerProcess({ DATA_DIR: restoredDir, DEMO_PASSWORD: TEST_PASSWORD });
      try {
        const fresh = connectClient(second.url, id, await login(second.url, "sozialamt@demo.test"));
        await fresh.synced;
        const restored = new Set(fresh.doc.getArray<string>("typing").toArray());
        expect(confirmed.filter((item) => !restored.has(item))).toEqual([]);
        fresh.destroy();
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const client of clients) client.destroy();
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
    }
  }, 90_000);

  it("refuses a damaged backup and a target with a non-empty -wal, and replaces only with --force", async () => {
    const dir = join(root, "refusals");
    const server = await startServerProcess({ DATA_DIR: dir, DEMO_PASSWORD: TEST_PASSWORD });
    const good = join(root, "good.sqlite");
    try {
      expect((await runCli("server/ops/backupCli.ts", ["--out", good], { DATA_DIR: dir })).code).toBe(0);
      // While the server runs, its -wal holds the latest writes.
      await login(server.url, "sozialamt@demo.test");
      const running = await runCli("server/ops/restoreCli.ts", ["--from", good, "--force"], { DATA_DIR: dir });
      expect(running.code).toBe(1);
      expect(running.stderr).toContain("-wal is not empty");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    const exists = await runCli("server/ops/restoreCli.ts", ["--from", good], { DATA_DIR: dir });
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain("pass --force");

    const damaged = join(root, "damaged.sqlite");
    copyFileSync(good, damaged);
    const db = new Database(damaged);
    db.pragma("journal_mode = DELETE");
    // Altering a stored update breaks its hash chain.
    db.prepare("UPDATE doc_updates SET update_data = X'00' WHERE seq = (SELECT MIN(seq) FROM doc_updates)").run();
    db.close();
    const broken = await runCli("server/ops/restoreCli.ts", ["--from", damaged, "--force"], { DATA_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("the backup does not verify");

    writeFileSync(join(root, "garbage.sqlite"), "not a database");
    expect((await runCli("server/ops/restoreCli.ts", ["--from", join(root, "garbage.sqlite"), "--force"], { DATA_DIR: dir })).code).toBe(1);
    expect((await runCli("server/ops/restoreCli.ts", [], { DATA_DIR: dir })).code).toBe(2);

    const forced = await runCli("server/ops/restoreCli.ts", ["--from", good, "--force"], { DATA_DIR: dir });
    expect(forced.code).toBe(0);
  }, 90_000);
});
