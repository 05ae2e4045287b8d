import { useEffect, useState, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import type { CommentThread } from "../../shared/domain/comments";
import { commentsMap, readThreads } from "../../shared/document/comments";
import { measuresMap, readMeasure } from "../../shared/document/measures";
import { COMMENT_POSTED_EVENT } from "./commentsApi";

/** Where the threads shown beside a document come from; the list is stable between changes. */
export interface ThreadSource {
  /** The threads now, open ones first. */
  threads(): CommentThread[];
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * The threads of a live document: they change whenever the server writes one, for
 * every connected client at once.
 * @param doc - the scorecard's shared document
 */
export function docThreadSource(doc: Y.Doc): ThreadSource {
  let cached: CommentThread[] | null = null;
  return {
    threads: () => (cached ??= readThreads(doc)),
    subscribe(listener) {
      const map = commentsMap(doc);
      const handleChange = () => {
        cached = null;
        listener();
      };
      map.observeDeep(handleChange);
      return () => map.unobserveDeep(handleChange);
    },
  };
}

/**
 * The threads of a version (frozen with it) plus those written on this page since it
 * opened: a version's document never changes, but a pre-read comment made on it should
 * show at once. Written threads come from the API's answers ({@link COMMENT_POSTED_EVENT}).
 * @param doc - the version's document
 */
export function versionThreadSource(doc: Y.Doc): ThreadSource {
  const frozen = readThreads(doc);
  const written = new Map<string, CommentThread>();
  let cached: CommentThread[] = frozen;
  return {
    threads: () => cached,
    subscribe(listener) {
      const handlePosted = (event: Event) => {
        const thread = (event as CustomEvent<CommentThread>).detail;
        written.set(thread.id, thread);
        const merged = new Map(frozen.map((entry) => [entry.id, entry]));
        for (const [id, entry] of written) merged.set(id, entry);
        cached = Array.from(merged.values()).sort((a, b) => Number(a.resolved) - Number(b.resolved) || a.createdAt.localeCompare(b.createdAt));
        listener();
      };
      window.addEventListener(COMMENT_POSTED_EVENT, handlePosted);
      return () => window.removeEventListener(COMMENT_POSTED_EVENT, handlePosted);
    },
  };
}

/**
 * Subscribes a component to a thread source.
 * @param source - the source
 * @returns the threads, open ones first
 */
export function useThreads(source: ThreadSource): CommentThread[] {
  return useSyncExternalStore(source.subscribe, source.threads);
}

/**
 * How many open threads there are about one measure, live from the document.
 * @param doc - the scorecard document (null while loading)
 * @param measureId - the measure
 */
export function useOpenMeasureThreadCount(doc: Y.Doc | null, measureId: string | null): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!doc || !measureId) return;
    const map = commentsMap(doc);
    const handleChange = () => setCount(readThreads(doc).filter((t) => !t.resolved && t.anchor.kind === "measure" && t.anchor.measureId === measureId).length);
    handleChange();
    map.observeDeep(handleChange);
    return () => map.unobserveDeep(handleChange);
  }, [doc, measureId]);
  return count;
}

/**
 * Titles of the document's measures, for naming what a measure's thread is about.
 * @param doc - the scorecard document
 */
export function useMeasureTitles(doc: Y.Doc): Map<string, string> {
  const [titles, setTitles] = useState(() => new Map<string, string>());
  useEffect(() => {
    const map = measuresMap(doc);
    const handleChange = () => setTitles(new Map(Array.from(map.keys(), (id) => [id, readMeasure(doc, id)?.title ?? ""])));
    handleChange();
    map.observeDeep(handleChange);
    return () => map.unobserveDeep(handleChange);
  }, [doc]);
  return titles;
}
