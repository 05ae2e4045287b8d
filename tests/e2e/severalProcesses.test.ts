import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { expectCoEditing, launchBrowser, SteuerradPage } from "./browser";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../fixtures/testServer";
import { createPostgresSchema, type PostgresSchema } from "../fixtures/databases";
import { TEST_REDIS_URL } from "../fixtures/serverInstances";

// Two server processes behind a (here: imagined) load balancer, on one PostgreSQL database
// and joined by Redis: the funder's browser reaches one, the provider's the other.
let schema: PostgresSchema;
let servers: TestServer[];
let browser: Browser;

beforeAll(async () => {
  schema = await createPostgresSchema();
  const shared = { databaseUrl: schema.url, redisUrl: TEST_REDIS_URL, redisPrefix: `e2e-${randomBytes(4).toString("hex")}`, roomUnloadDelayMs: 1000 };
  servers = [await startTestServer(shared), await startTestServer(shared)];
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers ?? []) await server.stop();
  await schema?.drop();
});

async function openScorecardAt(server: TestServer, email: string) {
  const opened = await SteuerradPage.open(browser, server.url);
  await opened.app.logIn(email, TEST_PASSWORD);
  await opened.app.openScorecard(/Sozialraumkonferenz/);
  return opened;
}

describe("two people on two server processes (PostgreSQL and Redis)", () => {
  it("see each other's text, caret and presence, and both copies are saved alike", async () => {
    expect(servers[0].url).not.toBe(servers[1].url);
    const funder = await openScorecardAt(servers[0], "sozialamt@demo.test");
    const provider = await openScorecardAt(servers[1], "anbieter-a@demo.test");

    await expectCoEditing(funder.app, provider.app, { funder: "Über Prozess eins.", provider: "Über Prozess zwei." });
    await funder.context.close();
    await provider.context.close();
  });
});
