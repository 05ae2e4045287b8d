import type { Approval, TalkState } from "../../shared/domain/talks";
import type { PreviousMinutes } from "../../shared/domain/talkMeeting";
import { epochToBerlinLocal } from "./berlinTime";

/**
 * The rules of the meeting as plain functions: which minutes a talk approves, what a
 * second approval meets, where the agenda stands. The talk meeting applies them to the
 * stored state in one atomic step each (server/sync/SPEC.md [SYNC25]).
 */

/** An earlier talk of the same scorecard, as far as the minutes rule needs it. */
export interface EarlierTalk {
  /** Id. */
  id: string;
  /** Start, ms since the epoch. */
  startsAt: number;
  /** State. */
  state: TalkState;
  /** Its minutes version, once closed. */
  minutesVersionId: number | null;
}

/**
 * The minutes a talk approves: those of the scorecard's latest earlier talk that was
 * closed (a cancelled or never closed talk has none). The first talk of a scorecard has
 * nothing to approve.
 * @param earlier - the scorecard's talks that start before this one, in any order
 * @returns the minutes, or null when there are none
 */
export function previousMinutesOf(earlier: readonly EarlierTalk[]): PreviousMinutes | null {
  const closed = earlier.filter((talk) => talk.state === "closed" && talk.minutesVersionId !== null).sort((a, b) => b.startsAt - a.startsAt);
  const last = closed[0];
  return last ? { talkId: last.id, localDate: epochToBerlinLocal(last.startsAt).date, versionId: last.minutesVersionId! } : null;
}

/** The approval recorded so far, with the name of whoever recorded it. */
export interface RecordedApproval {
  /** The decision. */
  decision: "approved" | "amended";
  /** Its note, or null. */
  note: string | null;
  /** Who recorded it. */
  byName: string;
  /** When, ms since the epoch. */
  at: number;
  /** 1, 2, … per decision. */
  revision: number;
}

/** What becomes of an approval request against what is recorded. */
export type ApprovalOutcome =
  /** Record it, replacing the decision with `expectedRevision` (0: none yet). */
  | { kind: "record"; expectedRevision: number }
  /** The same decision is recorded already (two people clicked the same): nothing to do. */
  | { kind: "unchanged" }
  /** Refused: another decision is recorded, named in the message (409). */
  | { kind: "conflict"; message: string };

const DECISION_WORDS: Record<RecordedApproval["decision"], string> = { approved: "genehmigt", amended: "genehmigt mit Änderungen" };

function describe(recorded: RecordedApproval): string {
  const { date, time } = epochToBerlinLocal(recorded.at);
  const [year, month, day] = date.split("-");
  return `von ${recorded.byName} am ${day}.${month}.${year} um ${time} Uhr als „${DECISION_WORDS[recorded.decision]}“`;
}

/**
 * Decides an approval request against the recorded decision. A first decision is recorded;
 * the same decision again changes nothing (both clicked "genehmigt"); a different one is
 * refused with a message naming the recorded one, unless the request says which recorded
 * decision it corrects (its `revision`) and that is still the current one.
 * @param recorded - the decision recorded now, or null
 * @param request - the request's decision, note and the revision it corrects
 */
export function approvalOutcome(recorded: RecordedApproval | null, request: Approval): ApprovalOutcome {
  const note = request.note || null;
  if (!recorded) {
    if (request.revision === undefined) return { kind: "record", expectedRevision: 0 };
    return { kind: "conflict", message: "Die Entscheidung, die Sie ändern wollten, gibt es nicht mehr." };
  }
  if (recorded.decision === request.decision && recorded.note === note) return { kind: "unchanged" };
  if (request.revision === recorded.revision) return { kind: "record", expectedRevision: recorded.revision };
  if (request.revision === undefined) {
    return { kind: "conflict", message: `Das Protokoll wurde bereits ${describe(recorded)} festgehalten. Zum Ändern wählen Sie „Entscheidung ändern“.` };
  }
  return { kind: "conflict", message: `Die Entscheidung wurde inzwischen ${describe(recorded)} festgehalten. Bitte prüfen Sie sie, bevor Sie sie ändern.` };
}

/**
 * The agenda item shown as current: the stored one, within the agenda (which may have
 * been shortened since).
 * @param stored - the stored index
 * @param length - the number of agenda items
 */
export function currentAgendaItem(stored: number, length: number): number {
  return Math.max(0, Math.min(stored, length - 1));
}
