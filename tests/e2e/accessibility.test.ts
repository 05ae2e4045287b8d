/**
 * Accessibility (BITV 2.0 = WCAG 2.1 AA): axe-core finds nothing on every page and state
 * a user reaches, a core flow works by keyboard alone with a visible focus, and the
 * collaboration carets and the colour codes have text equivalents.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { openMeasure, SteuerradPage, useE2eEnvironment, scorecardIdOf } from "./browser";

const EXAMPLE = resolve(import.meta.dirname, "../fixtures/kpi-example");

const env = useE2eEnvironment();

/**
 * Runs axe on the page as it is and records the result under the state's name; the test
 * goes on, so one run lists every state that fails.
 */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  // Let transitions and live updates settle, so colours are measured as the user sees them.
  await page.waitForTimeout(300);
  expect.soft(await findAxeViolations(page), state).toEqual([]);
}

/** Logs in as a demo user in a new context. */
async function logInAs(email: string): Promise<{ close(): Promise<void>; app: SteuerradPage }> {
  const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
  await app.logIn(email, TEST_PASSWORD);
  return { close: () => context.close(), app };
}

/** Inserts a measure under a goal of the starter text by keyboard shortcut and names it. */
async function insertMeasure(app: SteuerradPage, title: string, goal = "Zusammenarbeiten"): Promise<Locator> {
  await app.editor.locator(`h3:has-text("${goal}") + p`).click();
  await app.page.keyboard.press("Control+Alt+m");
  const measure = await newMeasure(app.page);
  await measure.getByLabel("Titel der Maßnahme").fill(title);
  await app.waitUntilSaved();
  return measure;
}

let marked = 0;

/**
 * The measure just inserted: earlier tests of this file left named measures in the demo
 * scorecards, and only the new one has an empty title.
 */
async function newMeasure(page: Page): Promise<Locator> {
  const mark = `new-${++marked}`;
  await page.waitForFunction((value) => {
    const block = Array.from(document.querySelectorAll(".scorecard-prose .measure-block")).find(
      (candidate) => candidate.querySelector<HTMLInputElement>("input.measure-title")?.value === "" && !candidate.hasAttribute("data-a11y-mark"),
    );
    if (!block?.getAttribute("data-measure-id")) return false;
    block.setAttribute("data-a11y-mark", value);
    return true;
  }, mark);
  const id = await page.locator(`.measure-block[data-a11y-mark="${mark}"]`).getAttribute("data-measure-id");
  // By id, which outlives a reload of the page.
  return page.locator(`.scorecard-prose .measure-block[data-measure-id="${id}"]`);
}

/** A day some weeks ahead as YYYY-MM-DD (the talks' time zone is Europe/Berlin; a few days of slack do not matter here). */
function dayIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the focused element shows a visible focus indicator (an outline or a box shadow). */
function focusIsVisible(page: Page): Promise<{ element: string; visible: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { element: "body", visible: false };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    return { element: element.outerHTML.slice(0, 120), visible: outline || shadow };
  });
}

