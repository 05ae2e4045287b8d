/**
 * The neutral export model: what a scorecard export shows, independent of the file
 * format. Both the DOCX and the PDF writer render this model and nothing else, so the two
 * files always carry the same content.
 */
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import { revealForbiddenCharacters } from "../../shared/domain/text";
import type { Measure } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import type { DocumentJson } from "../../shared/document/schema";
import type { FieldRow } from "./fieldRow";
import { kpiFields } from "./kpiFields";
import { CONFERENCE_NAME, formatBerlinDateTime, formatGermanDate } from "./labels";
import { measureFields } from "./measureFields";

/** What the export says about itself, beyond the document. */
export interface ExportMeta {
  /** The provider's name; null for the shared scorecard of the providers' conference. */
  providerName: string | null;
  /** The scorecard's title. */
  scorecardTitle: string;
  /** Date of the steering talk the version belongs to, YYYY-MM-DD, if known. */
  talkDate?: string | null;
  /** What the meeting is called on the title page ("Sitzung der Sozialraumkonferenz"); default "Steuerungsgespräch". */
  talkHeading?: string;
  /** Which state this is, e.g. "Vorabversand – Version 3 vom 05.03.2026, 14:30 Uhr". */
  versionLabel: string;
  /** Participants of the talk, if known. */
  participants?: string[];
}

/** A piece of text with its marks; a hard break is a run whose text is "\n". */
export interface InlineRun {
  /** The text. */
  text: string;
  /** Bold. */
  bold?: boolean;
  /** Italic. */
  italic?: boolean;
  /** Underlined. */
  underline?: boolean;
  /** Struck through. */
  strike?: boolean;
  /** Inline code. */
  code?: boolean;
  /** Link target. */
  link?: string;
}

/** A cell of a table in the document's free text. */
export interface ExportTableCell {
  /** A header cell. */
  header: boolean;
  /** Columns it spans (≥ 1). */
  colspan: number;
  /** Rows it spans (≥ 1). */
  rowspan: number;
  /** Its content. */
  blocks: ExportBlock[];
}

/** A block of the exported document, in document order. */
export type ExportBlock =
  | { kind: "heading"; role: "title" | "perspective" | "goal" | "subheading"; level: number; runs: InlineRun[] }
  | { kind: "paragraph"; runs: InlineRun[] }
  | { kind: "list"; ordered: boolean; start: number; items: ExportBlock[][] }
  | { kind: "quote"; blocks: ExportBlock[] }
  | { kind: "code"; text: string }
  | { kind: "rule" }
  | { kind: "table"; rows: ExportTableCell[][] }
  | { kind: "fields"; variant: "measure" | "kpi" | "facts"; rows: FieldRow[] };

/** The title page. */
export interface TitlePage {
  /** The provider's name, or "Sozialraumkonferenz" for the shared scorecard. */
  provider: string;
  /** The scorecard's title. */
  scorecardTitle: string;
  /** The talk's date, German ("05.03.2026"), or null. */
  talkDate: string | null;
  /** The meeting and its date, e.g. "Steuerungsgespräch am 05.03.2026", "Sitzung der Sozialraumkonferenz am 05.03.2026", or null. */
  talkLine: string | null;
  /** Which state this is. */
  versionLabel: string;
  /** Participants (may be empty). */
  participants: string[];
  /** When the KPI values were computed ("05.03.2026, 14:30 Uhr"), or null when the document has no KPI block. */
  kpisAsOf: string | null;
  /** Perspectives and their goals, as a table of contents. */
  contents: { perspective: string; goals: string[] }[];
}

/** A section an export adds around the document: a talk's record, its agreements, the reconciliation decisions. */
export interface ExportSection {
  /** Its blocks, its heading first. */
  blocks: ExportBlock[];
  /** Its entry in the table of contents. */
  contents: { perspective: string; goals: string[] };
}

/** Sections before and after the document, each in order. */
export interface ExportSections {
  /** Before the document (the talk: date, place, attendance, approval, agenda). */
  before?: ExportSection[];
  /** After it (agreements, reconciliation decisions). */
  after?: ExportSection[];
}

/** Everything an export shows. */
export interface ExportModel {
  /** The title page. */
  title: TitlePage;
  /** The document, block by block. */
  blocks: ExportBlock[];
}

/** Reads a measure's data by id (usually `(id) => readMeasure(doc, id)`). */
export type MeasureReader = (measureId: string) => Measure | null;

export type { FieldRow, Shade } from "./fieldRow";

/** Links the files may carry: a javascript: or file: link in a mailed document would be a trap. */
const SAFE_LINK = /^(https?:|mailto:)/i;

const HEADING_ROLES = { 1: "title", 2: "perspective", 3: "goal" } as const;

function runsOf(nodes: DocumentJson[] | undefined): InlineRun[] {
  const runs: InlineRun[] = [];
  for (const node of nodes ?? []) {
    if (node.type === "text" && node.text) {
      const run: InlineRun = { text: node.text };
      for (const mark of node.marks ?? []) {
        if (mark.type === "bold") run.bold = true;
        else if (mark.type === "italic") run.italic = true;
        else if (mark.type === "underline") run.underline = true;
        else if (mark.type === "strike") run.strike = true;
        else if (mark.type === "code") run.code = true;
        else if (mark.type === "link" && typeof mark.attrs?.href === "string" && SAFE_LINK.test(mark.attrs.href)) run.link = mark.attrs.href;
      }
      runs.push(run);
    } else if (node.type === "hardBreak") {
      runs.push({ text: "\n" });
    } else if (node.content) {
      runs.push(...runsOf(node.content));
    }
  }
  return runs;
}

