/**
 * The KPI block's period in the browser: a new block starts on the last period with
 * figures (not the current quarter, which cannot have any), the period is chosen with
 * selects by keyboard and read in words, the other side follows without reload, and a
 * viewer sees only the words. Also two small defects of issue 18: the agreement tab has
 * one reason field whose absence is said in words, and the versions page names Word and
 * PDF as two separate links.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Locator, Page } from "playwright-core";
import { choiceOfPeriod, lastPeriodWithData, periodTextInWords, type PeriodTranslate } from "../../client/controlling/period";
import { controllingDe } from "../../client/i18n/controlling";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { SteuerradPage, changeableFields, useE2eEnvironment } from "./browser";

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const env = useE2eEnvironment();
let providerId: string;
/** The period a new block must start on, from the months the server reports. */
let expected: string;

/** The German period words, as the UI writes them. */
const german: PeriodTranslate = (key, options = {}) => {
  const text = key
    .split(".")
    .slice(1)
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], controllingDe) as string;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
};

/** A screenshot of the page (whole) or of one element, when E2E_SCREENSHOT_DIR names a folder. */
async function screenshot(target: Page | Locator, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await ("goto" in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
}

async function upload(cookie: string, name: string, subject: "figures" | "staff") {
  const form = new FormData();
  form.set("subject", subject);
  form.set("file", new File([readFileSync(`${example}/${name}`)], name));
  const response = await fetch(`${env.server.url}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie }, body: form });
  expect(response.status).toBe(200);
}

/** The months with figures of this and last year, as the KPI API reports them. */
async function reportedMonths(cookie: string): Promise<string[]> {
  const months: string[] = [];
  const year = new Date().getFullYear();
  for (const period of [String(year), String(year - 1)]) {
    const response = await fetch(`${env.server.url}/api/providers/${providerId}/kpis?period=${period}`, { headers: { cookie } });
    if (response.status === 200) months.push(...((await response.json()) as { result: { reportedMonths: string[] } }).result.reportedMonths);
  }
  return months;
}

/** The WCAG rules axe finds broken inside the elements matching a selector (the rest of the page is other tests' business). */
async function axeOf(page: Page, selector: string): Promise<string[]> {
  await findAxeViolations(page); // loads axe into the page
  return page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run(context: string, options: object): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }).axe;
    const { violations } = await axe.run(within, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html.slice(0, 120)).join(" | ")}`);
  }, selector);
}

/** The block's period as the document stores it. */
function periodOf(block: Locator): Promise<string | null> {
  return block.getAttribute("data-period");
}

beforeAll(async () => {
  const funder = await login(env.server.url, "sozialamt@demo.test");
  const providers = (await (await fetch(`${env.server.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  const response = await fetch(`${env.server.url}/api/providers/${providerId}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Vereinbarung 2025", agreement: JSON.parse(readFileSync(`${example}/agreement-2025.json`, "utf8")) }),
  });
  expect(response.status).toBe(200);
  const provider = await login(env.server.url, "anbieter-a@demo.test");
  await upload(provider, "figures-2025.csv", "figures");
  await upload(provider, "staff-2025.csv", "staff");
  expected = lastPeriodWithData(await reportedMonths(provider))!;
});

describe("the KPI block's period", () => {
  it("starts on the last quarter with figures, is changed by keyboard, and reaches the other side and a viewer in words", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = provider.app.page;
    await provider.app.clickBelowGoal("Ressourcen im Blick");
    await page.keyboard.press("Control+Alt+k");
    const block = page.locator(".kpi-block").first();

    // The last complete quarter with figures (the example reports all of 2025), not today's quarter.
    const today = new Date();
    await expect.poll(() => periodOf(block)).toBe(expected);
    expect(expected).not.toBe(`${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`);
    await block.locator(".period-text", { hasText: periodTextInWords(expected, german) }).waitFor();
    await block.getByTestId("kpi-value").waitFor();
    expect(await block.innerText()).not.toContain("Noch keine Zahlen gemeldet");
    await screenshot(block, "kpi-period-new-block");

    // By keyboard only: kind "Monat" gives the quarter's last month, then the month before it.
    const { year, index } = choiceOfPeriod(expected)!;
    const month = (m: number) => `${year}-${String(m).padStart(2, "0")}`;
    await block.getByLabel("Art", { exact: true }).focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => periodOf(block)).toBe(month(index * 3));
    await page.keyboard.press("Tab");
    expect(await block.getByLabel("Jahr", { exact: true }).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowUp");
    const chosen = month(index * 3 - 1);
    const words = periodTextInWords(chosen, german);
    await expect.poll(() => periodOf(block)).toBe(chosen);
    await block.locator(".period-text", { hasText: words }).waitFor();
    const value = await block.getByTestId("kpi-value").innerText();
    await screenshot(block, "kpi-period-by-keyboard");
    expect(await axeOf(page, ".kpi-block"), "the KPI block's period picker").toEqual([]);

    // The funder's open editor follows without reload: same period, in words, with its value.
    const other = funder.app.page.locator(".kpi-block").first();
    await expect.poll(() => periodOf(other)).toBe(chosen);
    await other.locator(".period-text", { hasText: words }).waitFor();
    await other.getByTestId("kpi-value").filter({ hasText: value }).waitFor();

    // A viewer reads the period in words and has nothing to change.
    const guest = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    const seen = guest.app.page.locator(".kpi-block").first();
    await seen.getByText(words).waitFor();
    expect(await seen.locator("select").count()).toBe(0);
    expect(await changeableFields(seen)).toEqual([]);
    await screenshot(guest.app.page, "kpi-period-viewer");
    await Promise.all([provider.context.close(), funder.context.close(), guest.context.close()]);
  });
});

