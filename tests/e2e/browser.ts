import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type { Config } from "../../server/config";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../fixtures/testServer";

import { launchBrowser } from "../fixtures/chromium";
export { CHROMIUM_PATH, launchBrowser } from "../fixtures/chromium";

/** Page object of the Steuerrad UI, so tests read as user steps. */
export class SteuerradPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens a new context and page, German UI. */
  static async open(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; app: SteuerradPage }> {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    watchPage(page);
    return { context, app: new SteuerradPage(page, baseUrl) };
  }

  /**
   * Opens a new browser context, logs the user in and opens a scorecard from the list.
   * @param env - the file's server and browser
   * @param email - a demo user
   * @param title - the scorecard's title in the list
   */
  static async openScorecardAs(env: E2eEnvironment, email: string, title: RegExp): Promise<{ context: BrowserContext; app: SteuerradPage }> {
    const opened = await SteuerradPage.open(env.browser, env.server.url);
    await opened.app.logIn(email, TEST_PASSWORD);
    await opened.app.openScorecard(title);
    return opened;
  }

  /** Logs in through the form. */
  async logIn(email: string, password: string): Promise<void> {
    await this.page.goto(this.baseUrl);
    await this.page.getByLabel("E-Mail").fill(email);
    await this.page.getByLabel("Passwort").fill(password);
    await this.page.getByRole("button", { name: "Anmelden" }).click();
    await this.page.getByRole("heading", { name: "Ihre Scorecards" }).waitFor();
  }

  /** Opens a scorecard from the list and waits for the editor. */
  async openScorecard(title: RegExp): Promise<void> {
    await this.page.locator(".scorecard-list").getByRole("link", { name: title }).click();
    await this.editor.waitFor();
  }

  /**
   * Puts the caret into the paragraph under a goal and waits until the editor has it there.
   * ProseMirror takes a click's cursor from the DOM asynchronously, and a busy page may even
   * put its old selection back on focus; typing before that would land at the old selection.
   * @param goal - part of the goal's heading
   */
  async clickBelowGoal(goal: string): Promise<void> {
    const paragraph = this.editor.locator(`h3:has-text(${JSON.stringify(goal)}) + p`);
    for (let attempt = 1; ; attempt++) {
      await paragraph.click();
      const placed = await paragraph.evaluate(
        (element) =>
          new Promise<boolean>((resolve) => {
            const editor = (element.closest(".ProseMirror") as unknown as { editor: TiptapLike }).editor;
            const check = (tries: number) => {
              const { node } = editor.view.domAtPos(editor.state.selection.from);
              if (element.contains(node) && editor.view.hasFocus()) resolve(true);
              else if (tries === 0) resolve(false);
              else setTimeout(() => check(tries - 1), 50);
            };
            check(40);
          }),
      );
      if (placed) return;
      if (attempt === 3) throw new Error(`The caret did not move below the goal "${goal}" after three clicks`);
    }
  }

  /** The scorecard's document (the measures' descriptions are small editors of their own). */
  get editor() {
    return this.page.locator(".ProseMirror.scorecard-prose");
  }

  /**
   * The document's text, without the labels of other people's carets and without opened
   * measure cards: which cards are open is each browser's own business, not the document's.
   */
  async documentText(): Promise<string> {
    return this.editor.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret, .measure-card").forEach((local) => local.remove());
      return Array.from(copy.children, (child) => child.textContent ?? "").join("\n");
    });
  }

  /** The connection status element. */
  get status() {
    return this.page.getByTestId("connection-status");
  }

  /**
   * Waits until the offline copy (IndexedDB) holds every change made so far: IndexedDB
   * runs read-write transactions on one store in order, so an empty one that completes
   * comes after every write y-indexeddb started before it.
   */
  async flushOfflineCopy(): Promise<void> {
    await this.page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((db) => db.name ?? "").filter((name) => name.startsWith("steuerrad:"));
      for (const name of names) {
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const transaction = request.result.transaction("updates", "readwrite");
            transaction.oncomplete = () => {
              request.result.close();
              resolve();
            };
            transaction.onerror = () => reject(transaction.error);
          };
        });
      }
    });
  }

  /**
   * Selects a word with a double click, as a user does, and waits until the editor around
   * it (the live document or a version's) took the selection.
   */
  async selectWord(root: Locator, word: string): Promise<void> {
    const box = await root.evaluate((element, target) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent!.indexOf(target);
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + target.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
      return null;
    }, word);
    if (!box) throw new Error(`"${word}" is not on the page`);
    await this.page.mouse.dblclick(box.x, box.y);
    // Tiptap hangs the editor on its element; its selection is what the next action uses.
    await root.evaluate(async (element, expected) => {
      type Editor = { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } };
      const editor = (element.closest(".ProseMirror") as unknown as { editor: Editor }).editor;
      for (let tries = 0; tries < 100; tries++) {
        const { from, to } = editor.state.selection;
        if (editor.state.doc.textBetween(from, to).trim() === expected) return;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      throw new Error(`the editor did not select "${expected}"`);
    }, word);
  }

  /** Puts the cursor at the end of the document's first paragraph and types. */
  async typeInIntro(text: string): Promise<void> {
    const paragraph = this.editor.locator(":scope > p").first();
    await paragraph.click();
    // "End" would stop at the end of the visual line of a wrapped paragraph.
    await paragraph.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      range.collapse(false);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await this.page.waitForFunction(
      (expected) => {
        const selection = window.getSelection();
        return selection !== null && selection.anchorNode !== null && expected.contains(selection.anchorNode);
      },
      await paragraph.elementHandle(),
    );
    await this.page.keyboard.type(text);
  }

  /** Waits until the server confirmed storing every change. */
  async waitUntilSaved(): Promise<void> {
    await this.page.locator('[data-testid="connection-status"][data-state="connected"][data-save="saved"]').waitFor();
  }
}

