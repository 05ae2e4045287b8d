import { useEffect, useState } from "react";
import { openCollaboration, type CollaborationSession, type CollaborationStatus } from "./collaboration";

/** An open scorecard as a page sees it. */
export interface OpenScorecard {
  /** The session, while open. */
  session: CollaborationSession | null;
  /** Its status, once known. */
  status: CollaborationStatus | null;
  /** Whether there is content to show (from the server or the offline copy). */
  ready: boolean;
}

/**
 * Opens a scorecard for collaboration while the component is mounted and closes it
 * afterwards (or when the scorecard or user changes).
 * @param scorecardId - the scorecard, or null while it is not known yet
 * @param userId - the logged-in user (the offline copy is kept per user)
 */
export function useCollaborationSession(scorecardId: string | null, userId: string): OpenScorecard {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [status, setStatus] = useState<CollaborationStatus | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!scorecardId) return;
    const opened = openCollaboration(scorecardId, userId);
    setSession(opened);
    const unsubscribe = opened.subscribe(setStatus);
    let cancelled = false;
    void opened.ready.then(() => !cancelled && setReady(true));
    return () => {
      cancelled = true;
      unsubscribe();
      void opened.destroy();
      setSession(null);
      setReady(false);
    };
  }, [scorecardId, userId]);

  return { session, status, ready };
}
