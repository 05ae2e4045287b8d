/**
 * The blocks of the export model in the tagged PDF: headings (H1–H6), paragraphs (P),
 * lists (L → LI → Lbl + LBody), quotes (BlockQuote), code, rules (artifacts) and tables,
 * drawn in document order, so the structure tree's order is the reading order. Each block
 * can also be measured without drawing it, for table cells and for keeping a heading on
 * the page of what follows it.
 */
import type { ExportBlock } from "./exportModel";
import { measureDocTable, drawDocTable } from "./pdfDocTable";
import { drawFieldTable, KEEP_TOGETHER, measureFieldTable, measureFieldTableLead, type FieldTableKind } from "./pdfFieldTable";
import {
  artifact,
  COLOURS,
  drawRuns,
  drawText,
  ensureSpace,
  type Frame,
  INDENT_STEP,
  lineHeight,
  measureRuns,
  measureText,
  PAGE,
  type PdfContext,
  type Tag,
  tag,
  TEXT_HEIGHT,
  type TextStyle,
} from "./pdfContext";

const HEADING_SIZES = [20, 16, 13, 12, 11, 11];
/** Space after a paragraph, list or quote. */
const AFTER = 5;
const BULLET_WIDTH = 12;
const CODE = { size: 9, pad: 3 } as const;

type Heading = Extract<ExportBlock, { kind: "heading" }>;
type List = Extract<ExportBlock, { kind: "list" }>;

function headingStyle(block: Heading, style: TextStyle): TextStyle {
  return { size: HEADING_SIZES[Math.min(block.level, 6) - 1], bold: true, color: style.color };
}

function headingSpace(level: number): { before: number; after: number } {
  return { before: level <= 2 ? 14 : 8, after: 6 };
}

function atPageTop(ctx: PdfContext): boolean {
  return ctx.doc.y <= PAGE.margin + 0.5;
}

function fieldKind(block: Extract<ExportBlock, { kind: "fields" }>): FieldTableKind {
  return block.variant === "facts" ? "facts" : "titled";
}

function labelsOf(ctx: PdfContext, block: List, style: TextStyle): { labels: string[]; width: number } {
  const labels = block.items.map((_, index) => (block.ordered ? `${block.start + index}.` : "•"));
  if (!block.ordered) return { labels, width: BULLET_WIDTH };
  ctx.doc.fontSize(style.size);
  return { labels, width: Math.max(INDENT_STEP, ...labels.map((label) => ctx.doc.widthOfString(label) + 4)) };
}

/**
 * The height blocks take in a frame width, as `drawBlocks` draws them.
 * @param ctx - the context
 * @param blocks - the blocks
 * @param width - the frame's width
 * @param style - the text style they inherit
 */
export function measureBlocks(ctx: PdfContext, blocks: ExportBlock[], width: number, style: TextStyle): number {
  return blocks.reduce((sum, block) => sum + measureBlock(ctx, block, width, style), 0);
}

function measureBlock(ctx: PdfContext, block: ExportBlock, width: number, style: TextStyle): number {
  switch (block.kind) {
    case "heading": {
      const space = headingSpace(block.level);
      return space.before + measureRuns(ctx, block.runs, width, headingStyle(block, style)) + space.after;
    }
    case "paragraph":
      return measureRuns(ctx, block.runs, width, style) + (style.after ?? AFTER);
    case "list": {
      const { width: labelWidth } = labelsOf(ctx, block, style);
      const items = block.items.map((item) => Math.max(lineHeight(ctx, style), measureBlocks(ctx, item, width - labelWidth, style)));
      return items.reduce((sum, height) => sum + height, 0) + (style.after ?? AFTER);
    }
    case "quote":
      return measureBlocks(ctx, block.blocks, width - INDENT_STEP, style) + AFTER;
    case "code":
      return measureText(ctx, block.text, width - 2 * CODE.pad, { ...style, size: CODE.size }) + 2 * CODE.pad + AFTER;
    case "rule":
      return 12;
    case "table":
      return measureDocTable(ctx, block.rows, width);
    case "fields":
      return measureFieldTable(ctx, block.rows, fieldKind(block), width);
  }
}

/** The room a heading needs below it so that it does not stand alone at the bottom of a page. */
function leadOf(ctx: PdfContext, blocks: ExportBlock[], index: number, width: number, style: TextStyle, depth = 0): number {
  const block = blocks[index];
  if (!block || depth > 3) return 0;
  const twoLines = 2 * lineHeight(ctx, style);
  switch (block.kind) {
    case "heading":
      return measureBlock(ctx, block, width, style) + leadOf(ctx, blocks, index + 1, width, style, depth + 1);
    case "fields":
      return measureFieldTableLead(ctx, block.rows, fieldKind(block), width);
    case "table":
      return Math.min(measureBlock(ctx, block, width, style), KEEP_TOGETHER);
    case "rule":
      return 12;
    default:
      return Math.min(measureBlock(ctx, block, width, style), twoLines);
  }
}

