/**
 * History as a story in the browser: a title typed key by key into a measure is one row
 * in the measure's "Verlauf" and one row in the audit report, and the dialog shows every
 * column in full. With E2E_SCREENSHOT_DIR set, the dialog is saved as a picture.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { SteuerradPage, scorecardIdOf, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

const TITLE = "Beteiligungsrat der Bewohner*innen einrichten";
const PROVIDER = "Anton Anbieter-A";
const CONTACT = "koordinationsstelle_beteiligung_und_quartiersarbeit@beispielverein.de";

/** Whether `inner` lies entirely inside `outer` on the screen, and its text is not cut off. */
async function fullyShownIn(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  if (!a || !b) return false;
  const inside = a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
  const uncut = await inner.evaluate((element) => element.scrollWidth <= element.clientWidth + 1);
  return inside && uncut;
}

/**
 * Checks that the dialog shows who and when of every row in full, without a sideways
 * scrollbar, and saves a picture when E2E_SCREENSHOT_DIR names a folder.
 */
async function expectTableFits(dialog: Locator, name: string): Promise<void> {
  const rows = dialog.locator("tbody tr");
  for (let index = 0; index < (await rows.count()); index++) {
    await rows.nth(index).scrollIntoViewIfNeeded();
    expect(await fullyShownIn(rows.nth(index).locator("time"), dialog)).toBe(true);
    expect(await fullyShownIn(rows.nth(index).locator(".person"), dialog)).toBe(true);
  }
  expect(await dialog.locator(".history-body").evaluate((body) => body.scrollWidth <= body.clientWidth + 1)).toBe(true);
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (folder) {
    mkdirSync(folder, { recursive: true });
    await dialog.page().screenshot({ path: join(folder, `${name}.png`) });
  }
}

describe("measure history as a story", () => {
  it("shows a title typed key by key as one row in the Verlauf and in the audit report, with the wann column in full", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await app.clickBelowGoal("Zusammenarbeiten");
    await page.keyboard.press("Control+Alt+m");
    const measure = page.locator(".measure-block").first();
    const title = measure.getByLabel("Titel der Maßnahme");
    await title.click();
    // One keystroke at a time, as a person types: each one a change of its own.
    await page.keyboard.type(TITLE);
    await expect.poll(() => title.inputValue()).toBe(TITLE);
    // A long value without spaces, which must wrap rather than push "wann" out of sight.
    await measure.getByLabel("Person", { exact: true }).fill(CONTACT);
    await app.waitUntilSaved();

    await measure.getByRole("button", { name: /^Verlauf/ }).click();
    const dialog = page.getByRole("dialog", { name: `Verlauf der Maßnahme „${TITLE}“` });
    const rows = dialog.locator("tr[data-field='title']");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(new RegExp(`^Titel.*\\(leer\\).*→.*${TITLE.replace("*", "\\*")}.*${PROVIDER}`));

    // Every name and time is on screen in full, on a wide screen and on a phone.
    await expectTableFits(dialog, "history-story");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectTableFits(dialog, "history-story-phone");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    // The audit report of today has the same one row.
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(new Date());
    const answer = await page.request.get(`${env.server.url}/api/scorecards/${scorecardIdOf(page)}/audit.csv?from=${today}&to=${today}`);
    expect(answer.status()).toBe(200);
    const report = Papa.parse<string[]>((await answer.text()).slice(1), { delimiter: ";" }).data.slice(1);
    const typed = report.filter((row) => row[4].includes("Titel:") && row[4].includes(TITLE));
    expect(typed.map((row) => [row[1], row[4]])).toEqual([[PROVIDER, `Maßnahme „${TITLE}“: Titel: (leer) → ${TITLE}`]]);
    await context.close();
  });
});
