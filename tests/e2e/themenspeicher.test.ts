/**
 * The Themenspeicher in two browsers, the funder's and the provider's: a topic raised by one
 * during talk 1 appears on the other's scorecard within a second without reload; the other
 * plans it into talk 2; in talk 2's meeting it is on the agenda, its status line and outcome
 * are recorded and appear on the other screen; after the close it is in the minutes (mail
 * and Word); then it becomes a measure under a chosen goal, which the other side sees in the
 * document. With E2E_SCREENSHOT_DIR set, the steps are saved as PNGs there.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import type { MailSummary } from "../../shared/domain/talks";
import { docxText } from "../../server/exports/testSupport";
import { findAxeViolations } from "./axe";
import { openMeasure, SteuerradPage, scorecardIdOf, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();
const SHOTS = process.env.E2E_SCREENSHOT_DIR;
const TOPIC = "Versorgungsverpflichtung";
const NOTE = "Wer übernimmt welche Fälle im Sozialraum, und ab wann?";
const STATUS_LINE = "Der Leistungsträger legt bis Juni einen Entwurf vor; die Leistungserbringer kommentieren ihn.";
const GOAL = "Ressourcen im Blick behalten und abstimmen";

/** A day ahead as YYYY-MM-DD in Europe/Berlin, the talks' time zone. */
function berlinDayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split("-").reverse().join(".");

/** Waits for what the other side did: it must show without reload, within a second. */
function withinASecond(locator: Locator): Promise<void> {
  return locator.waitFor({ timeout: 1_000 });
}

async function screenshot(page: Page, name: string, part?: Locator): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  if (part) {
    await part.scrollIntoViewIfNeeded();
    await part.screenshot({ path: join(SHOTS, `${name}-panel.png`) });
  }
}

/** Calls the API from the page, as the logged-in user. */
function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    { method, path, body },
  );
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

