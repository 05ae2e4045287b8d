/**
 * Writes the export model as a Word file (.docx) with the `docx` package: a title page,
 * the document with real Word headings (so Word's navigation pane shows perspectives and
 * goals), measure and KPI tables, and "Seite X von Y" in the footer.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import type { ExportBlock, ExportModel, ExportTableCell, FieldRow, InlineRun, Shade } from "./exportModel";

/** Cell shading per corridor or traffic-light colour: the editor's light tints, so the black text stays readable. */
const SHADE_FILLS: Record<Shade, string> = { green: "E8F5E9", amber: "FFF4E0", red: "FDECEA" };
const LABEL_FILL = "F2F2F2";
const HEADER_FILL = "E7E9EE";

/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 1134;
const LABEL_WIDTH = 2800;
const INDENT_STEP = 425;
/** Space between a table cell's border and its text. */
const CELL_MARGINS = { top: 40, bottom: 40, left: 100, right: 100 };

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** Outline level and keep-with-next of Heading 1–6 (their look stays the docx package's). */
const HEADING_STYLES = Object.fromEntries(
  [1, 2, 3, 4, 5, 6].map((level) => [`heading${level}`, { paragraph: { outlineLevel: level - 1, keepNext: true, spacing: { before: level <= 2 ? 240 : 160, after: 80 } } }]),
);

type Block = Paragraph | Table;

/** Where a block stands: how far it is indented and whether its text is bold (header cells). */
interface Place {
  indent: number;
  bold: boolean;
}

/** Text runs of one string; "\n" becomes a line break inside the paragraph. */
function textRuns(text: string, style: Omit<InlineRun, "text"> & { size?: number; color?: string }): TextRun[] {
  return text.split("\n").map(
    (line, index) =>
      new TextRun({
        text: line,
        break: index > 0 ? 1 : undefined,
        bold: style.bold,
        italics: style.italic,
        strike: style.strike,
        underline: style.underline || style.link ? {} : undefined,
        color: style.link ? "1F5FA8" : style.color,
        size: style.size,
        font: style.code ? "Courier New" : undefined,
        shading: style.code ? { type: ShadingType.CLEAR, fill: LABEL_FILL, color: "auto" } : undefined,
      }),
  );
}

function inlineChildren(runs: InlineRun[], place: Place): ParagraphChild[] {
  return runs.flatMap((run): ParagraphChild[] => {
    const children = textRuns(run.text, { ...run, bold: run.bold || place.bold });
    return run.link ? [new ExternalHyperlink({ link: run.link, children })] : children;
  });
}

function paragraph(children: ParagraphChild[], place: Place, extra: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {}): Paragraph {
  return new Paragraph({ children, indent: place.indent > 0 ? { left: place.indent } : undefined, spacing: { after: 80 }, ...extra });
}

function listBlocks(block: Extract<ExportBlock, { kind: "list" }>, place: Place): Block[] {
  const inner: Place = { ...place, indent: place.indent + INDENT_STEP };
  return block.items.flatMap((item, index) => {
    // A written prefix instead of Word numbering: every list then counts on its own, from
    // its own start, without managing numbering instances.
    const prefix = new TextRun({ text: `${block.ordered ? `${block.start + index}.` : "•"}\t` });
    const [first, ...rest] = item;
    const hanging = { left: inner.indent, hanging: INDENT_STEP };
    if (first?.kind === "paragraph") {
      return [new Paragraph({ children: [prefix, ...inlineChildren(first.runs, place)], indent: hanging, spacing: { after: 40 } }), ...blocksOf(rest, inner)];
    }
    return [new Paragraph({ children: [prefix], indent: hanging }), ...blocksOf(item, inner)];
  });
}

function cellOf(cell: ExportTableCell, width: number): TableCell {
  const children = blocksOf(cell.blocks, { indent: 0, bold: cell.header });
  return new TableCell({
    // Word refuses a cell without a paragraph.
    children: children.length > 0 ? children : [new Paragraph("")],
    columnSpan: cell.colspan > 1 ? cell.colspan : undefined,
    rowSpan: cell.rowspan > 1 ? cell.rowspan : undefined,
    width: { size: width * cell.colspan, type: WidthType.DXA },
    shading: cell.header ? { type: ShadingType.CLEAR, fill: HEADER_FILL, color: "auto" } : undefined,
  });
}

function documentTable(block: Extract<ExportBlock, { kind: "table" }>): Block[] {
  const columns = Math.max(1, ...block.rows.map((row) => row.reduce((sum, cell) => sum + cell.colspan, 0)));
  const width = Math.floor(TEXT_WIDTH / columns);
  const rows = block.rows.filter((row) => row.length > 0);
  if (rows.length === 0) return [];
  // Leading rows of header cells only are the table's header: Word repeats them on every page and screen readers announce them.
  let headerRows = 0;
  while (headerRows < rows.length - 1 && rows[headerRows].every((cell) => cell.header && cell.rowspan === 1)) headerRows++;
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      margins: CELL_MARGINS,
      columnWidths: Array.from({ length: columns }, () => width),
      rows: rows.map((row, index) => new TableRow({ tableHeader: index < headerRows || undefined, children: row.map((cell) => cellOf(cell, width)) })),
    }),
    new Paragraph(""),
  ];
}

