import { ReactNodeViewRenderer } from "@tiptap/react";
import { NodeSelection, Plugin, PluginKey } from "@tiptap/pm/state";
import { isChangeOrigin } from "@tiptap/extension-collaboration";
import { MeasureNode } from "../../../shared/document/nodes";
import { copyMeasure, createMeasure, measuresMap, newMeasureId, type MeasureFields } from "../../../shared/document/measures";
import { MeasureView, type MeasureBlockOptions } from "../MeasureView";
import { openMeasure } from "../measureOpenState";
import { blockInsertRange } from "./insertBlock";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    measureBlock: {
      /** Inserts a new measure after the block at the cursor, optionally with fields set. */
      insertMeasure: (fields?: Partial<MeasureFields>) => ReturnType;
    };
  }
}

/**
 * The measure block in the editor: the shared `measure` node plus its React view, the
 * insert command (Mod-Alt-M, which opens the new measure's card at its title), Enter on a
 * selected measure to open its card, and a guard that gives every pasted copy a new id.
 */
export const MeasureBlock = MeasureNode.extend<MeasureBlockOptions>({
  addOptions() {
    return { doc: null, scorecardId: null };
  },

  addNodeView() {
    return ReactNodeViewRenderer(MeasureView);
  },

  addCommands() {
    return {
      insertMeasure:
        (fields = {}) =>
        ({ state, commands }) => {
          const doc = this.options.doc;
          if (!doc) return false;
          const id = newMeasureId();
          // The data first, so other clients never see a node without data for long.
          createMeasure(doc, id, fields);
          // Only here: a new measure wants its title; the others' copies stay compact.
          openMeasure(doc, id, "field");
          return commands.insertContentAt(blockInsertRange(state), { type: this.name, attrs: { measureId: id } });
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Alt-m": () => this.editor.commands.insertMeasure({}),
      // A measure selected in the text (arrow keys, the overview's jump) opens like a card.
      Enter: () => {
        const { selection } = this.editor.state;
        const doc = this.options.doc;
        if (!doc || !(selection instanceof NodeSelection) || selection.node.type.name !== this.name) return false;
        const id = selection.node.attrs.measureId as string | null;
        if (!id) return false;
        openMeasure(doc, id, "field");
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const doc = this.options.doc;
    const name = this.name;
    return [
      new Plugin({
        key: new PluginKey("measureIds"),
        // A pasted or duplicated measure node gets a new id and a copy of the data, so
        // editing the copy never changes the original. Only local changes are checked:
        // remote ones were checked by their author, and fixing them twice would fork ids.
        appendTransaction(transactions, _oldState, newState) {
          if (!doc || !transactions.some((tr) => tr.docChanged && !isChangeOrigin(tr))) return null;
          const seen = new Set<string>();
          const tr = newState.tr;
          newState.doc.descendants((node, pos) => {
            if (node.type.name !== name) return;
            const id = node.attrs.measureId as string | null;
            if (id && !seen.has(id) && measuresMap(doc).has(id)) {
              seen.add(id);
              return;
            }
            const fresh = newMeasureId();
            if (id && measuresMap(doc).has(id)) copyMeasure(doc, id, fresh);
            else createMeasure(doc, fresh);
            seen.add(fresh);
            tr.setNodeMarkup(pos, undefined, { ...node.attrs, measureId: fresh });
          });
          return tr.docChanged ? tr : null;
        },
      }),
    ];
  },
});