/**
 * The funder (Sabine Sozialamt) and a provider (Anton Anbieter-A), both in the same
 * scorecard, each type a sentence: each sees the other's sentence, caret and presence, both
 * get "Gespeichert", and their documents are equal.
 */
export async function expectCoEditing(funder: SteuerradPage, provider: SteuerradPage, sentences: { funder: string; provider: string }): Promise<void> {
  await funder.typeInIntro(` ${sentences.funder}`);
  await provider.editor.getByText(sentences.funder, { exact: false }).waitFor();
  await provider.typeInIntro(` ${sentences.provider}`);
  await funder.editor.getByText(sentences.provider, { exact: false }).waitFor();

  await provider.page.locator('.collaboration-carets__caret[data-user="Sabine Sozialamt"]').waitFor();
  await funder.page.locator('.collaboration-carets__caret[data-user="Anton Anbieter-A"]').waitFor();
  expect(await funder.page.getByTestId("presence-list").innerText()).toContain("Anton Anbieter-A");
  expect(await provider.page.getByTestId("presence-list").innerText()).toContain("Sabine Sozialamt");

  await funder.waitUntilSaved();
  await provider.waitUntilSaved();
  expect(await funder.status.innerText()).toContain("Gespeichert");
  const funderText = await funder.documentText();
  expect(funderText).toContain(sentences.funder);
  expect(funderText).toContain(sentences.provider);
  expect(await provider.documentText()).toBe(funderText);
}

/**
 * A measure block of the live document by its title (as its compact line shows it).
 * @param page - the page
 * @param title - the title, or part of it
 */
export function measureByTitle(page: Page, title: string | RegExp): Locator {
  return page.locator(".scorecard-prose .measure-block", { has: page.locator(".measure-line-title", { hasText: title }) });
}

/**
 * Opens a measure's card (its fields) unless this browser has it open already, as a user
 * does by clicking its title; a measure this browser just inserted is open already.
 * @param block - the measure block (e.g. from {@link measureByTitle})
 * @returns the block, for chaining
 */
