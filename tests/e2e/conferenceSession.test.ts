/**
 * A session (Sitzung) of the Sozialraumkonferenz in the browser: the funder plans it on
 * the conference's scorecard (the form says "Sitzung", prefills the session's agenda as
 * TOP 1, TOP 2, … and warns of short notice before saving), circulates it, runs and closes
 * it in meeting mode; the mails in the outbox say "Sitzung der Sozialraumkonferenz". A
 * provider's editor sees the same session in the same words. With E2E_SCREENSHOT_DIR set,
 * the form, the card and the meeting page are saved as pictures.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SESSION_AGENDA } from "../../shared/domain/meetingWords";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

/** A day ahead as YYYY-MM-DD, in calendar days from today in Europe/Berlin. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder, for looking at the texts. */
async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

describe("a session of the conference", () => {
  it("is planned, circulated, run and closed as a Sitzung with numbered TOPs, and a provider sees it the same way", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Sozialraumkonferenz/);
    const page = funder.app.page;
    await page.locator(".scorecard-bar").getByRole("link", { name: "Gespräche" }).click();
    await page.getByRole("heading", { name: /^Sitzungen: BSC Sozialraumkonferenz/ }).waitFor();

    // The form speaks of a session, with its usual agenda numbered TOP 1, TOP 2, …
    await page.getByRole("button", { name: "Neue Sitzung planen" }).click();
    const form = page.locator("form.schedule-form");
    await form.getByRole("heading", { name: "Sitzung planen" }).waitFor();
    expect(await form.getByLabel("TOP 1", { exact: true }).inputValue()).toBe(SESSION_AGENDA[0].title);
    expect(await form.getByLabel("TOP 6", { exact: true }).inputValue()).toBe(SESSION_AGENDA[5].title);
    expect(await form.getByLabel("Meldefrist: Tage vor dem Termin").count()).toBe(0);
    // Less than two weeks ahead is warned about before saving.
    await form.getByLabel("Datum").fill(berlinDayIn(5));
    await form.getByTestId("short-notice").waitFor();
    expect(await form.getByTestId("short-notice").textContent()).toContain("Weniger als 14 Tage Vorlauf (Mindestfrist der Konferenz). Der Vorabversand geht sofort nach dem Anlegen raus.");
    await form.getByLabel("Datum").fill(berlinDayIn(30));
    expect(await form.getByTestId("short-notice").count()).toBe(0);
    await form.getByLabel("Beginn (Uhrzeit in Deutschland)").fill("10:00");
    await form.getByLabel("Ort", { exact: true }).fill("Stadthaus 1, Raum 237");
    await form
      .getByRole("list", { name: "Personen mit Zugang (zum Einladen ankreuzen)" })
      .getByRole("checkbox", { name: /Anton Anbieter-A/ })
      .check();
    expect(await findAxeViolations(page), "schedule form of a session").toEqual([]);
    await screenshot(page, "session-schedule-form");
    await form.getByRole("button", { name: "Sitzung planen" }).click();
    await page.getByText(/^Die Sitzung am .+ um 10:00 Uhr ist geplant\./).waitFor();

    // The card: named as a session, its agenda as TOPs, no reporting deadline (the conference reports no figures).
    const card = page.locator(".talk-card[data-state='scheduled']");
    await card.waitFor();
    const talkId = (await card.getAttribute("data-talk-id"))!;
    expect(await card.getByRole("heading").textContent()).toMatch(/, 10:00 Uhr – Sitzung der Sozialraumkonferenz$/);
    expect(await card.getByTestId("session-agenda").locator("li").first().textContent()).toBe(`TOP 1 ${SESSION_AGENDA[0].title}`);
    expect(await card.textContent()).toContain("Sozialraumkonferenz (alle Mitglieder)");
    expect(await card.getByTestId("reporting").count()).toBe(0);
    expect(await card.textContent()).not.toContain("Gespräch");
    expect(await findAxeViolations(page), "talks page with a session").toEqual([]);
    await screenshot(page, "session-card");

    // Circulated by hand.
    await card.getByRole("button", { name: "Jetzt vorab versenden" }).click();
    await page.getByRole("dialog", { name: "Jetzt vorab versenden?" }).getByRole("button", { name: "Jetzt versenden" }).click();
    await page.getByText(/^Der Vorabversand für die Sitzung am .+ ist hinausgegangen\./).waitFor();
    const circulationMail = page.locator(".outbox-table tr[data-mail-kind='circulation']");
    await circulationMail.waitFor();
    expect(await circulationMail.textContent()).toMatch(/Vorabversand: Sitzung der Sozialraumkonferenz am \d\d\.\d\d\.\d{4}/);
    expect(await circulationMail.textContent()).toContain("BSC_Sozialraumkonferenz_");

    // Run and closed in meeting mode, which speaks of the session.
    await page.locator(`.talk-card[data-talk-id="${talkId}"]`).getByRole("link", { name: "Sitzungsmodus öffnen" }).click();
    await funder.app.editor.waitFor();
    await page.getByRole("heading", { level: 1, name: /^Sitzung am .+, 10:00 Uhr – Sitzung der Sozialraumkonferenz$/ }).waitFor();
    const panel = page.locator(".meeting-panel");
    await panel.getByRole("button", { name: /(Gespräch|Sitzung) beginnen/ }).click();
    await panel.getByText("Zustand: läuft").waitFor();
    await panel.getByText("Es gibt noch kein Protokoll einer früheren Sitzung zu dieser Scorecard – hier ist nichts zu genehmigen.").waitFor();
    await panel.getByRole("heading", { name: "Protokoll der letzten Sitzung" }).waitFor();
    await panel.getByLabel("Sabine Sozialamt (Leistungsträger)").check();
    await screenshot(page, "session-meeting");
    await panel.getByRole("button", { name: "Sitzung abschließen" }).click();
    const closeDialog = page.getByRole("dialog", { name: "Sitzung abschließen?" });
    expect(await closeDialog.textContent()).toContain("dieser Sitzung");
    await closeDialog.getByRole("button", { name: "Abschließen und Protokoll versenden" }).click();
    await panel.getByText("Die Sitzung ist abgeschlossen.").waitFor();
    await expect.poll(() => panel.getByTestId("meeting-closed").textContent()).toMatch(/Protokoll versandt am/);
    await panel.getByRole("link", { name: "Versandte E-Mails ansehen" }).click();
    const minutesMail = page.locator(".outbox-table tr[data-mail-kind='minutes']");
    await minutesMail.waitFor();
    expect(await minutesMail.textContent()).toMatch(/Protokoll: Sitzung der Sozialraumkonferenz am/);
    expect(await page.locator(".outbox-table").textContent()).not.toContain("Steuerungsgespräch");

    // A provider's editor sees the same session in the same words.
    const provider = await SteuerradPage.open(env.browser, env.server.url);
    await provider.app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const providerPage = provider.app.page;
    await providerPage.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).click();
    const seen = providerPage.locator(`.talk-card[data-talk-id="${talkId}"][data-state="closed"]`);
    await seen.waitFor();
    expect(await seen.getByRole("heading").textContent()).toMatch(/– Sitzung der Sozialraumkonferenz$/);
    expect(await seen.getByTestId("session-agenda").locator("li").nth(1).textContent()).toBe(`TOP 2 ${SESSION_AGENDA[1].title}`);
    await seen.getByRole("link", { name: "Sitzung ansehen" }).click();
    await provider.app.editor.waitFor();
    await providerPage.getByRole("heading", { level: 1, name: /^Sitzung am .+ – Sitzung der Sozialraumkonferenz$/ }).waitFor();
    await providerPage.locator(".meeting-panel").getByText("Die Sitzung ist abgeschlossen.").waitFor();
    await screenshot(providerPage, "session-provider-view");
    await provider.context.close();
    await funder.context.close();
  });
});

