import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type { CommentThread } from "../../shared/domain/comments";
import { bindingOf, resolveTextAnchor } from "./anchors";
import type { ThreadSource } from "./threadSource";

/** Options of {@link CommentHighlights}. */
export interface CommentHighlightsOptions {
  /** The threads to show; null shows none. */
  source: ThreadSource | null;
  /** Called with the thread whose passage was clicked. */
  onActivate?: (threadId: string) => void;
}

/** State of the highlight plugin. */
interface HighlightState {
  /** The highlighted passages. */
  decorations: DecorationSet;
  /** The thread shown as selected, if any. */
  active: string | null;
}

/** Meta of a transaction that asks the highlights to be computed again. */
interface HighlightMeta {
  /** The threads changed. */
  refresh?: boolean;
  /** The selected thread changed. */
  active?: string | null;
}

/** Key of the highlight plugin, for {@link setActiveThread}. */
export const commentHighlightsKey = new PluginKey<HighlightState>("commentHighlights");

function buildDecorations(state: EditorState, threads: CommentThread[], active: string | null): DecorationSet {
  const binding = bindingOf(state);
  if (!binding) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    if (thread.resolved || thread.anchor.kind !== "text") continue;
    const range = resolveTextAnchor(binding, thread.anchor);
    if (!range || range.to > state.doc.content.size) continue;
    decorations.push(Decoration.inline(range.from, range.to, { class: thread.id === active ? "comment-anchor active" : "comment-anchor", "data-thread-id": thread.id }, { threadId: thread.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Marks the selected thread, whose passage is then highlighted more strongly.
 * @param view - the editor's view
 * @param threadId - the thread, or null for none
 */
export function setActiveThread(view: { state: EditorState; dispatch(tr: EditorState["tr"]): void }, threadId: string | null): void {
  const meta: HighlightMeta = { active: threadId };
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta("addToHistory", false));
}

/**
 * Highlights the passages of open comment threads in the editor (ProseMirror
 * decorations: nothing enters the document). Passages are found from their Yjs anchors
 * again whenever the threads or the document change remotely; local edits move them along.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",

  addOptions() {
    return { source: null, onActivate: undefined };
  },

  addProseMirrorPlugins() {
    const { source, onActivate } = this.options;
    if (!source) return [];
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ decorations: DecorationSet.empty, active: null }),
          apply(tr, previous, _oldState, newState) {
            const meta = tr.getMeta(commentHighlightsKey) as HighlightMeta | undefined;
            const active = meta && "active" in meta ? (meta.active ?? null) : previous.active;
            // The sync plugin's own transactions (first render, remote changes) come after
            // it updated its mapping from Yjs types to nodes, so anchors resolve correctly.
            if (meta || tr.getMeta(ySyncPluginKey) !== undefined) return { decorations: buildDecorations(newState, source.threads(), active), active };
            return { decorations: previous.decorations.map(tr.mapping, tr.doc), active };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations ?? null,
          handleClick(view, pos) {
            const found = commentHighlightsKey.getState(view.state)?.decorations.find(pos, pos) ?? [];
            const threadId = (found[0]?.spec as { threadId?: string } | undefined)?.threadId;
            if (threadId) onActivate?.(threadId);
            return false;
          },
        },
        view(view) {
          let destroyed = false;
          const refresh = () => {
            // Never dispatch inside another dispatch (a Yjs observer may run in one).
            setTimeout(() => {
              if (destroyed) return;
              const meta: HighlightMeta = { refresh: true };
              view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta("addToHistory", false));
            }, 0);
          };
          const unsubscribe = source.subscribe(refresh);
          refresh();
          return {
            destroy() {
              destroyed = true;
              unsubscribe();
            },
          };
        },
      }),
    ];
  },
});
