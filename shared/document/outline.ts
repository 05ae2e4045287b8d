import type { DocumentJson } from "./schema";

/** A goal (level-3 heading) and the measures under it. */
export interface OutlineGoal {
  /** The heading text. */
  title: string;
  /** Index of the heading among the document's top-level nodes. */
  index: number;
  /** Measure ids under the goal, in document order. */
  measureIds: string[];
}

/** A perspective (level-2 heading) with its goals. */
export interface OutlinePerspective {
  /** The heading text. */
  title: string;
  /** Index of the heading among the document's top-level nodes. */
  index: number;
  /** Goals in order. */
  goals: OutlineGoal[];
  /** Measures placed under the perspective before its first goal. */
  measureIds: string[];
}

/** Where a measure stands in the scorecard. */
export interface MeasurePlacement {
  /** The measure id. */
  measureId: string;
  /** The perspective's title, or null before the first perspective. */
  perspective: string | null;
  /** The goal's title, or null when not under a goal. */
  goal: string | null;
  /** Index among the top-level nodes. */
  index: number;
}

function textOf(node: DocumentJson): string {
  if (node.text) return node.text;
  return (node.content ?? []).map(textOf).join("");
}

/**
 * Reads the scorecard's structure: perspectives are level-2 headings, goals are level-3
 * headings, measures are `measure` nodes. The structure is derived from the document, so
 * it can never disagree with what the participants see.
 * @param doc - the document as ProseMirror JSON
 */
export function readOutline(doc: DocumentJson): { perspectives: OutlinePerspective[]; placements: MeasurePlacement[] } {
  const perspectives: OutlinePerspective[] = [];
  const placements: MeasurePlacement[] = [];
  let perspective: OutlinePerspective | null = null;
  let goal: OutlineGoal | null = null;
  (doc.content ?? []).forEach((node, index) => {
    if (node.type === "heading" && node.attrs?.level === 2) {
      perspective = { title: textOf(node), index, goals: [], measureIds: [] };
      perspectives.push(perspective);
      goal = null;
    } else if (node.type === "heading" && node.attrs?.level === 3) {
      goal = { title: textOf(node), index, measureIds: [] };
      // A goal before any perspective still gets an (untitled) perspective to live in.
      if (!perspective) {
        perspective = { title: "", index, goals: [], measureIds: [] };
        perspectives.push(perspective);
      }
      (perspective as OutlinePerspective).goals.push(goal);
    } else if (node.type === "measure" && typeof node.attrs?.measureId === "string") {
      const measureId = node.attrs.measureId;
      const currentGoal = goal as OutlineGoal | null;
      const currentPerspective = perspective as OutlinePerspective | null;
      if (currentGoal) currentGoal.measureIds.push(measureId);
      else currentPerspective?.measureIds.push(measureId);
      placements.push({ measureId, perspective: currentPerspective?.title ?? null, goal: currentGoal?.title ?? null, index });
    }
  });
  return { perspectives, placements };
}