describe("a provider's quarterly series at short notice", () => {
  it("warns after saving, plans four dates each on its own card, and shows the reporting deadline", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = funder.app.page;
    await page.locator(".scorecard-bar").getByRole("link", { name: "Gespräche" }).click();
    await page.getByRole("heading", { name: /^Steuerungsgespräche: BSC Beispiel e\.V\./ }).waitFor();
    await page.getByRole("button", { name: "Neues Gespräch planen" }).click();
    const form = page.locator("form.schedule-form");
    expect(await form.getByLabel("Meldefrist: Tage vor dem Termin").inputValue()).toBe("12");
    expect(await form.getByLabel("Punkt 1", { exact: true }).inputValue()).toBe("Genehmigung des Protokolls des letzten Gesprächs");
    await form.getByLabel("Datum").fill(berlinDayIn(13));
    await form.getByTestId("short-notice").waitFor();
    await form.getByLabel("Beginn (Uhrzeit in Deutschland)").fill("09:00");
    await form.getByLabel("Ort", { exact: true }).fill("Beispiel e.V., Haus A");
    await form.getByLabel("Quartalsreihe: die nächsten vier Termine anlegen").check();
    await form.getByText(/Termine: \d\d\.\d\d\.\d{4}, \d\d\.\d\d\.\d{4}, \d\d\.\d\d\.\d{4}, \d\d\.\d\d\.\d{4}/).waitFor();
    await form.getByRole("button", { name: "Gespräch planen" }).click();
    await page.getByText(/^4 Termine der Quartalsreihe sind geplant: /).waitFor();
    expect(await page.getByTestId("talk-warning").textContent()).toContain("Weniger als 14 Tage Vorlauf (Mindestfrist der Konferenz). Der Vorabversand geht sofort nach dem Anlegen raus.");

    const cards = page.locator(".talk-section").first().locator(".talk-card");
    await expect.poll(() => cards.count()).toBe(4);
    expect(await page.getByTestId("series-position").allTextContents()).toEqual(["Termin 1 von 4", "Termin 2 von 4", "Termin 3 von 4", "Termin 4 von 4"]);
    // The first went out at once; its figures are due tomorrow (12 days before) and missing.
    const first = cards.first();
    expect(await first.getAttribute("data-state")).toBe("circulated");
    expect(await first.getByTestId("reporting").getAttribute("data-status")).toBe("missing");
    expect(await first.getByTestId("reporting").textContent()).toMatch(/^Zahlen bis \p{L}+ \d{4} bis zum \d\d\.\d\d\.\d{4} — ⚠ fehlen noch/u);
    expect(await findAxeViolations(page), "talks page with a series and its warning").toEqual([]);
    await screenshot(page, "series-short-notice");
    await funder.context.close();
  });
});
