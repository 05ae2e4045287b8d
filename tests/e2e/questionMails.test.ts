/**
 * The account page's e-mail notifications in the browser: a toggle saves at once and is
 * still off after a reload; and the link of a question mail (`?thread=`) opens the
 * scorecard with that thread selected, also when the reader has to log in first. With
 * E2E_SCREENSHOT_DIR set, the account page is saved as a picture.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommentThread } from "../../shared/domain/comments";
import type { NotificationSettings } from "../../shared/domain/notifications";
import { createMeasure } from "../../shared/document/measures";
import { threadLink } from "../../server/comments/questionMailText";
import { login, scorecardsOf, TEST_PASSWORD } from "../fixtures/testServer";
import { SteuerradPage, useE2eEnvironment } from "./browser";
import { findAxeViolations } from "./axe";

const env = useE2eEnvironment();

async function settingsOf(email: string): Promise<NotificationSettings> {
  const response = await fetch(`${env.server.url}/api/me/notifications`, { headers: { cookie: await login(env.server.url, email) } });
  return (await response.json()) as NotificationSettings;
}

describe("e-mail notifications in the browser", () => {
  it("turns question mails off on the account page, and they stay off after a reload", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const page = app.page;
    await page.getByRole("link", { name: /Angemeldet als/ }).click();
    const card = page.getByRole("region", { name: "E-Mail-Benachrichtigungen" });
    const questions = card.getByRole("checkbox", { name: "Fragen und Antworten zu meinen Scorecards" });
    const reminders = card.getByRole("checkbox", { name: "Erinnerung an die Meldefrist (nur Leistungserbringer)" });
    await questions.waitFor();
    expect([await questions.isChecked(), await reminders.isChecked()]).toEqual([true, true]);

    await questions.uncheck();
    await card.getByText("Gespeichert: „Fragen und Antworten zu meinen Scorecards“ ist ausgeschaltet.").waitFor();
    expect(await settingsOf("anbieter-a@demo.test")).toEqual({ questionMails: false, reminderMails: true });
    expect(await findAxeViolations(page)).toEqual([]);
    if (process.env.E2E_SCREENSHOT_DIR) {
      mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, "account-notifications.png"), fullPage: true });
    }

    await page.reload();
    await questions.waitFor();
    expect([await questions.isChecked(), await reminders.isChecked()]).toEqual([false, true]);

    await questions.check();
    await card.getByText("Gespeichert: „Fragen und Antworten zu meinen Scorecards“ ist eingeschaltet.").waitFor();
    expect((await settingsOf("anbieter-a@demo.test")).questionMails).toBe(true);
    await context.close();
  });

  it("opens the thread a question mail links to, after logging in", async () => {
    const funder = await login(env.server.url, "sozialamt@demo.test");
    const scorecard = (await scorecardsOf(env.server.url, funder)).find((entry) => entry.provider !== null && /Beispiel/.test(entry.title))!;
    await env.server.collab.change(scorecard.id, null, (doc) => void createMeasure(doc, "m-link", { title: "Beteiligung stärken" }));
    const response = await fetch(`${env.server.url}/api/scorecards/${scorecard.id}/comments`, {
      method: "POST",
      headers: { cookie: funder, "content-type": "application/json" },
      body: JSON.stringify({ anchor: { kind: "measure", measureId: "m-link" }, text: "Wie ist der Stand der Beteiligung?" }),
    });
    const thread = (await response.json()) as CommentThread;

    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    const page = app.page;
    // The link from the mail, opened by someone not logged in on this device.
    await page.goto(threadLink(env.server.url, scorecard.id, thread.id));
    await page.getByLabel("E-Mail").fill("anbieter-a@demo.test");
    await page.getByLabel("Passwort").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await app.editor.waitFor();
    const opened = page.locator(`.comment-thread.active[data-thread-id="${thread.id}"]`);
    await opened.waitFor();
    expect(await opened.innerText()).toContain("Wie ist der Stand der Beteiligung?");
    await page.waitForFunction(() => document.activeElement?.closest(".comment-thread.active") !== null);
    // The parameter is gone, so a reload does not jump there again.
    expect(new URL(page.url()).search).toBe("");
    await context.close();
  });
});
