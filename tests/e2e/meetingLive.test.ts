/**
 * One live room ([SYNC25]) in two browsers: the funder and the provider have the same
 * talk open in meeting mode. Every meeting action by one side appears on the other's
 * screen within a second without reload (start and timer, approval, attendance, agenda
 * item, agreements, an agreement becoming a measure under the chosen goal), both acting at
 * once end in the same state, the state survives a reload and a dropped connection, and a
 * viewer follows along without the actions. With E2E_SCREENSHOT_DIR set, both sides and
 * the viewer are saved as PNGs there.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { openMeasure, scorecardIdOf, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();
const SHOTS = process.env.E2E_SCREENSHOT_DIR;
const AGREEMENT = "Kooperationsrunde mit dem Sozialraumteam einrichten";
const GOAL = "Ressourcen im Blick behalten und abstimmen";

/** A day ahead as YYYY-MM-DD in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Waits for what the other side did: it must show without reload, within a second. */
function withinASecond(locator: Locator): Promise<void> {
  return locator.waitFor({ timeout: 1_000 });
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.locator(".meeting-panel").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.locator(".meeting-panel").screenshot({ path: join(SHOTS, `${name}-panel.png`) });
}

/** The goal heading (level 3) above a measure block in the live document, or null. */
function goalAbove(page: Page, measureTitle: string): Promise<string | null> {
  return page.locator(".ProseMirror.scorecard-prose").evaluate((root, title) => {
    let goal: string | null = null;
    for (const child of Array.from(root.children)) {
      if (child.tagName === "H2") goal = null;
      if (child.tagName === "H3") goal = child.textContent;
      if (child.querySelector(`[aria-label="Maßnahme: ${title}"]`) || child.matches(`[aria-label="Maßnahme: ${title}"]`)) return goal;
    }
    return null;
  }, measureTitle);
}

