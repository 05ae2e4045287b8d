import { Extension } from "@tiptap/core";
import { NodeSelection, Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";

/** The blocks a keystroke must never replace: they carry data of their own. */
const KEPT_BLOCKS = new Set(["measure", "kpiBlock"]);

/**
 * Where typed text goes while a whole measure or KPI block is selected (after clicking its
 * frame, or while one of its fields has the focus): into a new paragraph right after the
 * block. ProseMirror would replace the selected block by the text, and one stray key press
 * would delete a measure with its status lines from the minutes.
 * @param state - the editor's state
 * @param text - the typed text
 * @returns the transaction to dispatch instead, or null when the selection is no such block
 */
export function typeAfterSelectedBlock(state: EditorState, text: string): Transaction | null {
  const { selection } = state;
  if (!(selection instanceof NodeSelection) || !KEPT_BLOCKS.has(selection.node.type.name)) return null;
  const after = selection.to;
  const paragraph = state.schema.nodes.paragraph.create(null, state.schema.text(text));
  const tr = state.tr.insert(after, paragraph);
  // Inside the new paragraph, after the text: where the next key press continues.
  return tr.setSelection(TextSelection.create(tr.doc, after + 1 + text.length)).scrollIntoView();
}

/** Keeps selected measure and KPI blocks from being overwritten by typing (see {@link typeAfterSelectedBlock}). */
export const KeepSelectedBlocks = Extension.create({
  name: "keepSelectedBlocks",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("keepSelectedBlocks"),
        props: {
          handleTextInput(view, _from, _to, text) {
            const tr = typeAfterSelectedBlock(view.state, text);
            if (!tr) return false;
            view.dispatch(tr);
            return true;
          },
        },
      }),
    ];
  },
});
