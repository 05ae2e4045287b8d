import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { launchBrowser } from "../tests/fixtures/chromium";
import { login, scorecardsOf, TEST_PASSWORD } from "../tests/fixtures/testServer";
import { connectClient } from "../tests/fixtures/yClient";
import { startServerProcess } from "../tests/fixtures/serverProcess";

/** How long the editor in Chromium took to show each large remote change. */
export interface ClientApplyResult {
  paragraphs: number;
  /** Size of each change as sent, in kB. */
  updateKb: number;
  /** From the change's WebSocket message arriving in the page to the frame after the editor showed it. */
  applyMs: number[];
  /** From the other client sending it to that frame (server and network included). */
  endToEndMs: number[];
}

// Notes the arrival time of every large WebSocket message, before the page's own handler runs.
const RECORD_LARGE_MESSAGES = () => {
  const Native = window.WebSocket;
  const arrivals: number[] = [];
  (window as unknown as { largeMessageArrivals: number[] }).largeMessageArrivals = arrivals;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (event: MessageEvent) => {
        const size = event.data instanceof ArrayBuffer ? event.data.byteLength : 0;
        if (size > 20_000) arrivals.push(performance.now());
      });
    }
  };
};

/**
 * The editor's time to apply a large remote change: a scorecard is open in Chromium while a
 * second client of another user adds `paragraphs` paragraphs in one transaction, `runs` times.
 */
export async function runClientApplyBench(paragraphs = 1000, runs = 5): Promise<ClientApplyResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-client-"));
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD, LOG_LEVEL: "warn" }, { bundled: true });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ locale: "de-DE", viewport: { width: 1440, height: 900 } })).newPage();
    // tsx compiles the functions handed to the page with calls to its `__name` helper.
    await page.addInitScript("globalThis.__name = (target) => target;");
    await page.addInitScript(RECORD_LARGE_MESSAGES);
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
    const result: ClientApplyResult = { paragraphs, updateKb: 0, applyMs: [], endToEndMs: [] };
    for (let run = 0; run < runs; run++) {
      const target = await editor.evaluate((element) => (element as unknown as { editor: TiptapLike }).editor.state.doc.childCount);
      // Waits in the page for the transaction that brings the paragraphs, then for the next frame.
      const shown = editor.evaluate(
        (element, expected) =>
          new Promise<number>((resolve) => {
            const tiptap = (element as unknown as { editor: TiptapLike }).editor;
            const onTransaction = () => {
              if (tiptap.state.doc.childCount < expected) return;
              tiptap.off("transaction", onTransaction);
              requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0));
            };
            tiptap.on("transaction", onTransaction);
          }),
        target + paragraphs,
      );
      const before = Y.encodeStateVector(other.doc);
      const sentAt = Date.now();
      other.doc.transact(() => {
        const blocks = Array.from({ length: paragraphs }, (_, i) => {
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [new Y.XmlText(`Ergänzung ${run}.${i}: Statuszeile zur Maßnahme, Verantwortung beim Träger, Frist zum Quartalsende.`)]);
          return paragraph;
        });
        const fragment = other.doc.getXmlFragment("default");
        fragment.insert(fragment.length, blocks);
      });
      result.updateKb = Y.encodeStateAsUpdate(other.doc, before).byteLength / 1024;
      const shownAt = await shown;
      const arrivedAt = await page.evaluate(() => {
        const arrivals = (window as unknown as { largeMessageArrivals: number[] }).largeMessageArrivals;
        return performance.timeOrigin + arrivals[arrivals.length - 1];
      });
      result.applyMs.push(shownAt - arrivedAt);
      result.endToEndMs.push(shownAt - sentAt);
    }
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