export async function openMeasure(block: Locator): Promise<Locator> {
  await block.locator(".measure-toggle").waitFor();
  if ((await block.getAttribute("data-open")) !== "true") await block.locator(".measure-toggle").click();
  await block.locator(".measure-card").waitFor();
  return block;
}

/**
 * A measure's title as its compact line shows it (for everyone, also read-only).
 * @param block - the measure block
 */
export async function measureTitle(block: Locator): Promise<string> {
  return ((await block.locator(".measure-line-title").textContent()) ?? "").trim();
}

/** A test server and a browser for one test file. */
export interface E2eEnvironment {
  /** The running server (set before the tests run). */
  server: TestServer;
  /** The browser (set before the tests run). */
  browser: Browser;
}

/**
 * Starts a server with demo data and Chromium before the file's tests and stops both after.
 * @param overrides - server configuration for this file
 * @returns the environment, filled in before the first test
 */
export function useE2eEnvironment(overrides: Partial<Config> = {}): E2eEnvironment {
  const env = {} as E2eEnvironment;
  beforeEach(() => {
    watched.length = 0;
  });
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.error(await describeWatchedPages());
  });
  beforeAll(async () => {
    env.server = await startTestServer({ roomUnloadDelayMs: 1000, ...overrides });
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** The part of Tiptap's editor (reachable from its element) that the page object reads. */
interface TiptapLike {
  state: { selection: { from: number } };
  view: { domAtPos(pos: number): { node: Node }; hasFocus(): boolean };
}

/** What a page printed and threw, kept so a failed test can show it (CI keeps nothing else). */
interface WatchedPage {
  page: Page;
  log: string[];
}

/** The pages opened during the current test. */
const watched: WatchedPage[] = [];

function watchPage(page: Page): void {
  const entry: WatchedPage = { page, log: [] };
  const started = Date.now();
  const note = (line: string) => entry.log.push(`+${Date.now() - started}ms ${line}`);
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") note(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => note(`page error: ${error.stack ?? error.message}`));
  page.on("websocket", (socket) => {
    note(`websocket open ${new URL(socket.url()).pathname}`);
    socket.on("close", () => note(`websocket closed ${new URL(socket.url()).pathname}`));
  });
  watched.push(entry);
}

/** A failed test's browser side: each page's address, errors, and the measure blocks and selection it shows. */
async function describeWatchedPages(): Promise<string> {
  const parts: string[] = [];
  for (const [index, { page, log }] of watched.entries()) {
    if (page.isClosed()) continue;
    const state = await page
      .evaluate(() => {
        const blocks = Array.from(document.querySelectorAll(".measure-block")).map((block) => block.outerHTML.slice(0, 300));
        const focused = document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : "none";
        const selection = window.getSelection()?.toString() ?? "";
        return { blocks, focused, selection };
      })
      .catch((error: unknown) => ({ blocks: [], focused: `unavailable: ${String(error)}`, selection: "" }));
    parts.push(
      [
        `--- page ${index + 1}: ${page.url()}`,
        ...log,
        `focused: ${state.focused}`,
        `selected text: ${JSON.stringify(state.selection)}`,
        `measure blocks (${state.blocks.length}):`,
        ...state.blocks.map((block) => `  ${block}`),
      ].join("\n"),
    );
  }
  return `Browser side of the failed test:\n${parts.join("\n")}`;
}

/** The scorecard id in a page's address (/scorecards/<id>/…). */
export function scorecardIdOf(page: Page): string {
  return new URL(page.url()).pathname.split("/")[2];
}

/** Inputs, selects and text areas under a root that a user could still change. */
export function changeableFields(root: Locator): Promise<string[]> {
  return root.evaluate((element) =>
    Array.from(element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"))
      .filter((field) => !field.disabled && !("readOnly" in field && field.readOnly))
      .map((field) => field.outerHTML.slice(0, 120)),
  );
}
