/**
 * Tables of the document's free text (and the agreements of the minutes) in the tagged
 * PDF: Table → TR → TH/TD with RowSpan/ColSpan, header cells as column headers in header
 * rows and as row headers elsewhere. Rows joined by a rowspan stay on one page; leading
 * header rows repeat on the next page as artifacts.
 */
import type { ExportTableCell } from "./exportModel";
import { artifact, BODY, COLOURS, ensureSpace, type Frame, lineHeight, PAGE, pageBottom, type PdfContext, type Tag, tag, type TextStyle, UNTAGGED } from "./pdfContext";
import { KEEP_TOGETHER, TABLE_MARGIN } from "./pdfFieldTable";

const PAD = { x: 4, top: 3, bottom: 3 } as const;

/** A cell placed on the grid. */
interface Placed {
  cell: ExportTableCell;
  row: number;
  column: number;
  rowSpan: number;
  /** Content height, padding included. */
  height: number;
}

/** A table laid out for a frame. */
interface Layout {
  /** Placed cells, by the row they start in. */
  rows: Placed[][];
  rowHeights: number[];
  columnWidth: number;
  /** Leading rows of header cells only, repeated on a new page. */
  headerRows: number;
  /** Row ranges [first, last] that stay together (joined by rowspans). */
  groups: [number, number][];
}

function styleOf(cell: ExportTableCell): TextStyle {
  return { ...BODY, bold: cell.header };
}

function place(ctx: PdfContext, cells: ExportTableCell[][], width: number): Layout {
  const covered = new Map<number, Set<number>>();
  const starts: Omit<Placed, "height">[][] = cells.map((row, r) => {
    let column = 0;
    return row.map((cell) => {
      while (covered.get(r)?.has(column)) column++;
      const rowSpan = Math.min(cell.rowspan, cells.length - r);
      for (let below = 0; below < rowSpan; below++) for (let c = column; c < column + cell.colspan; c++) covered.set(r + below, (covered.get(r + below) ?? new Set()).add(c));
      const placed = { cell, row: r, column, rowSpan };
      column += cell.colspan;
      return placed;
    });
  });
  const columns = Math.max(1, ...[...covered.values()].map((set) => Math.max(...set) + 1));
  const columnWidth = width / columns;
  const rows = starts.map((row) =>
    row.map((placed) => ({
      ...placed,
      height: ctx.measureBlocks(placed.cell.blocks, placed.cell.colspan * columnWidth - 2 * PAD.x, styleOf(placed.cell)) + PAD.top + PAD.bottom,
    })),
  );
  const minimum = lineHeight(ctx, BODY) + PAD.top + PAD.bottom;
  const rowHeights = rows.map((row) => Math.max(minimum, ...row.filter((p) => p.rowSpan === 1).map((p) => p.height)));
  for (const placed of rows.flat().filter((p) => p.rowSpan > 1)) {
    const spanned = rowHeights.slice(placed.row, placed.row + placed.rowSpan).reduce((sum, h) => sum + h, 0);
    if (placed.height > spanned) rowHeights[placed.row + placed.rowSpan - 1] += placed.height - spanned;
  }
  const groups: [number, number][] = [];
  for (let first = 0; first < rows.length;) {
    let last = first;
    for (let r = first; r <= last; r++) for (const placed of rows[r]) last = Math.max(last, r + placed.rowSpan - 1);
    groups.push([first, last]);
    first = last + 1;
  }
  let headerRows = 0;
  while (headerRows < rows.length - 1 && rows[headerRows].length > 0 && rows[headerRows].every((p) => p.cell.header && p.rowSpan === 1)) headerRows++;
  return { rows, rowHeights, columnWidth, headerRows, groups };
}

function heightOf(layout: Layout, first: number, last: number): number {
  return layout.rowHeights.slice(first, last + 1).reduce((sum, h) => sum + h, 0);
}

/** Top of each row from `top`. */
function rowTops(layout: Layout, first: number, last: number, top: number): Map<number, number> {
  const tops = new Map<number, number>();
  let y = top;
  for (let r = first; r <= last; r++) {
    tops.set(r, y);
    y += layout.rowHeights[r];
  }
  return tops;
}

function cellBox(layout: Layout, placed: Placed, frame: Frame, tops: Map<number, number>) {
  return {
    x: frame.x + placed.column * layout.columnWidth,
    y: tops.get(placed.row)!,
    width: placed.cell.colspan * layout.columnWidth,
    height: heightOf(layout, placed.row, placed.row + placed.rowSpan - 1),
  };
}

