import { describe, expect, it } from "vitest";
import { measureTitle, openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ roomUnloadDelayMs: 1000 });

describe("measures in the structured scorecard", () => {
  it("shows a measure inserted by one user to the other, filterable and highlighted when overdue", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = provider.app.page;

    // Under the goal "Leistungsberechtigte aktivieren und beteiligen", by keyboard shortcut.
    await provider.app.clickBelowGoal("aktivieren und beteiligen");
    await page.keyboard.press("Control+Alt+m");
    const measure = page.locator(".measure-block").first();
    await measure.getByLabel("Titel der Maßnahme").fill("Beirat der Leistungsberechtigten gründen");
    await measure.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await measure.getByLabel("Fällig").fill("2020-01-15");

    // A second, not overdue measure, by the slash menu under another goal.
    await provider.app.clickBelowGoal("Ressourcen im Blick");
    await page.keyboard.type("/mass");
    // Picked with the pointer: a key press can meet the menu between two renders.
    await page.getByRole("option", { name: "Maßnahme" }).click();
    const second = page.locator(".measure-block").nth(1);
    await second.getByLabel("Titel der Maßnahme").fill("Budgetrunde vorbereiten");
    await second.getByLabel("Fällig").fill("2099-12-31");

    // The other side sees both, with the fields set (in the card, opened by a click on the title).
    const other = funder.app.page;
    const seen = other.locator('.measure-block[data-status="in_progress"]');
    await openMeasure(seen);
    expect(await seen.getByLabel("Titel der Maßnahme").inputValue()).toBe("Beirat der Leistungsberechtigten gründen");
    expect(await seen.getByLabel("Fällig").inputValue()).toBe("2020-01-15");
    await other.locator('.measure-overview tr[data-measure-id]:has-text("Budgetrunde vorbereiten")').waitFor();

    // The overview, filtered by status, finds only the measure in progress, highlighted as overdue.
    const overview = other.locator(".measure-overview");
    await overview.getByLabel("Status", { exact: true }).selectOption("in_progress");
    const rows = overview.locator("tbody tr[data-measure-id]");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("Beirat der Leistungsberechtigten gründen");
    expect(await rows.first().getAttribute("data-overdue")).toBe("true");
    expect(await rows.first().innerText()).toContain("überfällig");
    await overview.getByLabel("Status", { exact: true }).selectOption("all");
    const budgetRow = overview.locator('tr[data-measure-id]:has-text("Budgetrunde vorbereiten")');
    expect(await budgetRow.getAttribute("data-overdue")).toBe("false");

    // Moving by the menu puts it under another goal, for both.
    await measure.getByLabel("Verschieben zu").focus();
    await measure.getByLabel("Verschieben zu").selectOption({ label: "Finanzen & Budget › Doppelstrukturen vermeiden" });
    await other.locator('.measure-overview tr:has-text("Beirat der Leistungsberechtigten gründen"):has-text("Doppelstrukturen vermeiden")').waitFor();

    // Clicking the row jumps to the measure in the document.
    await overview.locator('tr:has-text("Budgetrunde vorbereiten") button').first().click();
    const selected = other.locator(".ProseMirror-selectednode .measure-block");
    await selected.waitFor();
    expect(await measureTitle(selected)).toBe("Budgetrunde vorbereiten");

    await provider.context.close();
    await funder.context.close();
  });

  it("gives a pasted copy of a measure a new id, so editing the copy leaves the original alone", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-b@demo.test", /Weser-Wohnverbund/);
    const page = app.page;
    await app.clickBelowGoal("Zusammenarbeiten");
    await page.keyboard.press("Control+Alt+m");
    const original = page.locator(".measure-block").first();
    await original.getByLabel("Titel der Maßnahme").fill("Original");

    await original.locator(".measure-kind").click();
    await page.locator(".ProseMirror-selectednode .measure-block").waitFor();
    // ProseMirror's own copy and paste handlers, fed by real clipboard events (headless
    // Chromium has no system clipboard for the shortcuts).
    await page.evaluate(() => {
      const data = new DataTransfer();
      document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true }));
      (window as unknown as { copied: DataTransfer }).copied = data;
    });
    // A key press while the measure is selected writes after it instead of deleting it.
    await page.keyboard.type("Notiz");
    await expect.poll(() => app.editor.locator(".react-renderer:has(.measure-block) + p").first().innerText()).toBe("Notiz");
    expect(await page.locator(".measure-block").count()).toBe(1);

    await app.clickBelowGoal("Lobbyarbeit");
    await page.evaluate(() => {
      const copied = (window as unknown as { copied: DataTransfer }).copied;
      const data = new DataTransfer();
      for (const type of copied.types) data.setData(type, copied.getData(type));
      document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator(".measure-block").count()).toBe(2);

    const ids = await page.locator(".measure-block").evaluateAll((blocks) => blocks.map((b) => b.getAttribute("data-measure-id")));
    expect(new Set(ids).size).toBe(2);
    const copy = await openMeasure(page.locator(".measure-block").nth(1));
    expect(await copy.getByLabel("Titel der Maßnahme").inputValue()).toBe("Original");
    await copy.getByLabel("Titel der Maßnahme").fill("Kopie");
    expect(await original.getByLabel("Titel der Maßnahme").inputValue()).toBe("Original");
    await context.close();
  });
});
