/**
 * Whether the results page should take the focus when its results arrive. Set by a search
 * the user just submitted (header box or the page's own form), so keyboard users continue
 * with Tab into the hits; not set when the page is opened by a link, a reload or Back,
 * where the focus stays where the browser put it.
 */
let wanted = false;

/** Asks the next results page to move the focus to its summary. */
export function requestResultsFocus(): void {
  wanted = true;
}

/**
 * Takes the request, once.
 * @returns whether the focus should move to the results
 */
export function takeResultsFocus(): boolean {
  const result = wanted;
  wanted = false;
  return result;
}
