/**
 * Compact measures (issue 18): a measure reads as one or two lines of the minutes and
 * opens its fields as a card on click or Enter; Escape or "Schließen" closes it; the other
 * side's edits reach an open card live; a viewer's card shows text, not inputs. The
 * scorecard prints as minutes (no navigation, no buttons), "Zum Inhalt springen" is the
 * first stop and lands in the text, and axe finds nothing with a card open. With
 * E2E_SCREENSHOT_DIR set, screenshots of each state are saved for looking at.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { pdfPages } from "../../server/exports/testSupport";
import { findAxeViolations } from "./axe";
import { changeableFields, measureTitle, openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ roomUnloadDelayMs: 1000 });

const TITLE = "Runder Tisch Wohnen";
const STATUS_LINE = "Erste Sitzung mit sechs Leistungsberechtigten, Geschäftsordnung im Entwurf";

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder. */
async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

/** The measure this browser just inserted: the only one whose card it has open. */
async function insertedMeasure(page: Page): Promise<string> {
  const block = page.locator(".scorecard-prose .measure-block[data-open='true']");
  await block.locator("input.measure-title").waitFor();
  return (await block.getAttribute("data-measure-id"))!;
}

function blockOf(page: Page, id: string): Locator {
  return page.locator(`.scorecard-prose .measure-block[data-measure-id="${id}"]`);
}

/** Whether the focused element lies inside the element. */
function hasFocusIn(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.contains(document.activeElement));
}

let measureId = "";

describe("a measure as compact lines that open into a card", () => {
  it("opens on click and Enter, edits, closes on Escape and Schließen, and shows the other side's edits while open", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const a = provider.app.page;
    const b = funder.app.page;

    // A new measure opens at its title, ready to be named.
    await provider.app.clickBelowGoal("Zusammenarbeiten");
    await a.keyboard.press("Control+Alt+m");
    measureId = await insertedMeasure(a);
    const mine = blockOf(a, measureId);
    await expect.poll(() => mine.locator("input.measure-title").evaluate((input) => input === document.activeElement)).toBe(true);
    await a.keyboard.type(TITLE);
    await mine.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await mine.getByLabel("Ampel", { exact: true }).selectOption("amber");
    await mine.getByLabel("Person", { exact: true }).fill("Frau Meyer");
    await mine.getByLabel("Fällig").fill("2020-01-15");
    await mine.getByLabel("Berichtet und vereinbart …").fill(STATUS_LINE);
    await mine.getByLabel("Berichtet und vereinbart …").press("Enter");
    await mine.locator(".status-lines li", { hasText: STATUS_LINE }).waitFor();
    await screenshot(a, "compact-measure-card-open");

    // Escape closes the card and gives the focus to its title line.
    await a.keyboard.press("Escape");
    await mine.locator(".measure-card").waitFor({ state: "detached" });
    expect(await mine.locator(".measure-toggle").evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await mine.locator(".measure-toggle").getAttribute("aria-expanded")).toBe("false");

    // The other side reads it as one or two lines, with no form controls in the flow of the text.
    const theirs = blockOf(b, measureId);
    await expect.poll(() => theirs.locator(".measure-line-title").textContent()).toBe(TITLE);
    const line = await theirs.innerText();
    expect(line).toContain("in Arbeit");
    expect(line).toContain("Leistungserbringer: Frau Meyer");
    expect(line).toMatch(/fällig 15\.01\.2020\s*überfällig/);
    expect(line).toMatch(/Stand \d\d\.\d\d\.\d{4}: Erste Sitzung mit sechs/);
    expect(await theirs.getAttribute("data-light")).toBe("amber");
    expect(await theirs.locator(".traffic-light").getAttribute("title")).toBe("Ampel: gelb");
    expect(await theirs.locator("input, select, textarea").count()).toBe(0);
    // Two or three short lines (title and facts may wrap on a narrow column), not a form.
    expect((await theirs.boundingBox())!.height).toBeLessThan(110);
    await screenshot(b, "compact-measure-lines");

    // Click opens; "Schließen" closes; Enter on the focused title opens again; Escape closes.
    const toggle = theirs.locator(".measure-toggle");
    await toggle.click();
    await theirs.locator(".measure-card").waitFor();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await toggle.getAttribute("aria-controls")).toBe(await theirs.locator(".measure-card").getAttribute("id"));
    await theirs.getByRole("button", { name: /^Schließen/ }).click();
    await theirs.locator(".measure-card").waitFor({ state: "detached" });
    expect(await toggle.evaluate((button) => button === document.activeElement)).toBe(true);
    await b.keyboard.press("Enter");
    await theirs.locator(".measure-card").waitFor();
    await b.keyboard.press("Escape");
    await theirs.locator(".measure-card").waitFor({ state: "detached" });
    // A click anywhere on the line opens it too.
    await theirs.locator(".measure-line-owner").click();
    await theirs.locator(".measure-card").waitFor();
    await expect.poll(() => toggle.evaluate((button) => button === document.activeElement)).toBe(true);

    // While B's card is open, A selects the measure in the overview and opens it with Enter.
    await a.locator(".measure-overview").locator(`tr[data-measure-id="${measureId}"] button`).click();
    await a.locator(".ProseMirror-selectednode .measure-block").waitFor();
    await a.keyboard.press("Enter");
    await mine.locator(".measure-card").waitFor();
    await expect.poll(() => hasFocusIn(mine.locator(".measure-card"))).toBe(true);

    // B's caret sits after "Runder" in the title while A appends a word: B sees it live and keeps the caret.
    const theirTitle = theirs.getByLabel("Titel der Maßnahme");
    await theirTitle.click();
    await theirTitle.evaluate((input: HTMLInputElement) => input.setSelectionRange(6, 6));
    const myTitle = mine.getByLabel("Titel der Maßnahme");
    await myTitle.press("End");
    await myTitle.pressSequentially(" 2026");
    await expect.poll(() => theirTitle.inputValue()).toBe(`${TITLE} 2026`);
    await expect.poll(() => measureTitle(theirs)).toBe(`${TITLE} 2026`);
    expect(await theirTitle.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([6, 6]);
    await b.keyboard.type("e");
    await expect.poll(() => myTitle.inputValue()).toBe("Rundere Tisch Wohnen 2026");
    await b.keyboard.press("Backspace");
    await expect.poll(() => myTitle.inputValue()).toBe(`${TITLE} 2026`);

    // A field A changes reaches B's open card and B's line alike.
    await mine.getByLabel("Ampel", { exact: true }).selectOption("red");
    await expect.poll(() => theirs.getAttribute("data-light")).toBe("red");
    await expect.poll(() => theirs.getByLabel("Ampel", { exact: true }).inputValue()).toBe("red");
    await mine.getByLabel("Status", { exact: true }).selectOption("postponed");
    await expect.poll(() => theirs.locator(".measure-line-status").textContent()).toBe("verschoben");
    await provider.app.waitUntilSaved();
    await funder.app.waitUntilSaved();
    await screenshot(b, "compact-measure-coedited");
    await provider.context.close();
    await funder.context.close();
  });

  it("shows a viewer the fields as text, with nothing that looks editable", async () => {
    const viewer = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    const block = blockOf(viewer.app.page, measureId);
    await openMeasure(block);
    const card = block.locator(".measure-card");
    expect(await card.locator("input, select, textarea").count()).toBe(0);
    expect(await changeableFields(card)).toEqual([]);
    expect(await card.locator("[contenteditable='true']").count()).toBe(0);
    const text = await card.innerText();
    expect(text).toContain("verschoben");
    expect(text).toContain("Frau Meyer");
    expect(text).toContain("15.01.2020");
    expect(await block.locator(".drag-handle").count()).toBe(0);
    await screenshot(viewer.app.page, "compact-measure-viewer");
    await viewer.context.close();
  });
});

