import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { login, scorecardsOf, TEST_PASSWORD } from "../fixtures/testServer";
import { connectClient, waitForDoc } from "../fixtures/yClient";
import { startServerProcess } from "../fixtures/serverProcess";

const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("crash durability", () => {
  it("keeps every update another client has seen when the server is killed with SIGKILL", async () => {
    const env = { DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD };
    const first = await startServerProcess(env);
    const cookie = await login(first.url, "sozialamt@demo.test");
    const id = (await scorecardsOf(first.url, cookie))[0].id;
    const writer = connectClient(first.url, id, cookie);
    const watcher = connectClient(first.url, id, await login(first.url, "anbieter-a@demo.test"));
    await Promise.all([writer.synced, watcher.synced]);

    const edits = 200;
    for (let i = 0; i < edits; i++) writer.doc.getArray<number>("edits").push([i]);
    await waitForDoc(watcher.doc, () => watcher.doc.getArray("edits").length === edits, 15_000);
    // Killed the instant the last edit was relayed: no shutdown, no flush.
    first.child.kill("SIGKILL");
    await first.exited;
    const seen = watcher.doc.getArray<number>("edits").toArray();
    writer.provider.disconnect();
    watcher.provider.disconnect();

    const second = await startServerProcess(env);
    try {
      const fresh = connectClient(second.url, id, await login(second.url, "sozialamt@demo.test"));
      await fresh.synced;
      expect(fresh.doc.getArray<number>("edits").toArray()).toEqual(seen);
      expect(seen).toHaveLength(edits);
      fresh.destroy();
    } finally {
      writer.destroy();
      watcher.destroy();
      second.child.kill("SIGTERM");
      await second.exited;
    }
  });
});
