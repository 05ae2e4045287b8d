import type { AgendaItem, ParticipantSide, TalkLockGap, TalkState } from "../../shared/domain/talks";
import type { Db } from "./db";

/** A row of `talks`, with the time its circulation version was taken. */
export interface TalkRow {
  /** Id. */
  id: string;
  /** The scorecard discussed. */
  scorecardId: string;
  /** Start, ms since the epoch. */
  startsAt: number;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Place. */
  place: string;
  /** Agenda. */
  agenda: AgendaItem[];
  /** State. */
  state: TalkState;
  /** The circulation version, once taken. */
  circulationVersionId: number | null;
  /** The version taken when the talk started. */
  talkVersionId: number | null;
  /** The minutes version, once the talk was closed. */
  minutesVersionId: number | null;
  /** When the circulation version was taken (from the version). */
  circulatedAt: number | null;
  /** When the talk was started. */
  startedAt: number | null;
  /** When the talk was closed. */
  closedAt: number | null;
  /** Why closing did not lock the discussed quarter; null when it did, or the talk is not closed. */
  lockWithheld: TalkLockGap[] | null;
  /** Approval of the previous minutes: approved as they were, or amended. */
  approval: "approved" | "amended" | null;
  /** What was amended, or a remark. */
  approvalNote: string | null;
  /** Who recorded the approval. */
  approvedBy: string | null;
  /** When the approval was recorded. */
  approvedAt: number | null;
  /** 1, 2, … per recorded approval decision; 0 before the first. */
  approvalRevision: number;
  /** Counts every change of the talk's meeting state, so clients can tell the newest. */
  revision: number;
  /** The working group holding a session of the conference instead of the full conference, or null. */
  body: string | null;
  /** Shared by the talks of a quarterly series planned at once, or null. */
  seriesId: string | null;
  /** Days before the talk by which the figures of the last complete month are due. */
  reportLeadDays: number;
  /** The agenda item everyone in the talk is at (may exceed a shortened agenda; clamp when reading). */
  agendaItem: number;
  /** Who scheduled it. */
  createdBy: string;
  /** When it was scheduled. */
  createdAt: number;
  /** Last change of the row. */
  updatedAt: number;
}

/** A participant row. */
export interface ParticipantRow {
  /** The user, or null for a guest. */
  userId: string | null;
  /** Address (unique per talk, case-insensitive). */
  email: string;
  /** Name. */
  name: string;
  /** Side. */
  side: ParticipantSide;
  /** Recorded as present. */
  present: boolean;
}

/** An agreement row. */
export interface AgreementRow {
  /** Id. */
  id: string;
  /** The talk it was made in. */
  talkId: string;
  /** What was agreed. */
  text: string;
  /** Who takes care of it (free text). */
  owner: string;
  /** By when, `YYYY-MM-DD`, or null. */
  dueDate: string | null;
  /** The measure it became. */
  measureId: string | null;
  /** Who recorded it. */
  createdBy: string;
  /** When, ms since the epoch. */
  createdAt: number;
}

/** The columns of a talk row (with its circulation time), for the talk stores. */
export const SELECT_TALK = `
  SELECT t.id, t.scorecard_id AS scorecardId, t.starts_at AS startsAt, t.planned_minutes AS plannedMinutes, t.place,
         t.agenda_json AS agenda, t.state, t.circulation_version_id AS circulationVersionId, t.talk_version_id AS talkVersionId,
         t.minutes_version_id AS minutesVersionId, v.created_at AS circulatedAt, t.started_at AS startedAt, t.closed_at AS closedAt,
         t.lock_withheld_json AS lockWithheld,
         t.approval, t.approval_note AS approvalNote, t.approved_by AS approvedBy, t.approved_at AS approvedAt,
         t.approval_revision AS approvalRevision, t.revision, t.agenda_item AS agendaItem,
         t.body, t.series_id AS seriesId, t.report_lead_days AS reportLeadDays,
         t.created_by AS createdBy, t.created_at AS createdAt, t.updated_at AS updatedAt
  FROM talks t
  JOIN scorecards s ON s.id = t.scorecard_id AND s.deleted_at IS NULL
  LEFT JOIN versions v ON v.id = t.circulation_version_id`;

