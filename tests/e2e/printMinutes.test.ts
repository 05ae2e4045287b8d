/**
 * The living-year demo scorecard printed (issue 18): with measures, KPI blocks, red KPIs
 * and comments it prints as minutes, with no control of the screen left on paper. With
 * E2E_SCREENSHOT_DIR set, the print view and the PDF are saved for looking at.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pdfPages } from "../../server/exports/testSupport";
import { SteuerradPage, useE2eEnvironment } from "./browser";

const env = useE2eEnvironment({ seedLivingYear: true });

/** Words of the screen's controls, none of which belongs on paper. */
const SCREEN_WORDS = [
  "Abmelden",
  "Suchen",
  "Versionen",
  "Gespräche",
  "Verlauf",
  "Schließen",
  "Gliederung",
  "Kommentare und Fragen",
  "Themenspeicher",
  "Anwesend",
  "Zum Inhalt springen",
  "Zurück zur Liste",
  "Filter",
  "Maßnahme dazu anlegen",
  "Kennzahl wählen",
  "Kommentieren",
  "+ Maßnahme",
  "Antworten",
  "Erledigt",
  "Frage stellen",
];

describe("the demo scorecard on paper", () => {
  it("prints its measures, KPIs and text as minutes, and none of the screen's controls", async () => {
    const { context, app } = await SteuerradPage.openScorecardAs(env, "sozialamt@demo.test", /Beispiel e\.V\./);
    const page = app.page;
    await page.locator(".scorecard-prose .kpi-block [data-testid='kpi-value']").first().waitFor();
    const titles = await page.locator(".scorecard-prose .measure-line-title").allTextContents();
    expect(titles.length).toBeGreaterThan(3);

    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const folder = process.env.E2E_SCREENSHOT_DIR;
    if (folder) {
      mkdirSync(folder, { recursive: true });
      await page.screenshot({ path: join(folder, "print-demo.png"), fullPage: true });
      writeFileSync(join(folder, "print-demo.pdf"), pdf);
    }
    await page.emulateMedia({ media: "screen" });

    const pages = await pdfPages(pdf);
    const text = pages.join("\n").replace(/\s+/g, " ");
    expect(pages[0]).toMatch(/^\s*BSC Beispiel e\.V\. \(Demo\)\s*Stand: \d\d\.\d\d\.\d{4}/);
    for (const title of titles) expect(text).toContain(title.replace(/\s+/g, " ").trim());
    expect(text).toContain("überfällig");
    expect(text).toMatch(/Stand \d\d\.\d\d\.\d{4}:/);
    for (const word of SCREEN_WORDS) expect(text, `"${word}" on paper`).not.toContain(word);
    await context.close();
  });
});