function drawBoxes(ctx: PdfContext, layout: Layout, frame: Frame, first: number, last: number, tops: Map<number, number>, borders: boolean): void {
  artifact(ctx, () => {
    for (const placed of layout.rows.slice(first, last + 1).flat()) {
      const box = cellBox(layout, placed, frame, tops);
      if (!borders && placed.cell.header) ctx.doc.rect(box.x, box.y, box.width, box.height).fill(COLOURS.headerFill);
      if (borders) ctx.doc.lineWidth(0.75).strokeColor("#000000").rect(box.x, box.y, box.width, box.height).stroke();
    }
  });
}

/** Draws rows first…last at the current position, tagged (or as an artifact when repeating the header). */
function drawRows(ctx: PdfContext, layout: Layout, frame: Frame, first: number, last: number, table: Tag | null): void {
  const tops = rowTops(layout, first, last, ctx.doc.y);
  drawBoxes(ctx, layout, frame, first, last, tops, false);
  ctx.cellDepth++;
  for (let r = first; r <= last; r++) {
    const row = table ? tag(ctx, table, "TR") : null;
    for (const placed of layout.rows[r]) {
      const box = cellBox(layout, placed, frame, tops);
      const content = { x: box.x + PAD.x, width: box.width - 2 * PAD.x };
      ctx.doc.y = box.y + PAD.top;
      if (row) {
        const scope = placed.cell.header ? (r < layout.headerRows ? "Column" : "Row") : undefined;
        const cell = tag(ctx, row, placed.cell.header ? "TH" : "TD", { scope, rowSpan: placed.rowSpan, colSpan: placed.cell.colspan });
        ctx.drawBlocks(placed.cell.blocks, cell, content, styleOf(placed.cell));
        cell.end();
      } else {
        // A repeated header row: the same text again, which a screen reader skips.
        artifact(ctx, () => ctx.drawBlocks(placed.cell.blocks, UNTAGGED, content, styleOf(placed.cell)), true);
      }
    }
    row?.end();
  }
  ctx.cellDepth--;
  drawBoxes(ctx, layout, frame, first, last, tops, true);
  ctx.doc.y = tops.get(last)! + layout.rowHeights[last];
}

/**
 * The height of a document table, margins included.
 * @param ctx - the context
 * @param rows - its cells by row
 * @param width - the frame's width
 */
export function measureDocTable(ctx: PdfContext, rows: ExportTableCell[][], width: number): number {
  const cells = rows.filter((row) => row.length > 0);
  if (cells.length === 0) return 0;
  const layout = place(ctx, cells, width);
  return heightOf(layout, 0, cells.length - 1) + TABLE_MARGIN.top + TABLE_MARGIN.bottom;
}

/**
 * Draws a document table at the current position, tagged as a Table under `parent`.
 * @param ctx - the context
 * @param rows - its cells by row (empty rows are left out)
 * @param parent - where it goes in the structure tree
 * @param frame - the column
 */
export function drawDocTable(ctx: PdfContext, rows: ExportTableCell[][], parent: Tag, frame: Frame): void {
  const cells = rows.filter((row) => row.length > 0);
  if (cells.length === 0) return;
  const { doc } = ctx;
  const layout = place(ctx, cells, frame.width);
  const total = heightOf(layout, 0, cells.length - 1);
  const header = layout.headerRows > 0 ? heightOf(layout, 0, layout.headerRows - 1) : 0;
  if (doc.y > PAGE.margin + 0.5) doc.y += TABLE_MARGIN.top;
  const firstBody = layout.groups.find(([first]) => first >= layout.headerRows);
  ensureSpace(ctx, total <= KEEP_TOGETHER ? total : header + (firstBody ? heightOf(layout, ...firstBody) : 0));
  const table = tag(ctx, parent, "Table");
  for (const [first, last] of layout.groups) {
    if (ctx.cellDepth === 0 && doc.y + heightOf(layout, first, last) > pageBottom() && doc.y > PAGE.margin + 0.5) {
      doc.addPage();
      if (first >= layout.headerRows && layout.headerRows > 0) drawRows(ctx, layout, frame, 0, layout.headerRows - 1, null);
    }
    drawRows(ctx, layout, frame, first, last, table);
  }
  table.end();
  doc.y += TABLE_MARGIN.bottom;
}
