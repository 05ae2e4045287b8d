import { describe, expect, it } from "vitest";
import { login } from "../fixtures/testServer";
import { changeableFields, openMeasure, SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

describe("typing in a measure's fields together", () => {
  it("keeps every character when two people type into the same title at once, and keeps each caret in place", async () => {
    const a = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const b = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    await a.app.clickBelowGoal("Zusammenarbeiten");
    await a.app.page.keyboard.press("Control+Alt+m");
    const titleA = a.app.page.locator(".measure-block").first().getByLabel("Titel der Maßnahme");
    // The inserting side has the new measure's card open; the other side opens it.
    const titleB = (await openMeasure(b.app.page.locator(".measure-block").first())).getByLabel("Titel der Maßnahme");
    await titleB.waitFor();

    await titleA.click();
    await titleB.click();
    await Promise.all([titleA.pressSequentially("aaaaaaaaaa", { delay: 40 }), titleB.pressSequentially("bbbbbbbbbb", { delay: 40 })]);
    await expect.poll(async () => (await titleA.inputValue()) === (await titleB.inputValue()) && (await titleA.inputValue()).length === 20).toBe(true);
    const merged = await titleA.inputValue();
    expect(merged.replace(/b/g, "")).toBe("aaaaaaaaaa");
    expect(merged.replace(/a/g, "")).toBe("bbbbbbbbbb");

    // A's caret sits after the fifth character while B appends at the end.
    await titleA.fill("Hello World");
    await expect.poll(() => titleB.inputValue()).toBe("Hello World");
    await titleA.evaluate((input: HTMLInputElement) => input.setSelectionRange(5, 5));
    await titleB.press("End");
    await titleB.press("!");
    await expect.poll(() => titleA.inputValue()).toBe("Hello World!");
    await a.app.page.keyboard.type("X");
    await expect.poll(() => titleB.inputValue()).toBe("HelloX World!");
    await a.context.close();
    await b.context.close();
  });

  it("turns the measure's fields into plain text at once when the user is made a viewer", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-b@demo.test", /Weser-Wohnverbund/);
    await app.clickBelowGoal("Zusammenarbeiten");
    await app.page.keyboard.press("Control+Alt+m");
    const block = app.page.locator(".measure-block").first();
    expect(await block.getByLabel("Titel der Maßnahme").getAttribute("readonly")).toBeNull();

    const admin = await login(env.server.url, "admin@demo.test");
    const users = (await (await fetch(`${env.server.url}/api/admin/users`, { headers: { cookie: admin } })).json()) as { id: string; email: string }[];
    const id = users.find((u) => u.email === "anbieter-b@demo.test")!.id;
    const patch = (role: string) =>
      fetch(`${env.server.url}/api/admin/users/${id}`, { method: "PATCH", headers: { cookie: admin, "content-type": "application/json" }, body: JSON.stringify({ role }) });
    expect((await patch("viewer")).status).toBe(200);
    // The open card stays open and shows values as text: nothing left that looks editable.
    await expect.poll(() => block.locator("input, select, textarea").count()).toBe(0);
    expect(await changeableFields(block)).toEqual([]);
    expect(await block.locator(".measure-values").innerText()).toContain("geplant");
    expect(await block.locator("[contenteditable='true']").count()).toBe(0);
    expect(await block.locator(".measure-description").innerText()).toContain("Keine Beschreibung.");
    await patch("editor");
    await context.close();
  });
});
