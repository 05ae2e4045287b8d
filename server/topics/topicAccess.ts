/**
 * Who may see and change a scorecard's Themenspeicher, and the pushes after a change. The
 * backlog is as visible as its scorecard (funder: all; a provider: its own and the
 * conference's); editors of either side change it; everyone else gets 404, never a hint
 * that it exists.
 */
import { encodeTalkChanged } from "../../shared/protocol/talkChanged";
import { encodeTopicsChanged } from "../../shared/protocol/topicsChanged";
import { scorecardAccess } from "../auth/permissions";
import { AppError, forbidden, notFound } from "../errors";
import type { Db } from "../persistence/db";
import { findScorecard, type ScorecardRecord } from "../persistence/scorecards";
import { findTalk } from "../persistence/talks";
import { topicsRevision } from "../persistence/topics";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { Logger } from "../log";

/** A scorecard the user may see, and whether they may change its topics. */
export interface TopicScope {
  /** The scorecard. */
  scorecard: ScorecardRecord;
  /** Whether the user is an editor of it. */
  canEdit: boolean;
}

/**
 * Loads a scorecard whose topics the user may read.
 * @throws AppError 404 when it does not exist or the user may not see it
 */
export async function readableTopics(db: Db, user: UserRecord, scorecardId: string): Promise<TopicScope> {
  const scorecard = await findScorecard(db, scorecardId);
  const access = scorecard ? scorecardAccess(user, scorecard) : null;
  if (!scorecard || !access) throw notFound("Scorecard");
  return { scorecard, canEdit: access === "edit" };
}

/**
 * Loads a scorecard whose topics the user may change.
 * @throws AppError 404 when not visible, 403 for viewers
 */
export async function editableTopics(db: Db, user: UserRecord, scorecardId: string): Promise<TopicScope> {
  const scope = await readableTopics(db, user, scorecardId);
  if (!scope.canEdit) throw forbidden("Nur Bearbeiterinnen und Bearbeiter ändern den Themenspeicher.");
  return scope;
}

/**
 * 409: the topic is not in a state that allows this, or changed meanwhile.
 * @param message - what is in the way, in German
 */
export function topicConflict(message: string): AppError {
  return new AppError(409, "conflict", message);
}

/** Sends the pushes after a committed change of topics; each resolves once sent (never rejects). */
export interface TopicPushes {
  /** `topicsChanged` with the backlog's new revision, to everyone who has the scorecard open. */
  topics(scorecardId: string): Promise<void>;
  /** `talkChanged` for a talk whose agenda or topics changed ([SYNC25]). */
  talk(talkId: string): Promise<void>;
}

/**
 * Creates the pushes; a failed push never turns a stored change into an error (clients
 * read again after a reconnect).
 * @param db - the database
 * @param collab - the collaboration server (may lack `notify` in tests that only change documents)
 * @param logger - structured log
 */
export function topicPushes(db: Db, collab: Partial<Pick<CollabServer, "notify">>, logger?: Logger): TopicPushes {
  const safely = async (what: string, push: () => Promise<void>) => {
    try {
      await push();
    } catch (error) {
      logger?.log("error", `pushing a ${what} change failed`, { error: (error as Error).message });
    }
  };
  return {
    topics(scorecardId) {
      return safely("topics", async () => {
        const revision = await topicsRevision(db, scorecardId);
        collab.notify?.(scorecardId, encodeTopicsChanged({ scorecardId, revision }));
      });
    },
    talk(talkId) {
      return safely("talk", async () => {
        const talk = await findTalk(db, talkId);
        if (talk) collab.notify?.(talk.scorecardId, encodeTalkChanged({ talkId, revision: talk.revision }));
      });
    },
  };
}