function drawHeading(ctx: PdfContext, block: Heading, parent: Tag, frame: Frame, style: TextStyle, lead: number): void {
  const space = headingSpace(block.level);
  const headingHeight = measureRuns(ctx, block.runs, frame.width, headingStyle(block, style)) + space.after;
  ensureSpace(ctx, space.before + Math.min(headingHeight + lead, TEXT_HEIGHT / 2));
  if (!atPageTop(ctx)) ctx.doc.y += space.before;
  // A screen reader's outline must not skip a level on the way down (H1 → H3); the look keeps the document's level.
  const level = Math.min(block.level, ctx.headingLevel + 1, 6);
  if (ctx.artifactDepth === 0) ctx.headingLevel = level;
  drawRuns(ctx, block.runs, parent, frame, headingStyle(block, style), `H${level}`);
  ctx.doc.y += space.after;
}

function drawList(ctx: PdfContext, block: List, parent: Tag, frame: Frame, style: TextStyle): void {
  const { labels, width } = labelsOf(ctx, block, style);
  const list = tag(ctx, parent, "L");
  block.items.forEach((item, index) => {
    ensureSpace(ctx, lineHeight(ctx, style));
    const top = ctx.doc.y;
    const entry = tag(ctx, list, "LI");
    drawText(ctx, labels[index], entry, { x: frame.x, width }, { ...style, bold: false }, "Lbl");
    const labelBottom = ctx.doc.y;
    ctx.doc.y = top;
    const body = tag(ctx, entry, "LBody");
    drawBlocks(ctx, item, body, { x: frame.x + width, width: frame.width - width }, style);
    body.end();
    entry.end();
    ctx.doc.y = Math.max(ctx.doc.y, labelBottom);
  });
  list.end();
  ctx.doc.y += style.after ?? AFTER;
}

function drawCode(ctx: PdfContext, text: string, parent: Tag, frame: Frame, style: TextStyle): void {
  const codeStyle = { ...style, size: CODE.size };
  const height = measureText(ctx, text, frame.width - 2 * CODE.pad, codeStyle) + 2 * CODE.pad;
  ensureSpace(ctx, height);
  const top = ctx.doc.y;
  // The grey box only when the code fits on the page; a longer block flows on without it.
  if (top + height <= PAGE.height - PAGE.margin || ctx.cellDepth > 0) artifact(ctx, () => ctx.doc.rect(frame.x, top, frame.width, height).fill(COLOURS.labelFill));
  ctx.doc.y = top + CODE.pad;
  drawText(ctx, text, parent, { x: frame.x + CODE.pad, width: frame.width - 2 * CODE.pad }, codeStyle, "Code");
  ctx.doc.y += CODE.pad + AFTER;
}

function drawBlock(ctx: PdfContext, blocks: ExportBlock[], index: number, parent: Tag, frame: Frame, style: TextStyle): void {
  const block = blocks[index];
  switch (block.kind) {
    case "heading":
      return drawHeading(ctx, block, parent, frame, style, leadOf(ctx, blocks, index + 1, frame.width, style));
    case "paragraph":
      ensureSpace(ctx, lineHeight(ctx, style));
      drawRuns(ctx, block.runs, parent, frame, style);
      ctx.doc.y += style.after ?? AFTER;
      return;
    case "list":
      return drawList(ctx, block, parent, frame, style);
    case "quote": {
      const quote = tag(ctx, parent, "BlockQuote");
      drawBlocks(ctx, block.blocks, quote, { x: frame.x + INDENT_STEP, width: frame.width - INDENT_STEP }, { ...style, color: COLOURS.muted });
      quote.end();
      ctx.doc.y += AFTER;
      return;
    }
    case "code":
      return drawCode(ctx, block.text, parent, frame, style);
    case "rule": {
      const y = ctx.doc.y + 6;
      artifact(ctx, () =>
        ctx.doc
          .moveTo(frame.x, y)
          .lineTo(frame.x + frame.width, y)
          .lineWidth(0.5)
          .strokeColor(COLOURS.rule)
          .stroke(),
      );
      ctx.doc.y = y + 6;
      return;
    }
    case "table":
      return drawDocTable(ctx, block.rows, parent, frame);
    case "fields":
      return drawFieldTable(ctx, block.rows, fieldKind(block), parent, frame);
  }
}

/**
 * Draws blocks at the current position into a frame, tagged under `parent`, breaking pages
 * between and inside them (never inside a table cell).
 * @param ctx - the context
 * @param blocks - the blocks, in document order
 * @param parent - where they go in the structure tree
 * @param frame - the column
 * @param style - the text style they inherit (header cells: bold; quotes: muted)
 */
export function drawBlocks(ctx: PdfContext, blocks: ExportBlock[], parent: Tag, frame: Frame, style: TextStyle): void {
  for (let index = 0; index < blocks.length; index++) drawBlock(ctx, blocks, index, parent, frame, style);
}
