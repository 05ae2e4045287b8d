/**
 * Comments in the browser: a read-only participant comments on a passage and asks a
 * question on a measure; the provider's editor shows both live, replies and marks the
 * thread done, which the participant sees at once. And a pre-read comment on a
 * circulated version shows at the same passage in the live scorecard.
 */
import { describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { measureTitle, openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

const VIEWER = "Gerd Gast-A";
const PROVIDER = "Anton Anbieter-A";

/** The thread in the comments panel whose text contains `text`. */
function thread(app: SteuerradPage, text: string): Locator {
  return app.page.locator(".comments-panel .comment-thread", { hasText: text });
}

describe("comments and questions", () => {
  it("lets a read-only participant comment on a passage and ask about a measure; the provider answers and marks it done", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const viewer = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    await viewer.app.page.getByText("Nur lesen: Sie können diese Scorecard ansehen, aber nicht ändern.").waitFor();

    // "Kommentieren" waits for a selection, also for a participant who may not edit.
    const commentButton = viewer.app.page.getByRole("button", { name: /Kommentieren/ });
    expect(await commentButton.isDisabled()).toBe(true);
    await viewer.app.selectWord(viewer.app.editor.locator(":scope > p").first(), "zugleich");
    await expect.poll(() => commentButton.isDisabled()).toBe(false);
    await commentButton.click();
    const field = viewer.app.page.getByLabel("Ihr Kommentar oder Ihre Frage");
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    await viewer.app.page.getByText("Zu: „zugleich“").waitFor();
    await field.fill("Gilt das auch für den Vorabversand?");
    await viewer.app.page.keyboard.press("Control+Enter");
    await viewer.app.page.getByText("Gesendet. Alle Beteiligten sehen es jetzt.").waitFor();
    expect(await commentButton.evaluate((element) => element === document.activeElement)).toBe(true);

    // The provider sees the thread live: author, text, and the passage highlighted.
    const providerThread = thread(provider.app, "Gilt das auch für den Vorabversand?");
    await providerThread.waitFor();
    expect(await providerThread.textContent()).toContain(VIEWER);
    expect(await providerThread.getByRole("button", { name: "Zur Stelle: „zugleich“" }).count()).toBe(1);
    await expect.poll(() => provider.app.editor.locator(".comment-anchor").first().textContent()).toBe("zugleich");
    // Clicking the highlighted passage selects its thread.
    await provider.app.editor.locator(".comment-anchor").first().click();
    await expect.poll(() => providerThread.getAttribute("class")).toContain("active");

    // The provider replies; the participant sees the reply live.
    await providerThread.getByRole("button", { name: "Antworten" }).click();
    await providerThread.getByLabel("Ihre Antwort").fill("Ja, wir ergänzen das im Gespräch.");
    await providerThread.getByRole("button", { name: "Antwort senden" }).click();
    const viewerThread = thread(viewer.app, "Gilt das auch für den Vorabversand?");
    await viewerThread.getByText("Ja, wir ergänzen das im Gespräch.").waitFor();
    expect(await viewerThread.locator(".comment-reply").textContent()).toContain(PROVIDER);

    // Done: folded away for both, and the passage no longer highlighted.
    await providerThread.getByLabel("Erledigt").check();
    await viewer.app.page.locator(".comment-done summary", { hasText: "1 erledigter Kommentar" }).waitFor();
    await expect.poll(() => viewer.app.editor.locator(".comment-anchor").count()).toBe(0);
    expect(await viewerThread.getAttribute("data-resolved")).toBe("true");
    expect(await viewerThread.isVisible()).toBe(false);

    // A question about a measure: the provider adds one, the participant asks about it.
    await provider.app.clickBelowGoal("Zusammenarbeiten");
    await provider.app.page.keyboard.press("Control+Alt+m");
    await provider.app.page.locator(".measure-block").first().getByLabel("Titel der Maßnahme").fill("Beteiligung stärken");
    await provider.app.waitUntilSaved();
    const viewerMeasure = viewer.app.page.locator(".measure-block").first();
    await expect.poll(() => measureTitle(viewerMeasure)).toBe("Beteiligung stärken");
    await openMeasure(viewerMeasure);
    await viewerMeasure.getByRole("button", { name: "Frage stellen: Beteiligung stärken" }).click();
    await viewerMeasure.getByLabel("Ihre Frage zur Maßnahme „Beteiligung stärken“").fill("Wie viele Familien nehmen teil?");
    await viewerMeasure.getByRole("button", { name: "Senden" }).click();
    await viewerMeasure.getByText("Gesendet. Alle Beteiligten sehen es jetzt.").waitFor();

    const providerMeasure = provider.app.page.locator(".measure-block").first();
    await providerMeasure.getByText("1 offene Frage").waitFor();
    const question = thread(provider.app, "Wie viele Familien nehmen teil?");
    await question.getByRole("button", { name: "Maßnahme: Beteiligung stärken" }).waitFor();
    expect(await question.textContent()).toContain(VIEWER);
    expect(await provider.app.page.locator(".comments-panel h2").textContent()).toContain("1 offen");

    await provider.context.close();
    await viewer.context.close();
  });

  it("shows a comment on the circulated version at the same passage of the live scorecard", async () => {
    const provider = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const scorecardPath = new URL(provider.app.page.url()).pathname;
    const saved = await provider.app.page.request.post(`${env.server.url}/api/scorecards${scorecardPath.slice("/scorecards".length)}/versions`, { data: { name: "Vorabversand" } });
    expect(saved.status()).toBe(201);
    const versionId = ((await saved.json()) as { id: number }).id;

    // After circulating, the provider writes before the passage the participant will comment on.
    await provider.app.typeInIntro(" Nachtrag nach dem Versand.");
    await provider.app.waitUntilSaved();

    const viewer = await SteuerradPage.openScorecardAs(env, "gast-a@demo.test", /Beispiel e\.V\./);
    await viewer.app.page.goto(`${env.server.url}${scorecardPath}/versions/${versionId}`);
    const versionDocument = viewer.app.page.locator(".ProseMirror.version-prose");
    await versionDocument.waitFor();
    expect(await versionDocument.textContent()).not.toContain("Nachtrag nach dem Versand.");
    await viewer.app.selectWord(versionDocument.locator("h2").first(), "Wirkung");
    await viewer.app.page.getByRole("button", { name: /Kommentieren/ }).click();
    await viewer.app.page.getByLabel("Ihr Kommentar oder Ihre Frage").fill("Welche Wirkung ist gemeint?");
    await viewer.app.page.getByRole("button", { name: "Senden" }).click();
    // Shown on the version at once, with the passage highlighted there.
    await thread(viewer.app, "Welche Wirkung ist gemeint?").waitFor();
    await expect.poll(() => versionDocument.locator(".comment-anchor").first().textContent()).toBe("Wirkung");

    // The live scorecard highlights the same passage.
    const live = thread(provider.app, "Welche Wirkung ist gemeint?");
    await live.waitFor();
    await expect.poll(() => provider.app.editor.locator(".comment-anchor", { hasText: "Wirkung" }).count()).toBe(1);
    expect(await provider.app.editor.locator("h2 .comment-anchor").first().textContent()).toBe("Wirkung");

    await provider.context.close();
    await viewer.context.close();
  });
});
