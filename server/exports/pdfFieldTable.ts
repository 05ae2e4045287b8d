/**
 * The two-column tables of measures, KPI blocks and talk facts in the tagged PDF: each row
 * a TR with the label as a row header (TH, Scope Row) and the value (TD).
 *
 * A small table (a KPI block, a measure) is kept on one page. A longer one breaks between
 * rows, and its title row (the measure's or KPI's name) is repeated on the next page as an
 * artifact, so a reader sees what goes on and a screen reader does not hear it twice. A
 * row taller than a page (a very long description) is split between its lines, or words.
 */
import type { FieldRow } from "./fieldRow";
import { artifact, BODY, COLOURS, ensureSpace, type Frame, lineGap, measureText, PAGE, pageBottom, type PdfContext, type Tag, tag, TEXT_HEIGHT, type TextStyle } from "./pdfContext";
import { faceOf } from "./pdfFonts";

/** Space between a cell's border and its text. */
const PAD = { x: 4, top: 2, bottom: 2 } as const;
/** Width of the label column, padding included (pdfmake's 140 plus padding before). */
const LABEL_COLUMN = 148;
/** Space before and after a table. */
export const TABLE_MARGIN = { top: 4, bottom: 10 } as const;
/** Tables up to this height are never split across pages. */
export const KEEP_TOGETHER = TEXT_HEIGHT / 3;

/** A field table's kind: "titled" tables (measure, KPI) open with a title row in bold; "facts" do not. */
export type FieldTableKind = "titled" | "facts";

/** A piece of a value line, drawn on one page. */
interface Piece {
  /** Which line of the value it belongs to. */
  line: number;
  /** Its text. */
  text: string;
}

/** A row measured for the frame. */
interface RowLayout {
  row: FieldRow;
  /** Style of the value (bold in a title row). */
  valueStyle: TextStyle;
  labelHeight: number;
  /** Height of the whole row, padding included. */
  height: number;
}

const LABEL_STYLE: TextStyle = { ...BODY, bold: true };

function columns(frame: Frame): { label: Frame; value: Frame } {
  const label = { x: frame.x, width: LABEL_COLUMN };
  return { label, value: { x: frame.x + LABEL_COLUMN, width: frame.width - LABEL_COLUMN } };
}

function inner(column: Frame): Frame {
  return { x: column.x + PAD.x, width: column.width - 2 * PAD.x };
}

function layoutRows(ctx: PdfContext, rows: FieldRow[], kind: FieldTableKind, frame: Frame): RowLayout[] {
  const { label, value } = columns(frame);
  return rows.map((row, index) => {
    const valueStyle = { ...BODY, bold: kind === "titled" && index === 0 };
    const labelHeight = measureText(ctx, row.label, inner(label).width, LABEL_STYLE);
    const valueHeight = row.lines.reduce((sum, line) => sum + measureText(ctx, line, inner(value).width, valueStyle), 0);
    return { row, valueStyle, labelHeight, height: Math.max(labelHeight, valueHeight) + PAD.top + PAD.bottom };
  });
}

/** The room a table needs where it starts: all of a small one (it moves to the next page whole), else its first two rows, or the title and a few lines of a very tall second row. */
function fieldTableLead(layouts: RowLayout[]): number {
  const total = layouts.reduce((sum, row) => sum + row.height, 0);
  if (total <= KEEP_TOGETHER) return total;
  const [title, second] = layouts;
  return title.height + Math.min(second?.height ?? 0, 3 * BODY.size * 1.35 + PAD.top + PAD.bottom);
}

/**
 * The room a field table needs at the bottom of a page before it starts (see `drawFieldTable`), margin included.
 * @param ctx - the context
 * @param rows - its rows
 * @param kind - titled or facts
 * @param width - the frame's width
 */
export function measureFieldTableLead(ctx: PdfContext, rows: FieldRow[], kind: FieldTableKind, width: number): number {
  return TABLE_MARGIN.top + fieldTableLead(layoutRows(ctx, rows, kind, { x: 0, width }));
}

/**
 * The height a field table takes, margins included.
 * @param ctx - the context
 * @param rows - its rows
 * @param kind - titled or facts
 * @param width - the frame's width
 */
export function measureFieldTable(ctx: PdfContext, rows: FieldRow[], kind: FieldTableKind, width: number): number {
  const frame = { x: 0, width };
  return layoutRows(ctx, rows, kind, frame).reduce((sum, row) => sum + row.height, TABLE_MARGIN.top + TABLE_MARGIN.bottom);
}

/** How much of the page is left below the current position; unlimited inside a table cell, which never breaks. */
function remaining(ctx: PdfContext): number {
  return ctx.cellDepth > 0 ? Infinity : pageBottom() - ctx.doc.y;
}

/** The longest start of `text` (whole words) that fits into `height`; the rest goes on. */
function splitToFit(ctx: PdfContext, text: string, width: number, style: TextStyle, height: number): [string, string] {
  const words = text.split(" ");
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measureText(ctx, words.slice(0, middle).join(" "), width, style) <= height) low = middle;
    else high = middle - 1;
  }
  return [words.slice(0, low).join(" "), words.slice(low).join(" ")];
}

/** Fills and borders of a row segment (artifacts). */
function drawCells(ctx: PdfContext, frame: Frame, top: number, height: number, shade: FieldRow["shade"]): void {
  const { label, value } = columns(frame);
  artifact(ctx, () => {
    ctx.doc.rect(label.x, top, label.width, height).fill(COLOURS.labelFill);
    if (shade) ctx.doc.rect(value.x, top, value.width, height).fill(COLOURS.shade[shade]);
    ctx.doc.lineWidth(0.5).strokeColor(COLOURS.border);
    ctx.doc.rect(label.x, top, label.width, height).stroke();
    ctx.doc.rect(value.x, top, value.width, height).stroke();
  });
}

