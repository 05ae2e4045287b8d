import { describe, expect, it } from "vitest";
import type { Page, Response } from "playwright-core";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

/**
 * Texts only the editor's libraries hold, whatever the bundler names their chunks: Yjs's
 * warning about a second copy of itself, and the class ProseMirror gives its editable element.
 */
const EDITOR_MARKERS = ["Yjs was already imported", "ProseMirror"];

/** What a page loaded and reported from now on. */
interface PageRecord {
  /** The scripts it received, with their text. */
  scripts: Promise<{ url: string; text: string }>[];
  /** Answers with an error status. */
  failed: string[];
  /** Console errors and warnings, and uncaught exceptions. */
  problems: string[];
}

function record(page: Page): PageRecord {
  const log: PageRecord = { scripts: [], failed: [], problems: [] };
  page.on("response", (response: Response) => {
    if (response.status() >= 400) log.failed.push(`${response.status()} ${response.url()}`);
    if (response.request().resourceType() === "script") log.scripts.push(response.text().then((text) => ({ url: response.url(), text })));
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") log.problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => log.problems.push(`page error: ${error.message}`));
  return log;
}

/** The editor markers found in a page's scripts, and the scripts holding each. */
async function markersIn(log: PageRecord): Promise<Record<string, string[]>> {
  const scripts = await Promise.all(log.scripts);
  return Object.fromEntries(EDITOR_MARKERS.map((marker) => [marker, scripts.filter((s) => s.text.includes(marker)).map((s) => new URL(s.url).pathname)]));
}

describe("cold load", () => {
  it("the login page loads none of the editor's code and reports no error", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const page = app.page;
    const log = record(page);
    await page.goto(env.server.url, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();

    expect(log.scripts.length).toBeGreaterThan(0);
    expect(await markersIn(log)).toEqual(Object.fromEntries(EDITOR_MARKERS.map((marker) => [marker, []])));
    // Asking who is logged in must not fail visibly on every start of a logged-out browser.
    expect(log.failed).toEqual([]);
    expect(log.problems).toEqual([]);

    // The criterion holds only if the editor's chunks do carry the markers: the editor page loads them.
    await page.getByLabel("E-Mail").fill("anbieter-a@demo.test");
    await page.getByLabel("Passwort").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: "Ihre Scorecards" }).waitFor();
    await app.openScorecard(/Beispiel e\.V\./);
    const found = await markersIn(log);
    for (const marker of EDITOR_MARKERS) expect(found[marker], marker).not.toEqual([]);
    await context.close();
  });

  it("serves the scripts compressed and immutable, the page revalidated", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const responses: Response[] = [];
    app.page.on("response", (response) => void responses.push(response));
    await app.page.goto(env.server.url, { waitUntil: "networkidle" });

    const document = responses.find((response) => response.request().resourceType() === "document")!;
    expect((await document.allHeaders())["cache-control"]).toBe("no-cache");
    const scripts = responses.filter((response) => response.request().resourceType() === "script");
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const headers = await script.allHeaders();
      expect(headers["cache-control"], script.url()).toBe("public, max-age=31536000, immutable");
      // The build compresses files from 1 KB up; below, the headers would outweigh the saving.
      if ((await script.body()).length > 1024) expect(headers["content-encoding"], script.url()).toBe("br");
    }
    expect(scripts.filter((script) => script.headers()["content-encoding"] === "br").length).toBeGreaterThan(0);
    await context.close();
  });

  it("the service worker precaches the whole app in one cache per build and deletes older ones", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const page = app.page;
    // A cache of the hand-written worker this one replaces, there before the new one installs.
    await page.addInitScript(() => void caches.open("steuerrad-shell-v1"));
    await page.goto(env.server.url);
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 30_000 }).toEqual([expect.stringMatching(/^steuerrad-shell-precache-[0-9a-z]+$/)]);
    const cached = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      const texts = await Promise.all((await cache.keys()).map(async (request) => (await cache.match(request))!.text()));
      return { paths: (await cache.keys()).map((request) => new URL(request.url).pathname), texts };
    });
    expect(cached.paths).toContain("/index.html");
    // Only the login page was shown, yet the editor is on the device for an offline start later.
    for (const marker of EDITOR_MARKERS)
      expect(
        cached.texts.some((text) => text.includes(marker)),
        marker,
      ).toBe(true);
    await context.close();
  });
});
