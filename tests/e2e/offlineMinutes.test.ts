import { describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ roomUnloadDelayMs: 1000 });

/** Rounds of typing while the provider is offline; the reload comes after half of them. */
const ROUNDS = 8;
/** Wall time one round takes at least, so the offline period lasts about two minutes. */
const ROUND_MS = 15_000;

/** Goals the provider writes under, and the funder's; "Zusammenarbeiten" is written by both. */
const PROVIDER_GOALS = ["aktivieren und beteiligen", "Ressourcen im Blick", "Zusammenarbeiten"];
const FUNDER_GOALS = ["Doppelstrukturen vermeiden", "Zusammenarbeiten", "Versorgungslücken"];
/** The measure lives under its own goal, where nobody types sentences. */
const MEASURE_GOAL = "Lobbyarbeit";

const TITLE_BEFORE = "Offline-Maßnahme Personalgewinnung";
const TITLE_OFFLINE = `${TITLE_BEFORE} (offline überarbeitet)`;
const PERSON_ONLINE = "Sabine vom Sozialamt";
const DUE_ONLINE = "2031-03-31";

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/**
 * Puts the caret at the end of the paragraph under a goal: a click there first (as a user
 * does), then to the paragraph's end (the click lands in the middle of a wrapped paragraph).
 * Waits until the editor has the caret there, so typing lands at the end.
 */
