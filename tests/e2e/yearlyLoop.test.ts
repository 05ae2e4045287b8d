/**
 * The year of a provider in one run, as funder and provider do it in two browsers (issue
 * 16, "Done"): the funder enters the 2025 agreement with its budget starting in April; the
 * provider reports January–June; the dashboard counts April–June against the budget and
 * nothing before; the year-end reconciliation shows a provisional under-run beyond the
 * tolerance; in a running steering talk the funder proposes "offset 60 % by a measure,
 * repay 40 %", the provider confirms, and both see the same decision; the talk is closed
 * and its minutes PDF carries the decision.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatCents } from "../../shared/format/germanNumbers";
import { pdfPages } from "../../server/exports/testSupport";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { SteuerradPage, scorecardIdOf, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

const EXAMPLE = resolve(import.meta.dirname, "../fixtures/kpi-example");
const PROVIDER = "Beispiel e.V. (Demo)";
const MEASURE = "Peer-Beratung im Quartier";
const NBSP = "\u00a0";

/**
 * What the engine makes of the agreement from April and the figures of January–June
 * (`npm run kpi -- --reconcile 2025` on the same files): the budget of April–December
 * against the value of April–June, 5 % tolerance (the green corridor) and the part beyond
 * it as the proposal.
 */
const BUDGET = 145_607_000;
const VALUE = 47_208_110;
const TOLERANCE = 7_280_350;
const PROPOSAL = 91_118_540;
const OFFSET = Math.round(PROPOSAL * 0.6);
const REPAY = PROPOSAL - OFFSET;

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder, for looking at the page. */
async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `yearly-${name}.png`), fullPage });
}

/** A day some weeks ahead as YYYY-MM-DD in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The example figures of January–June 2025 as a CSV file. */
function figuresJanuaryToJune(): Buffer {
  const [header, ...rows] = readFileSync(resolve(EXAMPLE, "figures-2025.csv"), "utf8").trim().split("\n");
  const kept = rows.filter((row) => /^2025-0[1-6],/.test(row));
  return Buffer.from([header, ...kept].join("\n") + "\n");
}

/** Opens the controlling page for 2025 and waits for its tabs; the funder picks provider A. */
async function openControlling(app: SteuerradPage, pickProvider: boolean): Promise<Page> {
  const page = app.page;
  await page.goto(`${app.baseUrl}/controlling`);
  await page.getByRole("tab", { name: "Kennzahlen" }).waitFor();
  if (pickProvider) await page.getByLabel("Leistungserbringer", { exact: true }).selectOption({ label: PROVIDER });
  await page.getByLabel("Jahr", { exact: true }).selectOption("2025");
  return page;
}

/** Opens the tab "Jahresabgleich" for 2025 alone and waits for the proposed amount. */
async function openReconciliation(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Jahresabgleich" }).click();
  await page.getByLabel("Bis Jahr").selectOption("2025");
  await page.getByLabel("Anzahl Jahre").selectOption("1");
  await page.getByRole("heading", { name: /^Jahresabgleich 2025/ }).waitFor();
  await page.getByTestId("proposal-amount").waitFor();
}

