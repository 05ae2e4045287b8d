import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import * as Y from "yjs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { launchBrowser, scorecardIdOf, SteuerradPage } from "./browser";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { DEPLOY_DIR, plainRequest, startNginxDeployment, type NginxDeployment } from "../fixtures/nginx";
import type { ServerProcess } from "../fixtures/serverProcess";
import { createDocUpdateStore } from "../../server/persistence/docUpdates";
import { closeDatabase } from "../../server/persistence/db";
import { DOCUMENT_FIELD } from "../../shared/document/schema";

// The deployment recipe of deploy/ on loopback: `npm run migrate`, three bundled server
// processes on PostgreSQL and Redis with the example environment file, and Debian's nginx
// with the site file rendered for a self-signed certificate. Two people edit through it
// over https and wss, figures arrive at a process neither of them is connected to, and
// the processes they are connected to are killed. The tests run in order and share the
// two editors.

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const run = promisify(execFile);

let deployment: NginxDeployment;
let browser: Browser;
const editors: Editor[] = [];

/** One person's browser on the scorecard, and the collaboration sockets it opened. */
interface Editor {
  context: BrowserContext;
  app: SteuerradPage;
  /** Addresses of every collaboration WebSocket the page opened, in order. */
  sockets: string[];
  /** Index of the process its current socket reached. */
  process: number;
}

beforeAll(async () => {
  deployment = await startNginxDeployment();
  browser = await launchBrowser();
}, 180_000);

afterEach((context) => {
  if (context.task.result?.state !== "fail" || !deployment) return;
  console.error(`nginx:\n${deployment.proxy.logs().slice(-4000)}\nserver processes:\n${deployment.serverLog.join("").slice(-4000)}`);
});

afterAll(async () => {
  for (const editor of editors) await editor.context.close().catch(() => undefined);
  await browser?.close();
  await deployment?.stop();
});

function alive(instance: ServerProcess): boolean {
  return instance.child.exitCode === null && instance.child.signalCode === null;
}

/** Open collaboration connections of each process (0 for a dead one), asked of the process itself. */
async function connectionsPerProcess(): Promise<number[]> {
  return Promise.all(
    deployment.processes.map(async (instance) => {
      if (!alive(instance)) return 0;
      const health = (await (await fetch(`${instance.url}/api/health`)).json()) as { collaboration: { connections: number } };
      return health.collaboration.connections;
    }),
  );
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Logs a person in through nginx, opens the Beispiel e.V. scorecard, and finds the process its socket reached. */
async function openEditor(email: string): Promise<Editor> {
  const before = await connectionsPerProcess();
  const context = await browser.newContext({
    locale: "de-DE",
    viewport: { width: 1440, height: 900 },
    ignoreHTTPSErrors: true,
  });
  const page = await context.newPage();
  const editor: Editor = {
    context,
    app: new SteuerradPage(page, deployment.proxy.url),
    sockets: [],
    process: -1,
  };
  editors.push(editor);
  page.on("websocket", (socket) => {
    if (new URL(socket.url()).pathname.startsWith("/collab/")) editor.sockets.push(socket.url());
  });
  await editor.app.logIn(email, TEST_PASSWORD);
  await editor.app.openScorecard(/Beispiel e\.V\./);
  await connected(page);
  await expect.poll(async () => sum(await connectionsPerProcess()), { timeout: 10_000 }).toBe(sum(before) + 1);
  const after = await connectionsPerProcess();
  editor.process = after.findIndex((count, index) => count > before[index]);
  expect(editor.process, "the process that took the new connection").toBeGreaterThanOrEqual(0);
  return editor;
}

function connected(page: Page): Promise<void> {
  return page.locator('[data-testid="connection-status"][data-state="connected"][data-save="saved"]').waitFor({ timeout: 30_000 });
}

/**
 * The document's text as both sides share it: without other people's carets, open measure
 * cards and KPI blocks, whose values and "computed at" each browser gets from its process.
 */
function sharedText(editor: Editor): Promise<string> {
  return editor.app.editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret, .measure-card, .kpi-block").forEach((local) => local.remove());
    return Array.from(copy.children, (child) => child.textContent ?? "").join("\n");
  });
}

function kpiBlock(editor: Editor): Locator {
  return editor.app.page.locator(".kpi-block").first();
}