async function caretToEndBelowGoal(app: SteuerradPage, goal: string): Promise<void> {
  await app.clickBelowGoal(goal);
  const paragraph = app.editor.locator(`h3:has-text(${JSON.stringify(goal)}) + p`);
  await paragraph.evaluate(async (element) => {
    type Editor = {
      state: { selection: { from: number; to: number }; doc: { resolve(pos: number): { end(): number } } };
      view: { posAtDOM(node: Node, offset: number): number; hasFocus(): boolean };
      commands: { focus(): boolean; setTextSelection(pos: number): boolean };
    };
    const editor = (element.closest(".ProseMirror") as unknown as { editor: Editor }).editor;
    for (let tries = 0; tries < 100; tries++) {
      const end = editor.state.doc.resolve(editor.view.posAtDOM(element, 0)).end();
      const { from, to } = editor.state.selection;
      if (from === end && to === end && editor.view.hasFocus()) return;
      editor.commands.setTextSelection(end);
      editor.commands.focus();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the caret did not move to the end of the paragraph");
  });
}

/** Types a sentence at the end of the paragraph under a goal and waits until it shows. */
async function appendSentence(app: SteuerradPage, goal: string, sentence: string): Promise<void> {
  await caretToEndBelowGoal(app, goal);
  await app.page.keyboard.type(` ${sentence}`);
  await app.editor
    .locator(`h3:has-text(${JSON.stringify(goal)}) + p`)
    .getByText(sentence, { exact: false })
    .waitFor();
}

/** The one measure's block on a page, with its card (the fields) opened. */
async function measureOf(app: SteuerradPage): Promise<Locator> {
  return openMeasure(app.page.locator(".measure-block").first());
}

/** The measure's fields as a page shows them. */
async function measureFields(app: SteuerradPage): Promise<{ title: string; status: string; person: string; due: string }> {
  const block = await measureOf(app);
  return {
    title: await block.getByLabel("Titel der Maßnahme").inputValue(),
    status: await block.getByLabel("Status", { exact: true }).inputValue(),
    person: await block.getByRole("textbox", { name: "Person", exact: true }).inputValue(),
    due: await block.getByLabel("Fällig").inputValue(),
  };
}

/** The editor's document as ProseMirror JSON, the structure behind the text. */
function documentJson(app: SteuerradPage): Promise<string> {
  return app.editor.evaluate((element) => JSON.stringify((element as unknown as { editor: { getJSON(): unknown } }).editor.getJSON()));
}

describe("offline for minutes", () => {
  it("keeps every edit of an offline provider (across an offline reload) and of the online funder", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const providerPage = provider.app.page;
    // The service worker must hold the app shell before the cable is pulled.
    await providerPage.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // A measure both will change, inserted and seen by both while online.
    await provider.app.clickBelowGoal(MEASURE_GOAL);
    await providerPage.keyboard.press("Control+Alt+m");
    await (await measureOf(provider.app)).getByLabel("Titel der Maßnahme").fill(TITLE_BEFORE);
    await expect.poll(async () => (await measureOf(funder.app)).getByLabel("Titel der Maßnahme").inputValue(), { timeout: 30_000 }).toBe(TITLE_BEFORE);
    await provider.app.waitUntilSaved();
    const before = await measureFields(funder.app);
    expect(before.status).toBe("planned");
    const headings = await provider.app.editor.locator("h2, h3").allInnerTexts();

    // The cable is pulled: the browser is offline, the socket closes, the UI says so.
    await provider.context.setOffline(true);
    await providerPage.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    expect(await providerPage.evaluate(() => navigator.onLine)).toBe(false);
    const offlineSince = Date.now();

    const providerSentences: string[] = [];
    const funderSentences: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const roundStarted = Date.now();
      const mine = `Offline-Satz ${round} des Anbieters.`;
      const theirs = `Online-Satz ${round} des Sozialamts.`;
      // Both at once, as two people would; the pages are independent.
      await Promise.all([
        appendSentence(provider.app, PROVIDER_GOALS[round % PROVIDER_GOALS.length], mine).then(() => providerSentences.push(mine)),
        appendSentence(funder.app, FUNDER_GOALS[round % FUNDER_GOALS.length], theirs).then(() => funderSentences.push(theirs)),
      ]);

      if (round === 2) {
        // The provider changes the measure's title offline; the funder the responsible person.
        const title = (await measureOf(provider.app)).getByLabel("Titel der Maßnahme");
        await title.click();
        await title.press("End");
        await title.pressSequentially(" (offline überarbeitet)");
        await expect.poll(() => title.inputValue()).toBe(TITLE_OFFLINE);
        const person = (await measureOf(funder.app)).getByRole("textbox", { name: "Person", exact: true });
        await person.click();
        await person.pressSequentially(PERSON_ONLINE);
        await expect.poll(() => person.inputValue()).toBe(PERSON_ONLINE);
      }

      if (round === ROUNDS / 2) {
        // Reload in the middle, still offline: the app shell from the service worker,
        // the document from the offline copy (IndexedDB), every offline change still there.
        await providerPage.locator('[data-testid="connection-status"][data-save="unsaved"]').waitFor();
        await provider.app.flushOfflineCopy();
        await providerPage.reload();
        await provider.app.editor.waitFor();
        await providerPage.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
        expect(await providerPage.evaluate(() => navigator.onLine)).toBe(false);
        const reloaded = await provider.app.documentText();
        for (const sentence of providerSentences) expect(occurrences(reloaded, sentence), sentence).toBe(1);
        for (const sentence of funderSentences) expect(reloaded).not.toContain(sentence);
        await expect.poll(async () => (await measureOf(provider.app)).getByLabel("Titel der Maßnahme").inputValue()).toBe(TITLE_OFFLINE);
        expect(await provider.app.editor.getAttribute("contenteditable")).toBe("true");
      }

      if (round === ROUNDS / 2 + 1) {
        // After the reload the provider sets the status; the funder the due date.
        await (await measureOf(provider.app)).getByLabel("Status", { exact: true }).selectOption("in_progress");
        await (await measureOf(funder.app)).getByLabel("Fällig").fill(DUE_ONLINE);
        await expect.poll(async () => (await measureOf(funder.app)).getByLabel("Fällig").inputValue()).toBe(DUE_ONLINE);
      }

      // Pacing only: stretches the offline period to about two minutes.
      const left = ROUND_MS - (Date.now() - roundStarted);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }

    // Nothing went through while offline: the funder sees none of it, the provider none of the funder's.
    const funderBefore = await funder.app.documentText();
    for (const sentence of providerSentences) expect(funderBefore).not.toContain(sentence);
    expect(await measureFields(funder.app)).toEqual({ title: TITLE_BEFORE, status: "planned", person: PERSON_ONLINE, due: DUE_ONLINE });
    const providerBefore = await provider.app.documentText();
    for (const sentence of funderSentences) expect(providerBefore).not.toContain(sentence);
    expect(await measureFields(provider.app)).toEqual({ title: TITLE_OFFLINE, status: "in_progress", person: "", due: before.due });
    await funder.app.waitUntilSaved();
    const offlineMs = Date.now() - offlineSince;
    expect(offlineMs).toBeGreaterThanOrEqual(110_000);

    // The cable is back.
    await provider.context.setOffline(false);
    await provider.app.page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 60_000 });
    await provider.app.waitUntilSaved();
    await funder.app.waitUntilSaved();

    const expected = { title: TITLE_OFFLINE, status: "in_progress", person: PERSON_ONLINE, due: DUE_ONLINE };
    const everySentence = [...providerSentences, ...funderSentences];
    expect(everySentence).toHaveLength(2 * ROUNDS);
    await expect.poll(async () => (await provider.app.documentText()) === (await funder.app.documentText()), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => measureFields(provider.app), { timeout: 30_000 }).toEqual(expected);
    await expect.poll(() => measureFields(funder.app), { timeout: 30_000 }).toEqual(expected);
    const merged = await funder.app.documentText();
    for (const sentence of everySentence) expect(occurrences(merged, sentence), sentence).toBe(1);
    expect(await documentJson(provider.app)).toBe(await documentJson(funder.app));
    // Nothing doubled up (an offline copy merged twice would repeat the headings).
    expect(await funder.app.editor.locator("h2, h3").allInnerTexts()).toEqual(headings);
    expect(await funder.app.page.locator(".measure-block").count()).toBe(1);

    // A fresh page (the funder logging in again) gets the same from the server.
    const fresh = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    await fresh.app.page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
    await expect.poll(() => fresh.app.documentText(), { timeout: 30_000 }).toBe(merged);
    await expect.poll(() => measureFields(fresh.app), { timeout: 30_000 }).toEqual(expected);
    expect(await documentJson(fresh.app)).toBe(await documentJson(funder.app));

    await fresh.context.close();
    await provider.context.close();
    await funder.context.close();
  }, 240_000);
});