function fieldRow(row: FieldRow, title: boolean, last: boolean): TableRow {
  const shade = row.shade ? { type: ShadingType.CLEAR, fill: SHADE_FILLS[row.shade], color: "auto" } : undefined;
  // keepNext on every row but the last keeps a short table on one page in Word.
  const keepNext = !last;
  return new TableRow({
    cantSplit: true,
    // The title row repeats on the next page, so a reader knows which measure or KPI goes on.
    tableHeader: title || undefined,
    children: [
      new TableCell({
        width: { size: LABEL_WIDTH, type: WidthType.DXA },
        shading: { type: ShadingType.CLEAR, fill: LABEL_FILL, color: "auto" },
        children: [new Paragraph({ keepNext, children: [new TextRun({ text: row.label, bold: true })] })],
      }),
      new TableCell({
        width: { size: TEXT_WIDTH - LABEL_WIDTH, type: WidthType.DXA },
        shading: shade,
        children: row.lines.map((line) => new Paragraph({ keepNext, children: textRuns(line, { bold: title }) })),
      }),
    ],
  });
}

/** A field table; a titled one (measure, KPI) opens with its title row in bold, a table of facts (the talk's) does not. */
function fieldTable(rows: FieldRow[], titled: boolean): Block[] {
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      margins: CELL_MARGINS,
      columnWidths: [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
      rows: rows.map((row, index) => fieldRow(row, titled && index === 0, index === rows.length - 1)),
    }),
    // Two tables in a row would merge into one in Word; the paragraph keeps them apart.
    new Paragraph(""),
  ];
}

function blockOf(block: ExportBlock, place: Place): Block[] {
  switch (block.kind) {
    case "heading":
      return [new Paragraph({ heading: HEADINGS[Math.min(block.level, 6) - 1], children: inlineChildren(block.runs, place), keepNext: true })];
    case "paragraph":
      return [paragraph(inlineChildren(block.runs, place), place)];
    case "list":
      return listBlocks(block, place);
    case "quote":
      return blocksOf(block.blocks, { ...place, indent: place.indent + INDENT_STEP });
    case "code":
      return [paragraph(textRuns(block.text, { code: true }), place, { shading: { type: ShadingType.CLEAR, fill: LABEL_FILL, color: "auto" } })];
    case "rule":
      return [paragraph([], place, { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } } })];
    case "table":
      return documentTable(block);
    case "fields":
      return fieldTable(block.rows, block.variant !== "facts");
  }
}

function blocksOf(blocks: ExportBlock[], place: Place): Block[] {
  return blocks.flatMap((block) => blockOf(block, place));
}

function titlePage(model: ExportModel): Paragraph[] {
  const { title } = model;
  const line = (text: string, options: { size?: number; bold?: boolean; color?: string; after?: number; heading?: (typeof HeadingLevel)["TITLE"] } = {}) =>
    new Paragraph({ heading: options.heading, children: textRuns(text, options), spacing: { after: options.after ?? 120 } });
  const page: Paragraph[] = [
    line("Balanced Scorecard", { size: 28, color: "4A5260", after: 240 }),
    // Word's Title style marks the document's title for screen readers; the runs keep the look.
    line(title.provider, { size: 44, bold: true, color: "000000", heading: HeadingLevel.TITLE }),
    line(title.scorecardTitle, { size: 36, after: 480 }),
  ];
  if (title.talkLine) page.push(line(title.talkLine, { size: 26 }));
  page.push(line(title.versionLabel, { size: 26 }));
  if (title.kpisAsOf) page.push(line(`Kennzahlen berechnet am ${title.kpisAsOf}`, { color: "4A5260" }));
  if (title.participants.length > 0) {
    page.push(line("Teilnehmende", { bold: true, after: 60 }), ...title.participants.map((name) => new Paragraph({ children: [new TextRun(name)], bullet: { level: 0 } })));
  }
  if (title.contents.length > 0) {
    page.push(line("Inhalt", { bold: true, after: 60 }));
    for (const entry of title.contents) {
      page.push(new Paragraph({ children: [new TextRun(entry.perspective)], bullet: { level: 0 } }));
      page.push(...entry.goals.map((goal) => new Paragraph({ children: [new TextRun(goal)], bullet: { level: 1 } })));
    }
  }
  return page;
}

/**
 * Writes the export model as a .docx file.
 * @param model - from `buildExportModel`
 * @returns the file's bytes
 */
export async function exportDocx(model: ExportModel): Promise<Buffer> {
  const small = { size: 16, color: "4A5260" };
  const document = new Document({
    title: `${model.title.provider} – ${model.title.scorecardTitle}`,
    subject: model.title.versionLabel,
    creator: "Steuerrad",
    styles: {
      default: {
        document: { run: { font: "Calibri", size: 22, language: { value: "de-DE" } } },
        // Word's own heading styles with their outline levels: the navigation pane, a table of
        // contents and screen readers find the perspectives and goals by them.
        ...HEADING_STYLES,
      },
    },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: textRuns(`${model.title.provider} · ${model.title.scorecardTitle} · ${model.title.versionLabel}`, small) })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ ...small, children: ["Seite ", PageNumber.CURRENT, " von ", PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: [...titlePage(model), new Paragraph({ pageBreakBefore: true, children: [] }), ...blocksOf(model.blocks, { indent: 0, bold: false })],
      },
    ],
  });
  return Packer.toBuffer(document);
}
