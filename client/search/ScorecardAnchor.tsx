import { useEffect } from "react";

/** How long the page waits for the document to show the place a link names. */
const WAIT_MS = 20_000;

/**
 * The top-level block an address's fragment names (`#block-<index>`), or null. Links to a
 * measure (`#measure-<id>`) are the editor's own (client/editor/measureLink.ts): it opens
 * the measure's card.
 * @param hash - e.g. `location.hash`
 */
export function blockIndexOf(hash: string): number | null {
  const block = /^#block-(\d{1,6})$/.exec(hash);
  return block ? Number(block[1]) : null;
}

/** Scrolls to a top-level block and, in an editable document, puts the caret at its start. */
function showBlock(index: number): boolean {
  const prose = document.querySelector<HTMLElement>(".ProseMirror.scorecard-prose");
  const block = prose?.children.item(index);
  if (!prose || !(block instanceof HTMLElement)) return false;
  block.scrollIntoView({ block: "center" });
  if (prose.isContentEditable) {
    // ProseMirror takes its selection from the DOM's when it gains the focus.
    const range = document.createRange();
    range.setStart(block, 0);
    range.collapse(true);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    prose.focus({ preventScroll: true });
  }
  return true;
}

/** Props of {@link ScorecardAnchor}. */
interface ScorecardAnchorProps {
  /** The scorecard open in the editor. */
  scorecardId: string;
}

/**
 * Opens the editor at the block of text a search hit names: waits until the document shows
 * it (the editor and the document arrive after the page), scrolls it into the middle of
 * the view and, where the user may edit, puts the caret there, so keyboard users land
 * there too. Then the fragment is dropped from the address, so a reload does not jump back.
 */
export function ScorecardAnchor({ scorecardId }: ScorecardAnchorProps) {
  useEffect(() => {
    const index = blockIndexOf(location.hash);
    if (index === null) return;
    let observer: MutationObserver | null = null;
    const stop = () => {
      observer?.disconnect();
      clearTimeout(timer);
    };
    const attempt = () => {
      if (!showBlock(index)) return;
      stop();
      history.replaceState(history.state, "", `${location.pathname}${location.search}`);
    };
    const timer = setTimeout(stop, WAIT_MS);
    observer = new MutationObserver(attempt);
    observer.observe(document.getElementById("main") ?? document.body, { childList: true, subtree: true });
    attempt();
    return stop;
  }, [scorecardId]);
  return null;
}
