import type { MouseEvent } from "react";
import { navigate } from "../routes";

/**
 * Follows a link inside the app without reloading it; a click with a modifier (new tab,
 * new window) or another button is left to the browser.
 * @param event - the link's click
 */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute("href")!);
}
