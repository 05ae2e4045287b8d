/**
 * The drawing context of the tagged PDF writer and its text primitives: page geometry,
 * colours, structure elements (tags), artifacts, and runs of text measured and drawn the
 * same way, so a table row measured before drawing comes out exactly as tall.
 *
 * Every piece of content is either inside a structure element (marked content with an
 * MCID, in document order, so the reading order is the order of the export model) or an
 * artifact (backgrounds, borders, rules, running header and footer).
 */
import type { ExportBlock, InlineRun } from "./exportModel";
import { faceOf } from "./pdfFonts";

/** A4 with 2 cm margins, in points. */
export const PAGE = { width: 595.28, height: 841.89, margin: 57 } as const;
/** Width of the text column. */
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Height of the text column. */
export const TEXT_HEIGHT = PAGE.height - 2 * PAGE.margin;
/** Indent of quotes and list bodies. */
export const INDENT_STEP = 14;

/** Colours; shading uses the editor's light tints, so black text stays readable on them. */
export const COLOURS = {
  text: "#000000",
  muted: "#4a5260",
  link: "#1f5fa8",
  labelFill: "#f2f2f2",
  headerFill: "#e7e9ee",
  border: "#b0b4bc",
  rule: "#999999",
  shade: { green: "#e8f5e9", amber: "#fff4e0", red: "#fdecea" },
} as const;

/** A structure element of the tagged PDF. */
export type Tag = PDFKit.PDFStructureElement;

/** How text is set. */
export interface TextStyle {
  /** Font size in points. */
  size: number;
  /** Bold (Roboto Medium) for every run. */
  bold: boolean;
  /** Colour of non-link text. */
  color: string;
  /** Space after a paragraph or list (default 5 pt; 0 in the title page's lists). */
  after?: number;
}

/** The body text: 10 pt, black. */
export const BODY: TextStyle = { size: 10, bold: false, color: COLOURS.text };

/** A column to draw into. */
export interface Frame {
  /** Left edge. */
  x: number;
  /** Width. */
  width: number;
}

/** The full text column. */
export const FULL: Frame = { x: PAGE.margin, width: TEXT_WIDTH };

/** What drawing needs: the document and, for table cells, the block writer (passed in to keep the modules free of cycles). */
export interface PdfContext {
  /** The PDFKit document (tagged, pages buffered for the page numbers). */
  doc: PDFKit.PDFDocument;
  /** How deep in table cells the drawing is; a cell's row was measured to fit, so nothing inside it breaks the page. */
  cellDepth: number;
  /** How deep in artifacts the drawing is; inside one nothing is tagged (see `UNTAGGED`). */
  artifactDepth: number;
  /** Level of the last heading tagged, so the next one skips no level on the way down. */
  headingLevel: number;
  /** Draws blocks into a frame at the current position, tagged under `parent`. */
  drawBlocks(blocks: ExportBlock[], parent: Tag, frame: Frame, style: TextStyle): void;
  /** The height `drawBlocks` will take. */
  measureBlocks(blocks: ExportBlock[], width: number, style: TextStyle): number;
}

/** Attributes of a table cell's structure element. */
export interface CellAttributes {
  /** What a header cell heads. */
  scope?: "Row" | "Column";
  /** Rows it spans. */
  rowSpan?: number;
  /** Columns it spans. */
  colSpan?: number;
}

/**
 * The parent of content drawn as an artifact (a repeated header row): its "elements" only
 * run what is drawn in them, without marking it.
 */
export const UNTAGGED = {
  add(child: unknown) {
    if (typeof child === "function") child();
    return UNTAGGED;
  },
  end() {},
} as unknown as Tag;

/**
 * Adds a structure element under `parent` (nothing inside an artifact); content drawn in closures added to it is tagged with it.
 * @param ctx - the context
 * @param parent - the parent element
 * @param type - e.g. "P", "H2", "Table", "TH"
 * @param cell - table attributes of a TH or TD
 */
export function tag(ctx: PdfContext, parent: Tag, type: string, cell: CellAttributes = {}): Tag {
  if (ctx.artifactDepth > 0 || parent === UNTAGGED) return UNTAGGED;
  const element = ctx.doc.struct(type);
  const attributes: Record<string, unknown> = {};
  if (cell.scope) attributes.Scope = cell.scope;
  if ((cell.rowSpan ?? 1) > 1) attributes.RowSpan = cell.rowSpan;
  if ((cell.colSpan ?? 1) > 1) attributes.ColSpan = cell.colSpan;
  // PDFKit writes table attributes only for a scope; spans need the dictionary itself.
  if (Object.keys(attributes).length > 0) (element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: "Table", ...attributes };
  parent.add(element);
  return element;
}

/**
 * Draws something that is not content (a background, a border, a rule, the running header).
 * Never call it while a tagged closure runs: opening an artifact closes the open marked content.
 * @param ctx - the context
 * @param draw - the drawing
 * @param pagination - running header or footer rather than layout
 */
