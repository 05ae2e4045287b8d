import type * as Y from "yjs";
import type { SearchHit, SearchHitKind, SearchMeasureField, SearchTarget } from "../../shared/domain/search";
import { readThreads } from "../../shared/document/comments";
import { readMeasure } from "../../shared/document/measures";
import { yDocToDocumentJson, type DocumentJson } from "../../shared/document/schema";
import { foldOnly, oneLine } from "./snippet";

/**
 * One searchable piece of a scorecard: a field's text and everything a hit in it shows
 * besides the snippet. The search matches `text` and builds the hit from the rest.
 */
export interface SearchEntry extends Omit<SearchHit, "scorecardId" | "scorecardTitle" | "provider" | "snippet"> {
  /** The text to match, on one line. */
  text: string;
  /** The same folded for matching (see foldOnly), kept so a query costs only a substring test per field. */
  folded: string;
}

/** The order of kinds in an answer: title first, then measures, the text, the comments. */
export const KIND_ORDER: Record<SearchHitKind, number> = { title: 0, measure: 1, text: 2, comment: 3 };

function textOf(node: DocumentJson): string {
  if (node.text) return node.text;
  // Block children (list items, table cells, paragraphs) are separate words, not one.
  return (node.content ?? []).map(textOf).join(node.content?.some((child) => child.type !== "text") ? " " : "");
}

function entry(kind: SearchHitKind, text: string, target: SearchTarget, place: Partial<SearchEntry> = {}): SearchEntry {
  const line = oneLine(text);
  return {
    kind,
    text: line,
    folded: foldOnly(line),
    target,
    perspective: null,
    goal: null,
    measureTitle: null,
    field: null,
    headingLevel: null,
    comment: null,
    kpiBlock: null,
    ...place,
  };
}

/** The fields of a measure that are searched, in the order a hit prefers them. */
function measureEntries(doc: Y.Doc, measureId: string, place: { perspective: string | null; goal: string | null }): SearchEntry[] {
  const measure = readMeasure(doc, measureId);
  if (!measure) return [];
  const target: SearchTarget = { kind: "measure", measureId };
  const common = { ...place, measureTitle: measure.title };
  const field = (name: SearchMeasureField, text: string) => entry("measure", text, target, { ...common, field: name });
  return [
    field("title", measure.title),
    field("description", measure.description),
    ...measure.statusLines.map((line) => field("statusLine", `${line.talkDate}: ${line.text}`)),
    field("responsiblePerson", measure.responsiblePerson),
  ];
}

/**
 * Everything of a scorecard a search looks at, in document order: its title, the text of
 * each top-level block (headings, paragraphs, lists, tables, the explanations of KPI
 * blocks) with the perspective and goal it stands under, the fields of every measure placed
 * in the document, and every comment and reply. Measures that are no longer in the
 * document (deleted nodes keep their data for moves) are not found.
 * @param doc - the scorecard's document (a copy; the caller destroys it)
 * @param title - the scorecard's title
 */
export function searchEntries(doc: Y.Doc, title: string): SearchEntry[] {
  const entries: SearchEntry[] = [entry("title", title, { kind: "scorecard" })];
  const blocks: SearchEntry[] = [];
  const measures: SearchEntry[] = [];
  const measureTitles = new Map<string, string>();
  let perspective: string | null = null;
  let goal: string | null = null;
  (yDocToDocumentJson(doc).content ?? []).forEach((node, index) => {
    const place = { perspective, goal };
    if (node.type === "measure" && typeof node.attrs?.measureId === "string") {
      const fields = measureEntries(doc, node.attrs.measureId, place);
      measureTitles.set(node.attrs.measureId, fields[0]?.measureTitle ?? "");
      measures.push(...fields);
      return;
    }
    if (node.type === "kpiBlock") {
      // Only the participants' explanation is text; the KPI's name and period are shown beside it.
      const kpiBlock = { kpi: String(node.attrs?.kpi ?? ""), period: String(node.attrs?.period ?? "") };
      blocks.push(entry("text", String(node.attrs?.note ?? ""), { kind: "block", index }, { ...place, kpiBlock }));
      return;
    }
    const level = node.type === "heading" ? Number(node.attrs?.level) : null;
    const text = textOf(node);
    if (level === 2) [perspective, goal] = [text, null];
    else if (level === 3) goal = text;
    // A heading's own place is the perspective above it, not itself.
    const headingPlace = level === 2 ? { perspective: null, goal: null } : level === 3 ? { perspective, goal: null } : place;
    if (text.trim()) blocks.push(entry("text", text, { kind: "block", index }, { ...headingPlace, headingLevel: level }));
  });
  const comments = readThreads(doc).flatMap((thread) => {
    const target: SearchTarget = { kind: "thread", threadId: thread.id };
    const about = thread.anchor.kind === "measure" ? (measureTitles.get(thread.anchor.measureId) ?? null) : null;
    const of = (author: string, text: string, reply: boolean) => entry("comment", text, target, { measureTitle: about, comment: { author, resolved: thread.resolved, reply } });
    return [of(thread.authorName, thread.text, false), ...thread.replies.map((reply) => of(reply.authorName, reply.text, true))];
  });
  return [...entries, ...measures, ...blocks, ...comments].filter((candidate) => candidate.text !== "");
}
