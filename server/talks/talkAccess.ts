import { byKind, talkKindOf } from "../../shared/domain/meetingWords";
import { scorecardAccess } from "../auth/permissions";
import { AppError, forbidden, notFound } from "../errors";
import type { Db } from "../persistence/db";
import { findScorecard, type ScorecardRecord } from "../persistence/scorecards";
import { findTalk, type TalkRow } from "../persistence/talks";
import type { UserRecord } from "../persistence/users";

/** A talk together with its scorecard, the user, and what the user may do with it. */
export interface TalkContext {
  /** The user who asks. */
  user: UserRecord;
  /** The talk. */
  talk: TalkRow;
  /** Its scorecard. */
  scorecard: ScorecardRecord;
  /** Whether the user may edit and run it (an editor of the scorecard). */
  canEdit: boolean;
}

/**
 * 409: the talk is not in a state that allows this.
 * @param message - what is in the way, safe to show
 */
export function conflict(message: string): AppError {
  return new AppError(409, "conflict", message);
}

/**
 * The 403 message for viewers, in the words of the scorecard's meetings.
 * @param providerId - the scorecard's provider, or null for the conference's (sessions)
 */
export function planners(providerId: string | null): string {
  return byKind(talkKindOf(providerId), {
    steeringTalk: "Nur Bearbeiterinnen und Bearbeiter planen und führen Steuerungsgespräche.",
    session: "Nur Bearbeiterinnen und Bearbeiter planen und leiten Sitzungen der Sozialraumkonferenz.",
  });
}

/**
 * Loads a talk the user may see: talks are as visible as their scorecard (funder: all;
 * a provider: its own and the conference's).
 * @throws AppError 404 when the talk does not exist or is not visible (never tell which)
 */
export async function visibleTalk(db: Db, user: UserRecord, talkId: string): Promise<TalkContext> {
  const talk = await findTalk(db, talkId);
  const scorecard = talk ? await findScorecard(db, talk.scorecardId) : undefined;
  const access = scorecard ? scorecardAccess(user, scorecard) : null;
  if (!talk || !scorecard || !access) throw notFound("Gespräch");
  return { user, talk, scorecard, canEdit: access === "edit" };
}

/**
 * Loads a talk the user may edit and run: funder editors and the editors of the
 * scorecard's provider (of every provider, for the conference scorecard).
 * @throws AppError 404 when not visible, 403 for viewers
 */
export async function editableTalk(db: Db, user: UserRecord, talkId: string): Promise<TalkContext> {
  const context = await visibleTalk(db, user, talkId);
  if (!context.canEdit) throw forbidden(planners(context.scorecard.providerId));
  return context;
}
