import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { launchBrowser } from "../tests/fixtures/chromium";
import { login, scorecardsOf, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess } from "../tests/fixtures/serverProcess";

/** How long the editor in Chromium took to show remote changes. */
export interface ClientApplyResult {
  paragraphs: number;
  /** Size of each large change as sent, in kB. */
  updateKb: number;
  /** Per large change: from its WebSocket message arriving in the page to the frame after the editor showed it. */
  applyMs: number[];
  /** Per large change: from the other client sending it to that frame (server and network included). */
  endToEndMs: number[];
  /** Blocks of the demo scorecard, before the large changes. */
  demoBlocks: number;
  /** Per one-paragraph change into the demo scorecard, as `applyMs`. */
  demoSmallApplyMs: number[];
  /** Blocks of the document when the last one-paragraph changes came (after the large ones). */
  blocks: number;
  /** Per one-paragraph change into that document, as `applyMs`. */
  smallApplyMs: number[];
}

// Notes the arrival time of every document message (type 0, sync), before the page's own handler runs.
const RECORD_SYNC_MESSAGES = () => {
  const Native = window.WebSocket;
  const arrivals: number[] = [];
  (window as unknown as { syncMessageArrivals: number[] }).syncMessageArrivals = arrivals;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (event: MessageEvent) => {
        if (event.data instanceof ArrayBuffer && new Uint8Array(event.data)[0] === 0) arrivals.push(performance.now());
      });
    }
  };
};

/**
 * The editor's time to apply a large remote change: a scorecard is open in Chromium while a
 * second client of another user adds `paragraphs` paragraphs in one transaction, `runs` times;
 * then one paragraph at a time into the grown document, `runs` times.
 */
export async function runClientApplyBench(paragraphs = 1000, runs = 5): Promise<ClientApplyResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-client-"));
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, LOG_LEVEL: "warn" }, { bundled: true });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ locale: "de-DE", viewport: { width: 1440, height: 900 } })).newPage();
    // tsx compiles the functions handed to the page with calls to its `__name` helper.
    await page.addInitScript("globalThis.__name = (target) => target;");
    await page.addInitScript(RECORD_SYNC_MESSAGES);
    await page.goto(server.url);
    await page.getByLabel("E-Mail").fill("anbieter-a@demo.test");
    await page.getByLabel("Passwort").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: "Ihre Scorecards" }).waitFor();

    const cookie = await login(server.url, "sozialamt@demo.test");
    const scorecard = (await scorecardsOf(server.url, cookie)).find((entry) => entry.provider !== null && entry.access === "edit");
    if (!scorecard) throw new Error("the demo data has no provider scorecard the funder may edit");
    await page.goto(`${server.url}/scorecards/${scorecard.id}`);
    const editor = page.locator(".ProseMirror.scorecard-prose");
    await editor.waitFor();

    const other = connectClient(server.url, scorecard.id, cookie);
    await other.synced;
    let run = 0;
    /** Adds `count` paragraphs from the other client; returns [apply, end-to-end, update size] in ms, ms, bytes. */
    const remoteChange = async (count: number): Promise<[number, number, number]> => {
      run++;
      const target = await editor.evaluate((element) => (element as unknown as { editor: TiptapLike }).editor.state.doc.childCount);
      // The page listens before the change is sent (an evaluate that is not awaited may run
      // after the change arrived), for the transaction that brings the paragraphs, then for
      // the next frame.
      await editor.evaluate((element, expected) => {
        const tiptap = (element as unknown as { editor: TiptapLike }).editor;
        const page = window as unknown as { changeShown: Promise<number> };
        page.changeShown = new Promise<number>((resolve) => {
          const onTransaction = () => {
            if (tiptap.state.doc.childCount < expected) return;
            tiptap.off("transaction", onTransaction);
            requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0));
          };
          tiptap.on("transaction", onTransaction);
        });
      }, target + count);
      const before = Y.encodeStateVector(other.doc);
      const sentAt = Date.now();
      other.doc.transact(() => {
        const blocks = Array.from({ length: count }, (_, i) => {
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [new Y.XmlText(`Ergänzung ${run}.${i}: Statuszeile zur Maßnahme, Verantwortung beim Träger, Frist zum Quartalsende.`)]);
          return paragraph;
        });
        const fragment = other.doc.getXmlFragment("default");
        fragment.insert(fragment.length, blocks);
      });
      const size = Y.encodeStateAsUpdate(other.doc, before).byteLength;
      const shownAt = await page.evaluate(() => (window as unknown as { changeShown: Promise<number> }).changeShown);
      const arrivedAt = await page.evaluate(() => {
        const arrivals = (window as unknown as { syncMessageArrivals: number[] }).syncMessageArrivals;
        return performance.timeOrigin + arrivals[arrivals.length - 1];
      });
      return [shownAt - arrivedAt, shownAt - sentAt, size];
    };

    const blockCount = () => editor.evaluate((element) => (element as unknown as { editor: TiptapLike }).editor.state.doc.childCount);
    const result: ClientApplyResult = { paragraphs, updateKb: 0, applyMs: [], endToEndMs: [], demoBlocks: 0, demoSmallApplyMs: [], blocks: 0, smallApplyMs: [] };
    // A line typed by the other side into a scorecard of usual size: what a meeting feels.
    result.demoBlocks = await blockCount();
    for (let i = 0; i < runs; i++) result.demoSmallApplyMs.push((await remoteChange(1))[0]);
    for (let i = 0; i < runs; i++) {
      const [applyMs, endToEndMs, size] = await remoteChange(paragraphs);
      result.applyMs.push(applyMs);
      result.endToEndMs.push(endToEndMs);
      result.updateKb = size / 1024;
    }
    // The same into the now very large document: the editor rebuilds its view of the whole
    // document on every remote change, so this grows with the document.
    result.blocks = await blockCount();
    for (let i = 0; i < runs; i++) result.smallApplyMs.push((await remoteChange(1))[0]);
    other.destroy();
    return result;
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface TiptapLike {
  state: { doc: { childCount: number } };
  on(event: "transaction", listener: () => void): void;
  off(event: "transaction", listener: () => void): void;
}
