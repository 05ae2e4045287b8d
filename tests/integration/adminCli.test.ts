import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { login, startTestServer } from "../fixtures/testServer";
import { runAdmin } from "../../server/ops/adminCli";
import { testDatabaseKind, testDatabaseLocation } from "../fixtures/testDatabase";

const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-admin-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function admin(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  // The database the test server uses: its SQLite file, or its PostgreSQL schema.
  const database = testDatabaseKind() === "postgres" ? { DATABASE_URL: testDatabaseLocation(join(dataDir, "steuerrad.sqlite")) } : {};
  const code = await runAdmin(argv, { DATA_DIR: dataDir, SEED_DEMO: "false", ...database }, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe("admin command", () => {
  it("creates the first organisation and user on a database without demo data, and resets the password", async () => {
    const server = await startTestServer({ dataDir, seedDemo: false });
    try {
      expect((await admin("list-users")).stdout).toBe("no users\n");
      const org = await admin("create-organisation", "--name", "Sozialamt Nord", "--kind", "funder");
      expect(org.code).toBe(0);
      expect((await admin("create-organisation", "--name", "Sozialamt Nord", "--kind", "funder")).code).toBe(1);
      expect((await admin("create-organisation", "--name", "X", "--kind", "bank")).code).toBe(2);

      const created = await admin("create-user", "--email", "Leitung@Nord.test", "--name", "Lea Leitung", "--organisation", "Sozialamt Nord", "--role", "editor", "--admin");
      expect(created.code).toBe(0);
      const password = /password: (\S+)/.exec(created.stdout)?.[1];
      expect(password?.length).toBeGreaterThanOrEqual(20);
      expect((await admin("create-user", "--email", "leitung@nord.test", "--name", "Dup", "--organisation", "Sozialamt Nord", "--role", "viewer")).code).toBe(1);
      expect((await admin("create-user", "--email", "x@nord.test", "--name", "X", "--organisation", "Nowhere", "--role", "viewer")).code).toBe(1);
      const short = await admin("create-user", "--email", "y@nord.test", "--name", "Y", "--organisation", "Sozialamt Nord", "--role", "viewer", "--password", "short");
      expect(short.code).toBe(2);
      expect(short.stderr).toContain("at least 10 characters");
      expect((await admin("create-user", "--email", "z@nord.test")).code).toBe(2);
      expect((await admin("frobnicate")).code).toBe(2);

      const oldCookie = await login(server.url, "leitung@nord.test", password);
      const me = await fetch(`${server.url}/api/me`, { headers: { cookie: oldCookie } });
      expect(me.status).toBe(200);
      expect((await admin("list-users")).stdout).toMatch(/leitung@nord\.test\s+Lea Leitung\s+Sozialamt Nord\s+editor, admin/);

      const reset = await admin("reset-password", "--email", "leitung@nord.test", "--password", "a-new-password-42");
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain("ended 1 session(s)");
      expect((await fetch(`${server.url}/api/me`, { headers: { cookie: oldCookie } })).status).toBe(401);
      await expect(login(server.url, "leitung@nord.test", password)).rejects.toThrow(/401/);
      await login(server.url, "leitung@nord.test", "a-new-password-42");
      expect((await admin("reset-password", "--email", "nobody@nord.test")).code).toBe(1);
    } finally {
      await server.close();
    }
  });
});