describe("meeting mode as one live room", () => {
  it("shows every meeting action of one side on the other within a second, and both acting at once end in the same state", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const scorecardId = scorecardIdOf(funder.app.page);
    // An earlier talk, closed, so this one has minutes to approve; both planned over the API.
    const talkId = await funder.app.page.evaluate(
      async ({ scorecardId, earlier, day }) => {
        const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const ids = async (email: string) => ((await (await fetch(`/api/talks/candidates?scorecardId=${scorecardId}`)).json()) as { id: string; email: string }[]).find((c) => c.email === email)!.id;
        const participants = [{ userId: await ids("sozialamt@demo.test") }, { userId: await ids("anbieter-a@demo.test") }, { userId: await ids("gast-a@demo.test") }];
        const first = (await (await fetch("/api/talks", json({ scorecardId, startsAt: `${earlier}T10:00`, place: "Haus A", participants }))).json()) as { id: string };
        await fetch(`/api/talks/${first.id}/start`, { method: "POST" });
        await fetch(`/api/talks/${first.id}/close`, { method: "POST" });
        const second = (await (await fetch("/api/talks", json({ scorecardId, startsAt: `${day}T10:00`, place: "Sozialamt, Raum 2.14", participants }))).json()) as { id: string };
        return second.id;
      },
      { scorecardId, earlier: berlinDayIn(15), day: berlinDayIn(30) },
    );
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const sides = [funder, provider];
    for (const side of sides) {
      await side.app.page.goto(`${env.server.url}/talks/${talkId}/meeting`);
      await side.app.page.locator(".meeting-panel").getByText("Das Gespräch hat noch nicht begonnen.").waitFor();
      await side.app.waitUntilSaved();
    }
    const [funderPanel, providerPanel] = sides.map((side) => side.app.page.locator(".meeting-panel"));

    // Start: the provider's screen says "läuft", with the timer, without reload.
    await funderPanel.getByRole("button", { name: "Gespräch beginnen" }).click();
    await funderPanel.getByText("Zustand: läuft").waitFor();
    await withinASecond(providerPanel.getByText("Zustand: läuft"));
    await withinASecond(providerPanel.getByTestId("meeting-timer").getByText(/\d+ von 120 Min\./));
    expect(await providerPanel.getByText("Das Gespräch hat noch nicht begonnen.").count()).toBe(0);

    // At once: the funder approves the previous minutes while the provider ticks herself present.
    await providerPanel.getByText(/^Ist das Protokoll des Gesprächs vom \d\d\.\d\d\.\d{4} genehmigt\?$/).waitFor();
    await Promise.all([funderPanel.getByRole("button", { name: "genehmigt", exact: true }).click(), providerPanel.getByLabel("Anton Anbieter-A (Leistungserbringer)").check()]);
    for (const panel of [funderPanel, providerPanel]) {
      await withinASecond(panel.getByText(/^✓ Genehmigt – festgehalten von Sabine Sozialamt am /));
      await withinASecond(panel.getByText("1 von 3 anwesend"));
      expect(await panel.getByLabel("Anton Anbieter-A (Leistungserbringer)").isChecked()).toBe(true);
    }
    // The provider saw the decision: no unanswered approval buttons to record a contradicting one.
    expect(await providerPanel.getByRole("button", { name: "genehmigt", exact: true }).count()).toBe(0);
    const revisions = await Promise.all([funderPanel, providerPanel].map((panel) => panel.getAttribute("data-revision")));
    expect(revisions[0]).toBe(revisions[1]);
    await screenshot(funder.app.page, "meetingLive-funder-approval");
    await screenshot(provider.app.page, "meetingLive-provider-approval");

    // Attendance by the funder appears on the provider's screen.
    await funderPanel.getByLabel("Sabine Sozialamt (Leistungsträger)").check();
    await funderPanel.getByText("2 von 3 anwesend").waitFor();
    await withinASecond(providerPanel.getByText("2 von 3 anwesend"));

    // The funder moves the talk to item 4; the provider's screen follows.
    for (let step = 0; step < 3; step++) await funderPanel.getByRole("button", { name: /Nächster Punkt/ }).click();
    await funderPanel.getByText("Punkt 4 von 5: Vereinbarungen").waitFor();
    await withinASecond(providerPanel.getByText("Punkt 4 von 5: Vereinbarungen"));

    // The provider records an agreement; it appears on the funder's screen.
    const providerAgreements = providerPanel.locator(".meeting-agreements");
    await providerAgreements.getByLabel("Vereinbarung", { exact: true }).fill(AGREEMENT);
    await providerAgreements.getByLabel("Verantwortlich").fill("Sabine Sozialamt");
    await providerAgreements.getByRole("button", { name: "Vereinbarung festhalten" }).click();
    await providerAgreements.locator(".agreement-list li", { hasText: AGREEMENT }).waitFor();
    const funderAgreement = funderPanel.locator(".agreement-list li", { hasText: AGREEMENT });
    await withinASecond(funderAgreement);

    // The funder turns it into a measure under a goal she picks, with the side offered from its owner.
    await funderAgreement.getByRole("button", { name: "Als Maßnahme übernehmen" }).click();
    const placement = funderAgreement.locator(".measure-placement-form");
    expect(await placement.getByLabel("Verantwortliche Seite").locator("option:checked").textContent()).toBe("Leistungsträger");
    await placement.getByLabel("Unter dem Ziel").selectOption({ label: `Finanzen & Budget › ${GOAL}` });
    await screenshot(funder.app.page, "meetingLive-funder-placement");
    await placement.getByRole("button", { name: "Maßnahme anlegen" }).click();
    await funderAgreement.getByText("als Maßnahme übernommen").waitFor();
    await withinASecond(providerPanel.locator(".agreement-list li", { hasText: AGREEMENT }).getByText("als Maßnahme übernommen"));
    const measure = provider.app.page.getByRole("group", { name: `Maßnahme: ${AGREEMENT}` });
    await measure.waitFor();
    expect(await goalAbove(provider.app.page, AGREEMENT)).toBe(GOAL);
    await openMeasure(measure);
    expect(await measure.getByLabel("Verantwortlich").inputValue()).toBe("funder");
    await screenshot(funder.app.page, "meetingLive-funder");
    await screenshot(provider.app.page, "meetingLive-provider");

    // A reload shows the same state, and so does a connection that came back.
    await provider.app.page.reload();
    await providerPanel.getByText("Punkt 4 von 5: Vereinbarungen").waitFor();
    await providerPanel.getByText("2 von 3 anwesend").waitFor();
    await provider.app.waitUntilSaved();
    await provider.context.setOffline(true);
    await provider.app.page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
    await funderPanel.getByRole("button", { name: /Nächster Punkt/ }).click();
    await funderPanel.getByText("Punkt 5 von 5: Nächster Termin").waitFor();
    await provider.context.setOffline(false);
    await providerPanel.getByText("Punkt 5 von 5: Nächster Termin").waitFor({ timeout: 30_000 });

    for (const side of sides) await side.context.close();
  });

  it("lets a viewer follow the talk live, without its actions", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const talkId = await funder.app.page.evaluate(async () => {
      const list = (await (await fetch("/api/talks")).json()) as { upcoming: { id: string; state: string }[] };
      return list.upcoming.find((talk) => talk.state === "running")!.id;
    });
    await funder.app.page.goto(`${env.server.url}/talks/${talkId}/meeting`);
    const funderPanel = funder.app.page.locator(".meeting-panel");
    await funderPanel.getByText("Zustand: läuft").waitFor();

    const viewer = await SteuerradPage.open(env.browser, env.server.url);
    await viewer.app.logIn("gast-a@demo.test", TEST_PASSWORD);
    await viewer.app.page.goto(`${env.server.url}/talks/${talkId}/meeting`);
    const panel = viewer.app.page.locator(".meeting-panel");
    await panel.getByText("Sie sehen das Gespräch mit; ändern können es nur Bearbeiterinnen und Bearbeiter.").waitFor();
    await panel.getByText("Punkt 5 von 5: Nächster Termin").waitFor();
    await viewer.app.editor.waitFor();

    await funderPanel.getByRole("button", { name: /Vorheriger Punkt/ }).click();
    await withinASecond(panel.getByText("Punkt 4 von 5: Vereinbarungen"));
    await funderPanel.getByLabel("Gerd Gast-A (Leistungserbringer)").check();
    await withinASecond(panel.getByText("Gerd Gast-A (Leistungserbringer): anwesend"));
    await withinASecond(panel.getByText("3 von 3 anwesend"));
    await funderPanel.locator(".meeting-agreements").getByLabel("Vereinbarung", { exact: true }).fill("Nächsten Termin abstimmen");
    await funderPanel.locator(".meeting-agreements").getByLabel("Verantwortlich").fill("beide");
    await funderPanel.getByRole("button", { name: "Vereinbarung festhalten" }).click();
    await withinASecond(panel.locator(".agreement-list li", { hasText: "Nächsten Termin abstimmen" }));

    // Only the way to the measure an agreement became, which changes nothing.
    expect(await panel.getByRole("button").allTextContents()).toEqual(["Maßnahme zeigen"]);
    expect(await panel.getByRole("checkbox").count()).toBe(0);
    expect(await panel.locator("textarea, input, select:not([disabled])").count()).toBe(0);
    await screenshot(viewer.app.page, "meetingLive-viewer");
    await viewer.context.close();
    await funder.context.close();
  });
});