export function artifact(ctx: PdfContext, draw: () => void, pagination = false): void {
  // Artifacts do not nest: PDFKit closes the open one when another begins.
  if (ctx.artifactDepth > 0) return draw();
  ctx.doc.markContent("Artifact", pagination ? { type: "Pagination" } : { type: "Layout" });
  ctx.artifactDepth++;
  ctx.doc.save();
  try {
    draw();
  } finally {
    ctx.doc.restore();
    ctx.artifactDepth--;
    ctx.doc.endMarkedContent();
  }
}

/** The bottom of the text column. */
export function pageBottom(): number {
  return PAGE.height - PAGE.margin;
}

/**
 * Starts a new page when less than `height` is left on this one (and this one is not empty).
 * @returns whether a page was added
 */
export function ensureSpace(ctx: PdfContext, height: number): boolean {
  if (ctx.cellDepth > 0) return false;
  if (ctx.doc.y + height <= pageBottom() || ctx.doc.y <= PAGE.margin + 0.5) return false;
  ctx.doc.addPage();
  return true;
}

/**
 * Space added below each line: pdfmake's `lineHeight: 1.15` on Roboto, which the exports
 * had before, is 15 % of the font's line height (1.17 × the size).
 * @param size - font size in points
 */
export function lineGap(size: number): number {
  return size * 0.176;
}

/** The height of one line of text in a style. */
export function lineHeight(ctx: PdfContext, style: TextStyle): number {
  ctx.doc.font(faceOf(style.bold, false)).fontSize(style.size);
  return ctx.doc.currentLineHeight(true) + lineGap(style.size);
}

/**
 * The height of plain text in a frame width (at least one line).
 * @param ctx - the context
 * @param text - the text; "\n" breaks lines
 * @param width - the frame's width
 * @param style - how it is set
 */
export function measureText(ctx: PdfContext, text: string, width: number, style: TextStyle): number {
  ctx.doc.font(faceOf(style.bold, false)).fontSize(style.size);
  const height = text === "" ? 0 : ctx.doc.heightOfString(text, { width, lineGap: lineGap(style.size) });
  return Math.max(height, lineHeight(ctx, style));
}

/**
 * The height runs will take. Mixed runs are measured in the widest face (bold), so the
 * result is never less than what `drawRuns` takes.
 */
export function measureRuns(ctx: PdfContext, runs: InlineRun[], width: number, style: TextStyle): number {
  const text = runs.map((run) => run.text).join("");
  return measureText(ctx, text, width, { ...style, bold: style.bold || runs.some((run) => run.bold) });
}

/** Consecutive runs that are drawn under one tag: plain text, or one link (tagged Link, with its annotation). */
function segmentsOf(runs: InlineRun[]): { link?: string; runs: InlineRun[] }[] {
  const segments: { link?: string; runs: InlineRun[] }[] = [];
  for (const run of runs) {
    const last = segments.at(-1);
    if (last && last.link === run.link) last.runs.push(run);
    else segments.push({ link: run.link, runs: [run] });
  }
  return segments;
}

/**
 * Draws runs as one paragraph-like element (P, H1…, Lbl, Code) under `parent`, starting at
 * the current y; the document's y is below the text afterwards.
 * @param ctx - the context
 * @param runs - the text with its marks
 * @param parent - where the element goes in the structure tree
 * @param frame - the column
 * @param style - size, colour, bold for every run
 * @param type - the element's type
 */
export function drawRuns(ctx: PdfContext, runs: InlineRun[], parent: Tag, frame: Frame, style: TextStyle, type = "P"): void {
  const { doc } = ctx;
  const shown = runs.filter((run) => run.text !== "");
  const element = tag(ctx, parent, type);
  if (shown.length === 0) {
    element.end();
    return;
  }
  const last = shown.at(-1);
  let first = true;
  const draw = (segment: InlineRun[]) => () => {
    for (const run of segment) {
      doc.font(faceOf(style.bold || Boolean(run.bold), Boolean(run.italic))).fontSize(style.size);
      doc.fillColor(run.link ? COLOURS.link : style.color);
      // Every option is given, so none is carried over from the previous run of the paragraph.
      const options = {
        width: frame.width,
        lineGap: lineGap(style.size),
        continued: run !== last,
        underline: Boolean(run.underline || run.link),
        strike: Boolean(run.strike),
        // An artifact carries no link annotation: it could not be tagged.
        link: (ctx.artifactDepth === 0 && run.link) || (null as unknown as string),
      };
      if (first) doc.text(run.text, frame.x, doc.y, options);
      else doc.text(run.text, options);
      first = false;
    }
  };
  for (const segment of segmentsOf(shown)) {
    if (segment.link) {
      // A link is a Link element holding its text and its annotation (PDF/UA 7.18.5).
      const link = tag(ctx, element, "Link");
      link.add(draw(segment.runs));
      link.end();
    } else element.add(draw(segment.runs));
  }
  element.end();
  doc.fillColor(COLOURS.text);
}

/**
 * Draws plain text as one element, e.g. a title line or a list label.
 * @param ctx - the context
 * @param text - the text
 * @param parent - where the element goes in the structure tree
 * @param frame - the column
 * @param style - how it is set
 * @param type - the element's type
 */
export function drawText(ctx: PdfContext, text: string, parent: Tag, frame: Frame, style: TextStyle, type = "P"): void {
  drawRuns(ctx, [{ text }], parent, frame, style, type);
}
