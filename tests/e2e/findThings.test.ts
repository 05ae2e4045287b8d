/**
 * Finding things in the browser: a controller searches from the header by keyboard alone
 * and lands at the measure; the funder filters the measure overview across all providers by
 * provider and traffic light and follows a row to its measure; the scorecard list shows the
 * next talk with its circulation, open questions and red KPIs; a provider finds nothing of
 * another provider's scorecard and has no cross-provider overview; axe finds nothing on the
 * new pages. With E2E_SCREENSHOT_DIR set, the pages are saved as PNGs there.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import * as Y from "yjs";
import { createMeasure, type MeasureFields } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { createOrganisation } from "../../server/persistence/organisations";
import { listScorecards } from "../../server/persistence/scorecards";
import { findAxeViolations } from "./axe";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();
const SHOTS = process.env.E2E_SCREENSHOT_DIR;
const example = resolve(import.meta.dirname, "../fixtures/kpi-example");

/** The scorecards the test writes into, by provider name (null: the conference's). */
const cards = {} as { A: string; B: string; conference: string };

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `findThings-${name}.png`), fullPage: false });
}

/** Appends filler text and a measure to a scorecard, as the server writes it. */
async function addMeasure(scorecardId: string, id: string, fields: Partial<MeasureFields>, filler = 0): Promise<void> {
  await env.server.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, id, fields);
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    for (let i = 0; i < filler; i++) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`Protokollnotiz ${i + 1}: ohne Bezug zur Suche.`)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    const node = new Y.XmlElement("measure");
    node.setAttribute("measureId", id);
    fragment.insert(fragment.length, [node]);
  });
}

/** A day ahead as YYYY-MM-DD in Europe/Berlin. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Calls the API from the page, as its logged-in user. */
async function call(page: Page, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await page.request.fetch(`${env.server.url}${path}`, { method, data: body === undefined ? undefined : body });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

/** Whether the measure's block is on screen and holds the focus. */
function landedAt(page: Page, measureId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const block = document.querySelector(`.scorecard-prose .measure-block[data-measure-id="${CSS.escape(id)}"]`);
    if (!block) return false;
    const box = block.getBoundingClientRect();
    const inView = box.bottom > 0 && box.top < window.innerHeight;
    return inView && block.contains(document.activeElement);
  }, measureId);
}

beforeAll(async () => {
  for (const scorecard of await listScorecards(env.server.db)) {
    if (scorecard.providerName === null) cards.conference ??= scorecard.id;
    else if (scorecard.providerName.startsWith("Beispiel")) cards.A ??= scorecard.id;
    else if (scorecard.providerName.startsWith("Weser")) cards.B ??= scorecard.id;
  }
  // Far down the document, so landing there needs a scroll.
  await addMeasure(cards.A, "m-e2e-kiebitz", { title: "Kiebitzwiese pflegen", status: "in_progress", trafficLight: "red", dueDate: "2020-01-31", responsiblePerson: "Frau Weber" }, 40);
  await addMeasure(cards.B, "m-e2e-zaunkoenig", { title: "Zaunkönig-Treff verstetigen", status: "in_progress", trafficLight: "red", dueDate: berlinDayIn(20), responsiblePerson: "Herr Krause" }, 30);
  await addMeasure(cards.B, "m-e2e-green", { title: "Nachbarschaftscafé", status: "done", trafficLight: "green" });
  await addMeasure(cards.conference, "m-e2e-runde", { title: "Gemeinsame Kiebitz-Runde", status: "planned", trafficLight: "amber" });
});

