import type { Node as PMNode } from "@tiptap/pm/model";
import type { Transform } from "@tiptap/pm/transform";

/**
 * A section of the scorecard: a heading and the top-level nodes after it, up to the next
 * heading of the same or a higher level (a smaller level number). A perspective's section
 * (level 2) therefore holds its goals and measures; a goal's section (level 3) ends at the
 * next goal or perspective. An empty paragraph ending the document is in no section.
 */
export interface SectionRange {
  /** Top-level index of the heading. */
  index: number;
  /** Top-level index just after the section's last node. */
  endIndex: number;
  /** Document position before the heading. */
  from: number;
  /** Document position after the section's last node. */
  to: number;
  /** The heading's level. */
  level: number;
}

/** A planned move of a section past its neighbouring sibling, in the positions of the unchanged document. */
export interface SectionMove {
  /** Start of the section to move. */
  from: number;
  /** End of the section to move. */
  to: number;
  /** Where the section goes: before the previous sibling or after the next one. */
  insertAt: number;
  /** Top-level index of the moved heading afterwards. */
  newIndex: number;
}

/** Which way a section moves. */
export type MoveDirection = "up" | "down";

/**
 * The level of a heading node.
 * @param node - any node
 * @returns the level, or null when the node is no heading
 */
export function headingLevel(node: PMNode): number | null {
  if (node.type.name !== "heading") return null;
  const level = Number(node.attrs.level);
  return Number.isFinite(level) ? level : null;
}

/**
 * The document position before a top-level node.
 * @param doc - the document
 * @param index - index among the document's top-level nodes (may equal childCount for the end)
 * @returns the position
 */
export function topLevelPos(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i += 1) pos += doc.child(i).nodeSize;
  return pos;
}

/**
 * The section that starts with the heading at a top-level index.
 * @param doc - the document
 * @param index - top-level index of the heading
 * @returns the section, or null when no heading stands at the index
 */
export function findSection(doc: PMNode, index: number): SectionRange | null {
  if (index < 0 || index >= doc.childCount) return null;
  const level = headingLevel(doc.child(index));
  if (level === null) return null;
  const from = topLevelPos(doc, index);
  let to = from + doc.child(index).nodeSize;
  let endIndex = index + 1;
  while (endIndex < doc.childCount) {
    const next = headingLevel(doc.child(endIndex));
    if (next !== null && next <= level) break;
    to += doc.child(endIndex).nodeSize;
    endIndex += 1;
  }
  // The editor keeps an empty paragraph at the document's end (StarterKit's trailing node).
  // It belongs to no section: moved along, it would leave a new one behind each time.
  if (endIndex === doc.childCount && endIndex - 1 > index && isEmptyParagraph(doc.child(endIndex - 1))) {
    endIndex -= 1;
    to -= doc.child(endIndex).nodeSize;
  }
  return { index, endIndex, from, to, level };
}

function isEmptyParagraph(node: PMNode): boolean {
  return node.type.name === "paragraph" && node.content.size === 0;
}

/**
 * Where new content goes at the document's end: before the trailing empty paragraph, if any.
 * @param doc - the document
 * @returns a position between top-level nodes
 */
export function documentContentEnd(doc: PMNode): number {
  const last = doc.lastChild;
  return last && doc.childCount > 1 && isEmptyParagraph(last) ? doc.content.size - last.nodeSize : doc.content.size;
}

/**
 * The sibling section just before a section: the previous heading of the same level, unless
 * a higher-level heading comes first (then the section is the first in its parent).
 * @param doc - the document
 * @param section - a section of the document
 * @returns the previous sibling, or null
 */
export function previousSibling(doc: PMNode, section: SectionRange): SectionRange | null {
  for (let i = section.index - 1; i >= 0; i -= 1) {
    const level = headingLevel(doc.child(i));
    if (level === null || level > section.level) continue;
    return level === section.level ? findSection(doc, i) : null;
  }
  return null;
}

/**
 * The sibling section just after a section: the heading that ends it, if of the same level.
 * @param doc - the document
 * @param section - a section of the document
 * @returns the next sibling, or null when the section is the last in its parent
 */
export function nextSibling(doc: PMNode, section: SectionRange): SectionRange | null {
  if (section.endIndex >= doc.childCount) return null;
  return headingLevel(doc.child(section.endIndex)) === section.level ? findSection(doc, section.endIndex) : null;
}

/**
 * Plans moving the section at a heading up (before its previous sibling) or down (after its
 * next sibling). Content of the parent before its first child section stays where it is.
 * @param doc - the document
 * @param index - top-level index of the section's heading
 * @param direction - up or down
 * @returns the move, or null when there is no sibling to pass (or no heading at the index)
 */
export function planSectionMove(doc: PMNode, index: number, direction: MoveDirection): SectionMove | null {
  const section = findSection(doc, index);
  if (!section) return null;
  if (direction === "up") {
    const previous = previousSibling(doc, section);
    return previous ? { from: section.from, to: section.to, insertAt: previous.from, newIndex: previous.index } : null;
  }
  const next = nextSibling(doc, section);
  if (!next) return null;
  return { from: section.from, to: section.to, insertAt: next.to, newIndex: section.index + (next.endIndex - next.index) };
}

/**
 * Adds a planned move to a transform (a transaction in the editor) as a cut and an insert,
 * so it is one undoable change.
 * @param tr - a transform whose current document is the one the move was planned on
 * @param move - from planSectionMove
 * @returns the transform
 */
export function applySectionMove(tr: Transform, move: SectionMove): Transform {
  const content = tr.doc.slice(move.from, move.to).content;
  const firstStep = tr.steps.length;
  tr.delete(move.from, move.to);
  tr.insert(tr.mapping.slice(firstStep).map(move.insertAt), content);
  return tr;
}

/**
 * Moves the section at a heading past its sibling.
 * @param tr - a transform on the document
 * @param index - top-level index of the section's heading
 * @param direction - up or down
 * @returns the heading's new top-level index, or null when nothing moved
 */
export function moveSection(tr: Transform, index: number, direction: MoveDirection): number | null {
  const move = planSectionMove(tr.doc, index, direction);
  if (!move) return null;
  applySectionMove(tr, move);
  return move.newIndex;
}

/**
 * Removes the section at a heading: the heading and everything under it (text, goals,
 * measure nodes; the measures' data in the Y.Doc map is left alone). A document left
 * without content gets one empty paragraph, since a document cannot be empty.
 * @param tr - a transform on the document
 * @param index - top-level index of the section's heading
 * @returns whether a section was removed
 */
export function removeSection(tr: Transform, index: number): boolean {
  const section = findSection(tr.doc, index);
  if (!section) return false;
  if (section.from === 0 && section.to === tr.doc.content.size) {
    const paragraph = tr.doc.type.schema.nodes.paragraph;
    tr.replaceWith(section.from, section.to, paragraph.create());
  } else {
    tr.delete(section.from, section.to);
  }
  return true;
}

/**
 * Inserts a new section at a top-level position: a heading with the given title and an
 * empty paragraph to write under it.
 * @param tr - a transform on the document
 * @param pos - a position between top-level nodes, e.g. a section's `to` or the document's end
 * @param level - 2 for a perspective, 3 for a goal
 * @param title - the heading's text, not empty
 * @returns the position before the new heading; its text runs from pos + 1 to pos + 1 + title.length
 */
export function insertSection(tr: Transform, pos: number, level: number, title: string): number {
  const { nodes } = tr.doc.type.schema;
  tr.insert(pos, [nodes.heading.create({ level }, tr.doc.type.schema.text(title)), nodes.paragraph.create()]);
  return pos;
}
