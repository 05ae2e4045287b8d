/**
 * Writes the export model as a PDF with pdfmake: the same title page, headings, measure
 * and KPI tables as the Word file, and "Seite X von Y" in the footer.
 *
 * The font is Roboto, shipped inside the pdfmake package and read from its files: it has
 * the umlauts, "ß", "€", the minus sign "−" and the no-break space the German number
 * format uses (PDF's built-in Helvetica has no "−"). Nothing is fetched at run time.
 */
import { createRequire } from "node:module";
import pdfMake from "pdfmake";
import type { Content, TableCell } from "pdfmake/interfaces";
import type { ExportBlock, ExportModel, ExportTableCell, FieldRow, InlineRun, Shade } from "./exportModel";

/** Cell shading per corridor or traffic-light colour: the editor's light tints, so the black text stays readable. */
const SHADE_FILLS: Record<Shade, string> = { green: "#e8f5e9", amber: "#fff4e0", red: "#fdecea" };
const LABEL_FILL = "#f2f2f2";
const HEADER_FILL = "#e7e9ee";
const MUTED = "#4a5260";

/** A4 with 2 cm margins, in points. */
const MARGIN = 57;
const TEXT_WIDTH = 595.28 - 2 * MARGIN;
const INDENT_STEP = 14;

let fontsReady = false;

