import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../tests/fixtures/chromium";
import { login, scorecardsOf, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { startServerProcess } from "../tests/fixtures/serverProcess";

/** A provider's Wi-Fi as issue 18 names it, in Chromium's network emulation. */
export const SLOW_LINE = { latencyMs: 150, downloadBitsPerSecond: 1_600_000, uploadBitsPerSecond: 750_000 };

/** What one page load moved over the (emulated) network. */
export interface PageTransfer {
  /** Bytes of JavaScript on the wire (headers and compressed bodies), from the network, not from a cache. */
  jsBytes: number;
  /** Scripts that came over the network. */
  jsFiles: number;
  /** Scripts answered by the service worker or the browser's cache. */
  jsFromCache: number;
  /** Bytes of every kind (document, scripts, styles, API) on the wire, WebSocket frames not counted. */
  totalBytes: number;
}

/** The transfer sizes and load times of the login and editor pages over {@link SLOW_LINE}. */
export interface TransferResult {
  /** The login page on an empty cache. */
  login: PageTransfer;
  /** The editor on an empty cache (logged in), one entry per run. */
  coldEditor: (PageTransfer & { interactiveMs: number })[];
  /** The editor again in the same browser, once the service worker holds the app shell. */
  warmEditor: (PageTransfer & { interactiveMs: number })[];
  /** The whole app shell as the service worker precaches it, compressed (what a first visit fetches in the background at most). */
  shellBytes: number | null;
}

// Notes when the editor became usable: its document editable and the connection showing
// "connected" (synced with the server). Runs in the page from its first script on.
const WATCH_INTERACTIVE = () => {
  const check = () => {
    const editable = document.querySelector('.ProseMirror.scorecard-prose[contenteditable="true"]');
    const synced = document.querySelector('[data-testid="connection-status"][data-state="connected"]');
    if (!editable || !synced) return;
    (window as unknown as { interactiveAt: number }).interactiveAt = performance.now();
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["contenteditable", "data-state"] });
};

/** Counts what a page receives over the network, through Chromium's DevTools protocol. */
async function watchTransfer(page: Page): Promise<{ session: CDPSession; result(): PageTransfer }> {
  const session = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  await session.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: SLOW_LINE.latencyMs,
    downloadThroughput: SLOW_LINE.downloadBitsPerSecond / 8,
    uploadThroughput: SLOW_LINE.uploadBitsPerSecond / 8,
  });
  const kinds = new Map<string, { script: boolean; cached: boolean }>();
  const totals: PageTransfer = { jsBytes: 0, jsFiles: 0, jsFromCache: 0, totalBytes: 0 };
  session.on("Network.responseReceived", (event) => {
    const cached = Boolean(event.response.fromServiceWorker || event.response.fromDiskCache || event.response.fromPrefetchCache);
    kinds.set(event.requestId, { script: event.type === "Script", cached });
  });
  session.on("Network.requestServedFromCache", (event) => {
    const kind = kinds.get(event.requestId);
    if (kind) kind.cached = true;
  });
  session.on("Network.loadingFinished", (event) => {
    const kind = kinds.get(event.requestId);
    if (!kind) return;
    if (kind.script && kind.cached) totals.jsFromCache++;
    if (kind.cached) return;
    totals.totalBytes += event.encodedDataLength;
    if (kind.script) {
      totals.jsBytes += event.encodedDataLength;
      totals.jsFiles++;
    }
  });
  return { session, result: () => ({ ...totals }) };
}

/** Opens a page in a context with the bench's settings. */
async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // tsx compiles the functions handed to the page with calls to its `__name` helper.
  await page.addInitScript("globalThis.__name = (target) => target;");
  await page.addInitScript(WATCH_INTERACTIVE);
  return page;
}

/** Loads the editor over the slow line and returns its transfer and time to interactive. */
async function loadEditor(context: BrowserContext, url: string): Promise<PageTransfer & { interactiveMs: number }> {
  const page = await newPage(context);
  const transfer = await watchTransfer(page);
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { interactiveAt?: number }).interactiveAt === "number", undefined, { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const interactiveMs = await page.evaluate(() => (window as unknown as { interactiveAt: number }).interactiveAt);
  const result = { ...transfer.result(), interactiveMs };
  await page.close();
  return result;
}

/**
 * Measures, against a running server with the demo data, the JavaScript the login page and
 * the editor move over a 1.6 Mbit/s, 150 ms line, and the editor's time to interactive on an
 * empty cache and with the service worker's cache.
 * @param browser - Chromium
 * @param baseUrl - the server
 * @param runs - cold and warm editor loads each
 * @param clientDir - the built client, to add up the app shell; null skips that
 */
