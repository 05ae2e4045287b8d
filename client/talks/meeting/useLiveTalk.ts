import { useCallback, useEffect, useRef, useState } from "react";
import type { TalkSummary } from "../../../shared/domain/talks";
import type { CollaborationSession } from "../../editor/collaboration";
import { loadTalk } from "../talksApi";
import { newerTalk } from "./liveTalk";

/** A talk as everyone in it sees it now. */
export interface LiveTalk {
  /** The talk, once loaded. */
  talk: TalkSummary | null;
  /** Why the first load failed, if it did. */
  error: unknown;
  /** Shows a talk an action answered with (unless a newer one is shown already). */
  apply(talk: TalkSummary): void;
  /** Reads the talk again. */
  refresh(): void;
}

/** A read now and then as well, in case a push was lost (another process's bus was down). */
const FALLBACK_REFRESH_MS = 30_000;

/**
 * Keeps a talk's meeting state live ([SYNC25]): read at start, read again whenever the
 * server pushes `talkChanged` for it on the scorecard's socket, after every reconnect (what
 * changed meanwhile came without a push), when the page becomes visible again, and every
 * 30 s as a fallback. Answers are applied by revision, so an older one never undoes a newer.
 * @param talkId - the talk
 * @param session - the talk's scorecard, open for collaboration, once known
 */
export function useLiveTalk(talkId: string, session: CollaborationSession | null): LiveTalk {
  const [talk, setTalk] = useState<TalkSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(-1);
  const reading = useRef<{ again: boolean } | null>(null);

  const apply = useCallback(
    (incoming: TalkSummary) => {
      if (incoming.id !== talkId) return;
      latest.current = Math.max(latest.current, incoming.revision);
      setTalk((current) => newerTalk(current, incoming));
    },
    [talkId],
  );

  const refresh = useCallback(() => {
    // One read at a time; whatever was announced meanwhile is read right after it.
    if (reading.current) {
      reading.current.again = true;
      return;
    }
    const read = () => {
      reading.current = { again: false };
      loadTalk(talkId)
        .then(apply, (caught: unknown) => {
          if (latest.current < 0) setError(caught);
        })
        .finally(() => {
          const again = reading.current?.again === true;
          reading.current = null;
          if (again) read();
        });
    };
    read();
  }, [talkId, apply]);

  useEffect(() => {
    setTalk(null);
    setError(null);
    latest.current = -1;
    refresh();
  }, [talkId, refresh]);

  useEffect(() => {
    if (!session) return;
    const stopPushes = session.onTalkChanged((change) => {
      if (change.talkId === talkId && change.revision > latest.current) refresh();
    });
    let synced = false;
    const stopStatus = session.subscribe((status) => {
      // Also the first sync: a change between the first read and the socket's opening had no listener.
      if (status.synced && !synced) refresh();
      synced = status.synced;
    });
    return () => {
      stopPushes();
      stopStatus();
    };
  }, [session, talkId, refresh]);

  const open = talk !== null && talk.state !== "closed" && talk.state !== "cancelled";
  useEffect(() => {
    if (!open) return;
    const handleVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    const timer = window.setInterval(handleVisible, FALLBACK_REFRESH_MS);
    document.addEventListener("visibilitychange", handleVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", handleVisible);
    };
  }, [open, refresh]);

  return { talk, error, apply, refresh };
}
