/**
 * Test support for the export tests: an example scorecard (starter content, rich text,
 * measures, KPI blocks), real KPI values of the worked example, and readers that get the
 * text, and a PDF's tags (structure tree, metadata), back out of the exported files.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import * as Y from "yjs";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import { addStatusLine, createMeasure } from "../../shared/document/measures";
import { DOCUMENT_FIELD, documentJsonToUpdate, type DocumentJson } from "../../shared/document/schema";
import { starterContent } from "../../shared/document/starterContent";
import { evaluateKpis, parseBudgetAgreementText, parseFiguresCsv, parseStaffCsv } from "../../shared/kpi";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/kpi-example/", import.meta.url));

/** Ids of the example's measures. */
export const EXAMPLE_MEASURES = { activation: "m-activation", staff: "m-staff" } as const;

function cell(text: string, attrs: Record<string, number> = {}): DocumentJson {
  return { type: "tableCell", attrs, content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

/** Free text under the first perspective: marks, a link, a list and a table with merged cells. */
const RICH_TEXT: DocumentJson[] = [
  {
    type: "paragraph",
    content: [
      { type: "text", text: "Vereinbart: " },
      { type: "text", text: "Bericht im nächsten Gespräch", marks: [{ type: "bold" }] },
      { type: "text", text: " (siehe " },
      { type: "text", text: "Konzept", marks: [{ type: "link", attrs: { href: "https://example.org/konzept" } }] },
      { type: "text", text: ")." },
    ],
  },
  {
    type: "bulletList",
    content: [
      { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Frage an den Leistungsträger" }] }] },
      { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Offener Punkt Übergänge" }] }] },
    ],
  },
  {
    type: "table",
    content: [
      { type: "tableRow", content: ["Quartal", "Belegung"].map((text) => ({ type: "tableHeader", content: [{ type: "paragraph", content: [{ type: "text", text }] }] })) },
      { type: "tableRow", content: [cell("Q2", { rowspan: 2 }), cell("stabil")] },
      { type: "tableRow", content: [cell("leicht steigend")] },
      { type: "tableRow", content: [cell("Summe über beide Spalten", { colspan: 2 })] },
    ],
  },
];

function element(name: string, attrs: Record<string, string>): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** Index of the top-level node right after the heading with this text. */
function afterHeading(fragment: Y.XmlFragment, text: string): number {
  const index = fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.nodeName === "heading" && node.toString().includes(text));
  if (index < 0) throw new Error(`heading "${text}" not in the example`);
  return index + 1;
}

/**
 * The example scorecard: the conference starter content with rich text, two measures
 * (under a goal of the first perspective and under "Finanzen & Budget") and three KPI
 * blocks (occupancy and staff deviation of 2025-Q2, value deviation of 2026-Q1 without values).
 */
export function buildExampleScorecard(): Y.Doc {
  const starter = starterContent("BSC Beispiel", true);
  const content = [...(starter.content ?? [])];
  content.splice(3, 0, ...RICH_TEXT);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, documentJsonToUpdate({ ...starter, content }));

  createMeasure(doc, EXAMPLE_MEASURES.activation, {
    title: "Beteiligungsrat gründen",
    responsibleSide: "both",
    responsiblePerson: "Frau Öztürk",
    startDate: "2025-04-01",
    dueDate: "2025-12-31",
    status: "in_progress",
    trafficLight: "amber",
    horizon: "medium",
    linkedKpis: ["occupancyDeviationPct"],
  });
  addStatusLine(doc, EXAMPLE_MEASURES.activation, { talkDate: "2025-06-17", text: "Erstes Treffen hat stattgefunden." });
  createMeasure(doc, EXAMPLE_MEASURES.staff, { title: "Personaleinsatz überprüfen", status: "planned", horizon: "short" });

  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  doc.transact(() => {
    fragment.insert(afterHeading(fragment, "Leistungsberechtigte aktivieren und beteiligen"), [element("measure", { measureId: EXAMPLE_MEASURES.activation })]);
    fragment.insert(afterHeading(fragment, "Finanzen & Budget"), [
      element("kpiBlock", { kpi: "occupancyDeviationPct", period: "2025-Q2", note: "" }),
      element("kpiBlock", { kpi: "staffDeviationPct", period: "2025-Q2", note: "Zwei Stellen wurden vorgezogen besetzt." }),
      element("kpiBlock", { kpi: "valueDeviationPct", period: "2026-Q1", note: "" }),
      element("measure", { measureId: EXAMPLE_MEASURES.staff }),
    ]);
  });
  return doc;
}

/** The KPI values of the worked example (tests/fixtures/kpi-example) for 2025-Q2; 2026-Q1 has none. */
export function exampleKpiSnapshot(): KpiSnapshot {
  const agreement = parseBudgetAgreementText(readFileSync(`${FIXTURES}agreement-2025.json`, "utf8"));
  const figures = parseFiguresCsv(readFileSync(`${FIXTURES}figures-2025.csv`, "utf8"));
  const staff = parseStaffCsv(readFileSync(`${FIXTURES}staff-2025.csv`, "utf8"));
  if (!agreement.ok || !figures.ok || !staff.ok) throw new Error("the KPI example does not parse");
  const result = evaluateKpis({ agreements: [agreement.value], figures: figures.value, staff: staff.value, period: "2025-Q2" });
  return {
    scope: "provider",
    name: "Beispiel e.V.",
    periods: { "2025-Q2": { result, error: null }, "2026-Q1": { result: null, error: "no budget agreement for 2026" } },
    computedAt: "2025-07-10T08:30:00.000Z",
  };
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name]!);
}

