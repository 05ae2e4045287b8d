import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../fixtures/serverProcess";
import { login, scorecardsOf, TEST_PASSWORD } from "../fixtures/testServer";
import { closeCodeOf, rawConnect } from "../fixtures/yClient";

const DRAIN_MS = 1500;

let server: ServerProcess | undefined;
let dataDir: string | undefined;
afterEach(() => {
  if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = undefined;
  dataDir = undefined;
});

describe("SIGTERM drain (SHUTDOWN_DRAIN_MS)", () => {
  it("answers readiness 503 at once, keeps serving for the drain time, then closes sockets with 1001 and exits 0", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "steuerrad-drain-"));
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, SHUTDOWN_DRAIN_MS: String(DRAIN_MS) });
    const cookie = await login(server.url, "anbieter-a@demo.test");
    const [scorecard] = await scorecardsOf(server.url, cookie);
    const { socket } = await rawConnect(`${server.url.replace("http", "ws")}/collab/${scorecard.id}`, { cookie });
    const closed = closeCodeOf(socket!).then((code) => ({ code, at: Date.now() }));
    expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(200);

    const signalled = Date.now();
    server.child.kill("SIGTERM");
    // Each request waits for the previous answer: the first 503 is the signal arriving.
    let ready = 200;
    while (ready === 200) ready = (await fetch(`${server.url}/api/health/ready`)).status;
    expect(ready).toBe(503);
    // Still serving during the drain: liveness, the API, and the open socket.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/scorecards`, { headers: { cookie } })).status).toBe(200);
    expect(socket!.readyState).toBe(socket!.OPEN);

    const { code, at } = await closed;
    expect(code).toBe(1001);
    // A little slack for the timer and the signal's delivery.
    expect(at - signalled).toBeGreaterThanOrEqual(DRAIN_MS - 100);
    expect(await server.exited).toBe(0);
  });
});
