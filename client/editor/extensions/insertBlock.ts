import type { EditorState } from "@tiptap/pm/state";

/**
 * Where a new block (measure, KPI) goes: in place of an empty paragraph at the cursor,
 * otherwise right after the top-level block holding the cursor, so inserting never splits
 * a heading or a sentence.
 * @returns the range to replace (from = to for a pure insert)
 */
export function blockInsertRange(state: EditorState): { from: number; to: number } {
  const { selection } = state;
  const { $from } = selection;
  if ($from.depth === 0) return { from: selection.to, to: selection.to };
  const top = $from.node(1);
  if (top.type.name === "paragraph" && top.content.size === 0) return { from: $from.before(1), to: $from.after(1) };
  return { from: $from.after(1), to: $from.after(1) };
}