function plainText(node: DocumentJson): string {
  if (node.type === "hardBreak") return "\n";
  return node.text ?? (node.content ?? []).map(plainText).join("");
}

function positive(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 1;
}

/** What the walker needs besides the node. */
interface BlockContext {
  readMeasure: MeasureReader;
  kpis: KpiSnapshot;
}

function blocksOf(nodes: DocumentJson[] | undefined, context: BlockContext): ExportBlock[] {
  return (nodes ?? []).flatMap((node) => blockOf(node, context));
}

function blockOf(node: DocumentJson, context: BlockContext): ExportBlock[] {
  switch (node.type) {
    case "heading": {
      const level = positive(node.attrs?.level);
      const role = HEADING_ROLES[level as keyof typeof HEADING_ROLES] ?? "subheading";
      return [{ kind: "heading", role, level, runs: runsOf(node.content) }];
    }
    case "paragraph": {
      const runs = runsOf(node.content);
      // The editor keeps empty paragraphs as places to type into; on paper they are only gaps.
      return runs.length === 0 ? [] : [{ kind: "paragraph", runs }];
    }
    case "bulletList":
    case "orderedList":
      return [
        {
          kind: "list",
          ordered: node.type === "orderedList",
          start: positive(node.attrs?.start),
          items: (node.content ?? []).map((item) => blocksOf(item.content, context)),
        },
      ];
    case "blockquote":
      return [{ kind: "quote", blocks: blocksOf(node.content, context) }];
    case "codeBlock":
      return [{ kind: "code", text: plainText(node) }];
    case "horizontalRule":
      return [{ kind: "rule" }];
    case "table":
      return [
        {
          kind: "table",
          rows: (node.content ?? []).map((row) =>
            (row.content ?? []).map((cell) => ({
              header: cell.type === "tableHeader",
              colspan: positive(cell.attrs?.colspan),
              rowspan: positive(cell.attrs?.rowspan),
              blocks: blocksOf(cell.content, context),
            })),
          ),
        },
      ];
    case "measure": {
      const id = typeof node.attrs?.measureId === "string" ? node.attrs.measureId : "";
      return [{ kind: "fields", variant: "measure", rows: measureFields(id ? context.readMeasure(id) : null) }];
    }
    case "kpiBlock":
      return [
        {
          kind: "fields",
          variant: "kpi",
          rows: kpiFields({ kpi: String(node.attrs?.kpi ?? ""), period: String(node.attrs?.period ?? ""), note: String(node.attrs?.note ?? "") }, context.kpis),
        },
      ];
    default:
      // A node type this exporter does not know yet: keep its content rather than lose it.
      return node.content ? blocksOf(node.content, context) : [];
  }
}

function hasKpiBlock(blocks: ExportBlock[]): boolean {
  return blocks.some(
    (block) =>
      (block.kind === "fields" && block.variant === "kpi") ||
      (block.kind === "quote" && hasKpiBlock(block.blocks)) ||
      (block.kind === "list" && block.items.some(hasKpiBlock)) ||
      (block.kind === "table" && block.rows.some((row) => row.some((cell) => hasKpiBlock(cell.blocks)))),
  );
}

/**
 * The same plain data with every control or bidi override character in its strings
 * written as `[U+XXXX]` (tab and line breaks kept). Measure titles and document text are
 * typed into the shared document, where nothing refuses them: in a Word file a NUL makes
 * the XML unreadable, and an override would print a title reversed.
 */
function revealed<T>(value: T): T {
  if (typeof value === "string") return revealForbiddenCharacters(value, "lineBreaks") as T;
  if (Array.isArray(value)) return value.map(revealed) as T;
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revealed(inner)])) as T;
  return value;
}

/**
 * Turns a scorecard (document, measures and KPI values) into the export model.
 * @param json - the document as ProseMirror JSON (`yDocToDocumentJson`)
 * @param readMeasure - reads a measure's data by id
 * @param kpis - the KPI values the export shows (of the version, or computed now)
 * @param meta - provider, title, talk, which version, participants
 * @param sections - sections before and after the document, with their entries in the table of contents
 * @returns the model both file writers render, control and bidi override characters written as `[U+XXXX]`
 * @example
 * const model = buildExportModel(yDocToDocumentJson(doc), (id) => readMeasure(doc, id), kpis, meta);
 */
export function buildExportModel(json: DocumentJson, readMeasure: MeasureReader, kpis: KpiSnapshot, meta: ExportMeta, sections: ExportSections = {}): ExportModel {
  const blocks = blocksOf(json.content, { readMeasure, kpis });
  const before = sections.before ?? [];
  const after = sections.after ?? [];
  const computedAt = Date.parse(kpis.computedAt);
  return revealed({
    title: {
      provider: meta.providerName ?? CONFERENCE_NAME,
      scorecardTitle: meta.scorecardTitle,
      talkDate: meta.talkDate ? formatGermanDate(meta.talkDate) : null,
      talkLine: meta.talkDate ? `${meta.talkHeading ?? "Steuerungsgespräch"} am ${formatGermanDate(meta.talkDate)}` : null,
      versionLabel: meta.versionLabel,
      participants: meta.participants ?? [],
      kpisAsOf: hasKpiBlock(blocks) && Number.isFinite(computedAt) ? formatBerlinDateTime(computedAt) : null,
      contents: [
        ...before.map((section) => section.contents),
        ...readOutline(json).perspectives.map((perspective) => ({ perspective: perspective.title, goals: perspective.goals.map((goal) => goal.title) })),
        ...after.map((section) => section.contents),
      ],
    },
    blocks: [...before.flatMap((section) => section.blocks), ...blocks, ...after.flatMap((section) => section.blocks)],
  });
}