describe("small defects of issue 18", () => {
  it("has one reason field on the agreement tab and says in words when the reason is missing", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const page = app.page;
    await page.goto(`${env.server.url}/controlling`);
    await page.getByRole("tab", { name: "Kennzahlen" }).waitFor();
    await page.getByLabel("Leistungserbringer", { exact: true }).selectOption({ label: "Beispiel e.V. (Demo)" });
    await page.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await page.getByRole("tab", { name: "Budgetvereinbarung" }).click();
    await page.getByTestId("agreement-history").waitFor();
    expect(await page.getByLabel(/Begründung der Änderung/).count()).toBe(1);

    const upload = page.getByRole("region", { name: "Vereinbarung als JSON-Datei hochladen" });
    await upload.getByLabel("JSON-Datei der Vereinbarung").setInputFiles(resolve(example, "agreement-2025.json"));
    await upload.getByRole("button", { name: "Vereinbarung hochladen" }).click();
    const error = page.getByRole("alert").filter({ hasText: "Bitte geben Sie eine Begründung der Änderung an" });
    await error.waitFor();
    expect(await error.isVisible()).toBe(true);
    const reason = page.getByLabel(/Begründung der Änderung/);
    expect(await reason.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await reason.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "agreement-reason-missing");
    // The form below uses the same reason, and says the same.
    await page.getByRole("button", { name: "Vereinbarung 2025 speichern" }).click();
    await error.waitFor();

    await reason.fill("Unterschriebene Fassung hochgeladen");
    expect(await error.count()).toBe(0);
    await upload.getByRole("button", { name: "Vereinbarung hochladen" }).click();
    await page.getByText("Version 2 der Vereinbarung 2025 gespeichert.").waitFor();
    await page.getByTestId("agreement-history").getByText("Unterschriebene Fassung hochgeladen").waitFor();

    // The case chart of the dashboard counts persons: its axis has whole numbers (seen in the screenshot).
    await page.getByRole("tab", { name: "Kennzahlen" }).click();
    const cases = page.getByTestId("trend-cases");
    await cases.locator("canvas").waitFor();
    await screenshot(cases, "dashboard-cases-chart");
    await context.close();
  });

  it("shows Word and PDF as separate links, each named with what it downloads", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await page.locator(".scorecard-bar").getByRole("link", { name: "Versionen" }).click();
    await page.getByRole("heading", { name: /^Versionen:/ }).waitFor();
    await page.getByLabel("Name der Version").fill("Vor dem Gespräch");
    await page.getByRole("button", { name: "Version speichern" }).click();
    const row = page.locator(".versions-table tbody tr[data-kind='named']", { hasText: "Vor dem Gespräch" });
    await row.waitFor();
    const number = (await row.locator("th").innerText()).trim();

    for (const [root, label] of [
      [page.locator("tr[data-version='current']"), "Aktueller Stand"],
      [row, `Version ${number}`],
    ] as const) {
      const word = root.getByRole("link", { name: `${label} als Word`, exact: true });
      const pdf = root.getByRole("link", { name: `${label} als PDF`, exact: true });
      expect(await word.getAttribute("href")).toMatch(/export\.docx/);
      expect(await pdf.getAttribute("href")).toMatch(/export\.pdf/);
      // Visibly apart: a gap between the two words, never "WordPDF".
      const [a, b] = [(await word.boundingBox())!, (await pdf.boundingBox())!];
      expect(b.x > a.x + a.width + 4 || b.y >= a.y + a.height).toBe(true);
      expect(await root.innerText()).not.toContain("WordPDF");
    }
    await screenshot(page, "versions-export-links");
    await context.close();
  });
});
