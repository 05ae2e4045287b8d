import * as Y from "yjs";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { EditorState } from "@tiptap/pm/state";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import { MAX_QUOTE_LENGTH, type TextAnchor } from "../../shared/domain/comments";

/** y-tiptap's map from Yjs types to the ProseMirror nodes rendered from them. */
export type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** Where an editor's document lives in Yjs: the document, its fragment and y-tiptap's mapping. */
export interface YBinding {
  /** The Yjs document. */
  doc: Y.Doc;
  /** The fragment the editor shows (`default`). */
  type: Y.XmlFragment;
  /** Yjs types → ProseMirror nodes, kept up to date by the sync plugin. */
  mapping: ProsemirrorMapping;
}

/** A passage as ProseMirror positions. */
export interface PassageRange {
  /** Start position. */
  from: number;
  /** End position. */
  to: number;
}

/**
 * The Yjs binding of an editor with the Collaboration extension.
 * @param state - the editor's state
 * @returns the binding, or null before the sync plugin has a view
 */
export function bindingOf(state: EditorState): YBinding | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: { doc: Y.Doc; type: Y.XmlFragment; mapping: ProsemirrorMapping } | null } | undefined)?.binding;
  return binding ? { doc: binding.doc, type: binding.type, mapping: binding.mapping } : null;
}

/**
 * The plain text of a passage, as kept with a comment (shortened to the longest quote).
 * @param doc - the ProseMirror document
 * @param range - the passage
 */
export function passageQuote(doc: ProseMirrorNode, range: PassageRange): string {
  const text = doc.textBetween(range.from, range.to, " ", " ").replace(/\s+/g, " ").trim();
  return text.length > MAX_QUOTE_LENGTH ? `${text.slice(0, MAX_QUOTE_LENGTH - 1)}…` : text;
}

/**
 * Turns a passage of the editor into a text anchor: Yjs relative positions of its ends
 * (so it keeps its place while others edit, and refers to the same items in the live
 * document when taken in a version) and its text as it is now.
 * @param binding - the editor's Yjs binding
 * @param doc - the editor's ProseMirror document
 * @param range - the passage; empty or textless passages give null
 */
export function textAnchorFromRange(binding: YBinding, doc: ProseMirrorNode, range: PassageRange): TextAnchor | null {
  if (range.to <= range.from) return null;
  const quote = passageQuote(doc, range);
  if (quote === "") return null;
  const start = absolutePositionToRelativePosition(range.from, binding.type, binding.mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(range.to, binding.type, binding.mapping) as Y.RelativePosition;
  return { kind: "text", start: Y.relativePositionToJSON(start), end: Y.relativePositionToJSON(end), quote };
}

/**
 * Finds a text anchor's passage in the editor's current document.
 * @param binding - the editor's Yjs binding
 * @param anchor - the anchor
 * @returns the passage, or null when it was deleted or is not (yet) in this document
 */
export function resolveTextAnchor(binding: YBinding, anchor: TextAnchor): PassageRange | null {
  const resolve = (position: TextAnchor["start"]) => {
    try {
      return relativePositionToAbsolutePosition(binding.doc, binding.type, Y.createRelativePositionFromJSON(position), binding.mapping);
    } catch {
      // A mapping that lags behind the document for a moment; the next render tries again.
      return null;
    }
  };
  const from = resolve(anchor.start);
  const to = resolve(anchor.end);
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}
