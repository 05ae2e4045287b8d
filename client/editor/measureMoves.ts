import type { Editor } from "@tiptap/core";
import type * as Y from "yjs";
import { createMeasure, newMeasureId, type MeasureFields } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";

/**
 * Top-level node index after which a measure moved to a goal is placed: the end of the
 * goal's section (before the next goal or perspective heading).
 */
export function endOfGoalSection(editor: Editor, goalIndex: number): number {
  const doc = editor.state.doc;
  let index = goalIndex + 1;
  while (index < doc.childCount) {
    const node = doc.child(index);
    if (node.type.name === "heading" && (node.attrs.level as number) <= 3) break;
    index += 1;
  }
  return index;
}

function positionOfChild(editor: Editor, childIndex: number): number {
  let pos = 0;
  for (let i = 0; i < childIndex; i++) pos += editor.state.doc.child(i).nodeSize;
  return pos;
}

/**
 * Moves a measure node to the end of a goal's section in one transaction, so it is one
 * change in the history. The measure's data stays in the measures map, untouched, so a
 * concurrent edit of its fields merges with the move.
 * @param editor - the editor
 * @param measureId - the measure to move
 * @param goalIndex - the goal heading's top-level index (from readOutline)
 * @returns whether the measure was moved
 */
export function moveMeasureToGoal(editor: Editor, measureId: string, goalIndex: number): boolean {
  let from = -1;
  let fromIndex = -1;
  editor.state.doc.forEach((node, offset, index) => {
    if (node.type.name === "measure" && node.attrs.measureId === measureId) {
      from = offset;
      fromIndex = index;
    }
  });
  if (from < 0) return false;
  const node = editor.state.doc.nodeAt(from)!;
  const targetIndex = endOfGoalSection(editor, goalIndex);
  if (targetIndex === fromIndex + 1 && fromIndex > goalIndex) return false; // already last in that goal
  const insertAt = positionOfChild(editor, targetIndex);
  const tr = editor.state.tr;
  if (insertAt > from) {
    tr.insert(insertAt, node);
    tr.delete(from, from + node.nodeSize);
  } else {
    tr.delete(from, from + node.nodeSize);
    tr.insert(insertAt, node);
  }
  editor.view.dispatch(tr.scrollIntoView());
  return true;
}

/** The goals a measure can be moved to, labelled "Perspektive › Ziel". */
export function goalChoices(editor: Editor): { index: number; label: string }[] {
  return readOutline(editor.getJSON()).perspectives.flatMap((perspective) =>
    perspective.goals.map((goal) => ({ index: goal.index, label: perspective.title ? `${perspective.title} › ${goal.title}` : goal.title })),
  );
}

/**
 * Creates a measure and places it as the last node of a goal's section (the end of the
 * document when there is no goal), in one transaction; never wherever the cursor is.
 * @param editor - the editor
 * @param doc - the scorecard's Y.Doc, which holds the measure's data
 * @param goalIndex - the goal heading's top-level index, or null
 * @param fields - the new measure's fields
 * @returns the new measure's id
 */
export function insertMeasureUnderGoal(editor: Editor, doc: Y.Doc, goalIndex: number | null, fields: Partial<MeasureFields>): string {
  const id = newMeasureId();
  // The data first, so other clients never see a node without data for long.
  createMeasure(doc, id, fields);
  const index = goalIndex === null ? editor.state.doc.childCount : endOfGoalSection(editor, goalIndex);
  const node = editor.schema.nodes.measure.create({ measureId: id });
  editor.view.dispatch(editor.state.tr.insert(positionOfChild(editor, index), node));
  return id;
}
