/**
 * A steering talk in the browser, from planning to minutes: the funder schedules a talk
 * for provider A's scorecard, circulates it by hand and opens the circulated version
 * read-only; in the meeting mode the talk is started, the previous minutes approved,
 * a measure gets its status line, an agreement becomes a measure, and closing the talk
 * freezes the minutes version. The e2e server has no SMTP settings, so both mails land
 * in the outbox, which the talks page lists with their Word and PDF attachments. A
 * provider who closes a talk early locks nothing; the funder locks the quarter from the talk.
 */
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { findAxeViolations } from "./axe";
import { changeableFields, measureTitle, scorecardIdOf, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

const MEASURE = "Beteiligung stärken";
const STATUS_LINE = "Beirat tagt seit März monatlich; Einladungen gehen an alle Wohngruppen.";
const AGREEMENT = "Quartalsbericht zur Beteiligung bis Monatsende vorlegen";

/** A day some weeks ahead as YYYY-MM-DD, counted in calendar days from today in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

describe("steering talks", () => {
  it("plans a talk, circulates it, runs the meeting and sends the minutes, all visible in the outbox", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = funder.app.page;
    const scorecardId = scorecardIdOf(page);

    // The starter has no measures: one under a goal, by the toolbar button.
    expect(await page.locator(".measure-block").count()).toBe(0);
    await funder.app.clickBelowGoal("Zusammenarbeiten");
    await page.locator(".toolbar").getByRole("button", { name: "+ Maßnahme" }).click();
    await page.locator(".measure-block").first().getByLabel("Titel der Maßnahme").fill(MEASURE);
    await funder.app.waitUntilSaved();

    // From the scorecard to its talks, filtered.
    await page.locator(".scorecard-bar").getByRole("link", { name: "Gespräche" }).click();
    await page.getByRole("heading", { name: /^Steuerungsgespräche: BSC Beispiel e\.V\./ }).waitFor();
    expect(new URL(page.url()).search).toBe(`?scorecard=${scorecardId}`);
    expect(await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).getAttribute("aria-current")).toBe("page");

    // Plan it: five weeks ahead, with the provider as participant; the usual agenda is prefilled.
    const talkDay = berlinDayIn(35);
    await page.getByRole("button", { name: "Neues Gespräch planen" }).click();
    const form = page.locator("form.schedule-form");
    await form.getByRole("button", { name: "Gespräch planen" }).click();
    await form.getByText("Bitte füllen Sie Datum aus.").waitFor();
    expect(await form.getByLabel("Datum").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Scorecard").inputValue()).toBe(scorecardId);
    await form.getByLabel("Datum").fill(talkDay);
    await form.getByLabel("Beginn (Uhrzeit in Deutschland)").fill("10:00");
    await form.getByLabel("Ort", { exact: true }).fill("Sozialamt, Raum 2.14");
    // Everyone with access to the scorecard is offered; the planner is ticked already.
    const candidates = form.getByRole("list", { name: "Personen mit Zugang (zum Einladen ankreuzen)" });
    expect(await candidates.getByRole("checkbox", { name: /Sabine Sozialamt/ }).isChecked()).toBe(true);
    await candidates.getByRole("checkbox", { name: /Anton Anbieter-A/ }).check();
    const guest = form.locator(".guest-row").first();
    await guest.getByLabel("E-Mail").fill("beirat@extern.test");
    await guest.getByLabel("Name").fill("Bea Beirat");
    expect(await guest.getByLabel("Seite").inputValue()).toBe("provider");
    expect(await form.getByLabel("Punkt 1", { exact: true }).inputValue()).toBe("Genehmigung des Protokolls des letzten Gesprächs");
    await form.getByRole("button", { name: "Gespräch planen" }).click();
    await page.getByText(/^Das Gespräch am .+ um 10:00 Uhr ist geplant\./).waitFor();

    const card = page.locator(`.talk-card[data-state="scheduled"]`);
    await card.waitFor();
    const talkId = await card.getAttribute("data-talk-id");
    expect(await card.getByRole("heading").textContent()).toMatch(/, 10:00 Uhr – BSC Beispiel e\.V\./);
    expect(await card.getByTestId("circulation-status").textContent()).toMatch(/^Vorabversand in 25 Tagen \(am \d\d\.\d\d\.\d{4}\)/);
    expect(await card.locator(".talk-missing").textContent()).toContain(MEASURE);
    expect(await card.textContent()).toContain("Anton Anbieter-A (Leistungserbringer)");

    // Circulate by hand, after a confirm.
    await card.getByRole("button", { name: "Jetzt vorab versenden" }).click();
    const confirm = page.getByRole("dialog", { name: "Jetzt vorab versenden?" });
    await confirm.getByRole("button", { name: "Jetzt versenden" }).click();
    await confirm.waitFor({ state: "detached" });
    await page.getByText(/^Der Vorabversand für das Gespräch am .+ ist hinausgegangen\./).waitFor();
    const circulated = page.locator(`.talk-card[data-talk-id="${talkId}"][data-state="circulated"]`);
    await circulated.waitFor();
    expect(await circulated.getByTestId("circulation-status").textContent()).toMatch(/^versandt am \d\d\.\d\d\.\d{4}/);
    expect(await circulated.getByRole("button", { name: "Jetzt vorab versenden" }).count()).toBe(0);
    const circulationMail = page.locator(".outbox-table tr[data-mail-kind='circulation']");
    await circulationMail.waitFor();
    expect(await circulationMail.textContent()).toMatch(/Vorabversand: Steuerungsgespräch/);

    // The circulated version, from the link in the list: the measure, read-only.
    await circulated.getByRole("link", { name: "Vorabversand-Version öffnen" }).click();
    const banner = page.getByTestId("version-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Version \d+ – Vorabversand .+ \(schreibgeschützt\)/);
    const versionDocument = page.locator(".version-document");
    await versionDocument.locator(".measure-block").waitFor();
    expect(await measureTitle(versionDocument.locator(".measure-block"))).toBe(MEASURE);
    expect(await versionDocument.locator("[contenteditable='true']").count()).toBe(0);
    expect(await changeableFields(versionDocument)).toEqual([]);

    // The meeting mode, from the talks list.
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).click();
    await page.locator(`.talk-card[data-talk-id="${talkId}"]`).getByRole("link", { name: "Gesprächsmodus öffnen" }).click();
    await funder.app.editor.waitFor();
    const panel = page.locator(".meeting-panel");
    await panel.getByText("Das Gespräch hat noch nicht begonnen.").waitFor();
    expect(await page.locator(".scorecard-side .presence").count()).toBe(1);
    await panel.getByRole("button", { name: "Gespräch beginnen" }).click();
    await panel.getByText("Zustand: läuft").waitFor();
    expect(await panel.getByTestId("meeting-timer").textContent()).toMatch(/\d+ von 120 Min\./);

    // Item 1: the scorecard's first talk has no previous minutes, so it asks nothing (meetingLive.test.ts approves).
    expect(await panel.locator(".agenda-nav [aria-current='step']").textContent()).toContain("Genehmigung des Protokolls");
    await panel.getByText("Es gibt noch kein Protokoll eines früheren Gesprächs zu dieser Scorecard – hier ist nichts zu genehmigen.").waitFor();
    expect(await panel.getByRole("button", { name: /genehmigt/ }).count()).toBe(0);

    // Who is present.
    await panel.getByLabel("Sabine Sozialamt (Leistungsträger)").check();
    await panel.getByLabel("Anton Anbieter-A (Leistungserbringer)").check();
    await panel.getByText("2 von 3 anwesend").waitFor();
    const storedPresent = () =>
      page.evaluate(async (id) => ((await (await fetch(`/api/talks/${id}`)).json()) as { participants: { present: boolean }[] }).participants.filter((p) => p.present).length, talkId);
    await expect.poll(storedPresent).toBe(2);

    // Item 3: the measure in focus gets a traffic light and its status line of this talk.
    await panel.getByRole("button", { name: /Nächster Punkt/ }).click();
    await panel.getByRole("button", { name: /Nächster Punkt/ }).click();
    expect(await panel.locator(".agenda-nav [aria-current='step']").textContent()).toContain("Maßnahmen");
    const picker = panel.getByLabel("Maßnahme im Blick");
    expect(await picker.locator("option:checked").textContent()).toBe(`${MEASURE} – noch ohne Stand`);
    const focused = panel.locator(".focused-measure");
    await focused.getByLabel("Ampel").selectOption("amber");
    const measureBlock = funder.app.editor.locator(".measure-block").first();
    await expect.poll(() => measureBlock.getAttribute("data-light")).toBe("amber");
    await focused.getByLabel("Stand in diesem Gespräch").fill(STATUS_LINE);
    await focused.getByRole("button", { name: "Stand festhalten" }).click();
    await focused.getByText(/^Stand vom \d\d\.\d\d\.\d{4} festgehalten\./).waitFor();
    await expect.poll(() => picker.locator("option:checked").textContent()).toBe(`${MEASURE} – Stand erfasst`);
    await expect.poll(() => measureBlock.textContent()).toContain(STATUS_LINE);
    await focused.getByRole("button", { name: "In der Scorecard zeigen" }).click();
    expect(await page.evaluate(() => document.activeElement?.closest(".measure-block")?.getAttribute("data-measure-id") ?? null)).toBe(await measureBlock.getAttribute("data-measure-id"));

    // Item 4: an agreement, taken over as a measure of the scorecard.
    await panel.getByRole("button", { name: /Nächster Punkt/ }).click();
    const agreements = panel.locator(".meeting-agreements");
    await agreements.getByLabel("Vereinbarung", { exact: true }).fill(AGREEMENT);
    await agreements.getByLabel("Verantwortlich").fill("Anton Anbieter-A");
    await agreements.getByRole("button", { name: "Vereinbarung festhalten" }).click();
    await agreements.locator(".agreement-list li", { hasText: AGREEMENT }).waitFor();
    // Where it goes is asked first: offered are the goal of the measure in focus and the owner's side.
    await agreements.getByRole("button", { name: "Als Maßnahme übernehmen" }).click();
    const placement = agreements.locator(".measure-placement-form");
    expect(await placement.getByLabel("Unter dem Ziel").locator("option:checked").textContent()).toMatch(/› Zusammenarbeiten$/);
    expect(await placement.getByLabel("Verantwortliche Seite").locator("option:checked").textContent()).toBe("Leistungserbringer");
    await placement.getByRole("button", { name: "Maßnahme anlegen" }).click();
    await agreements.getByText("als Maßnahme übernommen").waitFor();
    await expect.poll(() => page.locator(".scorecard-prose .measure-block").count()).toBe(2);
    await funder.app.waitUntilSaved();

    // Close the talk: the minutes version and the minutes mail.
    await panel.getByRole("button", { name: "Gespräch abschließen" }).click();
    const closeDialog = page.getByRole("dialog", { name: "Gespräch abschließen?" });
    await closeDialog.getByRole("button", { name: "Abschließen und Protokoll versenden" }).click();
    await closeDialog.waitFor({ state: "detached" });
    await panel.getByTestId("meeting-closed").waitFor();
    // "abgeschlossen" reaches every screen at once; the minutes mail follows once it went out.
    await expect.poll(() => panel.getByTestId("meeting-closed").textContent()).toMatch(/Protokoll versandt am/);
    const minutesHref = await panel.getByRole("link", { name: "Protokoll-Version öffnen" }).getAttribute("href");
    expect(minutesHref).toMatch(new RegExp(`^/scorecards/${scorecardId}/versions/\\d+$`));

    // The outbox holds both mails, each with Word and PDF, written to the outbox folder.
    await panel.getByRole("link", { name: "Versandte E-Mails ansehen" }).click();
    const minutesMail = page.locator(".outbox-table tr[data-mail-kind='minutes']");
    await minutesMail.waitFor();
    for (const row of [minutesMail, page.locator(".outbox-table tr[data-mail-kind='circulation']")]) {
      expect(await row.getAttribute("data-transport")).toBe("outbox");
      const attachments = await row.locator(".attachment-list li").allTextContents();
      expect(attachments.some((name) => name.endsWith(".docx"))).toBe(true);
      expect(attachments.some((name) => name.endsWith(".pdf"))).toBe(true);
      expect(await row.textContent()).toContain("sozialamt@demo.test");
      expect(await row.textContent()).toContain("anbieter-a@demo.test");
      expect(await row.textContent()).toContain("in den Postausgang-Ordner");
    }
    expect(await minutesMail.textContent()).toMatch(/Protokoll: Steuerungsgespräch/);

    // The closed talk in the recent list links its minutes, which show the status line.
    const closed = page.locator(`.talk-card[data-talk-id="${talkId}"][data-state="closed"]`);
    await closed.waitFor();
    await closed.getByRole("link", { name: "Protokoll-Version öffnen" }).click();
    expect(new URL(page.url()).pathname).toBe(minutesHref);
    await page.getByTestId("version-banner").waitFor();
    expect(await page.getByTestId("version-banner").textContent()).toMatch(/– Protokoll .+ \(schreibgeschützt\)/);
    await page.locator(".version-document .measure-block").first().waitFor();
    expect(await page.locator(".version-document").textContent()).toContain(STATUS_LINE);

    await funder.context.close();
  });

  it("reschedules a talk, which moves its circulation, and cancels it after a confirm", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-b@demo.test", /Weser-Wohnverbund/);
    const page = app.page;
    await page.locator(".scorecard-bar").getByRole("link", { name: "Gespräche" }).click();
    await page.getByRole("button", { name: "Neues Gespräch planen" }).click();
    const form = page.locator("form.schedule-form");
    await form.getByLabel("Datum").fill(berlinDayIn(30));
    await form.getByLabel("Ort", { exact: true }).fill("Weser-Wohnverbund, Büro");
    // The provider's usual counterpart is the funder.
    const guest = form.locator(".guest-row").first();
    expect(await guest.getByLabel("Seite").inputValue()).toBe("funder");
    await guest.getByLabel("E-Mail").fill("sozialamt@demo.test");
    await guest.getByLabel("Name").fill("Sabine Sozialamt");
    await form.getByRole("button", { name: "Gespräch planen" }).click();
    const card = page.locator(".talk-card[data-state='scheduled']");
    await card.waitFor();
    expect(await card.getByTestId("circulation-status").textContent()).toMatch(/^Vorabversand in 20 Tagen/);

    await card.getByRole("button", { name: "Verschieben" }).click();
    const dialog = page.getByRole("dialog", { name: /^Gespräch am .+ verschieben$/ });
    await dialog.getByLabel("Datum").fill(berlinDayIn(44));
    await dialog.getByLabel("Beginn (Uhrzeit in Deutschland)").fill("13:30");
    await dialog.getByRole("button", { name: "Speichern" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText(/^Das Gespräch wurde auf den .+, 13:30 Uhr verschoben\./).waitFor();
    await expect.poll(() => card.getByTestId("circulation-status").textContent()).toMatch(/^Vorabversand in 34 Tagen/);
    expect(await card.getByRole("heading").textContent()).toMatch(/, 13:30 Uhr – /);

    await card.getByRole("button", { name: "Absagen" }).click();
    const confirm = page.getByRole("dialog", { name: /^Gespräch am .+ absagen\?$/ });
    // Focus starts on the harmless choice.
    expect(await confirm.getByRole("button", { name: "Abbrechen" }).evaluate((button) => button === document.activeElement)).toBe(true);
    await confirm.getByRole("button", { name: "Gespräch absagen" }).click();
    await confirm.waitFor({ state: "detached" });
    const cancelled = page.locator(".talk-section", { hasText: "Letzte Gespräche" }).locator(".talk-card[data-state='cancelled']");
    await cancelled.waitFor();
    expect(await cancelled.getByTestId("circulation-status").textContent()).toBe("entfällt");
    expect(await cancelled.getByRole("button").count()).toBe(0);
    await context.close();
  });

  it("closes a provider's early talk without a lock, and lets the funder lock the quarter from the talk", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = provider.app.page;
    const scorecardId = scorecardIdOf(page);
    // Far enough ahead that its quarter differs from the first test's, which the funder locked.
    const talk = await page.evaluate(
      async ({ scorecardId, day }) => {
        const me = (await (await fetch("/api/me")).json()) as { id: string };
        const planned = await fetch("/api/talks", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ scorecardId, startsAt: `${day}T09:00`, place: "Beispiel e.V., Haus A", participants: [{ userId: me.id }] }),
        });
        const { id } = (await planned.json()) as { id: string };
        const started = await fetch(`/api/talks/${id}/start`, { method: "POST" });
        const { quarterLock } = (await started.json()) as { quarterLock: { quarter: string } };
        return { id, quarter: quarterLock.quarter };
      },
      { scorecardId, day: berlinDayIn(200) },
    );

    // The provider closes it weeks early, uncirculated: told beforehand and afterwards that the quarter stays open.
    await page.goto(`${env.server.url}/talks/${talk.id}/meeting`);
    const panel = page.locator(".meeting-panel");
    await panel.getByText("Zustand: läuft").waitFor();
    await panel.getByRole("button", { name: "Gespräch abschließen" }).click();
    const closeDialog = page.getByRole("dialog", { name: "Gespräch abschließen?" });
    expect(await closeDialog.textContent()).toContain(`Das Quartal ${talk.quarter} wird dabei nicht gesperrt, weil das Gespräch vor seinem Termin`);
    await closeDialog.getByRole("button", { name: "Abschließen und Protokoll versenden" }).click();
    await closeDialog.waitFor({ state: "detached" });
    const providerNotice = panel.getByTestId("quarter-lock");
    await providerNotice.waitFor();
    expect(await providerNotice.textContent()).toMatch(new RegExp(`^Quartal ${talk.quarter} noch nicht gesperrt.*und ohne Vorabversand abgeschlossen wurde\\.Das Quartal sperrt der Leistungsträger`));
    expect(await providerNotice.getByRole("button").count()).toBe(0);
    await provider.context.close();

    // The funder sees the prompt on the closed talk's card and locks the quarter from there.
    const funder = await SteuerradPage.open(env.browser, env.server.url);
    await funder.app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const funderPage = funder.app.page;
    await funderPage.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).click();
    const card = funderPage.locator(`.talk-card[data-talk-id="${talk.id}"][data-state="closed"]`);
    const prompt = card.getByRole("region", { name: `Quartal ${talk.quarter} noch nicht gesperrt – jetzt sperren` });
    await prompt.waitFor();
    expect(await findAxeViolations(funderPage), "talks page with the lock prompt").toEqual([]);
    await prompt.getByRole("button", { name: `Quartal ${talk.quarter} sperren` }).click();
    await funderPage.getByText(`Das Quartal ${talk.quarter} ist gesperrt.`, { exact: true }).waitFor();
    // The message comes at once, the card with the list read afterwards.
    await expect.poll(() => card.getByTestId("quarter-lock").textContent()).toBe(`🔒 Die Zahlen des Quartals ${talk.quarter} sind gesperrt.`);
    await funder.context.close();
  });

  it("shows a viewer the meeting panel without its actions", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const scorecardId = scorecardIdOf(funder.app.page);
    // Planned and started over the API with the funder's session: this test is about the viewer.
    const talk = await funder.app.page.evaluate(
      async ({ scorecardId, day }) => {
        const me = (await (await fetch("/api/me")).json()) as { id: string };
        const planned = await fetch("/api/talks", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            scorecardId,
            startsAt: `${day}T14:00`,
            place: "Beispiel e.V., Besprechungsraum",
            participants: [{ userId: me.id }, { email: "gast-a@demo.test", name: "Gerd Gast-A", side: "provider" }],
          }),
        });
        const { id } = (await planned.json()) as { id: string };
        const started = await fetch(`/api/talks/${id}/start`, { method: "POST" });
        return { id, planned: planned.status, started: started.status };
      },
      { scorecardId, day: berlinDayIn(60) },
    );
    expect(talk).toMatchObject({ planned: 201, started: 200 });

    const viewer = await SteuerradPage.open(env.browser, env.server.url);
    await viewer.app.logIn("gast-a@demo.test", TEST_PASSWORD);
    const page = viewer.app.page;
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Gespräche" }).click();
    const card = page.locator(`.talk-card[data-talk-id="${talk.id}"]`);
    await card.waitFor();
    expect(await page.getByRole("button", { name: "Neues Gespräch planen" }).count()).toBe(0);
    expect(await card.getByRole("button").count()).toBe(0);

    await card.getByRole("link", { name: "Gespräch ansehen" }).click();
    await viewer.app.editor.waitFor();
    const panel = page.locator(".meeting-panel");
    await panel.getByText("Sie sehen das Gespräch mit; ändern können es nur Bearbeiterinnen und Bearbeiter.").waitFor();
    await panel.getByText("Zustand: läuft").waitFor();
    expect(await panel.getByText("Noch nicht festgehalten.").count()).toBe(1);
    expect(await panel.getByRole("button", { name: /genehmigt|Gespräch abschließen|Gespräch beginnen/ }).count()).toBe(0);
    expect(await panel.getByRole("checkbox").count()).toBe(0);
    expect(await panel.getByText("Gerd Gast-A (Leistungserbringer): nicht anwesend").count()).toBe(1);
    // The agenda item is the talk's: the viewer follows it (meetingLive.test.ts) without moving it.
    expect(await panel.getByRole("button", { name: /Nächster Punkt|Vorheriger Punkt/ }).count()).toBe(0);
    expect(await panel.locator(".agenda-nav [aria-current='step']").textContent()).toContain("Genehmigung des Protokolls");

    await viewer.context.close();
    await funder.context.close();
  });
});
