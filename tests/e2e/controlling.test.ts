import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const EXAMPLE = resolve(import.meta.dirname, "../fixtures/kpi-example");
const NBSP = "\u00a0";

const env = useE2eEnvironment();

/** Opens the controlling page of a logged-in user and waits for its tabs. */
async function openControlling(app: SteuerradPage): Promise<Page> {
  await app.page.goto(`${app.baseUrl}/controlling`);
  await app.page.getByRole("heading", { name: "Controlling", level: 1 }).waitFor();
  await app.page.getByRole("tab", { name: "Kennzahlen" }).waitFor();
  return app.page;
}

describe("quantitative controlling in the browser", () => {
  it("takes the agreement from the funder and figures from the provider, then shows the KPIs with corridors in words", async () => {
    // The funder picks the provider and uploads the 2025 agreement with a reason.
    const funder = await SteuerradPage.open(env.browser, env.server.url);
    await funder.app.logIn("sozialamt@demo.test", TEST_PASSWORD);
    const lt = await openControlling(funder.app);
    await lt.getByLabel("Leistungserbringer", { exact: true }).selectOption({ label: "Beispiel e.V. (Demo)" });
    await lt.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await lt.getByRole("tab", { name: "Budgetvereinbarung" }).click();
    const agreementUpload = lt.getByRole("region", { name: "Vereinbarung als JSON-Datei hochladen" });
    await agreementUpload.getByLabel("JSON-Datei der Vereinbarung").setInputFiles(resolve(EXAMPLE, "agreement-2025.json"));
    // One reason for the whole agreement tab, above the upload and the form.
    await lt.getByLabel(/Begründung der Änderung/).fill("Budgetvereinbarung 2025 unterzeichnet");
    await agreementUpload.getByRole("button", { name: "Vereinbarung hochladen" }).click();
    await lt.getByText("Version 1 der Vereinbarung 2025 gespeichert.").waitFor();
    const versions = lt.getByTestId("agreement-history");
    await versions.getByText("Budgetvereinbarung 2025 unterzeichnet").waitFor();
    expect(await versions.innerText()).toContain("Sabine Sozialamt");
    expect(await lt.getByTestId("agreement-view").innerText()).toContain(`98,50${NBSP}€`);

    // The provider goes straight to its own figures and uploads figures and staff.
    const provider = await SteuerradPage.open(env.browser, env.server.url);
    await provider.app.logIn("anbieter-a@demo.test", TEST_PASSWORD);
    const le = await openControlling(provider.app);
    expect(await le.getByLabel("Leistungserbringer", { exact: true }).count()).toBe(0);
    await le.getByText("Beispiel e.V. (Demo)").first().waitFor();
    expect(await le.getByRole("tab", { name: "Alle Leistungserbringer" }).count()).toBe(0);
    await le.getByLabel("Jahr", { exact: true }).selectOption("2025");
    await le.getByRole("tab", { name: "Zahlen melden" }).click();
    const upload = le.getByRole("region", { name: "Datei hochladen" });
    await upload.getByLabel("Belegungszahlen (Fälle und Belegungstage)").check();
    await upload.getByLabel("Datei (CSV oder Excel)").setInputFiles(resolve(EXAMPLE, "figures-2025.csv"));
    await upload.getByRole("button", { name: "Hochladen" }).click();
    await upload
      .getByTestId("save-outcome")
      .getByText(/Gespeichert: 191 Zeilen Belegungszahlen/)
      .waitFor();
    await upload.getByLabel("Personaleinsatz (VK je Monat)").check();
    await upload.getByLabel("Datei (CSV oder Excel)").setInputFiles(resolve(EXAMPLE, "staff-2025.csv"));
    await upload.getByRole("button", { name: "Hochladen" }).click();
    await upload
      .getByTestId("save-outcome")
      .getByText(/12 Zeilen Personal/)
      .waitFor();
    await le.locator('[data-testid="month-table"] tr[data-month="2025-06"][data-reported="true"]').waitFor();
    await le.getByTestId("submission-history").getByText("staff-2025.csv").waitFor();

    // The dashboard for 2025-Q2: staff amber and above budget, in words; the service value in euro.
    await le.getByRole("tab", { name: "Kennzahlen" }).click();
    await le.getByLabel("Art", { exact: true }).selectOption("quarter");
    await le.getByLabel("Quartal", { exact: true }).selectOption("2");
    await le.getByRole("heading", { name: "Kennzahlen 2025-Q2" }).waitFor();
    const staff = le.getByTestId("kpi-card-staff");
    const staffText = await staff.innerText();
    expect(staffText).toContain("Warnbereich");
    expect(staffText).toContain("über Budget");
    expect(staffText).toContain(`+5,9${NBSP}%`);
    expect(await staff.locator(".corridor").getAttribute("data-corridor")).toBe("amber");
    const value = await le.getByTestId("kpi-card-value").innerText();
    expect(value).toContain(`472.081,10${NBSP}€`);
    expect(value).toContain(`481.826,80${NBSP}€`);
    expect(value).toContain("im Korridor");
    expect(value).toContain("unter Budget");
    expect(await le.getByTestId("social-space").innerText()).toContain(`6.163,70${NBSP}€`);
    await le.getByTestId("trend-value").waitFor();
    expect(await le.getByTestId("unreported-months").count()).toBe(0);
    // The engine's reasons speak the UI's language: figures of 2025 only give no trend, and say why in German.
    await le.getByText("Kein Trend: Zahlen für weniger als zwei Jahre in 2021–2025 (Jahre mit Zahlen: 2025); ein Trend braucht mindestens zwei").waitFor();

    // A bad correction of July: the reason is asked for first; then every issue with its line, and nothing stored.
    await le.getByRole("tab", { name: "Zahlen melden" }).click();
    await upload.getByLabel("Belegungszahlen (Fälle und Belegungstage)").check();
    const bad = [
      "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays",
      "2025-07,Besondere Wohnform Haus A,1,local,0,,2,62",
      "2025-07,Besondere Wohnform Haus A,7,local,0,,2,58",
    ].join("\n");
    await upload.getByLabel("Datei (CSV oder Excel)").setInputFiles({ name: "figures-bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await upload.getByText("Pflicht: Die Datei ersetzt bereits gemeldete Monate (2025-07).", { exact: false }).waitFor();
    await upload.getByLabel(/^Begründung/).fill("Korrektur Juli nach Rückfrage");
    await upload.getByRole("button", { name: "Hochladen" }).click();
    const issues = upload.locator(".issues");
    await issues.waitFor();
    expect(await issues.innerText()).toContain("Nichts wurde gespeichert.");
    const issueRow = issues.locator('tbody tr[data-line="3"]');
    expect(await issueRow.innerText()).toMatch(/figures-bad\.csv\s+3\s+needGroup\s+HBG: muss eine ganze Zahl 1–5 sein, gefunden „7“/);
    expect(await le.getByTestId("submission-history").innerText()).not.toContain("figures-bad.csv");

    // The funder sees both providers side by side, with corridor words.
    await lt.getByLabel("Art", { exact: true }).selectOption("quarter");
    await lt.getByLabel("Quartal", { exact: true }).selectOption("2");
    await lt.getByRole("tab", { name: "Alle Leistungserbringer" }).click();
    const compare = lt.getByTestId("compare-table");
    await compare.getByText("Warnbereich").waitFor();
    const compareText = await compare.innerText();
    expect(compareText).toContain("Weser-Wohnverbund gGmbH (Demo)");
    expect(compareText).toContain("keine Budgetvereinbarung für dieses Jahr");
    expect(compareText).toContain("über Budget");

    await funder.context.close();
    await provider.context.close();
  });
});
