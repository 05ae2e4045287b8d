/**
 * Writes the export model as a tagged PDF (PDF/UA-1) with PDFKit: the same title page,
 * headings, measure and KPI tables as the Word file, the running header and "Seite X von
 * Y" in the footer.
 *
 * Why PDFKit: the Sozialamt must send accessible documents (BITV 2.0, EN 301 549 clause
 * 10), and a screen reader needs the structure tree, not just the look. pdfmake writes no
 * tags at all. Printing HTML in Chromium would tag well but needs a browser on the server
 * for every export (hundreds of MB, a process per request). PDFKit builds the structure
 * tree and marked content directly, in the process, in about the time pdfmake took.
 *
 * What the file carries: the structure tree Document → H1–H6, P, L → LI → Lbl/LBody,
 * Table → TR → TH (with Scope)/TD, Link with its annotation, BlockQuote, Code, in the order
 * of the export model (which is the reading order); everything else (fills, borders,
 * rules, running header and footer, a repeated table title) is an artifact. Title and
 * language ("de-DE") are in the document information, the XMP metadata and the catalogue;
 * viewers show the title rather than a file name; the font is embedded.
 */
import PDFDocument from "pdfkit";
import type { ExportBlock, ExportModel } from "./exportModel";
import { drawBlocks, measureBlocks } from "./pdfBlocks";
import { artifact, BODY, COLOURS, drawText, FULL, PAGE, type PdfContext, type Tag, type TextStyle } from "./pdfContext";
import { faceOf, registerFonts } from "./pdfFonts";

/** The document's language, also in every mail the file goes out with. */
const LANGUAGE = "de-DE";

/**
 * A string of the document information whose text form is XML-escaped. PDFKit writes the
 * information twice: into the Info dictionary (from `valueOf`) and, unescaped, into the
 * XMP metadata (from `toString`), where a provider named "Müller & Söhne" would make the
 * XML unreadable.
 */
class InfoText extends String {
  override toString(): string {
    return this.valueOf().replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }
}

const info = (text: string) => new InfoText(text) as unknown as string;

function listOf(items: string[], nested: string[][] = []): ExportBlock {
  return {
    kind: "list",
    ordered: false,
    start: 1,
    items: items.map((text, index): ExportBlock[] => [{ kind: "paragraph", runs: [{ text }] }, ...(nested[index]?.length ? [listOf(nested[index])] : [])]),
  };
}

function line(ctx: PdfContext, root: Tag, text: string, style: TextStyle, after: number, type = "P"): void {
  drawText(ctx, text, root, FULL, style, type);
  ctx.doc.y += after;
}

function titlePage(ctx: PdfContext, model: ExportModel, root: Tag): void {
  const { title } = model;
  const tight = { ...BODY, after: 0 };
  ctx.doc.y = PAGE.margin + 80;
  line(ctx, root, "Balanced Scorecard", { size: 14, bold: false, color: COLOURS.muted }, 12);
  line(ctx, root, title.provider, { size: 22, bold: true, color: COLOURS.text }, 6, "H1");
  ctx.headingLevel = 1;
  line(ctx, root, title.scorecardTitle, { size: 18, bold: false, color: COLOURS.text }, 30);
  if (title.talkLine) line(ctx, root, title.talkLine, { ...BODY, size: 13 }, 6);
  line(ctx, root, title.versionLabel, { ...BODY, size: 13 }, 6);
  if (title.kpisAsOf) line(ctx, root, `Kennzahlen berechnet am ${title.kpisAsOf}`, { ...BODY, color: COLOURS.muted }, 6);
  const section = (heading: string, list: ExportBlock) => {
    ctx.doc.y += 16;
    line(ctx, root, heading, { ...BODY, bold: true }, 4, "H2");
    drawBlocks(ctx, [list], root, FULL, tight);
  };
  if (title.participants.length > 0) section("Teilnehmende", listOf(title.participants));
  if (title.contents.length > 0) {
    section(
      "Inhalt",
      listOf(
        title.contents.map((entry) => entry.perspective),
        title.contents.map((entry) => entry.goals),
      ),
    );
  }
  ctx.headingLevel = 1;
  ctx.doc.addPage();
}

/** The running header (from page 2) and "Seite X von Y", as pagination artifacts on every page. */
function pageFurniture(ctx: PdfContext, model: ExportModel): void {
  const { doc } = ctx;
  const running = `${model.title.provider} · ${model.title.scorecardTitle} · ${model.title.versionLabel}`;
  const { count } = doc.bufferedPageRange();
  const small = (text: string, y: number, align: "right" | "center") => {
    doc.font(faceOf(false, false)).fontSize(8).fillColor(COLOURS.muted);
    // A height keeps PDFKit from starting a new page for text below the bottom margin.
    doc.text(text, PAGE.margin, y, { width: PAGE.width - 2 * PAGE.margin, align, height: 30 });
  };
  for (let page = 0; page < count; page++) {
    doc.switchToPage(page);
    artifact(
      ctx,
      () => {
        if (page > 0) small(running, 24, "right");
        small(`Seite ${page + 1} von ${count}`, PAGE.height - PAGE.margin + 24, "center");
      },
      true,
    );
  }
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/**
 * Writes the export model as a tagged PDF.
 * @param model - from `buildExportModel`
 * @returns the file's bytes
 */
export async function exportPdf(model: ExportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    pdfVersion: "1.7",
    tagged: true,
    lang: LANGUAGE,
    displayTitle: true,
    // PDFKit's "PDF/UA" adds the pdfuaid part to the XMP metadata; the types know only PDF/A.
    subset: "PDF/UA" as unknown as PDFKit.Mixins.PDFSubsets,
    info: {
      Title: info(`${model.title.provider} – ${model.title.scorecardTitle}`),
      Subject: info(model.title.versionLabel),
      Creator: "Steuerrad",
      Producer: "Steuerrad",
    },
  });
  const written = toBuffer(doc);
  registerFonts(doc);
  // Links carry their URL as the alternate description PDF/UA asks of every annotation.
  const link = doc.link.bind(doc);
  doc.link = (x, y, w, h, url, options = {}) => link(x, y, w, h, url, { ...options, Contents: info(String(url)) });
  const ctx: PdfContext = {
    doc,
    cellDepth: 0,
    artifactDepth: 0,
    headingLevel: 0,
    drawBlocks: (blocks, parent, frame, style) => drawBlocks(ctx, blocks, parent, frame, style),
    measureBlocks: (blocks, width, style) => measureBlocks(ctx, blocks, width, style),
  };
  const root = doc.struct("Document");
  doc.addStructure(root);
  titlePage(ctx, model, root);
  drawBlocks(ctx, model.blocks, root, FULL, BODY);
  root.end();
  pageFurniture(ctx, model);
  doc.end();
  return written;
}
