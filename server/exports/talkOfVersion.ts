/**
 * The steering talk or conference session a version was taken for (its circulation, start
 * or minutes), for the title page, the file name and the talk's own sections of an export:
 * what meeting it was (its words: "Steuerungsgespräch", "Sitzung der Sozialraumkonferenz"),
 * when and where, who was invited and present, the agenda, the approval of the previous
 * minutes and the agreements. Read from the talk store; a closed talk's rows no longer
 * change (attendance, approval and agreements are fixed at the close).
 */
import { meetingWords, type MeetingWords } from "../../shared/domain/meetingWords";
import type { ParticipantSide } from "../../shared/domain/talks";
import type { VersionKind } from "../../shared/domain/versions";
import type { Db } from "../persistence/db";
import { findScorecard } from "../persistence/scorecards";
import { earlierTalks, findTalkOfVersion, listAgreements, listParticipants, type TalkRow } from "../persistence/talks";
import { findUserById } from "../persistence/users";
import { previousMinutesOf } from "../talks/meetingRules";

/** A person invited to the talk. */
export interface TalkPerson {
  /** Name. */
  name: string;
  /** The side they speak for. */
  side: ParticipantSide;
  /** Recorded as present in the talk. */
  present: boolean;
}

/** The approval of the previous minutes, as recorded in the talk. */
export interface TalkApprovalRecord {
  /** Approved as they were, or with amendments. */
  decision: "approved" | "amended";
  /** What was amended, or a remark; null when none. */
  note: string | null;
  /** Who recorded it (their name now), or null when unknown. */
  byName: string | null;
  /** When it was recorded, ms since the epoch, or null. */
  at: number | null;
}

/** Something agreed in the talk. */
export interface TalkAgreementRecord {
  /** What was agreed. */
  text: string;
  /** Who takes care of it. */
  owner: string;
  /** By when, `YYYY-MM-DD`, or null. */
  dueDate: string | null;
  /** The measure it became, or null. */
  measureId: string | null;
}

/** What an export needs to know about a talk. */
export interface TalkOfVersion {
  /** The talk's id. */
  id: string;
  /** Its words by kind: a provider's steering talk or a session of the conference (or of a working group). */
  words: MeetingWords;
  /** Start of the talk, ms since the epoch. */
  startsAt: number;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Where it took place. */
  place: string;
  /** Participants as "Name (Seite)", funder first: for the minutes those present (all invited when nobody was marked), else those invited. */
  participants: string[];
  /** Everyone invited, funder first, with their presence. */
  people: TalkPerson[];
  /** The agenda's item titles. */
  agenda: string[];
  /** The approval of the previous minutes, or null when none was recorded. */
  approval: TalkApprovalRecord | null;
  /** Start of the earlier talk whose minutes this talk approves, or null for the scorecard's first talk. */
  previousTalkAt: number | null;
  /** The agreements, in the order they were made. */
  agreements: TalkAgreementRecord[];
}

/** Names of the sides, as the exports write them. */
export const SIDE_NAMES: Record<ParticipantSide, string> = { funder: "Leistungsträger", provider: "Leistungserbringer", other: "Weitere" };

const SIDE_ORDER: Record<ParticipantSide, number> = { funder: 0, provider: 1, other: 2 };

async function approvalOf(db: Db, talk: TalkRow): Promise<TalkApprovalRecord | null> {
  if (!talk.approval) return null;
  const by = talk.approvedBy ? await findUserById(db, talk.approvedBy) : undefined;
  return { decision: talk.approval, note: talk.approvalNote || null, byName: by?.name ?? null, at: talk.approvedAt };
}

/**
 * Finds the talk a version belongs to, with what its sections show.
 * @param db - the database
 * @param versionId - the version's id
 * @param kind - the version's kind: the minutes list who was present, the others who was invited
 * @returns the talk, or null for a version taken outside a talk
 */
export async function talkOfVersion(db: Db, versionId: number, kind: VersionKind): Promise<TalkOfVersion | null> {
  const talk = await findTalkOfVersion(db, versionId);
  if (!talk) return null;
  const people = (await listParticipants(db, talk.id))
    .map((row) => ({ name: row.name, side: row.side, present: row.present }))
    .sort((a, b) => SIDE_ORDER[a.side] - SIDE_ORDER[b.side] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Minutes record who took part; when nobody was marked present, the invitation list is all there is.
  const present = people.filter((person) => person.present);
  const shown = kind === "minutes" && present.length > 0 ? present : people;
  // The minutes a talk approves: the same rule as the meeting's approval.
  const earlier = await earlierTalks(db, talk.scorecardId, talk.startsAt);
  const previous = previousMinutesOf(earlier);
  const agreements = (await listAgreements(db, talk.id)).map(({ text, owner, dueDate, measureId }) => ({ text, owner, dueDate, measureId }));
  const scorecard = await findScorecard(db, talk.scorecardId);
  return {
    id: talk.id,
    words: meetingWords({ providerName: scorecard ? scorecard.providerName : null, body: talk.body }),
    startsAt: talk.startsAt,
    plannedMinutes: talk.plannedMinutes,
    place: talk.place,
    participants: shown.map((person) => (person.side === "other" ? person.name : `${person.name} (${SIDE_NAMES[person.side]})`)),
    people,
    agenda: talk.agenda.map((item) => item.title),
    approval: await approvalOf(db, talk),
    previousTalkAt: earlier.find((t) => t.id === previous?.talkId)?.startsAt ?? null,
    agreements,
  };
}