describe("a link to a measure", () => {
  it("opens the measure's card from an address naming it (#measure-<id>), with the focus on it", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await page.goto(`${page.url()}#measure-${encodeURIComponent(measureId)}`);
    await page.reload();
    const block = blockOf(page, measureId);
    await block.locator(".measure-card").waitFor();
    await expect.poll(() => hasFocusIn(block)).toBe(true);
    expect(await block.locator(".measure-toggle").getAttribute("aria-expanded")).toBe("true");
    await context.close();
  });
});

describe("the scorecard on paper and by keyboard", () => {
  it("prints as minutes: title, date and measures, without navigation, buttons or the open card", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await openMeasure(blockOf(page, measureId));
    await page.emulateMedia({ media: "print" });
    await screenshot(page, "print-preview");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    if (process.env.E2E_SCREENSHOT_DIR) writeFileSync(join(process.env.E2E_SCREENSHOT_DIR, "print.pdf"), pdf);
    const pages = await pdfPages(pdf);
    await page.emulateMedia({ media: "screen" });
    const text = pages.join("\n");
    expect(text).toContain("BSC Beispiel e.V.");
    expect(text).toMatch(/Stand: \d\d\.\d\d\.\d{4}/);
    expect(text).toContain(`${TITLE} 2026`);
    expect(text).toMatch(/Stand \d\d\.\d\d\.\d{4}: Erste Sitzung/);
    expect(pages[0]).toMatch(/^\s*BSC Beispiel e\.V\. \(Demo\)\s*\n?\s*Stand: /);
    // The overview is an appendix on a page of its own.
    const appendix = pages.findIndex((content) => content.includes("Maßnahmenübersicht"));
    expect(appendix).toBeGreaterThan(0);
    expect(pages[appendix]).not.toContain("Lobbyarbeit und Personalgewinnung");
    for (const word of [
      "Abmelden",
      "Versionen",
      "Gespräche",
      "Verlauf",
      "Schließen",
      "Gliederung",
      "Kommentare",
      "Zum Inhalt springen",
      "Zurück zur Liste",
      "Filter",
      "Frage stellen",
      "Verschieben zu",
      "Sabine Sozialamt",
    ]) {
      expect(text, `"${word}" on paper`).not.toContain(word);
    }
    await context.close();
  });

  it("has the skip link first, lands in the text with it, and axe finds nothing with a card open", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await page.reload();
    await app.editor.waitFor();
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Zum Inhalt springen");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("scorecard-prose") ?? false)).toBe(true);

    // The outline: whole words, and its actions only on hover or focus, still reachable by Tab.
    const entry = page.locator(".outline-entry").first();
    expect(await entry.evaluate((element) => [getComputedStyle(element).overflowWrap, getComputedStyle(element).hyphens, element.getAttribute("lang")])).toEqual(["normal", "auto", "de"]);
    const actions = page.locator(".outline-row .outline-actions").first();
    expect(await actions.evaluate((element) => getComputedStyle(element).opacity)).toBe("0");
    await page.locator(".outline-row button[data-outline-action='down']").first().focus();
    await expect.poll(() => actions.evaluate((element) => getComputedStyle(element).opacity)).toBe("1");
    if (process.env.E2E_SCREENSHOT_DIR) await page.locator(".outline-panel").screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, "outline-focus.png") });

    await openMeasure(blockOf(page, measureId));
    expect(await findAxeViolations(page)).toEqual([]);
    await screenshot(page, "compact-measure-axe");
    await context.close();
  });
});