export async function measureTransfer(browser: Browser, baseUrl: string, runs: number, clientDir: string | null): Promise<TransferResult> {
  // Cold loads run without the service worker: its fetches bypass the page's network
  // emulation and would hide bytes (it registers only once the page is shown, see
  // client/serviceWorker.ts).
  const loginContext = await browser.newContext({ locale: "de-DE", serviceWorkers: "block" });
  const loginPage = await newPage(loginContext);
  const loginTransfer = await watchTransfer(loginPage);
  await loginPage.goto(baseUrl);
  await loginPage.getByRole("heading", { name: "Anmelden" }).waitFor({ timeout: 60_000 });
  await loginPage.waitForLoadState("networkidle");
  const loginResult = loginTransfer.result();
  await loginContext.close();

  const cookie = await login(baseUrl, "anbieter-a@demo.test", process.env.DEMO_PASSWORD ?? TEST_PASSWORD);
  const scorecard = (await scorecardsOf(baseUrl, cookie)).find((entry) => entry.provider !== null && entry.access === "edit");
  if (!scorecard) throw new Error("the demo data has no provider scorecard provider A may edit");
  const [name, value] = cookie.split("=");
  const editorUrl = `${baseUrl}/scorecards/${scorecard.id}`;

  const coldEditor: TransferResult["coldEditor"] = [];
  const warmEditor: TransferResult["warmEditor"] = [];
  for (let run = 0; run < runs; run++) {
    // A fresh context has an empty HTTP cache: a first visit.
    const context = await browser.newContext({ locale: "de-DE", serviceWorkers: "block" });
    await context.addCookies([{ name, value, url: baseUrl }]);
    coldEditor.push(await loadEditor(context, editorUrl));
    await context.close();
  }

  // The next visits: the service worker installed by a first visit (at full speed) answers.
  const context = await browser.newContext({ locale: "de-DE" });
  await context.addCookies([{ name, value, url: baseUrl }]);
  const first = await context.newPage();
  await first.goto(editorUrl);
  await first.evaluate(async () => void (await navigator.serviceWorker.ready));
  await first.close();
  for (let run = 0; run < runs; run++) warmEditor.push(await loadEditor(context, editorUrl));
  await context.close();
  return { login: loginResult, coldEditor, warmEditor, shellBytes: clientDir ? shellSize(clientDir) : null };
}

/** The compressed size of every file the service worker precaches (its brotli copy where the build made one). */
function shellSize(clientDir: string): number | null {
  let worker: string;
  try {
    worker = readFileSync(join(clientDir, "sw.js"), "utf8");
  } catch {
    return null;
  }
  const urls = Array.from(worker.matchAll(/"url":"([^"]+)"/g), (match) => match[1]);
  let bytes = 0;
  for (const url of urls) {
    const file = join(clientDir, url);
    try {
      bytes += statSync(`${file}.br`).size;
    } catch {
      bytes += statSync(file).size;
    }
  }
  return bytes;
}

/**
 * `npm run bench`'s transfer workload: the bundled server (`npm start`) on a fresh demo
 * database, Chromium with the slow line, `runs` cold and warm editor loads.
 */
export async function runTransferBench(runs = 5): Promise<TransferResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-transfer-"));
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, LOG_LEVEL: "warn" }, { bundled: true });
  const browser = await launchBrowser();
  try {
    return await measureTransfer(browser, server.url, runs, resolve(import.meta.dirname, "../dist/client"));
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The result as table rows for bench/run.ts. */
export function describeTransfer(result: TransferResult): { workload: string; result: string }[] {
  const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  const line = `${SLOW_LINE.downloadBitsPerSecond / 1e6} Mbit/s, ${SLOW_LINE.latencyMs} ms`;
  return [
    { workload: "login page: JavaScript transferred (target < 120 KB)", result: `${kb(result.login.jsBytes)} in ${result.login.jsFiles} files; all ${kb(result.login.totalBytes)}` },
    {
      workload: "editor, cold: JavaScript transferred (target < 400 KB)",
      result: `${kb(median(result.coldEditor.map((r) => r.jsBytes)))} in ${result.coldEditor[0]?.jsFiles} files; all ${kb(median(result.coldEditor.map((r) => r.totalBytes)))}`,
    },
    {
      workload: `editor, cold, ${line}: interactive (target < 4 s)`,
      result: `median ${median(result.coldEditor.map((r) => r.interactiveMs)).toFixed(0)} ms (range ${range(result.coldEditor.map((r) => r.interactiveMs))})`,
    },
    {
      workload: `editor, service worker cache, ${line}: interactive`,
      result: `median ${median(result.warmEditor.map((r) => r.interactiveMs)).toFixed(0)} ms (range ${range(result.warmEditor.map((r) => r.interactiveMs))}); JavaScript from the network ${kb(median(result.warmEditor.map((r) => r.jsBytes)))}`,
    },
    { workload: "app shell precached by the service worker (compressed)", result: result.shellBytes === null ? "no service worker" : kb(result.shellBytes) },
  ];
}
