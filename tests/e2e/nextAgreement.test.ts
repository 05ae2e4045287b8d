import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { AgreementVersion, NextAgreementDraftAnswer } from "../../shared/domain/figures";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import { budgetEffect } from "../../shared/kpi/nextAgreement";
import { formatCents } from "../../shared/format/germanNumbers";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const EXAMPLE = resolve(import.meta.dirname, "../fixtures/kpi-example");
const HAUS_A = "Besondere Wohnform Haus A";
/** 2023 and 2024 of Haus A, so that 2025 is the third year of a trend (see tests/integration/nextAgreement.test.ts). */
const FIGURES_EARLIER = [
  "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays",
  `2023-06,${HAUS_A},1,local,0,,1,30`,
  `2023-06,${HAUS_A},3,local,0,,10,300`,
  `2024-03,${HAUS_A},1,local,0,,1,31`,
  `2024-03,${HAUS_A},3,local,0,,9,279`,
  `2024-09,${HAUS_A},1,local,0,,2,60`,
  `2024-09,${HAUS_A},3,local,0,,9,270`,
].join("\n");

const env = useE2eEnvironment();

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder, for looking at the page. */
async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage });
}

/** The 2025 agreement of provider A (funder) and three years of its figures (provider), over the API. */
async function storeAgreementAndFigures(): Promise<{ providerId: string; funder: string }> {
  const base = env.server.url;
  const funder = await login(base, "sozialamt@demo.test", TEST_PASSWORD);
  const provider = await login(base, "anbieter-a@demo.test", TEST_PASSWORD);
  const providers = (await (await fetch(`${base}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  const providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  const agreementText = readFileSync(resolve(EXAMPLE, "agreement-2025.json"), "utf8");
  const saved = await fetch(`${base}/api/providers/${providerId}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Vereinbarung 2025 unterzeichnet", agreementText }),
  });
  expect(saved.status).toBe(200);
  for (const [name, csv] of [
    ["figures-2023-2024.csv", FIGURES_EARLIER],
    ["figures-2025.csv", readFileSync(resolve(EXAMPLE, "figures-2025.csv"), "utf8")],
  ]) {
    const form = new FormData();
    form.set("file", new File([csv!], name!));
    form.set("subject", "figures");
    const uploaded = await fetch(`${base}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie: provider }, body: form });
    expect(uploaded.status).toBe(200);
  }
  return { providerId, funder };
}

/** Opens the agreement tab of 2025 and the draft for 2026. */
async function openDraft(app: SteuerradPage, pickProvider: boolean): Promise<Page> {
  const page = app.page;
  await page.goto(`${app.baseUrl}/controlling`);
  await page.getByRole("tab", { name: "Kennzahlen" }).waitFor();
  if (pickProvider) await page.getByLabel("Leistungserbringer", { exact: true }).selectOption({ label: "Beispiel e.V. (Demo)" });
  await page.getByLabel("Jahr", { exact: true }).selectOption("2025");
  await page.getByRole("tab", { name: "Budgetvereinbarung" }).click();
  await page.getByRole("button", { name: "Vereinbarung für 2026 vorbereiten" }).click();
  await page.getByTestId("next-effect-summary").getByText("Jahresbudget 2026").waitFor();
  return page;
}

describe("the next agreement in the browser", () => {
  it("the funder opens the draft from the figures, changes a number, sees the budget effect follow and saves it as 2026; the provider downloads it as a proposal", async () => {
    const { providerId, funder: funderCookie } = await storeAgreementAndFigures();
    const draft = (await (await fetch(`${env.server.url}/api/providers/${providerId}/agreements/2025/next-draft`, { headers: { cookie: funderCookie } })).json()) as NextAgreementDraftAnswer;

    const funder = await SteuerradPage.open(env.browser, env.server.url);
    await funder.app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const lt = await openDraft(funder.app, true);
    const cases = lt.getByLabel(`${HAUS_A}, HBG 3: Mengengerüst 2026`);
    // 10, 9, 7.75 in 2023–2025 → 6.67 in 2026, beside the means of each year and the 2025 value.
    expect(await cases.inputValue()).toBe("6,67");
    const row = lt.getByTestId("next-offer-0").locator('tr[data-group="3"]');
    const rowText = await row.innerText();
    expect(rowText).toContain("10,00");
    expect(rowText).toContain("7,75");
    expect(rowText).toContain("Trend über 3 Jahre");
    const annual = lt.getByTestId("next-effect-annual-draft");
    expect(await annual.innerText()).toBe(formatCents(budgetEffect(draft.agreement).annualBudgetCents));
    await screenshot(lt, "next-agreement-funder-draft");

    // One number changed: the annual budget and its difference follow while typing.
    await cases.fill("9");
    const changed: BudgetAgreement = {
      ...draft.agreement,
      offers: draft.agreement.offers.map((offer) => (offer.name === HAUS_A ? { ...offer, groups: offer.groups.map((g) => (g.needGroup === 3 ? { ...g, budgetedCases: 9 } : g)) } : offer)),
    };
    const expected = formatCents(budgetEffect(changed).annualBudgetCents);
    await lt.getByTestId("next-effect-annual-draft").getByText(expected, { exact: true }).waitFor();
    expect(budgetEffect(changed).annualBudgetCents).not.toBe(budgetEffect(draft.agreement).annualBudgetCents);
    expect(await row.innerText()).toContain("geändert (aus den Zahlen: 6,67)");
    expect(await lt.getByTestId("next-effect-summary").innerText()).toContain(expected);
    await screenshot(lt, "next-agreement-funder-changed");
    expect(await findAxeViolations(lt), "draft of the next agreement").toEqual([]);
    // What the funder sees while typing: the budget effect stays above the numbers.
    await lt.getByTestId("next-offer-1").scrollIntoViewIfNeeded();
    await screenshot(lt, "next-agreement-funder-typing", false);

    // Saved as the 2026 agreement, with a reason, through the versioned agreement route.
    const next = lt.getByTestId("next-agreement");
    await next.getByLabel(/Begründung der Änderung/).fill("Vereinbarung 2026 aus dem Trend, Haus A HBG 3 mit 9 Fällen");
    await next.getByRole("button", { name: "Als Vereinbarung 2026 speichern" }).click();
    await next.getByText("Version 1 der Vereinbarung 2026 gespeichert.").waitFor();
    const stored = (await (await fetch(`${env.server.url}/api/providers/${providerId}/agreements`, { headers: { cookie: funderCookie } })).json()) as AgreementVersion[];
    const v2026 = stored.find((a) => a.year === 2026);
    expect(v2026).toMatchObject({ version: 1, reason: "Vereinbarung 2026 aus dem Trend, Haus A HBG 3 mit 9 Fällen", createdBy: "Sabine Sozialamt" });
    expect(v2026?.agreement).toEqual(changed);

    // The provider prepares the same draft, cannot save it, and downloads it as a proposal.
    const provider = await SteuerradPage.open(env.browser, env.server.url);
    await provider.app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const le = await openDraft(provider.app, false);
    const proposal = le.getByTestId("next-agreement");
    await proposal.getByText("Für 2026 ist bereits Version 1 gespeichert.").waitFor();
    expect(await proposal.getByRole("button", { name: "Als Vereinbarung 2026 speichern" }).count()).toBe(0);
    await proposal.getByRole("heading", { name: "Als Vorschlag senden" }).waitFor();
    await le.getByLabel(`${HAUS_A}: Plätze 2026`).fill("26");
    await screenshot(le, "next-agreement-provider");
    const [download] = await Promise.all([le.waitForEvent("download"), proposal.getByRole("button", { name: "Entwurf herunterladen" }).click()]);
    expect(download.suggestedFilename()).toBe("vereinbarung-2026-entwurf.json");
    const file = JSON.parse(readFileSync((await download.path())!, "utf8")) as BudgetAgreement;
    expect(file).toMatchObject({ year: 2026, baseYear: 2025, offers: [{ name: HAUS_A, places: 26 }, { name: "Ambulant betreutes Wohnen" }] });
    expect(file.offers[0]?.groups[2]?.budgetedCases).toBe(6.67);

    await funder.context.close();
    await provider.context.close();
  });
});