/** Registers Roboto from the pdfmake package and lets pdfmake read those four files and nothing else. */
function ensureFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  const font = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`);
  const roboto = { normal: font("Roboto-Regular.ttf"), bold: font("Roboto-Medium.ttf"), italics: font("Roboto-Italic.ttf"), bolditalics: font("Roboto-MediumItalic.ttf") };
  const allowed = new Set(Object.values(roboto));
  pdfMake.setFonts({ Roboto: roboto });
  // Exports contain no images: any other path or URL in the content would be a bug or an
  // attack (a link target is never fetched), never a need.
  pdfMake.setLocalAccessPolicy((path) => allowed.has(path));
  pdfMake.setUrlAccessPolicy(() => false);
  fontsReady = true;
}

function inline(runs: InlineRun[], bold = false): Content[] {
  return runs.map((run) => {
    const decoration = [run.underline || run.link ? "underline" : null, run.strike ? "lineThrough" : null].filter((d): d is "underline" | "lineThrough" => d !== null);
    return {
      text: run.text,
      bold: run.bold || bold || undefined,
      italics: run.italic || undefined,
      decoration: decoration.length > 0 ? decoration : undefined,
      link: run.link,
      color: run.link ? "#1f5fa8" : undefined,
      background: run.code ? LABEL_FILL : undefined,
    };
  });
}

/** Places cells on the grid: pdfmake wants every row equally long, with a placeholder under each spanned slot. */
function gridOf(rows: ExportTableCell[][]): TableCell[][] {
  const covered = new Map<number, Set<number>>();
  const cover = (row: number, column: number) => covered.set(row, (covered.get(row) ?? new Set()).add(column));
  const grid = rows.map((row, r) => {
    const out: TableCell[] = [];
    for (const cell of row) {
      while (covered.get(r)?.has(out.length)) out.push({});
      const start = out.length;
      const content = blocksOf(cell.blocks, cell.header);
      out.push({ stack: content.length > 0 ? content : [""], colSpan: cell.colspan, rowSpan: cell.rowspan, fillColor: cell.header ? HEADER_FILL : undefined });
      for (let i = 1; i < cell.colspan; i++) out.push({});
      for (let below = 1; below < cell.rowspan; below++) for (let c = start; c < start + cell.colspan; c++) cover(r + below, c);
    }
    return out;
  });
  const columns = Math.max(1, ...grid.map((row) => row.length), ...[...covered.values()].flatMap((set) => [...set].map((c) => c + 1)));
  return grid.map((row) => [...row, ...Array.from({ length: columns - row.length }, (): TableCell => ({}))]);
}

function fieldTable(rows: FieldRow[]): Content {
  return {
    table: {
      widths: [140, "*"],
      dontBreakRows: true,
      // The title row repeats on the next page, so a reader knows which measure or KPI goes on.
      headerRows: 1,
      keepWithHeaderRows: 1,
      body: rows.map((row, index): TableCell[] => [
        { text: row.label, bold: true, fillColor: LABEL_FILL },
        { stack: row.lines, bold: index === 0, fillColor: row.shade ? SHADE_FILLS[row.shade] : undefined },
      ]),
    },
    layout: { hLineColor: "#b0b4bc", vLineColor: "#b0b4bc", hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    margin: [0, 4, 0, 10],
  };
}

const HEADING_SIZES = [20, 16, 13, 12, 11, 11];

function blockOf(block: ExportBlock, bold: boolean): Content {
  switch (block.kind) {
    case "heading":
      // headlineLevel lets pageBreakBefore keep a heading off the bottom of a page.
      return { text: inline(block.runs, true), fontSize: HEADING_SIZES[Math.min(block.level, 6) - 1], headlineLevel: block.level, margin: [0, block.level <= 2 ? 14 : 8, 0, 6] };
    case "paragraph":
      return { text: inline(block.runs, bold), margin: [0, 0, 0, 5] };
    case "list": {
      const items = block.items.map((item) => ({ stack: blocksOf(item, bold) }));
      return block.ordered ? { ol: items, start: block.start, margin: [0, 0, 0, 5] } : { ul: items, margin: [0, 0, 0, 5] };
    }
    case "quote":
      return { stack: blocksOf(block.blocks, bold), margin: [INDENT_STEP, 0, 0, 5], color: MUTED };
    case "code":
      return { text: block.text, background: LABEL_FILL, preserveLeadingSpaces: true, fontSize: 9, margin: [0, 0, 0, 5] };
    case "rule":
      return { canvas: [{ type: "line", x1: 0, y1: 0, x2: TEXT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: "#999999" }], margin: [0, 6, 0, 6] };
    case "table":
      if (block.rows.every((row) => row.length === 0)) return { text: "" };
    {
      const body = gridOf(block.rows.filter((row) => row.length > 0));
      return { table: { widths: body[0].map(() => "*"), body }, margin: [0, 4, 0, 10] };
    }
    case "fields":
      return fieldTable(block.rows);
  }
}

function blocksOf(blocks: ExportBlock[], bold = false): Content[] {
  return blocks.map((block) => blockOf(block, bold));
}

function titlePage(model: ExportModel): Content {
  const { title } = model;
  const page: Content[] = [
    { text: "Balanced Scorecard", fontSize: 14, color: MUTED, margin: [0, 80, 0, 12] },
    { text: title.provider, fontSize: 22, bold: true, margin: [0, 0, 0, 6] },
    { text: title.scorecardTitle, fontSize: 18, margin: [0, 0, 0, 30] },
  ];
  if (title.talkDate) page.push({ text: `Steuerungsgespräch am ${title.talkDate}`, fontSize: 13, margin: [0, 0, 0, 6] });
  page.push({ text: title.versionLabel, fontSize: 13, margin: [0, 0, 0, 6] });
  if (title.kpisAsOf) page.push({ text: `Kennzahlen berechnet am ${title.kpisAsOf}`, color: MUTED, margin: [0, 0, 0, 6] });
  if (title.participants.length > 0) page.push({ text: "Teilnehmende", bold: true, margin: [0, 16, 0, 4] }, { ul: title.participants });
  if (title.contents.length > 0) {
    page.push({ text: "Inhalt", bold: true, margin: [0, 16, 0, 4] }, { ul: title.contents.flatMap((entry): Content[] => [entry.perspective, { ul: entry.goals }]) });
  }
  return { stack: page, pageBreak: "after" };
}

/**
 * Writes the export model as a PDF.
 * @param model - from `buildExportModel`
 * @returns the file's bytes
 */
export async function exportPdf(model: ExportModel): Promise<Buffer> {
  ensureFonts();
  const running = `${model.title.provider} · ${model.title.scorecardTitle} · ${model.title.versionLabel}`;
  return pdfMake
    .createPdf({
      info: { title: `${model.title.provider} – ${model.title.scorecardTitle}`, subject: model.title.versionLabel, creator: "Steuerrad", producer: "Steuerrad" },
      language: "de-DE",
      pageSize: "A4",
      pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
      defaultStyle: { font: "Roboto", fontSize: 10, lineHeight: 1.15 },
      header: (currentPage) => (currentPage === 1 ? null : { text: running, alignment: "right", fontSize: 8, color: MUTED, margin: [MARGIN, 24, MARGIN, 0] }),
      footer: (currentPage, pageCount) => ({ text: `Seite ${currentPage} von ${pageCount}`, alignment: "center", fontSize: 8, color: MUTED, margin: [0, 24, 0, 0] }),
      pageBreakBefore: (node, following) => Boolean(node.headlineLevel) && following.getFollowingNodesOnPage().length === 0,
      content: [titlePage(model), ...blocksOf(model.blocks)],
    })
    .getBuffer();
}