describe("accessibility (WCAG 2.1 AA)", () => {
  it("has no axe violations on the login page, with and without an error", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.page.goto(env.server.url);
    await app.page.getByLabel("E-Mail").waitFor();
    await expectNoViolations(app.page, "login");
    await app.page.getByLabel("E-Mail").fill("sozialamt@demo.test");
    await app.page.getByLabel("Passwort").fill("falsch-falsch");
    await app.page.getByRole("button", { name: "Anmelden" }).click();
    await app.page.getByRole("alert").waitFor();
    await expectNoViolations(app.page, "login with error");
    await context.close();
  });

  it("has no axe violations on the scorecard list, the account page and the admin pages", async () => {
    const funder = await logInAs("sozialamt@demo.test");
    await funder.app.page.locator(".scorecard-list").waitFor();
    await expectNoViolations(funder.app.page, "list (funder)");
    await funder.app.page.locator(".who").click();
    await funder.app.page.getByRole("heading", { level: 1 }).waitFor();
    await expectNoViolations(funder.app.page, "account");
    await funder.close();

    const admin = await logInAs("admin@demo.test");
    await admin.app.page
      .locator(".scorecard-list li")
      .getByRole("button", { name: /^Löschen/ })
      .first()
      .waitFor();
    await expectNoViolations(admin.app.page, "list (admin)");
    await admin.app.page
      .locator(".scorecard-list li")
      .getByRole("button", { name: /^Löschen/ })
      .first()
      .click();
    await admin.app.page.getByRole("dialog").waitFor();
    await expectNoViolations(admin.app.page, "list (admin, delete dialog)");
    await admin.app.page.keyboard.press("Escape");
    await admin.app.page
      .getByRole("navigation", { name: "Hauptnavigation" })
      .getByRole("link", { name: /Benutzer/ })
      .click();
    await admin.app.page.getByRole("heading", { level: 1 }).waitFor();
    await admin.app.page.locator("table").first().waitFor();
    await expectNoViolations(admin.app.page, "admin users");
    await admin.close();
  });

  it("has no axe violations in the editor: measure fields, slash menu, overview filter, read-only viewer and comments", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = provider.app.page;
    await expectNoViolations(page, "editor (empty)");
    const measure = await insertMeasure(provider.app, "Beirat gründen");
    await measure.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await measure.getByLabel("Fällig").fill("2020-01-15");
    await provider.app.waitUntilSaved();
    await expectNoViolations(page, "editor (measure)");

    await provider.app.clickBelowGoal("Ressourcen im Blick");
    await page.keyboard.type("/mass");
    await page.getByRole("option", { name: "Maßnahme" }).waitFor();
    await expectNoViolations(page, "editor (slash menu)");
    await page.keyboard.press("Escape");

    const overview = page.locator(".measure-overview");
    await overview.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await expectNoViolations(page, "editor (overview filtered)");
    await overview.getByLabel("Status", { exact: true }).selectOption("all");

    const viewer = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    await viewer.app.page.getByText("Nur lesen:", { exact: false }).waitFor();
    await viewer.app.editor.getByText("zugleich", { exact: false }).waitFor();
    await expectNoViolations(viewer.app.page, "editor (viewer)");
    await viewer.app.selectWord(viewer.app.editor.locator(":scope > p").first(), "zugleich");
    await viewer.app.page.getByRole("button", { name: /Kommentieren/ }).click();
    await viewer.app.page.getByLabel("Ihr Kommentar oder Ihre Frage").fill("Gilt das auch für den Vorabversand?");
    await expectNoViolations(viewer.app.page, "editor (comment form)");
    await viewer.app.page.keyboard.press("Control+Enter");
    await viewer.app.page.getByText("Gesendet. Alle Beteiligten sehen es jetzt.").waitFor();
    const thread = page.locator(".comments-panel .comment-thread", { hasText: "Vorabversand" });
    await thread.waitFor();
    await thread.getByRole("button", { name: "Antworten" }).click();
    await thread.getByLabel("Ihre Antwort").fill("Ja.");
    await expectNoViolations(page, "editor (comment thread, reply form)");
    await viewer.context.close();
    await provider.context.close();
  });

  it("has no axe violations on versions, a version, a compare and the measure history", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Weser-Wohnverbund/);
    const page = funder.app.page;
    const id = scorecardIdOf(page);
    const measure = await insertMeasure(funder.app, "Budgetrunde vorbereiten");
    await page.locator(".scorecard-bar").getByRole("link", { name: "Versionen" }).click();
    await page.getByRole("heading", { name: /^Versionen:/ }).waitFor();
    await page.getByRole("button", { name: "Version speichern" }).waitFor();
    await expectNoViolations(page, "versions");
    await page.getByLabel("Name der Version").fill("Erster Stand");
    await page.getByRole("button", { name: "Version speichern" }).click();
    await page.getByText(/Version \d+ „Erster Stand“ gespeichert/).waitFor();
    await expectNoViolations(page, "versions (after saving)");
    const row = page.locator(".versions-table tbody tr[data-kind='named']", { hasText: "Erster Stand" });
    const versionId = await row.getAttribute("data-version-id");
    await row.getByRole("button", { name: /^Wiederherstellen/ }).click();
    const restore = page.getByRole("dialog", { name: /^Version \d+ wiederherstellen\?/ });
    await restore.getByLabel(/Grund/).waitFor();
    await expectNoViolations(page, "versions (restore dialog)");
    await page.keyboard.press("Escape");
    await restore.waitFor({ state: "detached" });

    await page.goto(`${env.server.url}/scorecards/${id}`);
    await funder.app.editor.waitFor();
    await funder.app.typeInIntro(" Neuer Satz zum Vergleich.");
    // After the reload the measure is a compact line again; its card holds the fields.
    await openMeasure(measure);
    await measure.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await funder.app.waitUntilSaved();
    await measure.getByRole("button", { name: /^Verlauf/ }).click();
    await page
      .getByRole("dialog", { name: /Verlauf der Maßnahme/ })
      .locator("tr[data-field='status']")
      .first()
      .waitFor();
    await expectNoViolations(page, "measure history dialog");
    await page.keyboard.press("Escape");

    await page.goto(`${env.server.url}/scorecards/${id}/versions/${versionId}`);
    await page.getByTestId("version-banner").waitFor();
    await page.locator(".version-document .measure-block").waitFor();
    await expectNoViolations(page, "version view");

    await page.goto(`${env.server.url}/scorecards/${id}/compare/${versionId}/current`);
    await page.locator(".diff-document ins").first().waitFor();
    await expectNoViolations(page, "compare");
    await funder.context.close();
  });

  it("has no axe violations on the controlling dashboard and its tabs", async () => {
    const provider = await logInAs("anbieter-a@demo.test");
    const le = provider.app.page;
    await le.goto(`${env.server.url}/controlling`);
    await le.getByRole("tab", { name: "Kennzahlen" }).waitFor();
    await expectNoViolations(le, "controlling (provider, empty dashboard)");
    await le.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await le.getByRole("tab", { name: "Zahlen melden" }).click();
    const upload = le.getByRole("region", { name: "Datei hochladen" });
    await upload.getByLabel("Belegungszahlen (Fälle und Belegungstage)").check();
    await upload.getByLabel("Datei (CSV oder Excel)").setInputFiles(resolve(EXAMPLE, "figures-2025.csv"));
    await upload.getByRole("button", { name: "Hochladen" }).click();
    await upload.getByTestId("save-outcome").waitFor();
    await expectNoViolations(le, "controlling (figures tab)");
    await provider.close();

    const funder = await logInAs("sozialamt@demo.test");
    const lt = funder.app.page;
    await lt.goto(`${env.server.url}/controlling`);
    await lt.getByRole("tab", { name: "Kennzahlen" }).waitFor();
    await lt.getByLabel("Leistungserbringer", { exact: true }).selectOption({ label: "Beispiel e.V. (Demo)" });
    await lt.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await lt.getByRole("tab", { name: "Budgetvereinbarung" }).click();
    const agreementUpload = lt.getByRole("region", { name: "Vereinbarung als JSON-Datei hochladen" });
    await agreementUpload.getByLabel("JSON-Datei der Vereinbarung").setInputFiles(resolve(EXAMPLE, "agreement-2025.json"));
    // One reason for the whole agreement tab, above the upload and the form.
    await lt.getByLabel(/Begründung der Änderung/).fill("Budgetvereinbarung 2025 unterzeichnet");
    await agreementUpload.getByRole("button", { name: "Vereinbarung hochladen" }).click();
    await lt.getByText("Version 1 der Vereinbarung 2025 gespeichert.").waitFor();
    await expectNoViolations(lt, "controlling (agreement tab)");
    await lt.getByRole("tab", { name: "Kennzahlen" }).click();
    await lt.getByLabel("Art", { exact: true }).selectOption("quarter");
    await lt.getByLabel("Quartal", { exact: true }).selectOption("2");
    await lt.getByRole("heading", { name: "Kennzahlen 2025-Q2" }).waitFor();
    await lt.locator("[data-testid^='kpi-card-']").first().waitFor();
    await expectNoViolations(lt, "controlling (dashboard with figures)");
    // Every corridor colour is also said in words.
    const corridorTexts = await lt.locator(".corridor").allInnerTexts();
    expect(corridorTexts.length).toBeGreaterThan(0);
    for (const text of corridorTexts) expect(text).toMatch(/\p{L}{3,}/u);
    await lt.getByRole("tab", { name: "Alle Leistungserbringer" }).click();
    await lt.getByTestId("compare-table").waitFor();
    await expectNoViolations(lt, "controlling (all providers)");
    await lt.getByRole("tab", { name: "Zahlen melden" }).click();
    await lt.getByRole("tabpanel").waitFor();
    await expectNoViolations(lt, "controlling (funder, figures tab)");
    await funder.close();
  });

  it("has no axe violations on the talks page with the schedule form and in the meeting mode", async () => {
    const funder = await logInAs("sozialamt@demo.test");
    const page = funder.app.page;
    await funder.app.openScorecard(/Beispiel e\.V\./);
    const scorecardId = scorecardIdOf(page);
    const me = (await (await page.request.get(`${env.server.url}/api/me`)).json()) as { id: string };
    const created = await page.request.post(`${env.server.url}/api/talks`, {
      data: { scorecardId, startsAt: `${dayIn(40)}T10:00`, place: "Sozialamt, Raum 2.14", participants: [{ userId: me.id }] },
    });
    expect(created.status()).toBe(201);
    const talk = (await created.json()) as { id: string };

    await page.goto(`${env.server.url}/talks`);
    await page.locator(".talk-card").first().waitFor();
    await expectNoViolations(page, "talks");
    await page.getByRole("button", { name: "Neues Gespräch planen" }).click();
    await page.locator("form.schedule-form").waitFor();
    await expectNoViolations(page, "talks (schedule form)");
    const card = page.locator(".talk-card", { has: page.getByRole("button", { name: "Verschieben" }) }).first();
    await card.getByRole("button", { name: "Verschieben" }).click();
    const reschedule = page.getByRole("dialog", { name: /^Gespräch am .+ verschieben$/ });
    await reschedule.getByLabel("Datum").waitFor();
    await expectNoViolations(page, "talks (reschedule dialog)");
    await page.keyboard.press("Escape");
    await reschedule.waitFor({ state: "detached" });
    await card.getByRole("button", { name: "Absagen" }).click();
    const cancel = page.getByRole("dialog", { name: /^Gespräch am .+ absagen\?$/ });
    await cancel.getByRole("button", { name: "Abbrechen" }).waitFor();
    await expectNoViolations(page, "talks (cancel dialog)");
    await cancel.getByRole("button", { name: "Abbrechen" }).click();
    await cancel.waitFor({ state: "detached" });

    expect((await page.request.post(`${env.server.url}/api/talks/${talk.id}/start`)).status()).toBe(200);
    await page.goto(`${env.server.url}/talks/${talk.id}/meeting`);
    await funder.app.editor.waitFor();
    await page.locator(".meeting-panel").getByText("Zustand: läuft").waitFor();
    await expectNoViolations(page, "meeting mode");
    await funder.close();
  });

  it("has no axe violations in English", async () => {
    const funder = await logInAs("sozialamt@demo.test");
    await funder.app.page.getByLabel("Sprache").selectOption("en");
    await funder.app.page.getByRole("heading", { name: "Your scorecards" }).waitFor();
    await expectNoViolations(funder.app.page, "list (English)");
    await funder.app.openScorecard(/Beispiel e\.V\./);
    await expectNoViolations(funder.app.page, "editor (English)");
    await funder.app.page.getByLabel("Language").selectOption("de");
    await funder.close();
  });

  it("logs in, opens a scorecard, inserts a measure and sets its status by keyboard alone, with the focus always visible", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const page = app.page;
    const steps: { step: string; element: string; visible: boolean }[] = [];
    async function recordFocus(step: string): Promise<void> {
      steps.push({ step, ...(await focusIsVisible(page)) });
    }
    /** Presses Tab until the focused element matches, recording the focus on the way. */
    async function tabTo(step: string, matches: (element: Element) => boolean, limit = 60): Promise<void> {
      for (let presses = 0; presses < limit; presses++) {
        await page.keyboard.press("Tab");
        await recordFocus(`${step} (Tab ${presses + 1})`);
        if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
      }
      throw new Error(`${step}: not reached with ${limit} presses of Tab`);
    }

    await page.goto(env.server.url);
    await page.getByLabel("E-Mail").waitFor();
    await tabTo("e-mail field", (element) => element.getAttribute("name") === "email");
    await page.keyboard.type("anbieter-a@demo.test");
    await tabTo("password field", (element) => element.getAttribute("name") === "password");
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Ihre Scorecards" }).waitFor();

    await tabTo("scorecard link", (element) => element.tagName === "A" && element.closest(".scorecard-list") !== null && /Beispiel e\.V\./.test(element.textContent ?? ""));
    await page.keyboard.press("Enter");
    await app.editor.waitFor();
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();

    await tabTo("document", (element) => element.classList.contains("scorecard-prose"));
    await page.keyboard.press("Control+Alt+m");
    const measure = await newMeasure(page);
    await tabTo("status of the new measure", (element) => {
      const labels = (element as HTMLSelectElement).labels;
      const title = element.closest(".measure-block")?.querySelector<HTMLInputElement>("input.measure-title");
      return element.tagName === "SELECT" && title?.value === "" && labels !== null && labels[0]?.textContent === "Status";
    });
    const status = measure.getByLabel("Status", { exact: true });
    expect(await status.evaluate((element) => element === document.activeElement)).toBe(true);
    const oldStatus = await status.inputValue();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => status.inputValue()).not.toBe(oldStatus);
    await app.waitUntilSaved();

    expect(steps.filter((step) => !step.visible)).toEqual([]);
    await context.close();
  });

  it("names the person behind every caret and colour: caret labels, the presence list, traffic lights in words", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-b@demo.test", /Weser-Wohnverbund/);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Weser-Wohnverbund/);
    // The presence list names each person, not only a colour.
    for (const app of [provider.app, funder.app]) {
      const presence = app.page.getByTestId("presence-list");
      await expect.poll(() => presence.innerText()).toContain("Berta Anbieter-B");
      await expect.poll(() => presence.innerText()).toContain("Sabine Sozialamt");
    }
    // The funder's caret in the provider's editor carries the funder's name as text.
    await funder.app.selectWord(funder.app.editor.locator(":scope > p").first(), "zugleich");
    // An earlier test's session of the funder may linger in the room's awareness for a while.
    const caret = provider.app.editor.locator(".collaboration-carets__caret", { hasText: "Sabine Sozialamt" }).last();
    await caret.waitFor();
    expect(await caret.locator(".collaboration-carets__label").textContent()).toBe("Sabine Sozialamt");
    await expectNoViolations(provider.app.page, "editor (another person's caret)");

    // A traffic light says its colour in words next to its icon: in the measure's line (to
    // screen readers and as a tooltip), in its card and in the overview.
    const measure = await insertMeasure(provider.app, "Ampel in Worten", "Ressourcen im Blick");
    await measure.getByLabel("Ampel", { exact: true }).selectOption("red");
    await expect.poll(() => measure.getByLabel("Ampel", { exact: true }).locator("option:checked").textContent()).toMatch(/\p{L}{3,}/u);
    await expect.poll(() => measure.locator(".measure-summary .traffic-light").textContent()).toMatch(/Ampel: \p{L}{3,}/u);
    const row = provider.app.page.locator(".measure-overview tr[data-measure-id]", { hasText: "Ampel in Worten" });
    await expect.poll(() => row.locator(".traffic-light").innerText()).toMatch(/\p{L}{3,}/u);
    await expectNoViolations(provider.app.page, "editor (red traffic light)");
    await funder.context.close();
    await provider.context.close();
  });
});