/** A raw talk row as a {@link TalkRow}. */
export function toTalk(row: Omit<TalkRow, "agenda" | "lockWithheld"> & { agenda: string; lockWithheld: string | null }): TalkRow {
  return {
    ...row,
    agenda: JSON.parse(row.agenda) as AgendaItem[],
    lockWithheld: row.lockWithheld === null ? null : (JSON.parse(row.lockWithheld) as TalkLockGap[]),
  };
}

/** What a new talk consists of. */
export type NewTalkRecord = Pick<TalkRow, "id" | "scorecardId" | "startsAt" | "plannedMinutes" | "place" | "agenda" | "createdBy" | "createdAt"> &
  Partial<Pick<TalkRow, "body" | "seriesId" | "reportLeadDays">>;

/**
 * Inserts a scheduled talk with its participants. Call inside a transaction.
 * @param db - the database
 * @param talk - the talk
 * @param participants - its participants
 */
export function insertTalk(db: Db, talk: NewTalkRecord, participants: Omit<ParticipantRow, "present">[]): void {
  db.prepare(
    `INSERT INTO talks (id, scorecard_id, starts_at, planned_minutes, place, agenda_json, state, body, series_id, report_lead_days, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?, ?)`,
  ).run(
    talk.id,
    talk.scorecardId,
    talk.startsAt,
    talk.plannedMinutes,
    talk.place,
    JSON.stringify(talk.agenda),
    talk.body ?? null,
    talk.seriesId ?? null,
    talk.reportLeadDays ?? 12,
    talk.createdBy,
    talk.createdAt,
    talk.createdAt,
  );
  replaceParticipants(db, talk.id, participants);
}

/** A talk of a scorecard that is not deleted, or undefined. */
export function findTalk(db: Db, id: string): TalkRow | undefined {
  const row = db.prepare(`${SELECT_TALK} WHERE t.id = ?`).get(id) as Parameters<typeof toTalk>[0] | undefined;
  return row && toTalk(row);
}

/** The talk a version was taken for (its circulation, start or minutes), or undefined. */
export function findTalkOfVersion(db: Db, versionId: number): TalkRow | undefined {
  const row = db.prepare(`${SELECT_TALK} WHERE t.circulation_version_id = ? OR t.talk_version_id = ? OR t.minutes_version_id = ? LIMIT 1`).get(versionId, versionId, versionId) as
    Parameters<typeof toTalk>[0] | undefined;
  return row && toTalk(row);
}

/** Every talk of the scorecards that are not deleted, soonest first. */
export function listTalks(db: Db): TalkRow[] {
  return (db.prepare(`${SELECT_TALK} ORDER BY t.starts_at, t.id`).all() as Parameters<typeof toTalk>[0][]).map(toTalk);
}

/**
 * The talks of a quarterly series that were not cancelled, by date, for "Termin 2 von 4".
 * @returns their ids, soonest first
 */
export function seriesTalkIds(db: Db, seriesId: string): string[] {
  const rows = db.prepare("SELECT id FROM talks WHERE series_id = ? AND state <> 'cancelled' ORDER BY starts_at, id").all(seriesId) as { id: string }[];
  return rows.map((row) => row.id);
}

/**
 * The start of the scorecard's previous talk that was not cancelled.
 * @returns ms since the epoch, or null when this is the first
 */
export function previousTalkStart(db: Db, scorecardId: string, startsAt: number): number | null {
  const row = db.prepare("SELECT MAX(starts_at) AS startsAt FROM talks WHERE scorecard_id = ? AND starts_at < ? AND state <> 'cancelled'").get(scorecardId, startsAt) as { startsAt: number | null };
  return row.startsAt;
}

/**
 * The scorecard's talks that start before `startsAt`, newest first (for the minutes a talk
 * approves).
 */
export function earlierTalks(db: Db, scorecardId: string, startsAt: number): Pick<TalkRow, "id" | "startsAt" | "state" | "minutesVersionId">[] {
  return db
    .prepare(
      `SELECT id, starts_at AS startsAt, state, minutes_version_id AS minutesVersionId FROM talks
       WHERE scorecard_id = ? AND starts_at < ? ORDER BY starts_at DESC, id`,
    )
    .all(scorecardId, startsAt) as Pick<TalkRow, "id" | "startsAt" | "state" | "minutesVersionId">[];
}

