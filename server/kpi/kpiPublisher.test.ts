import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { fakeConnection } from "../../tests/fixtures/roomTestSupport";
import { TEST_PASSWORD } from "../../tests/fixtures/testServer";
import { MessageType } from "../../shared/protocol/messages";
import { closeDatabase, type Db } from "../persistence/db";
import { createDocUpdateStore } from "../persistence/docUpdates";
import { listScorecards } from "../persistence/scorecards";
import { seedDemo } from "../demo/seed";
import { createLogger } from "../log";
import type { ControlMessage } from "../sync/InstanceBus";
import { createKpiPublisher, type KpiPublisher } from "./kpiPublisher";

/** The part of the instance bus the publisher uses, with the other processes played by the test. */
function fakeBus() {
  const published: ControlMessage[] = [];
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  const reconnectCallbacks: (() => void)[] = [];
  return {
    published,
    bus: {
      publishControl: (message: ControlMessage) => void published.push(message),
      onControl: (handler: (message: ControlMessage) => void) => void controlHandlers.push(handler),
      onReconnect: (callback: () => void) => void reconnectCallbacks.push(callback),
    },
    /** A control message from another process. */
    receive: (message: ControlMessage) => controlHandlers.forEach((handler) => handler(message)),
    /** The bus came back from an outage. */
    reconnect: () => reconnectCallbacks.forEach((callback) => callback()),
  };
}

/** Pushes go out after a change once the values are read (several saves of one upload cause one push). */
const pushed = (pushes: () => number, count: number) => vi.waitFor(() => expect(pushes()).toBe(count));

describe("KPI publisher with other processes", () => {
  let db: Db;
  let publisher: KpiPublisher;
  let hub: ReturnType<typeof fakeBus>;
  let loads: string[];
  let providerId: string;
  let scorecardId: string;

  beforeEach(async () => {
    db = await openTestDatabase();
    await seedDemo(db, createDocUpdateStore(db), TEST_PASSWORD);
    const card = (await listScorecards(db)).find((entry) => entry.providerId !== null)!;
    providerId = card.providerId!;
    scorecardId = card.id;
    hub = fakeBus();
    loads = [];
    publisher = createKpiPublisher({
      db,
      loadDataset: async (id) => {
        loads.push(id);
        return { agreements: [], figures: [], staff: [] };
      },
      logger: createLogger("silent"),
      bus: hub.bus,
    });
  });
  afterEach(() => closeDatabase(db));

  /** A KPI block's connection that asked for a period and got its answer; returns how many KPI pushes it got. */
  async function watching(): Promise<() => number> {
    const { connection, sent } = fakeConnection(scorecardId, "u-1", true);
    publisher.handleQuery(connection, ["2025-Q2"]);
    const pushes = () => sent.filter((message) => message[0] === MessageType.kpiValues).length;
    await pushed(pushes, 1);
    return pushes;
  }

  it("[SYNC27] tells the other processes about a figures change made here", async () => {
    const pushes = await watching();
    publisher.figuresChanged(providerId);
    expect(hub.published).toEqual([{ kind: "figuresChanged", providerId }]);
    await pushed(pushes, 2);
  });

  it("[SYNC27] applies another process's figures change: fresh values from storage, pushed here, never published again", async () => {
    const pushes = await watching();
    await publisher.snapshotFor(scorecardId, ["2025-Q2"]);
    expect(loads).toEqual([providerId]); // the second read came from the cache

    hub.receive({ kind: "figuresChanged", providerId });
    await pushed(pushes, 2);
    expect(loads).toEqual([providerId, providerId]);
    expect(hub.published).toEqual([]);
  });

  it("[SYNC27] drops every cached value after a bus outage, pushes to every KPI block and tells the others to do the same", async () => {
    const pushes = await watching();
    hub.reconnect();
    expect(hub.published).toEqual([{ kind: "figuresChanged", providerId: null }]);
    await pushed(pushes, 2);
    expect(loads).toEqual([providerId, providerId]);

    // What another process announces after its outage drops everything here too.
    hub.receive({ kind: "figuresChanged", providerId: null });
    await publisher.snapshotFor(scorecardId, ["2025-Q2"]);
    expect(loads).toHaveLength(3);
  });
});
