import { describe, expect, it } from "vitest";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ roomUnloadDelayMs: 1000 });

const SENTENCE = "Vor dem Neuladen offline geschrieben.";

describe("save state across an offline reload", () => {
  it("still says the changes are not on the server after an offline reload, until the server confirms them", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = provider.app.page;
    // The service worker must hold the app shell before the cable is pulled.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await provider.app.waitUntilSaved();

    await provider.context.setOffline(true);
    await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    await provider.app.typeInIntro(` ${SENTENCE}`);
    await provider.app.editor.getByText(SENTENCE, { exact: false }).waitFor();
    await page.locator('[data-testid="connection-status"][data-save="unsaved"]').waitFor();
    expect(await provider.app.status.innerText()).toContain("Noch nicht auf dem Server gespeichert");

    // Reload while offline: the app from the service worker, the text from the offline copy.
    await provider.app.flushOfflineCopy();
    await page.reload();
    await provider.app.editor.getByText(SENTENCE, { exact: false }).waitFor();
    await page.locator('[data-testid="connection-status"][data-state="offline"][data-save="unsaved"]').waitFor();
    await expect.poll(() => provider.app.status.innerText()).toContain("Noch nicht auf dem Server gespeichert");
    expect(await funder.app.documentText()).not.toContain(SENTENCE);

    // Back online: the server gets the text, confirms it, and the status says so.
    await provider.context.setOffline(false);
    await funder.app.editor.getByText(SENTENCE, { exact: false }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="connection-status"][data-state="connected"][data-save="saved"]').waitFor({ timeout: 60_000 });
    expect(await provider.app.status.innerText()).toContain("Gespeichert");
    expect(await provider.app.status.innerText()).not.toContain("Noch nicht");
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes("unsynced")))).toEqual([]);

    await provider.context.close();
    await funder.context.close();
  }, 120_000);
});