/** The states in which a talk's meeting details may still change. */
export const OPEN_STATES: readonly TalkState[] = ["scheduled", "circulated", "running"];

/**
 * Counts a change of the talk's meeting state (its `revision`), only while it is in one of
 * `states`. Call first in the transaction of the change: on PostgreSQL the row lock it takes
 * orders the change against a concurrent close.
 * @returns false when the talk is not in one of `states`
 */
export function touchTalk(db: Db, id: string, now: number, states: readonly TalkState[] = OPEN_STATES): boolean {
  return db.prepare(`UPDATE talks SET revision = revision + 1, updated_at = ? WHERE id = ? AND state IN (${states.map(() => "?").join(", ")})`).run(now, id, ...states).changes > 0;
}

/**
 * Sets the agenda item everyone in the talk is at (last writer wins), while the talk is open.
 * @returns false when the talk is closed or cancelled
 */
export function setAgendaItem(db: Db, id: string, index: number, now: number): boolean {
  return (
    db.prepare(`UPDATE talks SET agenda_item = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND state IN (${OPEN_STATES.map(() => "?").join(", ")})`).run(index, now, id, ...OPEN_STATES)
      .changes > 0
  );
}

/** Changes the details of a talk; only the given fields (`body: null` clears the working group). */
export function updateTalkDetails(db: Db, id: string, fields: Partial<Pick<TalkRow, "startsAt" | "plannedMinutes" | "place" | "agenda" | "body" | "reportLeadDays">>, now: number): void {
  const columns: [string, unknown][] = [
    ["updated_at", now],
    ["starts_at", fields.startsAt],
    ["planned_minutes", fields.plannedMinutes],
    ["place", fields.place],
    ["agenda_json", fields.agenda && JSON.stringify(fields.agenda)],
    ["body", fields.body],
    ["report_lead_days", fields.reportLeadDays],
  ];
  const given = columns.filter(([, value]) => value !== undefined);
  db.prepare(`UPDATE talks SET revision = revision + 1, ${given.map(([column]) => `${column} = ?`).join(", ")} WHERE id = ?`).run(...given.map(([, value]) => value), id);
}

/** Columns a state change may set besides the state. */
export interface TransitionFields {
  /** The circulation version just taken. */
  circulationVersionId?: number;
  /** The version taken at the start. */
  talkVersionId?: number;
  /** The minutes version. */
  minutesVersionId?: number;
  /** When the talk started. */
  startedAt?: number;
  /** When the talk was closed. */
  closedAt?: number;
}

const TRANSITION_COLUMNS: Record<keyof TransitionFields, string> = {
  circulationVersionId: "circulation_version_id",
  talkVersionId: "talk_version_id",
  minutesVersionId: "minutes_version_id",
  startedAt: "started_at",
  closedAt: "closed_at",
};

/**
 * Moves a talk to a new state only if it is in one of `from` (a guard: of two callers
 * racing, one wins).
 * @returns whether the talk was changed
 */
export function transitionTalk(db: Db, id: string, from: readonly TalkState[], to: TalkState, fields: TransitionFields, now: number): boolean {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined) as [keyof TransitionFields, number][];
  const sets = ["state = ?", "updated_at = ?", "revision = revision + 1", ...entries.map(([key]) => `${TRANSITION_COLUMNS[key]} = ?`)];
  const result = db.prepare(`UPDATE talks SET ${sets.join(", ")} WHERE id = ? AND state IN (${from.map(() => "?").join(", ")})`).run(to, now, ...entries.map(([, value]) => value), id, ...from);
  return result.changes > 0;
}

/**
 * Records why closing a talk did not lock the discussed quarter (so the funder is asked
 * to). Call in the transaction that closes the talk.
 * @param db - the database
 * @param id - the talk
 * @param withheld - the missing conditions, at least one
 */
export function recordLockWithheld(db: Db, id: string, withheld: readonly TalkLockGap[]): void {
  db.prepare("UPDATE talks SET lock_withheld_json = ? WHERE id = ?").run(JSON.stringify(withheld), id);
}

/**
 * Records the approval (or amendment) of the previous minutes while the talk runs, only if
 * the recorded decision is still the one with `expectedRevision` (0: none yet), so of two
 * people recording at once one wins and the other is told (compare and set).
 * @returns false when the talk no longer runs or another decision was recorded meanwhile
 */
