import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { login, scorecardsOf, startTestServer, TEST_PASSWORD } from "../fixtures/testServer";
import { connectClient } from "../fixtures/yClient";
import { startServerProcess } from "../fixtures/serverProcess";
import { markShuttingDown } from "../../server/ops/readiness";

const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-ops-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("operations", () => {
  it("answers readiness 200, then 503 once the server is shutting down", async () => {
    const server = await startTestServer();
    try {
      const ready = await fetch(`${server.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      markShuttingDown(server.db);
      const stopping = await fetch(`${server.url}/api/health/ready`);
      expect(stopping.status).toBe(503);
      expect(await stopping.json()).toEqual({ ready: false, reason: "shutting down" });
    } finally {
      await server.stop();
    }
  });

  it("gives every API response a request id, taking a sane one from the caller", async () => {
    const server = await startTestServer();
    try {
      const generated = (await fetch(`${server.url}/api/scorecards`)).headers.get("x-request-id");
      expect(generated).toMatch(/^[A-Za-z0-9._-]{8,100}$/);
      const echoed = await fetch(`${server.url}/api/scorecards`, { headers: { "x-request-id": "trace-42.a_b" } });
      expect(echoed.headers.get("x-request-id")).toBe("trace-42.a_b");
      const replaced = await fetch(`${server.url}/api/scorecards`, { headers: { "x-request-id": "<script>" } });
      expect(replaced.headers.get("x-request-id")).not.toBe("<script>");
    } finally {
      await server.stop();
    }
  });

  it("closes collaboration connections with 1001 and exits 0 on SIGTERM", async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD });
    const cookie = await login(server.url, "sozialamt@demo.test");
    const id = (await scorecardsOf(server.url, cookie))[0].id;
    const client = connectClient(server.url, id, cookie);
    try {
      await client.synced;
      const closed = new Promise<number>((resolve) => client.provider.once("connection-close", (event: CloseEvent | null) => resolve(event?.code ?? -1)));
      server.child.kill("SIGTERM");
      expect(await closed).toBe(1001);
      expect(await server.exited).toBe(0);
    } finally {
      client.destroy();
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  });
});
