import { useCallback, useEffect, useRef, useState } from "react";
import type { TopicList } from "../../shared/domain/topics";
import { decodeTopicsChanged, TOPICS_CHANGED_MESSAGE, type TopicsChange } from "../../shared/protocol/topicsChanged";
import type { CollaborationSession } from "../editor/collaboration";
import { loadTopics } from "./topicsApi";

/** Listeners of `topicsChanged` per open scorecard: a provider has one handler per message type. */
const listenersByProvider = new WeakMap<CollaborationSession["provider"], Set<(change: TopicsChange) => void>>();

/**
 * Calls the listener whenever the server says the scorecard's Themenspeicher changed.
 * @param session - the open scorecard
 * @param listener - called with the backlog's new revision
 * @returns a function that unsubscribes
 */
export function onTopicsChanged(session: CollaborationSession, listener: (change: TopicsChange) => void): () => void {
  let listeners = listenersByProvider.get(session.provider);
  if (!listeners) {
    const installed = new Set<(change: TopicsChange) => void>();
    listenersByProvider.set(session.provider, (listeners = installed));
    session.provider.messageHandlers[TOPICS_CHANGED_MESSAGE] = (_encoder, decoder) => {
      const change = decodeTopicsChanged(decoder);
      if (change) for (const each of installed) each(change);
    };
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The backlog as the user sees it now. */
export interface LiveTopics {
  /** The list, once loaded. */
  list: TopicList | null;
  /** Why the first load failed, if it did. */
  error: unknown;
  /** Reads the backlog again (after an action, or when something else says it changed). */
  refresh(): void;
}

/** A read now and then as well, in case a push was lost. */
const FALLBACK_REFRESH_MS = 30_000;

/**
 * Keeps a scorecard's Themenspeicher live: read at start, again whenever the server pushes
 * `topicsChanged` or `talkChanged` (a talk's state decides where topics can be planned) on
 * the scorecard's socket, after every (re)connect, when the page becomes visible, and every
 * 30 s. An answer older than the one shown is dropped, so answers arriving out of order
 * never undo a newer state.
 * @param scorecardId - the scorecard, or null while unknown
 * @param session - the scorecard open for collaboration; null where the caller refreshes by itself (meeting mode)
 */
export function useTopics(scorecardId: string | null, session: CollaborationSession | null): LiveTopics {
  const [list, setList] = useState<TopicList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const shown = useRef(-1);
  const reading = useRef<{ again: boolean } | null>(null);

  const refresh = useCallback(() => {
    if (!scorecardId) return;
    // One read at a time; whatever was announced meanwhile is read right after it.
    if (reading.current) {
      reading.current.again = true;
      return;
    }
    const read = () => {
      reading.current = { again: false };
      loadTopics(scorecardId)
        .then(
          (incoming) => {
            if (incoming.revision < shown.current) return;
            shown.current = incoming.revision;
            setList(incoming);
            setError(null);
          },
          (caught: unknown) => {
            if (shown.current < 0) setError(caught);
          },
        )
        .finally(() => {
          const again = reading.current?.again === true;
          reading.current = null;
          if (again) read();
        });
    };
    read();
  }, [scorecardId]);

  useEffect(() => {
    setList(null);
    setError(null);
    shown.current = -1;
    refresh();
  }, [scorecardId, refresh]);

  useEffect(() => {
    if (!session) return;
    const stopTopics = onTopicsChanged(session, (change) => {
      if (change.revision > shown.current) refresh();
    });
    const stopTalks = session.onTalkChanged(() => refresh());
    let synced = false;
    const stopStatus = session.subscribe((status) => {
      if (status.synced && !synced) refresh();
      synced = status.synced;
    });
    const handleVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    const timer = window.setInterval(handleVisible, FALLBACK_REFRESH_MS);
    document.addEventListener("visibilitychange", handleVisible);
    return () => {
      stopTopics();
      stopTalks();
      stopStatus();
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", handleVisible);
    };
  }, [session, refresh]);

  return { list, error, refresh };
}
