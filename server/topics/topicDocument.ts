/**
 * A topic becoming part of the scorecard: a measure at the end of a chosen goal's section,
 * or a goal heading at the end of a chosen perspective's section. These run inside
 * `collab.change`, where nothing may throw (a failed server change drops the room), so each
 * resolves its target against the document it changes and reports a target that is gone.
 */
import * as Y from "yjs";
import type { GoalRef } from "../../shared/domain/talkMeeting";
import type { PerspectiveRef } from "../../shared/domain/topics";
import { defaultGoal, goalSectionEnd, resolveGoal } from "../../shared/document/goalPlacement";
import { addStatusLine, createMeasure, measureDescription, type ResponsibleSide } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { DOCUMENT_FIELD, yDocToDocumentJson, type DocumentJson } from "../../shared/document/schema";

/** What the document change says back. */
export type PlacementOutcome = { ok: true; under: string | null } | { ok: false };

/** The text of a topic that goes into the document. */
export interface TopicText {
  /** Title. */
  title: string;
  /** Note (may be empty). */
  note: string;
}

function paragraphs(text: string): Y.XmlElement[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  return (lines.length > 0 ? lines : [""]).map((line) => {
    const paragraph = new Y.XmlElement("paragraph");
    if (line) paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
}

/**
 * Adds a measure made of a topic under a goal: title from the topic, its note as the
 * description, a status line saying where it came from.
 * @param doc - the scorecard document (inside `collab.change`)
 * @param measureId - the new measure's id
 * @param topic - title and note
 * @param placement - the goal picked (default: the first goal; without goals, the end) and the side (default both)
 * @param date - today or the running talk's date, `YYYY-MM-DD`
 * @returns `ok: false` when the picked goal is gone; nothing is changed then
 */
export function insertTopicMeasure(doc: Y.Doc, measureId: string, topic: TopicText, placement: { goal?: GoalRef; responsibleSide?: ResponsibleSide }, date: string): PlacementOutcome {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const json = yDocToDocumentJson(doc);
  const goal = placement.goal ? resolveGoal(json, placement.goal) : (defaultGoal(json, null)?.index ?? null);
  if (placement.goal && goal === null) return { ok: false };
  createMeasure(doc, measureId, { title: topic.title.slice(0, 500), responsibleSide: placement.responsibleSide ?? "both", startDate: date });
  if (topic.note.trim()) {
    const description = measureDescription(doc, measureId);
    if (description) {
      description.delete(0, description.length);
      description.insert(0, paragraphs(topic.note));
    }
  }
  addStatusLine(doc, measureId, { talkDate: date, text: "Aus dem Themenspeicher übernommen." });
  const node = new Y.XmlElement("measure");
  node.setAttribute("measureId", measureId);
  fragment.insert(goal === null ? fragment.length : goalSectionEnd(json, goal), [node]);
  return { ok: true, under: goal === null ? null : headingText(json, goal) };
}

/**
 * Adds a goal made of a topic: a level-3 heading with the topic's title at the end of the
 * chosen perspective's section, and its note (or an empty paragraph to write in) below.
 * @param doc - the scorecard document (inside `collab.change`)
 * @param topic - title and note
 * @param perspective - the perspective picked (default: the first; without perspectives, the end)
 * @returns `ok: false` when the picked perspective is gone; nothing is changed then
 */
export function insertTopicGoal(doc: Y.Doc, topic: TopicText, perspective: PerspectiveRef | undefined): PlacementOutcome {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const json = yDocToDocumentJson(doc);
  const perspectives = readOutline(json).perspectives.filter((p) => json.content?.[p.index]?.attrs?.level === 2);
  const target = perspective ? (perspectives.find((p) => p.index === perspective.index && p.title === perspective.title) ?? perspectives.find((p) => p.title === perspective.title)) : perspectives[0];
  if (perspective && !target) return { ok: false };
  const heading = new Y.XmlElement("heading");
  heading.setAttribute("level", 3 as never);
  heading.insert(0, [new Y.XmlText(topic.title)]);
  fragment.insert(target ? perspectiveSectionEnd(json, target.index) : fragment.length, [heading, ...paragraphs(topic.note)]);
  return { ok: true, under: target?.title ?? null };
}

/** The index just before the next perspective (level 2 or higher) after one, or the end. */
function perspectiveSectionEnd(doc: DocumentJson, perspectiveIndex: number): number {
  const nodes = doc.content ?? [];
  let index = perspectiveIndex + 1;
  while (index < nodes.length) {
    const node = nodes[index];
    if (node.type === "heading" && typeof node.attrs?.level === "number" && node.attrs.level <= 2) break;
    index += 1;
  }
  return index;
}

function headingText(doc: DocumentJson, index: number): string | null {
  const node = doc.content?.[index];
  const text = (n: DocumentJson): string => n.text ?? (n.content ?? []).map(text).join("");
  return node ? text(node) : null;
}