describe("a provider's year in two browsers", () => {
  it("agreement from April, figures January–June, dashboard and reconciliation, a decision in the running talk, and the minutes PDF", async () => {
    const funder = await SteuerradPage.open(env.browser, env.server.url);
    await funder.app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const provider = await SteuerradPage.open(env.browser, env.server.url);
    await provider.app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const lt = funder.app.page;
    const le = provider.app.page;

    // The funder uploads the 2025 agreement and sets its budget start to April in the form.
    await openControlling(funder.app, true);
    await lt.getByRole("tab", { name: "Budgetvereinbarung" }).click();
    const upload = lt.getByRole("region", { name: "Vereinbarung als JSON-Datei hochladen" });
    await upload.getByLabel("JSON-Datei der Vereinbarung").setInputFiles(resolve(EXAMPLE, "agreement-2025.json"));
    // One reason for the whole agreement tab, above the upload and the form.
    await lt.getByLabel(/Begründung der Änderung/).fill("Budgetvereinbarung 2025 unterzeichnet");
    await upload.getByRole("button", { name: "Vereinbarung hochladen" }).click();
    await lt.getByText("Version 1 der Vereinbarung 2025 gespeichert.").waitFor();
    const form = lt.getByRole("region", { name: "Vereinbarung 2025 bearbeiten" });
    const startMonth = form.getByLabel("Budgetbeginn (Monat)");
    expect(await startMonth.locator("option:checked").innerText()).toBe("Januar 2025");
    await startMonth.selectOption({ label: "April 2025" });
    await lt.getByLabel(/Begründung der Änderung/).fill("Das Angebot startet erst im April; Budget ab April");
    await form.getByRole("button", { name: "Vereinbarung 2025 speichern" }).click();
    await lt.getByText("Version 2 der Vereinbarung 2025 gespeichert.").waitFor();
    await lt.getByTestId("agreement-history").getByText("Das Angebot startet erst im April; Budget ab April").waitFor();
    expect(await lt.getByTestId("agreement-view").innerText()).toContain("ab April 2025");
    await screenshot(lt, "1-funder-agreement");

    // The provider reports January–June by uploading a CSV.
    await openControlling(provider.app, false);
    await le.getByRole("tab", { name: "Zahlen melden" }).click();
    const figures = le.getByRole("region", { name: "Datei hochladen" });
    await figures.getByLabel("Belegungszahlen (Fälle und Belegungstage)").check();
    await figures.getByLabel("Datei (CSV oder Excel)").setInputFiles({ name: "zahlen-2025-01-bis-06.csv", mimeType: "text/csv", buffer: figuresJanuaryToJune() });
    await figures.getByRole("button", { name: "Hochladen" }).click();
    await figures
      .getByTestId("save-outcome")
      .getByText(/Gespeichert: 90 Zeilen Belegungszahlen/)
      .waitFor();
    await le.locator('[data-testid="month-table"] tr[data-month="2025-06"][data-reported="true"]').waitFor();
    expect(await le.locator('[data-testid="month-table"] tr[data-month="2025-07"]').getAttribute("data-reported")).toBe("false");
    await screenshot(le, "2-provider-figures");

    // The dashboard: Q1 lies before the budget start, Q2 is against the budget.
    await le.getByRole("tab", { name: "Kennzahlen" }).click();
    await le.getByLabel("Art", { exact: true }).selectOption("quarter");
    await le.getByLabel("Quartal", { exact: true }).selectOption("1");
    const beforeStart = le.getByTestId("before-budget-start");
    await beforeStart.waitFor();
    expect(await beforeStart.innerText()).toContain("2025-Q1: vor Budgetbeginn (2025-04)");
    expect(await le.getByTestId("kpi-card-value").count()).toBe(0);
    await screenshot(le, "3-provider-dashboard-q1");
    await le.getByLabel("Quartal", { exact: true }).selectOption("2");
    await le.getByRole("heading", { name: "Kennzahlen 2025-Q2" }).waitFor();
    const value = await le.getByTestId("kpi-card-value").innerText();
    expect(value).toContain(formatCents(VALUE));
    expect(value).toContain(`481.826,80${NBSP}€`);
    expect(value).toContain("unter Budget");
    expect(await le.getByTestId("unreported-months").count()).toBe(0);
    // The instalments: nothing for January–March, December takes the remainder.
    const budgetCard = le.getByTestId("kpi-card-budget");
    expect(await budgetCard.locator(".kpi-card-value").innerText()).toBe(formatCents(BUDGET));
    await budgetCard.getByText("Abschlagsplan (12 Monatsraten)").click();
    const instalments = await budgetCard.locator("tbody td").allInnerTexts();
    expect(instalments).toEqual([...Array(3).fill(`0,00${NBSP}€`), ...Array(8).fill(`161.785,55${NBSP}€`), `161.785,60${NBSP}€`]);
    const months = await budgetCard.locator("tbody th").allInnerTexts();
    expect([months[0], months[3], months[11]]).toEqual(["Januar", "April", "Dezember"]);
    await screenshot(le, "4-provider-dashboard-q2");
    // The year: only months from April on can be missing.
    await le.getByLabel("Art", { exact: true }).selectOption("year");
    await le.getByRole("heading", { name: "Kennzahlen 2025", exact: true }).waitFor();
    const unreported = await le.getByTestId("unreported-months").locator("li").allInnerTexts();
    expect(unreported.join(" ")).toMatch(/2025-07.*2025-12/);
    expect(unreported).toHaveLength(6);

    // The year-end reconciliation, on both sides: a provisional under-run beyond the tolerance.
    for (const page of [le, lt]) {
      await openReconciliation(page);
      await page.getByTestId("provisional-badge").getByText("vorläufig").waitFor();
      const missing = await page.getByTestId("provisional-months").innerText();
      expect(missing).toContain("2025-07, 2025-08, 2025-09, 2025-10, 2025-11, 2025-12");
      expect(missing).not.toContain("2025-03");
      const table = await page.getByTestId("reconcile-table").innerText();
      for (const amount of [formatCents(BUDGET), formatCents(VALUE), formatCents(VALUE - BUDGET, true)]) expect(table).toContain(amount);
      const summary = await page.getByTestId("settlement-summary").innerText();
      expect(summary).toContain("Unterschreitung");
      expect(summary).toContain(formatCents(TOLERANCE));
      expect(await page.getByTestId("proposal-amount").innerText()).toContain(formatCents(PROPOSAL));
      expect(await page.getByTestId("settlement-provisional").innerText()).toContain("Vorläufig: 6 Monate ohne Zahlen zählen als nicht erbracht");
    }
    await screenshot(le, "5-provider-reconciliation");

    // The provider's scorecard gets the measure that will offset part of it.
    await le.goto(`${provider.app.baseUrl}/`);
    await provider.app.openScorecard(/Beispiel e\.V\./);
    const scorecardId = scorecardIdOf(le);
    await provider.app.clickBelowGoal("Zusammenarbeiten");
    await le.locator(".toolbar").getByRole("button", { name: "+ Maßnahme" }).click();
    await le.locator(".measure-block").first().getByLabel("Titel der Maßnahme").fill(MEASURE);
    await provider.app.waitUntilSaved();

    // The funder schedules the steering talk with the provider and starts it.
    const talkDay = berlinDayIn(35);
    await lt.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).click();
    await lt.getByRole("button", { name: "Neues Gespräch planen" }).click();
    const schedule = lt.locator("form.schedule-form");
    await schedule.getByLabel("Scorecard").selectOption(scorecardId);
    await schedule.getByLabel("Datum").fill(talkDay);
    await schedule.getByLabel("Beginn (Uhrzeit in Deutschland)").fill("10:00");
    await schedule.getByLabel("Ort", { exact: true }).fill("Sozialamt, Raum 2.14");
    await schedule
      .getByRole("list", { name: "Personen mit Zugang (zum Einladen ankreuzen)" })
      .getByRole("checkbox", { name: /Anton Anbieter-A/ })
      .check();
    await schedule.getByRole("button", { name: "Gespräch planen" }).click();
    const card = lt.locator(`.talk-card[data-state="scheduled"]`);
    await card.waitFor();
    const talkId = await card.getAttribute("data-talk-id");
    await card.getByRole("link", { name: "Gesprächsmodus öffnen" }).click();
    const panel = lt.locator(".meeting-panel");
    await panel.getByRole("button", { name: "Gespräch beginnen" }).click();
    await panel.getByText("Zustand: läuft").waitFor();

    // During the talk the funder proposes: 40 % repaid, 60 % offset by the measure; the sum is checked live.
    await openControlling(funder.app, true);
    await openReconciliation(lt);
    const proposal = lt.getByTestId("settlement-form-propose");
    // The whole proposal is prefilled as repayment, for the two sides to split.
    expect(await proposal.getByLabel("Rückzahlung (€)").inputValue()).toBe("911185,40");
    await proposal.getByLabel("Rückzahlung (€)").fill(formatCents(REPAY).replace(`${NBSP}€`, ""));
    await expect.poll(() => proposal.getByTestId("settlement-sum").innerText()).toContain("weicht um");
    await proposal.getByRole("button", { name: "+ Maßnahme hinzufügen" }).click();
    const measureChoice = proposal.getByLabel("Maßnahme 1", { exact: true });
    const measureValue = await measureChoice.locator("option", { hasText: MEASURE }).getAttribute("value");
    await measureChoice.selectOption(measureValue!);
    await proposal.getByLabel("Wert der Maßnahme 1 (€)").fill(formatCents(OFFSET).replace(`${NBSP}€`, ""));
    await expect.poll(() => proposal.getByTestId("settlement-sum").innerText()).toContain("ergibt den vorgeschlagenen Betrag");
    expect(await findAxeViolations(lt), "the proposal on provisional figures").toEqual([]);
    await screenshot(lt, "6-funder-proposal");
    await proposal.getByRole("button", { name: "Vorschlag speichern" }).click();
    const funderDecision = lt.getByTestId("settlement-decision");
    await funderDecision.waitFor();
    expect(await funderDecision.getAttribute("data-state")).toBe("proposed");
    await funderDecision.getByRole("button", { name: "Bestätigen als Leistungsträger" }).click();
    await funderDecision.locator('dd[data-side="funder"][data-confirmed="true"]').waitFor();

    // The provider finds the proposal with the funder's confirmation and confirms it.
    await openControlling(provider.app, false);
    await openReconciliation(le);
    const providerDecision = le.getByTestId("settlement-decision");
    await providerDecision.locator('dd[data-side="funder"][data-confirmed="true"]').waitFor();
    expect(await providerDecision.getByTestId("decision-provisional").innerText()).toContain("Vorschlag auf vorläufigen Zahlen: nicht gemeldet 2025-07");
    await screenshot(le, "7-provider-before-confirming");
    await providerDecision.getByRole("button", { name: "Bestätigen als Leistungserbringer" }).click();
    await le.locator('[data-testid="settlement-decision"][data-state="confirmed"]').waitFor();

    // Both see the same confirmed decision, made in the running talk: the funder's page, waiting
    // for the other side, shows the confirmation without being loaded again.
    await lt.locator('[data-testid="settlement-decision"][data-state="confirmed"]').waitFor();
    const funderText = await lt.getByTestId("settlement-decision").innerText();
    expect(await le.getByTestId("settlement-decision").innerText()).toBe(funderText);
    for (const expected of [formatCents(REPAY), formatCents(OFFSET), formatCents(PROPOSAL), MEASURE, "Sabine Sozialamt", "Anton Anbieter-A"]) {
      expect(funderText).toContain(expected);
    }
    // The talk as planned, in German time whatever the browser's time zone (here UTC), and that it rested on provisional figures.
    expect(funderText).toContain(`Entschieden im Steuerungsgespräch am ${talkDay.split("-").reverse().join(".")} um 10:00 Uhr`);
    expect(await lt.getByTestId("decision-provisional").innerText()).toContain("Entschieden auf vorläufigen Zahlen: nicht gemeldet waren 2025-07, 2025-08");
    expect(await lt.getByRole("button", { name: /^Bestätigen/ }).count()).toBe(0);
    expect(await le.getByRole("button", { name: /^Bestätigen/ }).count()).toBe(0);
    expect(await findAxeViolations(lt), "the confirmed decision").toEqual([]);
    await screenshot(lt, "8-funder-confirmed");
    await screenshot(le, "8-provider-confirmed");

    // The funder closes the talk; the minutes version is frozen.
    await lt.goto(`${funder.app.baseUrl}/talks/${talkId}/meeting`);
    await panel.getByText("Zustand: läuft").waitFor();
    await panel.getByRole("button", { name: "Gespräch abschließen" }).click();
    const closeDialog = lt.getByRole("dialog", { name: "Gespräch abschließen?" });
    await closeDialog.getByRole("button", { name: "Abschließen und Protokoll versenden" }).click();
    await closeDialog.waitFor({ state: "detached" });
    await panel.getByTestId("meeting-closed").waitFor();
    const minutesHref = await panel.getByRole("link", { name: "Protokoll-Version öffnen" }).getAttribute("href");
    const versionId = new RegExp(`^/scorecards/${scorecardId}/versions/(\\d+)$`).exec(minutesHref ?? "")?.[1];
    expect(versionId, `minutes link ${minutesHref}`).toBeDefined();
    await screenshot(lt, "9-funder-talk-closed", false);

    // The minutes PDF, as the provider downloads it, carries the decision.
    const download = await provider.context.request.get(`${env.server.url}/api/scorecards/${scorecardId}/export.pdf?version=${versionId}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    const pdf = await download.body();
    if (process.env.E2E_SCREENSHOT_DIR) writeFileSync(join(process.env.E2E_SCREENSHOT_DIR, "yearly-minutes.pdf"), pdf);
    // Lines of the PDF may wrap anywhere; no-break spaces come back as plain spaces.
    const text = (await pdfPages(pdf)).join(" ").replace(/\s+/g, " ");
    const plain = (cents: number, signed = false) => formatCents(cents, signed).replaceAll(NBSP, " ");
    for (const expected of [
      "Protokoll",
      "Entscheidung zum Jahresabgleich 2025",
      "Zeitraum 2025 (vorläufig: nicht gemeldet 2025-07, 2025-08, 2025-09, 2025-10, 2025-11, 2025-12)",
      "Ergebnis Unterschreitung über die Toleranz hinaus (vorläufig)",
      `Über die Toleranz hinaus ${plain(PROPOSAL)}`,
      `Vorgeschlagener Betrag ${plain(PROPOSAL)} (Rückzahlung des Teils über der Toleranz)`,
      "Personal nicht gemeldet (Soll 21,50 VK)",
      `Rückzahlung ${plain(REPAY)}`,
      `${MEASURE}: ${plain(OFFSET)}`,
      plain(VALUE - BUDGET, true),
      "Leistungsträger: Sabine Sozialamt",
      "Leistungserbringer: Anton Anbieter-A",
    ]) {
      expect(text).toContain(expected);
    }

    await funder.context.close();
    await provider.context.close();
  });
});
