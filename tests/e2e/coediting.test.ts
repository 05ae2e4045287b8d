import { describe, expect, it } from "vitest";
import { expectCoEditing, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ roomUnloadDelayMs: 1000 });

describe("two people co-edit a scorecard", () => {
  it("shows each the other's text, caret name and presence", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Sozialraumkonferenz/);
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Sozialraumkonferenz/);

    await expectCoEditing(funder.app, provider.app, { funder: "Vom Sozialamt.", provider: "Vom Anbieter." });
    await funder.context.close();
    await provider.context.close();
  });

  it("keeps a viewer's document read-only", async () => {
    const guest = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    expect(await guest.app.editor.getAttribute("contenteditable")).toBe("false");
    await guest.app.page.getByText("Nur lesen: Sie können diese Scorecard ansehen").waitFor();
    await guest.context.close();
  });
});

describe("offline editing", () => {
  it("keeps edits made offline across a reload and merges them when the connection returns", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    // The service worker must hold the app shell before the cable is pulled.
    await provider.app.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await provider.context.setOffline(true);
    await provider.app.page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    await provider.app.typeInIntro(" Offline geschrieben.");
    await provider.app.page.locator('[data-testid="connection-status"][data-save="unsaved"]').waitFor();
    await provider.app.flushOfflineCopy();

    await provider.app.page.reload();
    await provider.app.editor.getByText("Offline geschrieben.", { exact: false }).waitFor();
    expect(await funder.app.documentText()).not.toContain("Offline geschrieben.");

    await provider.context.setOffline(false);
    await funder.app.editor.getByText("Offline geschrieben.", { exact: false }).waitFor({ timeout: 30_000 });
    await provider.app.waitUntilSaved();
    await provider.context.close();
    await funder.context.close();
  });
});
