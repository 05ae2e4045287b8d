import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** The WCAG 2.1 A and AA rules, which BITV 2.0 requires of public bodies in Germany. */
const WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** How many offending elements a violation names, so a failure stays readable. */
const NODES_SHOWN = 3;

let axeSource: string | undefined;

/** axe-core's browser bundle, read once per test file. */
function loadAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** One axe rule that a page breaks, shortened for a test's failure message. */
export interface AxeViolation {
  /** The rule, e.g. "color-contrast". */
  rule: string;
  /** How badly it hurts: minor, moderate, serious or critical. */
  impact: string;
  /** What the rule asks for. */
  help: string;
  /** How many elements break it. */
  count: number;
  /** The first few offenders: CSS selector, HTML and axe's explanation. */
  nodes: { target: string; html: string; summary: string }[];
}

/**
 * Runs axe-core with the WCAG 2.1 AA rules on the page as it is now.
 * @param page - a page in the state to check (dialogs open, forms filled, …)
 * @returns the violations, empty when the page passes; `expect(violations).toEqual([])` prints them
 */
export async function findAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Steuerrad's CSP forbids inline scripts, so a script tag would be blocked; evaluating goes through DevTools, which the CSP does not cover.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(loadAxeSource());
  return page.evaluate(
    async ({ tags, shown }) => {
      interface Result {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[]; html: string; failureSummary?: string }[];
      }
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[] }> } }).axe;
      const { violations } = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? "unknown",
        help: violation.help,
        count: violation.nodes.length,
        nodes: violation.nodes.slice(0, shown).map((node) => ({
          target: node.target.map(String).join(" > "),
          html: node.html.slice(0, 200),
          summary: (node.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300),
        })),
      }));
    },
    { tags: WCAG_21_AA_TAGS, shown: NODES_SHOWN },
  );
}