/**
 * The text of a .docx part, read back from the zip: one line per paragraph, tabs as spaces.
 * @param docx - the file
 * @param part - e.g. "word/document.xml" or "footer" (the first part whose name contains it)
 */
export function docxText(docx: Uint8Array, part = "word/document.xml"): string {
  const files = unzipSync(docx);
  const name = Object.keys(files).find((file) => file === part || (file.startsWith("word/") && file.endsWith(".xml") && !file.includes("_rels") && file.includes(part)));
  if (!name) throw new Error(`no part ${part} in the docx (${Object.keys(files).join(", ")})`);
  const xml = strFromU8(files[name]);
  return decodeXml(
    xml
      // A field (page number) is computed by Word when it lays out the pages: show its instruction.
      .replace(/<w:instrText[^>]*>([^<]*)<\/w:instrText>/g, (_, instruction: string) => `{${instruction.trim()}}`)
      .replace(/<w:tab\/>/g, " ")
      .replace(/<w:br\/>/g, "\n")
      .replace(/<\/w:p>/g, "\n")
      .replace(/<[^>]+>/g, ""),
  );
}

/**
 * The text of each page of a PDF, read back with pdf.js; runs of white space (also
 * no-break spaces) become one space.
 * @param pdf - the file
 */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : ""))
        .join(" ")
        .replace(/[^\S\n]+/g, " "),
    );
  }
  await document.destroy();
  return pages;
}

/** An element of a tagged PDF's structure tree with the text of its own marked content and of its descendants. */
export interface PdfStructNode {
  /** Its role, e.g. "H1", "Table", "TH". */
  role: string;
  /** All text inside it, in order. */
  text: string;
  /** Its alternate description, if any. */
  alt?: string;
  /** Its child elements. */
  children: PdfStructNode[];
}

/** What a tagged PDF says about itself, read back with pdf.js. */
export interface PdfStructure {
  /** `MarkInfo.Marked` of the catalogue. */
  marked: boolean;
  /** Title of the document information. */
  title: string | undefined;
  /** `dc:title` of the XMP metadata. */
  xmpTitle: string | null;
  /** The catalogue's language. */
  language: string | undefined;
  /** The structure tree of each page (the "Document" element with what lies on that page). */
  pages: PdfStructNode[];
  /** Per page: text drawn outside any tagged or artifact marked content (should be none). */
  untagged: string[][];
  /** Per page: text of artifacts (running header, footer, repeated table titles). */
  artifacts: string[][];
}

/**
 * Reads a PDF's tags back with pdf.js: MarkInfo, title, language and, per page, the
 * structure tree with each element's text (from its marked content).
 * @param pdf - the file
 */
export async function pdfStructure(pdf: Uint8Array): Promise<PdfStructure> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const { info, metadata } = (await document.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(name: string): string | null } | null };
  const result: PdfStructure = {
    marked: (await document.getMarkInfo())?.Marked === true,
    title: info.Title as string | undefined,
    xmpTitle: metadata?.get("dc:title") ?? null,
    language: info.Language as string | undefined,
    pages: [],
    untagged: [],
    artifacts: [],
  };
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const texts = new Map<string, string>();
    const untagged: string[] = [];
    const artifacts: string[] = [];
    const open: { id: string | null; tag: string }[] = [];
    for (const item of content.items as ({ type: string; id?: string | null; tag?: string } | { str: string })[]) {
      if ("str" in item) {
        const inner = open.findLast((entry) => entry.id || entry.tag === "Artifact");
        if (!inner) untagged.push(item.str);
        else if (inner.id) texts.set(inner.id, (texts.get(inner.id) ?? "") + item.str);
        else artifacts.push(item.str);
      } else if (item.type === "endMarkedContent") open.pop();
      else open.push({ id: item.id ?? null, tag: item.tag ?? "" });
    }
    type Raw = { role?: string; alt?: string; type?: string; id?: string; children?: Raw[] };
    const walk = (node: Raw): PdfStructNode => {
      const children: PdfStructNode[] = [];
      const text = (node.children ?? []).map((child) => {
        if (child.role === undefined) return child.type === "content" && child.id ? (texts.get(child.id) ?? "") : "";
        children.push(walk(child));
        return ` ${children.at(-1)!.text} `;
      });
      return { role: node.role ?? "", text: text.join("").replace(/\s+/g, " ").trim(), alt: node.alt, children };
    };
    // An untagged PDF has no structure tree at all.
    const root = walk(((await page.getStructTree()) as Raw | null) ?? { role: "Root" });
    result.pages.push(root.children[0] ?? root);
    result.untagged.push(untagged.filter((text) => text.trim() !== ""));
    result.artifacts.push(artifacts.filter((text) => text.trim() !== ""));
  }
  await document.destroy();
  return result;
}

/**
 * Every element of a role in structure trees, depth first.
 * @param nodes - e.g. `structure.pages`
 * @param role - e.g. "H2"
 */
export function structNodes(nodes: PdfStructNode[], role: string): PdfStructNode[] {
  return nodes.flatMap((node) => [...(node.role === role ? [node] : []), ...structNodes(node.children, role)]);
}