describe("finding things", () => {
  it("searches from the header by keyboard alone and lands at the measure", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("sozialamt@demo.test", "test-password-123");
    const page = app.page;

    await page.keyboard.press("/");
    const box = page.getByRole("searchbox", { name: "Scorecards durchsuchen" });
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type("kiebitz");
    await page.keyboard.press("Enter");
    const summary = page.locator(".search-summary");
    await summary.getByText(/^2 Treffer für „kiebitz“ in 2 von \d+ Scorecards\.$/).waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    const hit = page.getByRole("link", { name: /^Maßnahme „Kiebitzwiese pflegen“/ });
    expect(await hit.textContent()).toContain("Maßnahme");
    expect(await page.locator(".search-hit mark").first().textContent()).toMatch(/kiebitz/i);
    await screenshot(page, "search-results");
    expect.soft(await findAxeViolations(page), "search results").toEqual([]);

    // Tab from the summary into the hits (the conference's group comes first), Enter opens one.
    for (let presses = 0; presses < 6 && !(await hit.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
    expect(await hit.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await app.editor.waitFor();
    await expect.poll(() => landedAt(page, "m-e2e-kiebitz"), { timeout: 10_000 }).toBe(true);
    await screenshot(page, "search-landed");
    await context.close();
  });

  it("opens a text hit at its paragraph and a comment hit at its thread", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("sozialamt@demo.test", "test-password-123");
    const page = app.page;
    await call(page, "POST", `/api/scorecards/${cards.A}/comments`, { anchor: { kind: "measure", measureId: "m-e2e-kiebitz" }, text: "Gibt es schon einen Mähplan?" });

    await page.getByRole("searchbox", { name: "Scorecards durchsuchen" }).fill("Protokollnotiz 37");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: /^Text/ }).click();
    await app.editor.waitFor();
    const paragraph = app.editor.locator("p", { hasText: "Protokollnotiz 37:" });
    await expect
      .poll(
        () =>
          paragraph.evaluate((element) => {
            const box = element.getBoundingClientRect();
            const selection = window.getSelection();
            return box.top > 0 && box.bottom < window.innerHeight && selection !== null && element.contains(selection.anchorNode);
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(new URL(page.url()).hash).toBe("");

    await page.getByRole("searchbox", { name: "Scorecards durchsuchen" }).fill("mähplan");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: /^Kommentar Frage zu „Kiebitzwiese pflegen“ · von Sabine Sozialamt/ }).click();
    const thread = page.locator(".comments-panel .comment-thread", { hasText: "Gibt es schon einen Mähplan?" });
    await expect.poll(() => thread.getAttribute("class"), { timeout: 10_000 }).toContain("active");
    await context.close();
  });

  it("lets the funder filter the measure overview by provider and traffic light and follow a row", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("sozialamt@demo.test", "test-password-123");
    const page = app.page;
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Maßnahmenübersicht" }).click();
    await page.getByRole("heading", { name: "Maßnahmenübersicht" }).waitFor();
    const rows = page.locator(".overview-table tbody tr");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    expect.soft(await findAxeViolations(page), "measure overview").toEqual([]);

    await page.getByLabel("Leistungserbringer").selectOption({ label: "Weser-Wohnverbund gGmbH (Demo)" });
    await page.getByLabel("Ampel").selectOption({ label: "rot" });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Zaunkönig-Treff verstetigen");
    expect(new URL(page.url()).search).toMatch(/light=red/);
    await screenshot(page, "overview-filtered");

    await rows.first().getByRole("link", { name: "Zaunkönig-Treff verstetigen" }).click();
    await app.editor.waitFor();
    await expect.poll(() => landedAt(page, "m-e2e-zaunkoenig"), { timeout: 10_000 }).toBe(true);
    // Back returns to the same filtered view.
    await page.goBack();
    await page.getByRole("heading", { name: "Maßnahmenübersicht" }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByLabel("Ampel").inputValue()).toBe("red");
    await context.close();
  });

  it("shows in the list the next talk with its circulation, open questions and red KPIs", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("sozialamt@demo.test", "test-password-123");
    const page = app.page;
    // A provider of the test's own, so whatever the demo holds does not change the numbers.
    const providerId = (await createOrganisation(env.server.db, "Prüfverbund (Test)", "provider")).id;
    const { id: scorecardId } = (await call(page, "POST", "/api/scorecards", { title: "BSC Prüfverbund", providerId, template: "starter" })) as { id: string };
    const talkDay = berlinDayIn(30);
    await call(page, "POST", "/api/talks", {
      scorecardId,
      startsAt: `${talkDay}T10:00`,
      place: "Prüfverbund, Haus 1",
      participants: [{ email: "gast@extern.test", name: "Gustav Gast", side: "other" }],
    });
    await addMeasure(scorecardId, "m-e2e-own", { title: "Eigene Maßnahme", status: "in_progress" });
    await call(page, "POST", `/api/scorecards/${scorecardId}/comments`, { anchor: { kind: "measure", measureId: "m-e2e-own" }, text: "Wer berichtet?" });
    // Tight corridors make the example's Q2 deviations of occupancy and value red.
    const agreement = { ...JSON.parse(readFileSync(`${example}/agreement-2025.json`, "utf8")), greenPct: 1, amberPct: 1.5 };
    await call(page, "PUT", `/api/providers/${providerId}/agreements/2025`, { reason: "Enger Korridor", agreementText: JSON.stringify(agreement), fileName: "a.json" });
    const upload = await page.request.post(`${env.server.url}/api/providers/${providerId}/figures/upload`, {
      multipart: { subject: "figures", file: { name: "figures-2025.csv", mimeType: "text/csv", buffer: readFileSync(`${example}/figures-2025.csv`) } },
    });
    expect(upload.status()).toBe(200);
    await env.server.collab.change(scorecardId, null, (doc) => {
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      for (const kpi of ["occupancyDeviationPct", "valueDeviationPct"]) {
        const block = new Y.XmlElement("kpiBlock");
        block.setAttribute("kpi", kpi);
        block.setAttribute("period", "2025-Q2");
        fragment.insert(fragment.length, [block]);
      }
    });

    await page.reload();
    const entry = page.locator(".scorecard-list li", { has: page.getByRole("link", { name: "BSC Prüfverbund" }) }).first();
    const facts = entry.getByRole("list", { name: "Stand von BSC Prüfverbund" });
    await facts.waitFor();
    const [year, month, day] = talkDay.split("-");
    expect(await facts.textContent()).toContain(`${day}.${month}.${year}, 10:00 Uhr`);
    expect(await facts.locator('[data-fact="circulation"]').textContent()).toMatch(/Vorabversand am \d\d\.\d\d\.\d{4} \(in 2\d Tagen\)/);
    expect(await facts.locator('[data-fact="questions"]').textContent()).toBe("1 offene Frage");
    expect(await facts.locator('[data-fact="red"]').textContent()).toContain("2 rote Kennzahlen ohne Maßnahme oder Erläuterung");
    await entry.scrollIntoViewIfNeeded();
    await screenshot(page, "list");
    expect.soft(await findAxeViolations(page), "scorecard list with facts").toEqual([]);
    await context.close();
  });

  it("gives a provider no hit from another provider's scorecard and no cross-provider overview", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("anbieter-b@demo.test", "test-password-123");
    const page = app.page;
    expect(await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Maßnahmenübersicht" }).count()).toBe(0);
    await page.getByRole("searchbox", { name: "Scorecards durchsuchen" }).fill("kiebitzwiese");
    await page.keyboard.press("Enter");
    await page
      .locator(".search-summary")
      .getByText(/^Keine Treffer für „kiebitzwiese“ in \d+ Scorecards\.$/)
      .waitFor();
    await page.getByRole("searchbox", { name: "Suchbegriff" }).fill("kiebitz");
    await page.keyboard.press("Enter");
    await page
      .locator(".search-summary")
      .getByText(/^1 Treffer für „kiebitz“ in 1 von \d+ Scorecards\.$/)
      .waitFor();
    expect(await page.locator(".search-group h2").allTextContents()).toEqual([expect.stringContaining("Sozialraumkonferenz")]);
    await context.close();
  });
});
