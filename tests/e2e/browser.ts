import { afterAll, beforeAll } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { Config } from "../../server/config";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../fixtures/testServer";

/** Debian's Chromium; Playwright cannot download its own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Page object of the Steuerrad UI, so tests read as user steps. */
export class SteuerradPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens a new context and page, German UI. */
  static async open(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; app: SteuerradPage }> {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1440, height: 900 } });
    return { context, app: new SteuerradPage(await context.newPage(), baseUrl) };
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

  /** The editable document. */
  get editor() {
    return this.page.locator(".ProseMirror");
  }

  /** The document's text, without the labels of other people's carets. */
  async documentText(): Promise<string> {
    return this.editor.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
      return Array.from(copy.children, (child) => child.textContent ?? "").join("\n");
    });
  }

  /** The connection status element. */
  get status() {
    return this.page.getByTestId("connection-status");
  }

  /** Puts the cursor at the end of the document's first paragraph and types. */
  async typeInIntro(text: string): Promise<void> {
    const paragraph = this.editor.locator("p").first();
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
    await this.page.waitForFunction((expected) => {
      const selection = window.getSelection();
      return selection !== null && selection.anchorNode !== null && expected.contains(selection.anchorNode);
    }, await paragraph.elementHandle());
    await this.page.keyboard.type(text);
  }

  /** Waits until the server confirmed storing every change. */
  async waitUntilSaved(): Promise<void> {
    await this.page.locator('[data-testid="connection-status"][data-state="connected"][data-save="saved"]').waitFor();
  }
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
