/**
 * A newcomer's first login on the demo with its living year (SEED_DEMO=true, issue 18):
 * without a single upload, the funder sees a red KPI in provider A's scorecard, an overdue
 * measure, and on the talks page the next talk whose circulation is due. With
 * E2E_SCREENSHOT_DIR set, each page is saved as a screenshot for looking at.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { demoTimeline } from "../../server/demo/demoTimeline";
import { scorecardIdOf, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ seedLivingYear: true });

/** Saves a screenshot when E2E_SCREENSHOT_DIR names a folder. */
async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOT_DIR;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `demo-${name}.png`), fullPage: true });
}

describe("the demo on first login", () => {
  it("shows a red KPI, an overdue measure and a due circulation without any upload", async () => {
    const { redQuarter } = demoTimeline(Date.now());
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const page = app.page;
    await app.logIn("sozialamt@demo.test", "test-password-123");
    await screenshot(page, "1-list");

    await app.openScorecard(/Beispiel e\.V\./);
    const red = page.locator(`.scorecard-prose .kpi-block[data-kpi="occupancyDeviationPct"][data-period="${redQuarter}"]`);
    await expect.poll(() => red.getAttribute("data-corridor"), { timeout: 15_000 }).toBe("red");
    await red.scrollIntoViewIfNeeded();
    expect(await red.isVisible()).toBe(true);
    const overdue = page.locator(".scorecard-prose .measure-block.overdue");
    await overdue.first().waitFor();
    expect(await overdue.count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "2-scorecard");
    if (process.env.E2E_SCREENSHOT_DIR) {
      await red.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, "demo-2a-red-kpi.png") });
      await overdue.first().screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, "demo-2b-overdue-measure.png") });
    }
    const scorecardId = scorecardIdOf(page);

    await page.goto(`${env.server.url}/talks`);
    const due = page.locator('[data-testid="circulation-status"][data-code="due"]').first();
    await due.waitFor();
    expect(await due.innerText()).toMatch(/Vorabversand in \d+ Tag/);
    expect(await page.locator('[data-testid="circulation-status"][data-code="sent"]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "3-talks");

    // The rest of the first ten minutes, for the screenshots: dashboard, versions, Themenspeicher.
    if (process.env.E2E_SCREENSHOT_DIR) {
      await page.goto(`${env.server.url}/controlling`);
      await page.locator("main").waitFor();
      await page.waitForLoadState("networkidle");
      await screenshot(page, "4-controlling");
      await page.goto(`${env.server.url}/scorecards/${scorecardId}/versions`);
      await page.waitForLoadState("networkidle");
      await screenshot(page, "5-versions");
    }
    await context.close();
  });
});
