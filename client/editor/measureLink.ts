import type { Editor } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import type * as Y from "yjs";
import { openMeasure } from "./measureOpenState";
import { topLevelPos } from "./sectionMoves";

/** The start of an address's fragment that names a measure: `/scorecards/<id>#measure-<measureId>`. */
const HASH_PREFIX = "#measure-";

/**
 * The address of a measure in its scorecard, for links from elsewhere (a talk's "Maßnahmen
 * ohne Stand"): the editor opens the measure's card when it loads such an address.
 * @param scorecardId - the scorecard
 * @param measureId - the measure
 * @returns e.g. `/scorecards/sc1#measure-m-42`
 */
export function measureHref(scorecardId: string, measureId: string): string {
  return `/scorecards/${scorecardId}${HASH_PREFIX}${encodeURIComponent(measureId)}`;
}

/**
 * The measure an address's fragment names.
 * @param hash - `location.hash`
 * @returns the measure id, or null when the fragment names none
 */
export function measureIdFromHash(hash: string): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(HASH_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

/**
 * Position of a measure node: the top-level node at `index` if it still is the measure,
 * else the first with the id (a remote change may have moved it).
 * @param doc - the editor's document
 * @param measureId - the measure
 * @param index - where it was last seen among the top-level nodes, if known
 * @returns the position, or null when the document has no such measure
 */
export function findMeasurePos(doc: PMNode, measureId: string, index = -1): number | null {
  if (index >= 0 && index < doc.childCount) {
    const node = doc.child(index);
    if (node.type.name === "measure" && node.attrs.measureId === measureId) return topLevelPos(doc, index);
  }
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name === "measure" && node.attrs.measureId === measureId) {
      found = pos;
      return false;
    }
    return true;
  });
  return found >= 0 ? found : null;
}

/**
 * Scrolls the editor to a measure and selects it (Enter then opens its card); with `doc`,
 * opens its card at once with the focus on its title line.
 * @param editor - the scorecard editor
 * @param measureId - the measure
 * @param options - where it was last seen (`index`), and the document when the card should open
 * @returns whether the measure was found
 */
export function revealMeasure(editor: Editor, measureId: string, options: { index?: number; openIn?: Y.Doc } = {}): boolean {
  const pos = findMeasurePos(editor.state.doc, measureId, options.index);
  if (pos === null) return false;
  editor.commands.setNodeSelection(pos);
  const nodeDom = editor.view.nodeDOM(pos);
  const element = nodeDom instanceof HTMLElement ? nodeDom : editor.view.dom.querySelector<HTMLElement>(`[data-measure-id="${CSS.escape(measureId)}"]`);
  // jsdom has no scrollIntoView; a browser always does.
  if (typeof element?.scrollIntoView === "function") element.scrollIntoView({ block: "center" });
  if (options.openIn) openMeasure(options.openIn, measureId, "toggle");
  else editor.view.focus();
  return true;
}
