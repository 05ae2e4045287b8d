import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { login } from "../fixtures/testServer";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const example = resolve(import.meta.dirname, "../fixtures/kpi-example");
const env = useE2eEnvironment();
let providerId: string;

async function upload(cookie: string, name: string, subject: "figures" | "staff") {
  const form = new FormData();
  form.set("subject", subject);
  form.set("file", new File([readFileSync(`${example}/${name}`)], name));
  const response = await fetch(`${env.server.url}/api/providers/${providerId}/figures/upload`, { method: "POST", headers: { cookie }, body: form });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  const funder = await login(env.server.url, "sozialamt@demo.test");
  const providers = (await (await fetch(`${env.server.url}/api/providers`, { headers: { cookie: funder } })).json()) as { id: string; name: string }[];
  providerId = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  // Tight corridors, so the example's staff deviation (+5.9 %) is red.
  const agreement = { ...JSON.parse(readFileSync(`${example}/agreement-2025.json`, "utf8")), greenPct: 1, amberPct: 2 };
  const response = await fetch(`${env.server.url}/api/providers/${providerId}/agreements/2025`, {
    method: "PUT",
    headers: { cookie: funder, "content-type": "application/json" },
    body: JSON.stringify({ reason: "Enger Korridor für den Test", agreement }),
  });
  expect(response.status).toBe(200);
});

describe("KPI blocks in the scorecard", () => {
  it("update live when figures are saved, and a red KPI asks for an answer until a measure is linked", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "anbieter-a@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await app.clickBelowGoal("Ressourcen im Blick");
    await page.keyboard.press("Control+Alt+k");
    const block = page.locator(".kpi-block").first();
    await block.getByLabel("Kennzahl wählen").selectOption("staffDeviationPct");
    // The period is chosen, not typed: kind, year and quarter.
    await block.getByLabel("Art", { exact: true }).selectOption("quarter");
    await block.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await block.getByLabel("Quartal", { exact: true }).selectOption("2");
    await block.getByText("2. Quartal 2025", { exact: true }).waitFor();
    await block.getByText("Noch keine Zahlen gemeldet.").or(block.getByText("kein Wert")).first().waitFor();

    // Figures arrive by upload elsewhere; the open block updates without reload.
    const cookie = await login(env.server.url, "anbieter-a@demo.test");
    await upload(cookie, "figures-2025.csv", "figures");
    await upload(cookie, "staff-2025.csv", "staff");
    await block.locator('[data-testid="kpi-value"]', { hasText: "5,9" }).waitFor({ timeout: 5000 });
    expect(await block.getAttribute("data-corridor")).toBe("red");
    expect(await block.innerText()).toContain("über Budget");
    await block.getByText("Rote Kennzahl – bitte erläutern").waitFor();

    // The overview's panel lists it until a linked measure answers it.
    const panel = page.getByTestId("red-kpis");
    await panel.getByText("Abweichung Personaleinsatz (2025-Q2").waitFor();
    // With 1 %/2 % corridors, occupancy and service value are red as well.
    expect(await panel.locator("li").count()).toBe(3);
    const staffEntry = panel.locator("li", { hasText: "Abweichung Personaleinsatz" });
    // Asked where it goes: offered are the goal of the KPI's block and the provider's side.
    await staffEntry.getByRole("button", { name: "Maßnahme dazu anlegen" }).click();
    const placement = staffEntry.locator(".measure-placement-form");
    expect(await placement.getByLabel("Unter dem Ziel").locator("option:checked").textContent()).toBe("Finanzen & Budget › Ressourcen im Blick behalten und abstimmen");
    expect(await placement.getByLabel("Verantwortliche Seite").locator("option:checked").textContent()).toBe("Leistungserbringer");
    await placement.getByRole("button", { name: "Maßnahme anlegen" }).click();
    const measure = page.locator(".measure-block", { hasText: "Verknüpfte Kennzahlen: Abweichung Personaleinsatz" });
    await measure.waitFor();
    // Under that goal, after the KPI block, not at the end of the document.
    const goalAbove = await measure.evaluate((block) => {
      let node = block.closest(".scorecard-prose > *")?.previousElementSibling ?? null;
      while (node && node.tagName !== "H3" && node.tagName !== "H2") node = node.previousElementSibling;
      return node?.textContent ?? null;
    });
    expect(goalAbove).toBe("Ressourcen im Blick behalten und abstimmen");
    await page.getByText("Maßnahme unter „Finanzen & Budget › Ressourcen im Blick behalten und abstimmen“ angelegt.").waitFor();
    await expect.poll(() => staffEntry.count()).toBe(0);
    expect(await panel.locator("li").count()).toBe(2);

    // An explanation in a KPI block answers its red KPI as well.
    await block.getByLabel("Kennzahl wählen").selectOption("occupancyDeviationPct");
    await block.locator("textarea").fill("Zwei Auszüge im April, Nachbelegung läuft");
    await expect.poll(() => panel.locator("li").count()).toBe(1);
    expect(await panel.innerText()).toContain("Abweichung Leistungswert vom Budget");
    await context.close();
  });
});