describe("the Themenspeicher from talk to talk", () => {
  it("shows a raised topic on the other screen at once, plans it into the next talk, records its status line there, keeps it in the minutes and makes it a measure", async () => {
    const funder = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const scorecardId = scorecardIdOf(funder.app.page);
    const fpage = funder.app.page;
    const candidates = await api<{ id: string; email: string }[]>(fpage, "GET", `/api/talks/candidates?scorecardId=${scorecardId}`);
    const participants = ["sozialamt@demo.test", "anbieter-a@demo.test"].map((email) => ({ userId: candidates.find((c) => c.email === email)!.id }));
    const schedule = (day: number) => api<{ id: string }>(fpage, "POST", "/api/talks", { scorecardId, startsAt: `${berlinDayIn(day)}T10:00`, place: "Beispiel e.V., Haus A", participants });
    const first = await schedule(15);
    const second = await schedule(30);
    await api(fpage, "POST", `/api/talks/${first.id}/start`);

    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const ppage = provider.app.page;
    const [funderBacklog, providerBacklog] = [fpage, ppage].map((page) => page.getByTestId("topic-backlog"));
    await funderBacklog.getByText("Noch keine Themen vorgemerkt.").waitFor();
    await providerBacklog.getByText("Noch keine Themen vorgemerkt.").waitFor();
    // Connected, so what the funder does next reaches the provider by push.
    await provider.app.waitUntilSaved();

    // The funder raises a topic while talk 1 runs; the provider's backlog shows it without reload.
    const raise = funderBacklog.locator("form.topic-raise");
    await raise.getByLabel("Thema", { exact: true }).fill(TOPIC);
    await raise.getByLabel("Notiz (optional)").fill(NOTE);
    await raise.getByRole("button", { name: "Thema aufnehmen" }).click();
    await funderBacklog.getByText(`„${TOPIC}“ ist im Themenspeicher.`).waitFor();
    const providerTopic = providerBacklog.locator(".topic-item", { has: ppage.getByRole("heading", { name: TOPIC }) });
    await withinASecond(providerTopic);
    expect(await providerTopic.locator(".topic-status").textContent()).toBe("offen");
    await providerTopic.getByText(NOTE).waitFor();
    await providerTopic.getByText("Verlauf (1 Eintrag)").click();
    await providerTopic.getByText(`im Gespräch am ${german(berlinDayIn(15))} aufgenommen`).waitFor();
    await screenshot(ppage, "themenspeicher-provider-raised", providerBacklog);

    // The provider plans it into talk 2; the funder's screen says so at once.
    await providerTopic.getByLabel("Einplanen für das Gespräch am").selectOption(second.id);
    await providerTopic.getByRole("button", { name: "Einplanen" }).click();
    const plannedText = `eingeplant für das Gespräch am ${german(berlinDayIn(30))}`;
    await providerTopic.locator(".topic-status", { hasText: plannedText }).waitFor();
    const funderTopic = funderBacklog.locator(".topic-item", { has: fpage.getByRole("heading", { name: TOPIC }) });
    await withinASecond(funderTopic.locator(".topic-status", { hasText: plannedText }));
    await screenshot(fpage, "themenspeicher-funder-planned", funderBacklog);
    await funderTopic.getByText("Verlauf (2 Einträge)").click();
    expect.soft(await findAxeViolations(fpage), "backlog with a planned topic and its history").toEqual([]);
    await api(fpage, "POST", `/api/talks/${first.id}/close`);

    // Talk 2: the topic is on the agenda; the funder moves there, the provider records the status line.
    for (const page of [fpage, ppage]) {
      await page.goto(`${env.server.url}/talks/${second.id}/meeting`);
      await page.locator(".meeting-panel").getByText("Das Gespräch hat noch nicht begonnen.").waitFor();
    }
    const [funderPanel, providerPanel] = [fpage, ppage].map((page) => page.locator(".meeting-panel"));
    await funderPanel.getByRole("button", { name: "Gespräch beginnen" }).click();
    await withinASecond(providerPanel.getByText("Zustand: läuft"));
    await funderPanel
      .locator(".agenda-nav")
      .getByRole("button", { name: `Themenspeicher: ${TOPIC}` })
      .click();
    const providerMeetingTopic = providerPanel.locator(".meeting-topic");
    await withinASecond(providerMeetingTopic.getByText(TOPIC, { exact: true }));
    await providerMeetingTopic.getByText(NOTE).waitFor();
    await providerMeetingTopic.getByLabel("Status im Protokoll").fill(STATUS_LINE);
    await providerMeetingTopic.getByLabel("erledigt").check();
    await screenshot(ppage, "themenspeicher-meeting-provider-form", providerPanel);
    expect.soft(await findAxeViolations(ppage), "meeting with the topic's status form").toEqual([]);
    await providerMeetingTopic.getByRole("button", { name: "Im Protokoll festhalten" }).click();
    await providerMeetingTopic.getByText("Im Protokoll festgehalten.").waitFor();
    const funderMeetingTopic = funderPanel.locator(".meeting-topic");
    await withinASecond(funderMeetingTopic.getByText(STATUS_LINE, { exact: false }));
    await withinASecond(funderMeetingTopic.getByText("Das Thema ist erledigt."));
    await screenshot(fpage, "themenspeicher-meeting-funder", funderPanel);
    await screenshot(ppage, "themenspeicher-meeting-provider", providerPanel);

    // Closed: the minutes (mail and Word) carry the topic with its status line.
    const closed = await api<{ versions: { minutes: number } }>(fpage, "POST", `/api/talks/${second.id}/close`);
    const { mails } = await api<{ mails: MailSummary[] }>(fpage, "GET", `/api/talks/mails?talkId=${second.id}`);
    expect(mails.find((mail) => mail.kind === "minutes")?.body).toContain(`Themenspeicher:\n- ${TOPIC}: ${STATUS_LINE} (erledigt)`);
    const word = await funder.context.request.get(`${env.server.url}/api/scorecards/${scorecardId}/export.docx?version=${closed.versions.minutes}`);
    expect(docxText(await word.body()).replace(/\s+/g, " ")).toContain(`Thema ${TOPIC} Status im Protokoll ${STATUS_LINE} Ergebnis erledigt`);

    // Back on the scorecard, the settled topic becomes a measure under the goal the funder picks.
    for (const page of [fpage, ppage]) await page.goto(`${env.server.url}/scorecards/${scorecardId}`);
    await funder.app.editor.waitFor();
    await provider.app.editor.waitFor();
    await funderBacklog.getByText("1 erledigtes Thema").click();
    await funderTopic.getByRole("button", { name: "Als Maßnahme übernehmen" }).click();
    const placement = funderTopic.locator(".measure-placement-form");
    await placement.getByLabel("Unter dem Ziel").selectOption({ label: `Finanzen & Budget › ${GOAL}` });
    await placement.getByLabel("Verantwortliche Seite").selectOption({ label: "Leistungsträger" });
    await screenshot(fpage, "themenspeicher-funder-placement", funderBacklog);
    await placement.getByRole("button", { name: "Maßnahme anlegen" }).click();
    await funderTopic.getByText(`Die Maßnahme steht jetzt unter „Finanzen & Budget › ${GOAL}“.`).waitFor();
    const measure = ppage.getByRole("group", { name: `Maßnahme: ${TOPIC}` });
    await measure.waitFor();
    expect(await goalAbove(ppage, TOPIC)).toBe(GOAL);
    // A measure reads as a compact line; its fields are in its card.
    await openMeasure(measure);
    expect(await measure.getByLabel("Verantwortlich").inputValue()).toBe("funder");
    await providerBacklog.getByText("1 erledigtes Thema").click();
    await withinASecond(providerTopic.locator(".topic-status", { hasText: "erledigt · als Maßnahme übernommen" }));
    await screenshot(ppage, "themenspeicher-provider-measure", providerBacklog);

    await funder.context.close();
    await provider.context.close();
  });
});