describe("the nginx deployment recipe (deploy/) on loopback", () => {
  it("migrates once, proxies over TLS with the forwarded headers, and keeps metrics off the proxy", async () => {
    expect(deployment.migrateOutput).toMatch(/Schemaversion \/ schema version: \d+/);
    expect(deployment.migrateOutput).toContain("Ergebnis / result:              OK");

    const ready = await deployment.proxy.request("/api/health/ready");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true });
    const health = JSON.parse((await deployment.proxy.request("/api/health")).body) as { engine: string; collaboration: { redis?: string } };
    expect(health.engine).toBe("postgresql");
    expect(health.collaboration.redis).toBe("ok");

    const redirect = await plainRequest(`${deployment.proxy.httpUrl}/scorecards?x=1`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe("https://localhost/scorecards?x=1");

    // X-Forwarded-Proto: the session cookie is Secure although nginx talks plain HTTP to the process.
    const loginThroughProxy = await deployment.proxy.request("/api/auth/login", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: deployment.proxy.url,
      },
      body: JSON.stringify({
        email: "sozialamt@demo.test",
        password: TEST_PASSWORD,
      }),
    });
    expect(loginThroughProxy.status).toBe(200);
    expect(String(loginThroughProxy.headers["set-cookie"])).toMatch(/;\s*Secure/i);

    expect(
      (
        await deployment.proxy.request("/metrics", {
          headers: { authorization: `Bearer ${deployment.env.METRICS_TOKEN}` },
        })
      ).status,
    ).toBe(404);
    const metrics = await fetch(`${deployment.processes[0].url}/metrics`, {
      headers: { authorization: `Bearer ${deployment.env.METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    await metrics.body?.cancel();
  });

  it("lets the funder and a provider co-edit one scorecard through nginx over wss", async () => {
    const funder = await openEditor("sozialamt@demo.test");
    const provider = await openEditor("anbieter-a@demo.test");
    for (const editor of [funder, provider]) expect(editor.sockets[0]).toMatch(new RegExp(`^wss://localhost:${new URL(deployment.proxy.url).port}/collab/`));

    await funder.app.typeInIntro(" Vor dem Ausfall schreibt das Sozialamt.");
    await provider.app.editor.getByText("Vor dem Ausfall schreibt das Sozialamt.", { exact: false }).waitFor();
    await provider.app.typeInIntro(" Vor dem Ausfall schreibt der Anbieter.");
    await funder.app.editor.getByText("Vor dem Ausfall schreibt der Anbieter.", { exact: false }).waitFor();
    await provider.app.page.locator('.collaboration-carets__caret[data-user="Sabine Sozialamt"]').waitFor();
    await funder.app.page.locator('.collaboration-carets__caret[data-user="Anton Anbieter-A"]').waitFor();
    await funder.app.waitUntilSaved();
    await provider.app.waitUntilSaved();
    expect(await sharedText(provider)).toBe(await sharedText(funder));
  });

  it("shows figures uploaded at a third process in the KPI blocks of editors on the other processes", async () => {
    const [funder, provider] = editors;
    // The third process: neither editor is connected to it.
    const uploadAt = deployment.processes.find((_process, index) => index !== funder.process && index !== provider.process)!;
    expect((await connectionsPerProcess())[deployment.processes.indexOf(uploadAt)]).toBe(0);

    await provider.app.clickBelowGoal("Ressourcen im Blick");
    await provider.app.page.keyboard.press("Control+Alt+k");
    const block = kpiBlock(provider);
    await block.getByLabel("Kennzahl wählen").selectOption("staffDeviationPct");
    await block.getByLabel("Art", { exact: true }).selectOption("quarter");
    await block.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await block.getByLabel("Quartal", { exact: true }).selectOption("2");
    await block.getByText("2. Quartal 2025", { exact: true }).waitFor();
    await kpiBlock(funder).getByText("2. Quartal 2025", { exact: true }).waitFor();
    for (const editor of [funder, provider]) {
      await kpiBlock(editor).getByText("Noch keine Zahlen gemeldet.").or(kpiBlock(editor).getByText("kein Wert")).first().waitFor();
    }

    const funderCookie = await login(uploadAt.url, "sozialamt@demo.test");
    const providers = (await (
      await fetch(`${uploadAt.url}/api/providers`, {
        headers: { cookie: funderCookie },
      })
    ).json()) as { id: string; name: string }[];
    const providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
    const agreement = JSON.parse(readFileSync(`${example}/agreement-2025.json`, "utf8")) as unknown;
    const saved = await fetch(`${uploadAt.url}/api/providers/${providerId}/agreements/2025`, {
      method: "PUT",
      headers: { cookie: funderCookie, "content-type": "application/json" },
      body: JSON.stringify({
        reason: "Vereinbarung für den Deployment-Test",
        agreement,
      }),
    });
    expect(saved.status).toBe(200);
    const providerCookie = await login(uploadAt.url, "anbieter-a@demo.test");
    for (const [name, subject] of [
      ["figures-2025.csv", "figures"],
      ["staff-2025.csv", "staff"],
    ] as const) {
      const form = new FormData();
      form.set("subject", subject);
      form.set("file", new File([readFileSync(`${example}/${name}`)], name));
      const response = await fetch(`${uploadAt.url}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie: providerCookie }, body: form });
      expect(response.status).toBe(200);
    }

    for (const editor of [funder, provider]) {
      await kpiBlock(editor).locator('[data-testid="kpi-value"]', { hasText: "5,9" }).waitFor({ timeout: 15_000 });
    }
  });

  it("reconnects both editors through nginx to the living process when theirs are killed, losing no text", async () => {
    const [funder, provider] = editors;
    const doomed = [...new Set([funder.process, provider.process])];
    const reconnected = [funder, provider].map((editor) =>
      editor.app.page.waitForEvent("websocket", {
        predicate: (socket) => new URL(socket.url()).pathname.startsWith("/collab/"),
        timeout: 30_000,
      }),
    );
    // SIGKILL: no drain, no 1001; nginx sees the connections drop and the ports refuse.
    await Promise.all(doomed.map((index) => deployment.kill(index)));
    await Promise.all(reconnected);
    await connected(funder.app.page);
    await connected(provider.app.page);
    await expect.poll(async () => sum(await connectionsPerProcess()), { timeout: 15_000 }).toBe(2);
    expect(funder.sockets.length).toBeGreaterThan(1);
    expect(provider.sockets.length).toBeGreaterThan(1);

    // Passive health: nginx steps over the dead processes for every idempotent request.
    for (let i = 0; i < 6; i++) expect((await deployment.proxy.request("/api/health/ready")).status).toBe(200);

    await funder.app.typeInIntro(" Nach dem Ausfall schreibt das Sozialamt.");
    await provider.app.editor.getByText("Nach dem Ausfall schreibt das Sozialamt.", { exact: false }).waitFor();
    await provider.app.typeInIntro(" Nach dem Ausfall schreibt der Anbieter.");
    await funder.app.editor.getByText("Nach dem Ausfall schreibt der Anbieter.", { exact: false }).waitFor();
    await funder.app.waitUntilSaved();
    await provider.app.waitUntilSaved();

    const sentences = ["Vor dem Ausfall schreibt das Sozialamt.", "Vor dem Ausfall schreibt der Anbieter.", "Nach dem Ausfall schreibt das Sozialamt.", "Nach dem Ausfall schreibt der Anbieter."];
    const funderText = await sharedText(funder);
    expect(await sharedText(provider)).toBe(funderText);
    for (const sentence of sentences) expect(funderText).toContain(sentence);

    const db = await deployment.openDatabase();
    try {
      const stored = await createDocUpdateStore(db).load(scorecardIdOf(funder.app.page));
      const doc = new Y.Doc();
      if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      const storedText = doc.getXmlFragment(DOCUMENT_FIELD).toString();
      for (const sentence of sentences) expect(storedText).toContain(sentence);
    } finally {
      await closeDatabase(db);
    }
  });

  it("backs the live database up with deploy/backup/steuerrad-backup.sh in pg_dump's custom format", async () => {
    const backupDir = mkdtempSync(join(tmpdir(), "steuerrad-backup-"));
    try {
      const { stdout } = await run("bash", [join(DEPLOY_DIR, "backup/steuerrad-backup.sh")], {
        env: {
          ...process.env,
          DATABASE_URL: deployment.env.DATABASE_URL,
          BACKUP_DIR: backupDir,
          KEEP_DAYS: "14",
        },
      });
      const dumps = readdirSync(backupDir);
      expect(dumps).toHaveLength(1);
      expect(dumps[0]).toMatch(/^steuerrad-\d{8}T\d{6}Z\.dump$/);
      expect(stdout).toContain(dumps[0]);
      const { stdout: contents } = await run("pg_restore", ["--list", join(backupDir, dumps[0])]);
      expect(contents).toMatch(/TABLE DATA \S+ doc_updates/);
    } finally {
      rmSync(backupDir, { recursive: true, force: true });
    }
  });
});