export function recordApproval(db: Db, id: string, approval: { decision: "approved" | "amended"; note: string | null; by: string; at: number }, expectedRevision: number): boolean {
  return (
    db
      .prepare(
        `UPDATE talks SET approval = ?, approval_note = ?, approved_by = ?, approved_at = ?, updated_at = ?,
           approval_revision = approval_revision + 1, revision = revision + 1
         WHERE id = ? AND state = 'running' AND approval_revision = ?`,
      )
      .run(approval.decision, approval.note, approval.by, approval.at, approval.at, id, expectedRevision).changes > 0
  );
}

/** A talk's participants, in the order they were given. */
export function listParticipants(db: Db, talkId: string): ParticipantRow[] {
  const rows = db.prepare("SELECT user_id AS userId, email, name, side, present FROM talk_participants WHERE talk_id = ? ORDER BY position").all(talkId) as (Omit<ParticipantRow, "present"> & {
    present: number;
  })[];
  return rows.map((row) => ({ ...row, present: row.present === 1 }));
}

/** Replaces a talk's participants; those who stay keep their presence. Call inside a transaction. */
export function replaceParticipants(db: Db, talkId: string, participants: Omit<ParticipantRow, "present">[]): void {
  const present = new Set(
    listParticipants(db, talkId)
      .filter((p) => p.present)
      .map((p) => p.email.toLowerCase()),
  );
  db.prepare("DELETE FROM talk_participants WHERE talk_id = ?").run(talkId);
  const insert = db.prepare("INSERT INTO talk_participants (talk_id, user_id, email, name, side, present, position) VALUES (?, ?, ?, ?, ?, ?, ?)");
  participants.forEach((p, position) => insert.run(talkId, p.userId, p.email, p.name, p.side, present.has(p.email.toLowerCase()) ? 1 : 0, position));
}

/**
 * Records whether a participant is present.
 * @returns false when the address is not a participant
 */
export function setPresence(db: Db, talkId: string, email: string, present: boolean): boolean {
  return db.prepare("UPDATE talk_participants SET present = ? WHERE talk_id = ? AND email = ?").run(present ? 1 : 0, talkId, email).changes > 0;
}

/** Inserts an agreement. */
export function insertAgreement(db: Db, agreement: Omit<AgreementRow, "measureId">): void {
  db.prepare(
    `INSERT INTO talk_agreements (id, talk_id, text, owner, due_date, created_by, created_at, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM talk_agreements WHERE talk_id = ?))`,
  ).run(agreement.id, agreement.talkId, agreement.text, agreement.owner, agreement.dueDate, agreement.createdBy, agreement.createdAt, agreement.talkId);
}

const AGREEMENT_COLUMNS = "id, talk_id AS talkId, text, owner, due_date AS dueDate, measure_id AS measureId, created_by AS createdBy, created_at AS createdAt";

/** A talk's agreements, oldest first. */
export function listAgreements(db: Db, talkId: string): AgreementRow[] {
  return db.prepare(`SELECT ${AGREEMENT_COLUMNS} FROM talk_agreements WHERE talk_id = ? ORDER BY position`).all(talkId) as AgreementRow[];
}

/** One agreement of a talk, or undefined. */
export function findAgreement(db: Db, talkId: string, id: string): AgreementRow | undefined {
  return db.prepare(`SELECT ${AGREEMENT_COLUMNS} FROM talk_agreements WHERE talk_id = ? AND id = ?`).get(talkId, id) as AgreementRow | undefined;
}

/**
 * Claims an agreement for turning it into a measure, so it becomes one measure only.
 * @returns false when it already has a measure
 */
export function claimAgreementMeasure(db: Db, id: string, measureId: string): boolean {
  return db.prepare("UPDATE talk_agreements SET measure_id = ? WHERE id = ? AND measure_id IS NULL").run(measureId, id).changes > 0;
}

/** Gives up a claim whose measure could not be created. */
export function releaseAgreementMeasure(db: Db, id: string, measureId: string): void {
  db.prepare("UPDATE talk_agreements SET measure_id = NULL WHERE id = ? AND measure_id = ?").run(id, measureId);
}
