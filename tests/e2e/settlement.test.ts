import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import * as Y from "yjs";
import { createMeasure } from "../../shared/document/measures";
import { findAxeViolations } from "./axe";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();
const NBSP = "\u00a0";
const read = (name: string) => readFileSync(new URL(`../fixtures/kpi-example/${name}`, import.meta.url), "utf8");
/** Where the screenshots of both sides go (looked at by hand; not compared). */
export const SCREENSHOT_DIR = tmpdir();

/**
 * The worked example of 2025 for provider A with a 3 % tolerance on the whole shortfall
 * (77.302,90 € proposed), and a measure of its BSC that can offset part of it.
 */
async function seed(): Promise<{ providerId: string; scorecardId: string }> {
  const base = env.server.url;
  const funder = await login(base, "sozialamt@demo.test");
  const provider = await login(base, "anbieter-a@demo.test");
  const providers = (await (await fetch(`${base}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  const providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  const agreement = JSON.stringify({ ...JSON.parse(read("agreement-2025.json")), settlementThresholdPct: 3, settlementBasis: "whole" });
  const saved = await fetch(`${base}/api/providers/${providerId}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Vereinbarung 2025", agreementText: agreement, fileName: "agreement-2025.json" }),
  });
  expect(saved.status).toBe(200);
  for (const [subject, file] of [
    ["figures", "figures-2025.csv"],
    ["staff", "staff-2025.csv"],
  ]) {
    const form = new FormData();
    form.set("file", new File([read(file)], file));
    form.set("subject", subject);
    expect((await fetch(`${base}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie: provider }, body: form })).status).toBe(200);
  }
  const scorecards = (await (await fetch(`${base}/api/scorecards`, { headers: { cookie: funder } })).json()) as { id: string; provider: string | null }[];
  const scorecardId = scorecards.find((s) => s.provider === "Beispiel e.V. (Demo)")!.id;
  await env.server.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, "m-peer", { title: "Peer-Beratung im Quartier" });
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", "m-peer");
    doc.getXmlFragment("default").insert(doc.getXmlFragment("default").length, [node]);
  });
  return { providerId, scorecardId };
}

/** Opens the reconciliation tab of provider A for 2025. */
async function openReconciliation(app: SteuerradPage, providerId: string): Promise<Page> {
  const page = app.page;
  await page.goto(`${app.baseUrl}/controlling?provider=${providerId}&tab=reconciliation`);
  await page.getByRole("tab", { name: "Jahresabgleich" }).waitFor();
  await page.getByLabel("Bis Jahr").selectOption("2025");
  await page.getByLabel("Anzahl Jahre").selectOption("1");
  await page.getByRole("heading", { name: /^Jahresabgleich 2025/ }).waitFor();
  await page.getByTestId("proposal-amount").waitFor();
  return page;
}

describe("year-end reconciliation in two browsers", () => {
  it("the funder proposes offset 60 % by a measure and repay 40 %, the provider confirms, both see the same confirmed decision", async () => {
    const { providerId, scorecardId } = await seed();
    const funder = await SteuerradPage.open(env.browser, env.server.url);
    await funder.app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const lt = await openReconciliation(funder.app, providerId);

    // What a controller reads in one minute: the year, together, tolerance, outcome, proposal.
    const table = await lt.getByTestId("reconcile-table").innerText();
    expect(table).toContain(`1.932.602,00${NBSP}€`);
    expect(table).toContain(`1.855.299,10${NBSP}€`);
    expect(table).toContain(`−77.302,90${NBSP}€`);
    const summary = await lt.getByTestId("settlement-summary").innerText();
    expect(summary).toContain("Unterschreitung");
    expect(summary).toContain(`77.302,90${NBSP}€`);
    await lt.getByTestId("reconcile-chart").locator("canvas").waitFor();
    expect(await findAxeViolations(lt)).toEqual([]);

    // 40 % repaid, 60 % offset by a measure of the BSC; the sum is checked live.
    const form = lt.getByTestId("settlement-form-propose");
    await form.getByLabel("Rückzahlung (€)").fill("30.921,16");
    await expect.poll(() => form.getByTestId("settlement-sum").innerText()).toContain("weicht um");
    await form.getByRole("button", { name: "+ Maßnahme hinzufügen" }).click();
    await form.getByLabel("Maßnahme 1", { exact: true }).selectOption(`${scorecardId}/m-peer`);
    expect(await form.getByLabel("Maßnahme 1", { exact: true }).locator("option:checked").innerText()).toMatch(/^Peer-Beratung im Quartier/);
    await form.getByLabel("Wert der Maßnahme 1 (€)").fill("46.381,74");
    await expect.poll(() => form.getByTestId("settlement-sum").innerText()).toContain("ergibt den vorgeschlagenen Betrag");
    expect(await findAxeViolations(lt)).toEqual([]);
    await lt.screenshot({ path: join(SCREENSHOT_DIR, "steuerrad-settlement-proposal.png"), fullPage: true });
    await form.getByRole("button", { name: "Vorschlag speichern" }).click();
    const funderDecision = lt.getByTestId("settlement-decision");
    await funderDecision.waitFor();
    expect(await funderDecision.getAttribute("data-state")).toBe("proposed");
    await funderDecision.getByRole("button", { name: "Bestätigen als Leistungsträger" }).click();
    await funderDecision.locator('dd[data-side="funder"][data-confirmed="true"]').waitFor();
    expect(await funderDecision.getByRole("button", { name: /^Bestätigen/ }).count()).toBe(0);

    // The provider finds the proposal with the funder's confirmation and confirms for its side.
    const provider = await SteuerradPage.open(env.browser, env.server.url);
    await provider.app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const le = await openReconciliation(provider.app, providerId);
    const providerDecision = le.getByTestId("settlement-decision");
    expect(await providerDecision.locator('dd[data-side="funder"]').innerText()).toContain("Sabine Sozialamt");
    await providerDecision.getByRole("button", { name: "Bestätigen als Leistungserbringer" }).click();
    await le.locator('[data-testid="settlement-decision"][data-state="confirmed"]').waitFor();

    // Both see the same confirmed, read-only decision.
    await openReconciliation(funder.app, providerId);
    await lt.locator('[data-testid="settlement-decision"][data-state="confirmed"]').waitFor();
    const funderText = await lt.getByTestId("settlement-decision").innerText();
    const providerText = await le.getByTestId("settlement-decision").innerText();
    expect(funderText).toBe(providerText);
    for (const expected of [`30.921,16${NBSP}€`, `46.381,74${NBSP}€`, "Peer-Beratung im Quartier", "Sabine Sozialamt", "Anton Anbieter-A"]) expect(funderText).toContain(expected);
    expect(await lt.getByTestId("settlement-form-propose").count()).toBe(0);
    expect(await lt.getByRole("button", { name: /^Bestätigen/ }).count()).toBe(0);
    await lt.getByRole("button", { name: "Korrigieren" }).waitFor();
    expect(await findAxeViolations(lt)).toEqual([]);
    await lt.screenshot({ path: join(SCREENSHOT_DIR, "steuerrad-settlement-funder.png"), fullPage: true });
    await le.screenshot({ path: join(SCREENSHOT_DIR, "steuerrad-settlement-provider.png"), fullPage: true });

    // The measure block names the decision and links back to it.
    await le.goto(`${provider.app.baseUrl}/`);
    await provider.app.openScorecard(/Beispiel e\.V\./);
    const line = (await openMeasure(le.locator('.measure-block[data-measure-id="m-peer"]'))).getByTestId("measure-settlement");
    await line.waitFor();
    expect(await line.innerText()).toBe(`Ausgleichsmaßnahme Jahresabgleich 2025: 46.381,74${NBSP}€`);
    await line.scrollIntoViewIfNeeded();
    await le.screenshot({ path: join(SCREENSHOT_DIR, "steuerrad-settlement-measure.png") });
    await line.getByRole("link").click();
    await le.locator('[data-testid="settlement-decision"][data-state="confirmed"]').waitFor();

    await funder.context.close();
    await provider.context.close();
  });
});
