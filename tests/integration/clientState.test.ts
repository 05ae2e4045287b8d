import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trackSaves, type SaveState } from "../../client/state/saveTracker";
import { addReconnectJitter } from "../../client/state/reconnect";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { login, scorecardsOf, startTestServer, type TestServer } from "../fixtures/testServer";
import { connectClient, type TestClient } from "../fixtures/yClient";

let server: TestServer;
let conferenceId: string;
let providerAId: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const cookie = await login(server.url, "sozialamt@demo.test");
  const scorecards = await scorecardsOf(server.url, cookie);
  conferenceId = scorecards.find((s) => s.provider === null)!.id;
  providerAId = scorecards.find((s) => s.provider !== null)!.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

function waitForState(states: SaveState[], wanted: SaveState, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (states.at(-1) === wanted) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`save state stayed ${states.at(-1)}, wanted ${wanted}`));
      }
    }, 5);
  });
}

describe("save confirmation in the client", () => {
  it("reports saved only after the server stored the change", async () => {
    const client = connectClient(server.url, conferenceId, await login(server.url, "anbieter-a@demo.test"));
    clients.push(client);
    const states: SaveState[] = [];
    trackSaves(client.doc, client.provider, (state) => states.push(state));
    expect(states).toEqual(["unsaved"]);
    await client.synced;
    await waitForState(states, "saved");

    const store = createDocUpdateStore(server.db);
    client.doc.getText("tracked").insert(0, "neu");
    expect(states.at(-1)).toBe("saving");
    await waitForState(states, "saved");
    // By the time "saved" arrives, the change is in the database.
    const stored = await store.load(conferenceId);
    expect(stored.updates.length + (stored.checkpoint ? 1 : 0)).toBeGreaterThan(1);
  });

  it("never reports saved for a viewer's change, which the server drops", async () => {
    const client = connectClient(server.url, providerAId, await login(server.url, "gast-a@demo.test"));
    clients.push(client);
    const states: SaveState[] = [];
    trackSaves(client.doc, client.provider, (state) => states.push(state));
    await client.synced;
    client.doc.getText("viewer").insert(0, "x");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states).not.toContain("saved");
  });
});

describe("reconnect jitter", () => {
  it("spreads reconnects of a room of clients instead of returning in lockstep", async () => {
    const cookie = await login(server.url, "sozialamt@demo.test");
    const delays: number[] = [];
    const group = Array.from({ length: 5 }, () => {
      const client = connectClient(server.url, conferenceId, cookie);
      clients.push(client);
      addReconnectJitter(client.provider, 2000, () => {
        const r = Math.random();
        delays.push(r);
        return r;
      });
      return client;
    });
    await Promise.all(group.map((c) => c.synced));
    for (const client of group) client.provider.ws!.close();
    await Promise.all(
      group.map(
        (c) =>
          new Promise<void>((resolve) => {
            // "sync" fires with false on the drop first, then with true after the reconnect.
            c.provider.on("sync", (synced: boolean) => {
              if (synced) resolve();
            });
          }),
      ),
    );
    expect(delays).toHaveLength(5);
    expect(new Set(delays).size).toBe(5);
  });

  it("does not retry after the server's final word (44xx close)", async () => {
    const client = connectClient(server.url, conferenceId, await login(server.url, "anbieter-b@demo.test"), { schema: "0" });
    clients.push(client);
    let scheduled = 0;
    addReconnectJitter(client.provider, 2000, () => {
      scheduled += 1;
      return 0;
    });
    await new Promise<void>((resolve) => client.provider.once("closed", () => resolve()));
    expect(scheduled).toBe(0);
    expect(client.provider.shouldConnect).toBe(false);
  });
});
