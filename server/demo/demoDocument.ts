/**
 * Small helpers that write the demo's content into a scorecard document the way the editor
 * does: measure blocks and KPI blocks at the end of a goal's section (the placement rule of
 * `shared/document/goalPlacement.ts`), paragraphs of minutes text, measure fields and status
 * lines through `shared/document/measures.ts`. They run inside `collab.change`, so every edit
 * is stored, attributed to its user and relayed like a user's.
 */
import * as Y from "yjs";
import { goalChoices, goalSectionEnd } from "../../shared/document/goalPlacement";
import { addStatusLine, createMeasure, measureDescription, newMeasureId, setMeasureField, type MeasureField, type MeasureFields } from "../../shared/document/measures";
import { DOCUMENT_FIELD, yDocToDocumentJson } from "../../shared/document/schema";

/** A paragraph of plain text. */
export function paragraphNode(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  return paragraph;
}

/**
 * A KPI block, as the editor's KPI block extension names it (`kpiBlock` with `kpi`, `period`, `note`).
 * @param kpi - a key of `shared/document/kpiCatalogue.ts`
 * @param period - `YYYY-Qn`, `YYYY-MM`, `YYYY-YTD-MM` or `YYYY`
 * @param note - the participants' explanation, "" for none
 */
export function kpiBlockNode(kpi: string, period: string, note = ""): Y.XmlElement {
  const block = new Y.XmlElement("kpiBlock");
  block.setAttribute("kpi", kpi);
  block.setAttribute("period", period);
  block.setAttribute("note", note);
  return block;
}

/** The top-level index of the first goal with this title. @throws Error when there is none */
function goalIndex(doc: Y.Doc, goal: string): number {
  const found = goalChoices(yDocToDocumentJson(doc)).find((choice) => choice.title === goal);
  if (!found) throw new Error(`goal "${goal}" is not in the scorecard`);
  return found.index;
}

/**
 * Appends nodes at the end of a goal's section, before the next goal or perspective.
 * @param doc - the scorecard's document (inside a change)
 * @param goal - the goal's title
 * @param nodes - new blocks, in order
 */
export function appendToGoal(doc: Y.Doc, goal: string, nodes: Y.XmlElement[]): void {
  const json = yDocToDocumentJson(doc);
  doc.getXmlFragment(DOCUMENT_FIELD).insert(goalSectionEnd(json, goalIndex(doc, goal)), nodes);
}

/**
 * Writes text into the empty paragraph the starter template leaves under a goal (or after
 * the title when `goal` is null), so the goal opens with a sentence instead of a blank line.
 * @returns whether there was an empty paragraph to fill
 */
export function fillOpeningParagraph(doc: Y.Doc, goal: string | null, text: string): boolean {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const index = goal === null ? 1 : goalIndex(doc, goal) + 1;
  const node = fragment.get(index);
  if (!(node instanceof Y.XmlElement) || node.nodeName !== "paragraph" || node.length > 0) return false;
  node.insert(0, [new Y.XmlText(text)]);
  return true;
}

/** A measure the demo creates: its fields, description and where it goes. */
export interface DemoMeasure {
  /** The goal it belongs under. */
  goal: string;
  /** Its fields (the rest are the defaults). */
  fields: Partial<MeasureFields>;
  /** The description's text. */
  description?: string;
}

/**
 * Creates a measure with its description and puts its block at the end of its goal's section.
 * @returns the new measure's id
 */
export function addMeasure(doc: Y.Doc, measure: DemoMeasure): string {
  const id = newMeasureId();
  createMeasure(doc, id, measure.fields);
  const description = measureDescription(doc, id)?.get(0);
  if (measure.description && description instanceof Y.XmlElement) description.insert(0, [new Y.XmlText(measure.description)]);
  const node = new Y.XmlElement("measure");
  node.setAttribute("measureId", id);
  appendToGoal(doc, measure.goal, [node]);
  return id;
}

/**
 * Changes some fields of a measure (each validated like an editor's input).
 * @param doc - the document (inside a change)
 * @param id - the measure
 * @param fields - the new values
 */
export function updateMeasure(doc: Y.Doc, id: string, fields: Partial<MeasureFields>): void {
  for (const [field, value] of Object.entries(fields) as [MeasureField, MeasureFields[MeasureField]][]) setMeasureField(doc, id, field, value);
}

/**
 * Writes a talk's status line into a measure, optionally with new field values.
 * @param talkDate - the talk's date, `YYYY-MM-DD`
 */
export function reportOn(doc: Y.Doc, id: string, talkDate: string, text: string, fields: Partial<MeasureFields> = {}): void {
  addStatusLine(doc, id, { talkDate, text });
  updateMeasure(doc, id, fields);
}

/**
 * Gives the KPI blocks of one KPI and period an explanation ("red needs an answer").
 * @returns how many blocks got it
 */
export function explainKpi(doc: Y.Doc, kpi: string, period: string, note: string): number {
  let count = 0;
  doc.getXmlFragment(DOCUMENT_FIELD).forEach((node) => {
    if (node instanceof Y.XmlElement && node.nodeName === "kpiBlock" && node.getAttribute("kpi") === kpi && node.getAttribute("period") === period) {
      node.setAttribute("note", note);
      count += 1;
    }
  });
  return count;
}
