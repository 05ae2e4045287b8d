/**
 * The steering talk a version was taken for (its circulation, start or minutes), for the
 * title page, the file name and the talk's own sections of an export: when and where,
 * who was invited and present, the agenda, the approval of the previous minutes and the
 * agreements. Read straight from the `talks` tables, whose rows a closed talk no longer
 * changes (attendance, approval and agreements are fixed at the close).
 */
import type { ParticipantSide } from "../../shared/domain/talks";
import type { VersionKind } from "../../shared/domain/versions";
import type { Db } from "../persistence/db";

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

interface TalkRow {
  id: string;
  scorecardId: string;
  startsAt: number;
  plannedMinutes: number;
  place: string;
  agendaJson: string;
  approval: "approved" | "amended" | null;
  approvalNote: string | null;
  approvedBy: string | null;
  approvedAt: number | null;
}

function readTalk(db: Db, versionId: number): TalkRow | undefined {
  return db
    .prepare(
      `SELECT id, scorecard_id AS scorecardId, starts_at AS startsAt, planned_minutes AS plannedMinutes, place, agenda_json AS agendaJson,
              approval, approval_note AS approvalNote, approved_by AS approvedBy, approved_at AS approvedAt
       FROM talks WHERE circulation_version_id = ? OR talk_version_id = ? OR minutes_version_id = ? LIMIT 1`,
    )
    .get(versionId, versionId, versionId) as TalkRow | undefined;
}

function agendaTitles(json: string): string[] {
  try {
    const items = JSON.parse(json) as unknown;
    return Array.isArray(items) ? items.flatMap((item) => (typeof item?.title === "string" ? [item.title as string] : [])) : [];
  } catch {
    return [];
  }
}

function approvalOf(db: Db, talk: TalkRow): TalkApprovalRecord | null {
  if (!talk.approval) return null;
  const by = talk.approvedBy ? (db.prepare("SELECT name FROM users WHERE id = ?").get(talk.approvedBy) as { name: string } | undefined) : undefined;
  return { decision: talk.approval, note: talk.approvalNote || null, byName: by?.name ?? null, at: talk.approvedAt };
}

/**
 * Finds the talk a version belongs to, with what its sections show.
 * @param db - the database
 * @param versionId - the version's id
 * @param kind - the version's kind: the minutes list who was present, the others who was invited
 * @returns the talk, or null for a version taken outside a talk
 */
export function talkOfVersion(db: Db, versionId: number, kind: VersionKind): TalkOfVersion | null {
  const talk = readTalk(db, versionId);
  if (!talk) return null;
  const people = (
    db
      .prepare("SELECT name, side, present FROM talk_participants WHERE talk_id = ? ORDER BY CASE side WHEN 'funder' THEN 0 WHEN 'provider' THEN 1 ELSE 2 END, name")
      .all(talk.id) as { name: string; side: ParticipantSide; present: number }[]
  ).map((row) => ({ name: row.name, side: row.side, present: row.present === 1 }));
  // Minutes record who took part; when nobody was marked present, the invitation list is all there is.
  const present = people.filter((person) => person.present);
  const shown = kind === "minutes" && present.length > 0 ? present : people;
  // The minutes a talk approves are those of the latest earlier talk that was closed.
  const previous = db
    .prepare("SELECT MAX(starts_at) AS startsAt FROM talks WHERE scorecard_id = ? AND starts_at < ? AND state = 'closed' AND minutes_version_id IS NOT NULL")
    .get(talk.scorecardId, talk.startsAt) as { startsAt: number | null };
  const agreements = db
    .prepare("SELECT text, owner, due_date AS dueDate, measure_id AS measureId FROM talk_agreements WHERE talk_id = ? ORDER BY position")
    .all(talk.id) as TalkAgreementRecord[];
  return {
    id: talk.id,
    startsAt: talk.startsAt,
    plannedMinutes: talk.plannedMinutes,
    place: talk.place,
    participants: shown.map((person) => (person.side === "other" ? person.name : `${person.name} (${SIDE_NAMES[person.side]})`)),
    people,
    agenda: agendaTitles(talk.agendaJson),
    approval: approvalOf(db, talk),
    previousTalkAt: previous.startsAt,
    agreements,
  };
}