function setText(ctx: PdfContext, text: string, frame: Frame, y: number, style: TextStyle): void {
  ctx.doc.font(faceOf(style.bold, false)).fontSize(style.size).fillColor(style.color);
  ctx.doc.text(text, frame.x, y, { width: frame.width, lineGap: lineGap(style.size) });
}

/** The title row again at the top of a continuation page, as an artifact. */
function repeatTitle(ctx: PdfContext, title: RowLayout, frame: Frame): void {
  const top = ctx.doc.y;
  const { label, value } = columns(frame);
  drawCells(ctx, frame, top, title.height, title.row.shade);
  artifact(
    ctx,
    () => {
      setText(ctx, title.row.label, inner(label), top + PAD.top, LABEL_STYLE);
      title.row.lines.forEach((line, index) => {
        const y = top + PAD.top + title.row.lines.slice(0, index).reduce((sum, before) => sum + measureText(ctx, before, inner(value).width, title.valueStyle), 0);
        setText(ctx, line, inner(value), y, title.valueStyle);
      });
    },
    true,
  );
  ctx.doc.y = top + title.height;
}

/**
 * Takes the pieces that fit into `room`, splitting one by words when nothing whole fits or
 * much room would stay empty. On a fresh page (`force`) at least one piece is taken, even
 * one that cannot fit (a "word" longer than a page), so drawing always moves on.
 */
function takePieces(ctx: PdfContext, queue: Piece[], width: number, style: TextStyle, room: number, force: boolean): { taken: Piece[]; height: number } {
  const taken: Piece[] = [];
  let height = 0;
  while (queue.length > 0) {
    const piece = queue[0];
    const needed = measureText(ctx, piece.text, width, style);
    if (height + needed <= room) {
      taken.push(queue.shift()!);
      height += needed;
      continue;
    }
    const [head, tail] = splitToFit(ctx, piece.text, width, style, room - height);
    if (head !== "" && (taken.length === 0 || room - height > 3 * style.size)) {
      taken.push({ line: piece.line, text: head });
      height += measureText(ctx, head, width, style);
      queue[0] = { line: piece.line, text: tail };
    } else if (taken.length === 0 && force) {
      taken.push(queue.shift()!);
      height += needed;
    }
    break;
  }
  return { taken, height };
}

/** Draws one row, split over pages when it is taller than what is left. */
function drawRow(ctx: PdfContext, table: Tag, layout: RowLayout, frame: Frame, title: RowLayout | null): void {
  const { doc } = ctx;
  const { label, value } = columns(frame);
  const pads = PAD.top + PAD.bottom;
  const newPage = () => {
    doc.addPage();
    if (title && title !== layout) repeatTitle(ctx, title, frame);
  };
  // A row that does not fit goes to the next page; one taller than a page starts here unless only a few lines are left.
  if (layout.height > remaining(ctx) && (layout.height <= TEXT_HEIGHT - (title?.height ?? 0) || remaining(ctx) < pads + 3 * BODY.size * 1.35)) newPage();

  const row = tag(ctx, table, "TR");
  const header = tag(ctx, row, "TH", { scope: "Row" });
  const cell = tag(ctx, row, "TD");
  // With several lines each is a paragraph of the cell; a single one is the cell's own content.
  const lineTags = layout.row.lines.map(() => null as Tag | null);
  const tagOfLine = (line: number) => (layout.row.lines.length === 1 ? cell : (lineTags[line] ??= tag(ctx, cell, "P")));
  const queue: Piece[] = layout.row.lines.map((text, line) => ({ line, text }));
  let first = true;
  while (queue.length > 0 || first) {
    const top = doc.y;
    const { taken, height } = takePieces(ctx, queue, inner(value).width, layout.valueStyle, remaining(ctx) - pads, top <= PAGE.margin + 0.5);
    const segment = Math.max(height, first ? layout.labelHeight : 0) + pads;
    drawCells(ctx, frame, top, segment, layout.row.shade);
    if (first) header.add(() => setText(ctx, layout.row.label, inner(label), top + PAD.top, LABEL_STYLE));
    let y = top + PAD.top;
    for (const piece of taken) {
      const at = y;
      tagOfLine(piece.line).add(() => setText(ctx, piece.text, inner(value), at, layout.valueStyle));
      y += measureText(ctx, piece.text, inner(value).width, layout.valueStyle);
    }
    doc.y = top + segment;
    first = false;
    if (queue.length > 0) newPage();
  }
  for (const lineTag of lineTags) lineTag?.end();
  header.end();
  cell.end();
  row.end();
}

/**
 * Draws a field table at the current position, tagged as a Table under `parent`.
 * @param ctx - the context
 * @param rows - the rows, the title first for a titled table
 * @param kind - titled (measure, KPI, decision) or facts
 * @param parent - where the table goes in the structure tree
 * @param frame - the column
 */
export function drawFieldTable(ctx: PdfContext, rows: FieldRow[], kind: FieldTableKind, parent: Tag, frame: Frame): void {
  if (rows.length === 0) return;
  const { doc } = ctx;
  const layouts = layoutRows(ctx, rows, kind, frame);
  if (doc.y > PAGE.margin + 0.5) doc.y += TABLE_MARGIN.top;
  // A small table moves to the next page whole rather than being split.
  ensureSpace(ctx, fieldTableLead(layouts));
  const table = tag(ctx, parent, "Table");
  const title = kind === "titled" ? layouts[0] : null;
  for (const layout of layouts) drawRow(ctx, table, layout, frame, title);
  table.end();
  doc.y += TABLE_MARGIN.bottom;
}
