import type { Editor } from "@tiptap/core";
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
