/**
 * Versions in the browser: saving named versions, an attributed compare, a read-only
 * view of an old version, restoring it for everyone connected, the measure history,
 * and deleting a scorecard as admin.
 */
import { describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { changeableFields, measureTitle, openMeasure, scorecardIdOf, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

const SENTENCE = " Das Sozialamt ergänzt: Quartalsbericht Q7X folgt.";
const FUNDER = "Sabine Sozialamt";
const PROVIDER = "Anton Anbieter-A";

/** Goes from the live editor to the versions page. */
async function openVersions(app: SteuerradPage): Promise<void> {
  await app.page.locator(".scorecard-bar").getByRole("link", { name: "Versionen" }).click();
  await app.page.getByRole("heading", { name: /^Versionen:/ }).waitFor();
}

/**
 * Saves a named version on the versions page.
 * @returns the new version's row
 */
async function saveVersion(app: SteuerradPage, name: string): Promise<Locator> {
  await app.page.getByLabel("Name der Version").fill(name);
  await app.page.getByRole("button", { name: "Version speichern" }).click();
  await app.page.getByText(new RegExp(`Version \\d+ „${name}“ gespeichert`)).waitFor();
  const row = app.page.locator(".versions-table tbody tr[data-kind='named']", { hasText: name });
  await row.waitFor();
  return row;
}

/** Whether the read-only editor's Y.Doc holds anything written by its own client, i.e. whether the view changed it. */
function wroteIntoVersionDoc(root: Locator): Promise<boolean> {
  return root.locator(".ProseMirror.version-prose").evaluate((element) => {
    interface Doc {
      clientID: number;
      store: { clients: Map<number, unknown> };
    }
    const editor = (element as unknown as { editor: { extensionManager: { extensions: { name: string; options: { document?: Doc } }[] } } }).editor;
    const doc = editor.extensionManager.extensions.find((extension) => extension.name === "collaboration")!.options.document!;
    return doc.store.clients.has(doc.clientID);
  });
}

describe("versions of a scorecard", () => {
  it("saves, compares with attribution, shows an old version read-only and restores it for everyone", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = funder.app.page;
    const id = scorecardIdOf(page);

    // A measure, so the versions and the history have one to show.
    await funder.app.clickBelowGoal("Zusammenarbeiten");
    await page.keyboard.press("Control+Alt+m");
    const funderMeasure = page.locator(".measure-block").first();
    await funderMeasure.getByLabel("Titel der Maßnahme").fill("Beteiligung stärken");
    await funder.app.waitUntilSaved();

    await openVersions(funder.app);
    await page.getByRole("button", { name: "Version speichern" }).click();
    await page.getByText("Bitte geben Sie einen Namen für die Version ein.").waitFor();
    expect(await page.getByLabel("Name der Version").getAttribute("aria-invalid")).toBe("true");
    const before = await saveVersion(funder.app, "Vor der Änderung");
    const beforeId = await before.getAttribute("data-version-id");
    await expect.poll(() => before.locator("td").nth(2).textContent()).toBe("Gespeicherte Version");
    expect(await before.textContent()).toContain(FUNDER);

    await page.getByRole("link", { name: /Zurück zur Scorecard/ }).click();
    await funder.app.editor.waitFor();
    await funder.app.typeInIntro(SENTENCE);
    await funder.app.waitUntilSaved();

    // The provider, in a second browser, deletes a word of the starter text and moves the measure on.
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    await expect.poll(() => provider.app.documentText()).toContain(SENTENCE.trim());
    await provider.app.selectWord(provider.app.editor.locator(":scope > p").first(), "zugleich");
    await provider.app.page.keyboard.press("Backspace");
    const providerMeasure = await openMeasure(provider.app.page.locator(".measure-block").first());
    await providerMeasure.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await provider.app.waitUntilSaved();
    await expect.poll(() => funder.app.documentText()).not.toContain("zugleich");
    // Back from the versions page the measure is a compact line again: its card opens on a click.
    await openMeasure(funderMeasure);
    await expect.poll(() => funderMeasure.getByLabel("Status", { exact: true }).inputValue()).toBe("in_progress");

    // The measure's history names the provider for the status change; keyboard only.
    const historyButton = funderMeasure.getByRole("button", { name: /^Verlauf/ });
    await historyButton.click();
    const history = page.getByRole("dialog", { name: /Verlauf der Maßnahme „Beteiligung stärken“/ });
    const statusRow = history.locator("tr[data-field='status']", { hasText: "in Arbeit" });
    await statusRow.waitFor();
    expect(await statusRow.textContent()).toContain(PROVIDER);
    expect(await statusRow.textContent()).toMatch(/geplant.*→.*in Arbeit/);
    expect(await page.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });
    expect(await historyButton.evaluate((button) => button === document.activeElement)).toBe(true);

    await openVersions(funder.app);
    const after = await saveVersion(funder.app, "Nach der Änderung");
    const afterId = await after.getAttribute("data-version-id");

    // Compare the two: the sentence is the funder's insertion, the word the provider's deletion.
    await before.locator("input[type='radio']").nth(0).check();
    await after.locator("input[type='radio']").nth(1).check();
    await page.getByRole("button", { name: "Vergleichen", exact: true }).click();
    await page.getByRole("heading", { name: /^Vergleich: Version \d+ „Vor der Änderung“ → Version \d+ „Nach der Änderung“/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/scorecards/${id}/compare/${beforeId}/${afterId}`);
    const inserted = page.locator(".diff-document ins", { hasText: "Quartalsbericht Q7X" });
    expect(await inserted.getAttribute("title")).toMatch(new RegExp(`^Eingefügt von ${FUNDER}, `));
    expect(await inserted.locator(".visually-hidden").first().textContent()).toContain(`Eingefügt von ${FUNDER}`);
    const deleted = page.locator(".diff-document del", { hasText: "zugleich" });
    expect(await deleted.getAttribute("title")).toMatch(new RegExp(`^Gelöscht von ${PROVIDER}, `));
    const legend = page.locator(".compare-legend");
    expect(await legend.textContent()).toContain(FUNDER);
    expect(await legend.textContent()).toContain(PROVIDER);
    const statusChange = page.locator(".measure-changes tr[data-field='status']");
    expect(await statusChange.textContent()).toMatch(/Beteiligung stärken.*Status.*geplant.*→.*in Arbeit.*Anton Anbieter-A/);

    // The first version, read-only: without the sentence, with the word, and nothing to change.
    await page.getByRole("link", { name: /Zurück zu den Versionen/ }).click();
    await before.getByRole("link", { name: /^Öffnen/ }).click();
    const banner = page.getByTestId("version-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Version \d+ – Vor der Änderung – .+ \(schreibgeschützt\)/);
    const oldDocument = page.locator(".version-document");
    await oldDocument.locator(".measure-block").waitFor();
    expect(await oldDocument.textContent()).not.toContain("Quartalsbericht Q7X");
    expect(await oldDocument.textContent()).toContain("ist zugleich das Protokoll");
    expect(await oldDocument.locator("[contenteditable='true']").count()).toBe(0);
    expect(await changeableFields(oldDocument)).toEqual([]);
    const oldMeasure = oldDocument.locator(".measure-block");
    expect(await measureTitle(oldMeasure)).toBe("Beteiligung stärken");
    expect(await oldMeasure.locator(".measure-line-status").textContent()).toBe("geplant");
    // Its card shows the fields as text; typing there changes nothing.
    await openMeasure(oldMeasure);
    expect(await changeableFields(oldDocument)).toEqual([]);
    await oldMeasure.locator(".measure-card").click();
    await page.keyboard.type("XYZ");
    expect(await measureTitle(oldMeasure)).toBe("Beteiligung stärken");
    expect(await wroteIntoVersionDoc(oldDocument)).toBe(false);
    // The history opens read-only too.
    await oldDocument.getByRole("button", { name: /^Verlauf/ }).click();
    await page
      .getByRole("dialog", { name: /Verlauf der Maßnahme/ })
      .locator("tr[data-field='status']", { hasText: PROVIDER })
      .waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    // The live document still has the sentence.
    await page.goto(`${env.server.url}/scorecards/${id}`);
    await funder.app.editor.waitFor();
    await expect.poll(() => funder.app.documentText()).toContain(SENTENCE.trim());

    // Restore the first version: the provider's open editor loses the sentence at once.
    await openVersions(funder.app);
    await before.getByRole("button", { name: /^Wiederherstellen/ }).click();
    const dialog = page.getByRole("dialog", { name: /^Version \d+ wiederherstellen\?/ });
    await dialog.getByLabel(/Grund/).fill("Ergänzung war verfrüht");
    await dialog.getByRole("button", { name: "Wiederherstellen", exact: true }).click();
    await page.getByText(/Version \d+ wurde wiederhergestellt\. Der neue Stand ist Version \d+\./).waitFor();
    await dialog.waitFor({ state: "detached" });
    const restored = page.locator(".versions-table tbody tr[data-kind='restore']");
    await restored.waitFor();
    expect(await restored.locator("td").nth(2).textContent()).toBe("Wiederherstellung");
    await expect.poll(() => provider.app.documentText()).not.toContain("Quartalsbericht Q7X");
    expect(await provider.app.documentText()).toContain("ist zugleich das Protokoll");
    await expect.poll(() => providerMeasure.getByLabel("Status", { exact: true }).inputValue()).toBe("planned");

    // Earlier versions still open with their own content.
    await after.getByRole("link", { name: /^Öffnen/ }).click();
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain("Nach der Änderung");
    await expect.poll(() => oldDocument.textContent()).toContain("Quartalsbericht Q7X");
    await page.getByRole("link", { name: /Zurück zu den Versionen/ }).click();
    await before.getByRole("link", { name: /^Öffnen/ }).click();
    await expect.poll(() => banner.textContent()).toContain("Vor der Änderung");
    await oldDocument.locator(".measure-block").waitFor();
    expect(await oldDocument.textContent()).not.toContain("Quartalsbericht Q7X");

    // And the live editor of the funder shows the restored state too.
    await page.goto(`${env.server.url}/scorecards/${id}`);
    await funder.app.editor.waitFor();
    await expect.poll(() => funder.app.documentText()).toContain("ist zugleich das Protokoll");
    expect(await funder.app.documentText()).not.toContain("Quartalsbericht Q7X");

    await provider.context.close();
    await funder.context.close();
  });

  it("offers no saving or restoring to a viewer", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    await openVersions(app);
    await app.page.locator(".versions-table").waitFor();
    expect(await app.page.getByLabel("Name der Version").count()).toBe(0);
    expect(await app.page.getByRole("button", { name: /^Wiederherstellen/ }).count()).toBe(0);
    await app.page.locator("[data-testid='integrity'][data-ok='true']").waitFor();
    // The audit report of this year so far downloads as CSV.
    const href = await app.page.getByRole("link", { name: /Prüfprotokoll als CSV herunterladen/ }).getAttribute("href");
    expect(href).toMatch(new RegExp(`/audit\\.csv\\?from=${new Date().getFullYear()}-01-01&to=\\d{4}-\\d{2}-\\d{2}$`));
    const report = await app.page.request.get(`${env.server.url}${href}`);
    expect(report.status()).toBe(200);
    expect(report.headers()["content-type"]).toContain("text/csv");
    // The current state downloads as Word and as PDF, named after provider and date.
    const current = app.page.locator("tr[data-version='current']");
    for (const [format, type] of [
      ["Word", "wordprocessingml"],
      ["PDF", "application/pdf"],
    ] as const) {
      const link = await current.getByRole("link", { name: `Aktueller Stand als ${format}` }).getAttribute("href");
      const file = await app.page.request.get(`${env.server.url}${link}`);
      expect(file.status()).toBe(200);
      expect(file.headers()["content-type"]).toContain(type);
      expect(file.headers()["content-disposition"]).toMatch(/BSC_Beispiel-e-V-Demo_\d{4}-\d{2}-\d{2}_Stand\.(docx|pdf)/);
    }
    await context.close();
  });

  it("lets an admin delete a scorecard with a reason, and removes it from the list", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("admin@demo.test", TEST_PASSWORD);
    const item = app.page.locator(".scorecard-list li", { hasText: "Weser-Wohnverbund" });
    await item.getByRole("button", { name: /^Löschen/ }).click();
    const dialog = app.page.getByRole("dialog", { name: /^Scorecard „.*Weser-Wohnverbund.*“ löschen\?/ });
    expect(await dialog.textContent()).toContain("Aufbewahrungsfrist");
    await dialog.getByRole("button", { name: "Scorecard löschen" }).click();
    await dialog.getByText("Bitte geben Sie einen Grund für die Löschung an.").waitFor();
    await dialog.getByLabel(/Grund der Löschung/).fill("Vertrag beendet");
    await dialog.getByRole("button", { name: "Scorecard löschen" }).click();
    await app.page.getByText(/wurde gelöscht\. Der Verlauf wird nach dem .+ endgültig entfernt\./).waitFor();
    await item.waitFor({ state: "detached" });
    await context.close();
  });
});
