import { useEffect, useRef, useState } from "react";
import type { CommentThread } from "../../shared/domain/comments";
import { THREAD_LINK_PARAMETER } from "../../shared/domain/notifications";

/**
 * The thread a link asks to open (`?thread=<id>`, as in the question mails), or null.
 * @param search - the query string, e.g. `location.search`
 */
export function linkedThreadId(search: string): string | null {
  const id = new URLSearchParams(search).get(THREAD_LINK_PARAMETER);
  return id && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : null;
}

/**
 * Opens the thread the page's link names, once, as soon as it is in the list (the
 * document may still be arriving). The parameter is then dropped from the address, so a
 * reload or the back button does not jump there again.
 * @param threads - the threads shown
 * @param open - shows the thread (its passage or measure, and the thread itself)
 */
export function useLinkedThread(threads: readonly CommentThread[], open: (thread: CommentThread) => void): void {
  const [wanted] = useState(() => linkedThreadId(location.search));
  const handled = useRef(false);
  // The latest handler, so the effect does not depend on a function made anew each render.
  const openRef = useRef(open);
  openRef.current = open;
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!wanted || handled.current) return;
    const thread = threads.find((entry) => entry.id === wanted);
    if (!thread) return;
    handled.current = true;
    // After the browser has laid out the list and the document, so scrolling finds its target.
    requestAnimationFrame(() => {
      if (mounted.current) openRef.current(thread);
    });
    const url = new URL(location.href);
    url.searchParams.delete(THREAD_LINK_PARAMETER);
    history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
  }, [threads, wanted]);
}
