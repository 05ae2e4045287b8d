import type { GoalRef } from "../domain/talkMeeting";
import { readOutline } from "./outline";
import type { DocumentJson } from "./schema";

/**
 * Where a new measure goes: under a goal (a level-3 heading), at the end of the goal's
 * section, before the next goal or perspective. The same rules serve the editor (a measure
 * for a red KPI) and the server (an agreement that becomes a measure), so a measure never
 * lands at the end of the document under whatever goal happens to be last.
 */

/** A goal a new measure can be placed under. */
export interface GoalChoice {
  /** The heading's index among the document's top-level nodes. */
  index: number;
  /** The goal's title. */
  title: string;
  /** "Perspektive › Ziel", or the goal's title when it has no perspective. */
  label: string;
}

function headingLevel(node: DocumentJson): number | null {
  return node.type === "heading" && typeof node.attrs?.level === "number" ? node.attrs.level : null;
}

/**
 * The goals of a document in order, labelled with their perspective.
 * @param doc - the document as ProseMirror JSON
 */
export function goalChoices(doc: DocumentJson): GoalChoice[] {
  return readOutline(doc).perspectives.flatMap((perspective) =>
    perspective.goals.map((goal) => ({ index: goal.index, title: goal.title, label: perspective.title ? `${perspective.title} › ${goal.title}` : goal.title })),
  );
}

/**
 * Finds a goal picked earlier in the document as it is now: at the same place with the
 * same title, else the first goal with that title (the text above it changed meanwhile).
 * @param doc - the document as ProseMirror JSON
 * @param ref - the goal as picked
 * @returns the heading's top-level index, or null when no goal has that title any more
 */
export function resolveGoal(doc: DocumentJson, ref: GoalRef): number | null {
  const goals = goalChoices(doc);
  return (goals.find((goal) => goal.index === ref.index && goal.title === ref.title) ?? goals.find((goal) => goal.title === ref.title))?.index ?? null;
}

/**
 * The top-level index at which a measure is inserted to be the last thing under a goal:
 * just before the next heading of level 3 or higher, or at the end of the document.
 * @param doc - the document as ProseMirror JSON
 * @param goalIndex - the goal heading's top-level index
 */
export function goalSectionEnd(doc: DocumentJson, goalIndex: number): number {
  const nodes = doc.content ?? [];
  let index = goalIndex + 1;
  while (index < nodes.length) {
    const level = headingLevel(nodes[index]);
    if (level !== null && level <= 3) break;
    index += 1;
  }
  return index;
}

/**
 * The goal whose section holds a top-level node, by the rules of `readOutline`: the last
 * goal heading above it, unless a perspective heading came after that goal.
 * @param doc - the document as ProseMirror JSON
 * @param nodeIndex - the node's top-level index
 * @returns the goal heading's index, or null when the node is under no goal
 */
export function goalAt(doc: DocumentJson, nodeIndex: number): number | null {
  let goal: number | null = null;
  (doc.content ?? []).slice(0, nodeIndex).forEach((node, index) => {
    const level = headingLevel(node);
    if (level === 2) goal = null;
    else if (level === 3) goal = index;
  });
  return goal;
}

function contains(node: DocumentJson, test: (node: DocumentJson) => boolean): boolean {
  return test(node) || (node.content ?? []).some((child) => contains(child, test));
}

/**
 * The goal under which the first node matching `test` stands (a measure, a KPI block; also
 * inside a table or list).
 * @param doc - the document as ProseMirror JSON
 * @param test - picks the node
 * @returns the goal heading's index, or null when there is no such node or it is under no goal
 * @example goalOfNode(doc, (n) => n.type === "kpiBlock" && n.attrs?.kpi === "staffDeviationPct")
 */
export function goalOfNode(doc: DocumentJson, test: (node: DocumentJson) => boolean): number | null {
  const index = (doc.content ?? []).findIndex((node) => contains(node, test));
  return index < 0 ? null : goalAt(doc, index);
}

/**
 * The goal a new measure is offered under: the goal of the block it comes from, else the
 * document's first goal, else none (the document has no goals).
 * @param doc - the document as ProseMirror JSON
 * @param fromBlock - the goal of the block it comes from, if known
 */
export function defaultGoal(doc: DocumentJson, fromBlock: number | null): GoalChoice | null {
  const goals = goalChoices(doc);
  return goals.find((goal) => goal.index === fromBlock) ?? goals[0] ?? null;
}
