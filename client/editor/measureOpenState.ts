import { useCallback, useSyncExternalStore } from "react";
import type * as Y from "yjs";

/** Where focus goes once a card has opened: its first field, its toggle, or nowhere (it stays). */
export type OpenFocus = "field" | "toggle" | null;

/** The open cards of one document in this browser. */
interface OpenState {
  /** Ids of the measures whose card is open. */
  open: Set<string>;
  /** A focus wish per measure, taken once by its node view. */
  focus: Map<string, Exclude<OpenFocus, null>>;
  /** How many focus wishes each measure has had, so a node view notices a new one. */
  wishes: Map<string, number>;
  /** Node views to re-render on a change. */
  listeners: Set<() => void>;
}

// Per document, so the live editor and a version view opened beside it never share cards.
// Local UI state on purpose: whether a card is open is nobody else's business and never
// enters the shared document.
const states = new WeakMap<Y.Doc, OpenState>();

function stateOf(doc: Y.Doc): OpenState {
  let state = states.get(doc);
  if (!state) {
    state = { open: new Set(), focus: new Map(), wishes: new Map(), listeners: new Set() };
    states.set(doc, state);
  }
  return state;
}

function notify(state: OpenState): void {
  for (const listener of [...state.listeners]) listener();
}

/**
 * Opens a measure's card in this browser.
 * @param doc - the scorecard document holding the measure
 * @param id - the measure
 * @param focus - where focus goes once the card shows: its first field, the toggle, or nowhere
 */
export function openMeasure(doc: Y.Doc, id: string, focus: OpenFocus = null): void {
  const state = stateOf(doc);
  if (focus) {
    state.focus.set(id, focus);
    state.wishes.set(id, (state.wishes.get(id) ?? 0) + 1);
  }
  if (state.open.has(id) && !focus) return;
  state.open.add(id);
  notify(state);
}

/**
 * Closes a measure's card in this browser.
 * @param doc - the scorecard document
 * @param id - the measure
 */
export function closeMeasure(doc: Y.Doc, id: string): void {
  const state = stateOf(doc);
  if (!state.open.delete(id)) return;
  state.focus.delete(id);
  notify(state);
}

/**
 * Whether a measure's card is open in this browser.
 * @param doc - the scorecard document
 * @param id - the measure
 */
export function isMeasureOpen(doc: Y.Doc, id: string): boolean {
  return stateOf(doc).open.has(id);
}

/**
 * Takes the focus wish left by {@link openMeasure}, once: a re-render must not move the focus again.
 * @param doc - the scorecard document
 * @param id - the measure
 * @returns where focus should go, or null
 */
export function takeFocusWish(doc: Y.Doc, id: string): OpenFocus {
  const state = stateOf(doc);
  const wish = state.focus.get(id) ?? null;
  state.focus.delete(id);
  return wish;
}

/**
 * Subscribes a node view to whether its card is open, and to focus wishes for it.
 * @param doc - the scorecard document, or null while loading
 * @param id - the measure, or null
 * @returns whether the card is open, and a number that changes with each new focus wish
 */
export function useMeasureOpen(doc: Y.Doc | null, id: string | null): { open: boolean; wish: number } {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!doc) return () => undefined;
      const state = stateOf(doc);
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
    [doc],
  );
  // One number for both facts, so React compares a primitive: 0 is closed, above 0 open,
  // and each new wish for this measure raises it.
  const snapshot = useSyncExternalStore(subscribe, () => {
    if (!doc || !id) return 0;
    const state = stateOf(doc);
    return state.open.has(id) ? 1 + (state.wishes.get(id) ?? 0) : 0;
  });
  return { open: snapshot > 0, wish: snapshot };
}
