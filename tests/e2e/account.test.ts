import { describe, expect, it } from "vitest";
import { login, TEST_PASSWORD } from "../fixtures/testServer";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment();

/** The user behind a session cookie, or the status when the session is not valid. */
async function meOf(cookie: string): Promise<{ status: number; role?: string; organisation?: { name: string } }> {
  const response = await fetch(`${env.server.url}/api/me`, { headers: { cookie } });
  return response.ok ? { status: 200, ...((await response.json()) as object) } : { status: response.status };
}

/** Tries a login over HTTP and returns the status. */
async function loginStatus(email: string, password: string): Promise<number> {
  const response = await fetch(`${env.server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

describe("account and user administration in the browser", () => {
  it("lets the admin change a role and create a user who can then log in", async () => {
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("admin@demo.test", TEST_PASSWORD);
    const page = app.page;
    await page.goto(`${app.baseUrl}/admin/users`);
    await page.getByRole("heading", { name: "Benutzer verwalten", level: 1 }).waitFor();

    // The admin cannot remove themselves; others can be removed.
    expect(await page.getByRole("button", { name: "Entfernen Ada Admin" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Entfernen Gerd Gast-A" }).isEnabled()).toBe(true);

    // The role select is named after its user and saves at once.
    const guestRole = page.getByLabel("Rolle von Gerd Gast-A");
    expect(await guestRole.inputValue()).toBe("viewer");
    await guestRole.selectOption("editor");
    await page.getByText("Gerd Gast-A: Rolle „Bearbeiten“ gespeichert.").waitFor();
    expect(await guestRole.inputValue()).toBe("editor");
    expect((await meOf(await login(env.server.url, "gast-a@demo.test"))).role).toBe("editor");

    // A new user for provider A.
    const form = page.getByRole("region", { name: "Benutzer anlegen" });
    await form.getByLabel("E-Mail", { exact: true }).fill("neu@demo.test");
    await form.getByLabel("Name", { exact: true }).fill("Nora Neu");
    await form.getByLabel("Erstes Passwort").fill("neues-passwort-1");
    await form.getByLabel("Organisation", { exact: true }).selectOption({ label: "Beispiel e.V. (Demo)" });
    await form.getByLabel("Rolle", { exact: true }).selectOption("editor");
    await form.getByRole("button", { name: "Benutzer anlegen" }).click();
    await form.getByText("Nora Neu (neu@demo.test) wurde angelegt.").waitFor();
    const row = page.getByRole("row", { name: /neu@demo\.test/ });
    await row.waitFor();
    expect(await row.innerText()).toContain("Beispiel e.V. (Demo)");
    expect(await row.innerText()).toContain("aktiv");
    expect(await page.getByLabel("Rolle von Nora Neu").inputValue()).toBe("editor");

    // The same e-mail again is refused in the UI's language.
    await form.getByLabel("Name", { exact: true }).fill("Nora Doppelt");
    await form.getByLabel("E-Mail", { exact: true }).fill("neu@demo.test");
    await form.getByLabel("Erstes Passwort").fill("neues-passwort-2");
    await form.getByRole("button", { name: "Benutzer anlegen" }).click();
    await form.getByRole("alert").getByText("Diese E-Mail-Adresse ist schon vergeben.").waitFor();

    // The new user logs in through the login form.
    const newcomer = await SteuerradPage.open(env.browser, env.server.url);
    await newcomer.app.logIn("neu@demo.test", "neues-passwort-1");
    await newcomer.app.page.getByText("Angemeldet als Nora Neu (Beispiel e.V. (Demo))").waitFor();
    const newcomerSession = await login(env.server.url, "neu@demo.test", "neues-passwort-1");

    // Removing asks first; the user stays listed as removed and is logged out everywhere.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Entfernen Nora Neu" }).click();
    await page.getByText("Nora Neu wurde entfernt und abgemeldet.").waitFor();
    expect(await row.innerText()).toContain("entfernt");
    expect(await page.getByLabel("Rolle von Nora Neu").isDisabled()).toBe(true);
    expect((await meOf(newcomerSession)).status).toBe(401);
    expect(await loginStatus("neu@demo.test", "neues-passwort-1")).toBe(401);
    await newcomer.context.close();
    await context.close();
  });

  it("changes a provider's password, ends the other sessions and accepts only the new password", async () => {
    const otherSession = await login(env.server.url, "anbieter-b@demo.test");
    const { context, app } = await SteuerradPage.open(env.browser, env.server.url);
    await app.logIn("anbieter-b@demo.test", TEST_PASSWORD);
    const page = app.page;

    // Not an admin: the user administration only says so.
    await page.goto(`${app.baseUrl}/admin/users`);
    await page.getByText("Nur für Administratoren.").waitFor();
    expect(await page.getByRole("table").count()).toBe(0);

    await page.goto(`${app.baseUrl}/account`);
    await page.getByRole("heading", { name: "Mein Konto", level: 1 }).waitFor();
    const facts = await page.locator(".account-facts").innerText();
    expect(facts).toContain("Berta Anbieter-B");
    expect(facts).toContain("anbieter-b@demo.test");
    expect(facts).toContain("Weser-Wohnverbund gGmbH (Demo)");
    expect(facts).toContain("Bearbeiten");

    const current = page.getByLabel("Aktuelles Passwort");
    const fresh = page.getByLabel("Neues Passwort", { exact: true });
    const repeat = page.getByLabel("Neues Passwort wiederholen");
    const submit = page.getByRole("button", { name: "Passwort ändern" });

    // Checked in the browser first: the two new passwords must match.
    await current.fill(TEST_PASSWORD);
    await fresh.fill("ganz-neues-passwort");
    await repeat.fill("ganz-neues-passwortX");
    await submit.click();
    await page.getByRole("alert").getByText("Die beiden neuen Passwörter stimmen nicht überein.").waitFor();

    // A wrong current password is refused by the server, in German.
    await current.fill("falsches-passwort");
    await repeat.fill("ganz-neues-passwort");
    await submit.click();
    await page.getByRole("alert").getByText("Das aktuelle Passwort ist falsch.").waitFor();

    await current.fill(TEST_PASSWORD);
    await submit.click();
    await page.getByRole("status").getByText("Passwort geändert; andere Sitzungen wurden beendet.").waitFor();
    expect(await current.inputValue()).toBe("");

    // This browser got a new session; the other one ended.
    expect((await meOf(otherSession)).status).toBe(401);
    await page.reload();
    await page.getByRole("heading", { name: "Mein Konto", level: 1 }).waitFor();

    // The old password no longer works, the new one does, through the login form.
    expect(await loginStatus("anbieter-b@demo.test", TEST_PASSWORD)).toBe(401);
    const again = await SteuerradPage.open(env.browser, env.server.url);
    await again.app.logIn("anbieter-b@demo.test", "ganz-neues-passwort");
    await again.context.close();
    await context.close();
  });
});
