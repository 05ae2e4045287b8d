import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { scorecardIdOf, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

/** The names of Steuerrad's IndexedDB databases (offline copies `steuerrad:<userId>:<scorecardId>`) in a page's browser context. */
function offlineCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases())
      .map((db) => db.name ?? "")
      .filter((name) => name.startsWith("steuerrad:"))
      .sort(),
  );
}

/** Steuerrad's localStorage and sessionStorage keys in a page. */
function storedKeys(page: Page): Promise<{ local: string[]; session: string[] }> {
  return page.evaluate(() => {
    const keys = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, index) => storage.key(index) ?? "")
        .filter((key) => key.startsWith("steuerrad"))
        .sort();
    return { local: keys(localStorage), session: keys(sessionStorage) };
  });
}

/** The logged-in user's id as the app cached it. */
function cachedUserId(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(localStorage.getItem("steuerrad.me") ?? "{}") as { id: string }).id);
}

/** Whether the browser context's session cookie still opens a session on the server. */
async function serverStatusOfMe(context: BrowserContext): Promise<number> {
  return (await context.request.get(`${env.server.url}/api/me`)).status();
}

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder, for looking at the texts. */
async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** Creates an editor in the funder's organisation (sees every scorecard) and returns its id. */
async function createFunderEditor(admin: string, email: string): Promise<string> {
  const organisations = (await (await fetch(`${env.server.url}/api/admin/users/organisations`, { headers: { cookie: admin } })).json()) as {
    id: string;
    kind: string;
  }[];
  const response = await fetch(`${env.server.url}/api/admin/users`, {
    method: "POST",
    headers: { cookie: admin, "content-type": "application/json" },
    body: JSON.stringify({ email, name: "Tina Temporär", password: TEST_PASSWORD, organisationId: organisations.find((o) => o.kind === "funder")!.id, role: "editor" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Logs a user in through the form and opens the conference scorecard until it is stored on the device. */
async function openConferenceAs(email: string): Promise<{ context: BrowserContext; app: SteuerradPage; name: string }> {
  const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
  await app.logIn(email, TEST_PASSWORD);
  await app.openScorecard(/Sozialraumkonferenz/);
  await app.waitUntilSaved();
  await app.flushOfflineCopy();
  const name = `steuerrad:${await cachedUserId(app.page)}:${scorecardIdOf(app.page)}`;
  expect(await offlineCopies(app.page)).toContain(name);
  return { context, app, name };
}

describe("logout and disablement clear the device", () => {
  it("[SYNC24] logout deletes every offline copy and cached entry of the user, and nothing of another user", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await app.waitUntilSaved();
    const first = scorecardIdOf(page);
    await page.getByRole("link", { name: /Zurück zur Liste/ }).click();
    await app.openScorecard(/Sozialraumkonferenz/);
    await app.waitUntilSaved();
    const second = scorecardIdOf(page);
    await app.flushOfflineCopy();
    const userId = await cachedUserId(page);
    // Another person's copy on the same PC (e.g. one who left while offline) is theirs, not this user's.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open("steuerrad:someone-else:their-scorecard");
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
    );
    await page.evaluate(() => sessionStorage.setItem("steuerrad.talk.t1.agendaItem", "2"));
    const mine = [`steuerrad:${userId}:${first}`, `steuerrad:${userId}:${second}`].sort();
    expect(await offlineCopies(page)).toEqual(["steuerrad:someone-else:their-scorecard", ...mine].sort());
    expect((await storedKeys(page)).local).toEqual(expect.arrayContaining(["steuerrad.me", "steuerrad.scorecards"]));

    await page.getByRole("button", { name: "Abmelden" }).click();
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    expect(await offlineCopies(page)).toEqual(["steuerrad:someone-else:their-scorecard"]);
    await page.getByText("Sie sind abgemeldet.", { exact: false }).waitFor();
    await screenshot(page, "logged-out");
    const keys = await storedKeys(page);
    // The language is a setting of the device (the login page uses it), not the user's data.
    expect(keys.local.filter((key) => key !== "steuerrad.language")).toEqual([]);
    expect(keys.session).toEqual([]);
    expect(await serverStatusOfMe(context)).toBe(401);
    await context.close();
  });

  it("[SYNC24] warns before a logout loses offline changes; offline keeps them, a confirmed logout deletes them and reaches the server later", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-b@demo.test", /Weser-Wohnverbund/);
    const page = app.page;
    await app.waitUntilSaved();
    // The app shell must be cached for the reload after the logout.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const name = `steuerrad:${await cachedUserId(page)}:${scorecardIdOf(page)}`;

    await context.setOffline(true);
    await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    await app.typeInIntro(" Notiz, die noch nicht auf dem Server ist.");
    await page.locator('[data-testid="connection-status"][data-save="unsaved"]').waitFor();
    await app.flushOfflineCopy();

    await page.getByRole("button", { name: "Abmelden" }).click();
    const warning = page.getByRole("dialog", { name: "Nicht gespeicherte Änderungen" });
    await warning.waitFor();
    expect(await warning.innerText()).toContain("BSC Weser-Wohnverbund");
    await screenshot(page, "logout-warning");

    // Staying logged in keeps everything: being offline never deletes anything.
    await warning.getByRole("button", { name: "Angemeldet bleiben" }).click();
    await warning.waitFor({ state: "detached" });
    expect(await app.documentText()).toContain("Notiz, die noch nicht auf dem Server ist.");
    expect(await offlineCopies(page)).toContain(name);

    await page.getByRole("button", { name: "Abmelden" }).click();
    await warning.getByRole("button", { name: "Trotzdem abmelden und löschen" }).click();
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    expect(await offlineCopies(page)).toEqual([]);

    // The server could not be told while offline; the next start (online) tells it before anything else.
    await context.setOffline(false);
    await page.reload();
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await expect.poll(() => storedKeys(page).then((keys) => keys.local.filter((key) => key !== "steuerrad.language"))).toEqual([]);
    expect(await serverStatusOfMe(context)).toBe(401);
    await context.close();
  });

  it("[SYNC24] an admin removing the user deletes the open scorecard's offline copy without a reload", async () => {
    const admin = await login(env.server.url, "admin@demo.test");
    const userId = await createFunderEditor(admin, "entfernt@demo.test");
    const { context, app, name } = await openConferenceAs("entfernt@demo.test");
    const page = app.page;
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const removed = await fetch(`${env.server.url}/api/admin/users/${userId}`, { method: "DELETE", headers: { cookie: admin } });
    expect(removed.status).toBe(200);

    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await page.getByText("Ihre Sitzung wurde beendet", { exact: false }).waitFor();
    await screenshot(page, "session-ended");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await offlineCopies(page)).not.toContain(name);
    expect((await storedKeys(page)).local.filter((key) => key !== "steuerrad.language")).toEqual([]);
    await context.close();
  });

  it("[SYNC24] keeps the offline copy while offline and deletes it once the server says the session is gone", async () => {
    const admin = await login(env.server.url, "admin@demo.test");
    await createFunderEditor(admin, "unterwegs@demo.test");
    const { context, app, name } = await openConferenceAs("unterwegs@demo.test");
    const page = app.page;

    await context.setOffline(true);
    await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    // Meanwhile, on another device, the user changes the password: every other session ends.
    const elsewhere = await login(env.server.url, "unterwegs@demo.test");
    const changed = await fetch(`${env.server.url}/api/auth/password`, {
      method: "POST",
      headers: { cookie: elsewhere, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: "ein-neues-passwort-1" }),
    });
    expect(changed.status).toBe(200);
    expect(await offlineCopies(page)).toContain(name);
    expect(await app.editor.isVisible()).toBe(true);

    // Back online, the server refuses the session: the copy goes.
    await context.setOffline(false);
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    expect(await offlineCopies(page)).not.toContain(name);
    await context.close();
  });
});
