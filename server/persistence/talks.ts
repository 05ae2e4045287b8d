import type { AgendaItem, ParticipantSide, TalkLockGap, TalkState } from "../../shared/domain/talks";
import { sql } from "kysely";
import { transaction, type Db } from "./db";

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

/**
 * The talks of scorecards that are not deleted, with their circulation time, as raw rows:
 * the talk stores add their conditions and read each row with {@link toTalk}.
 */
export function selectTalks(db: Db) {
  return db
    .selectFrom("talks as t")
    .innerJoin("scorecards as s", (join) => join.onRef("s.id", "=", "t.scorecard_id").on("s.deleted_at", "is", null))
    .leftJoin("versions as v", "v.id", "t.circulation_version_id")
    .select([
      "t.id",
      "t.scorecard_id as scorecardId",
      "t.starts_at as startsAt",
      "t.planned_minutes as plannedMinutes",
      "t.place",
      "t.agenda_json as agenda",
      "t.state",
      "t.circulation_version_id as circulationVersionId",
      "t.talk_version_id as talkVersionId",
      "t.minutes_version_id as minutesVersionId",
      "v.created_at as circulatedAt",
      "t.started_at as startedAt",
      "t.closed_at as closedAt",
      "t.lock_withheld_json as lockWithheld",
      "t.approval",
      "t.approval_note as approvalNote",
      "t.approved_by as approvedBy",
      "t.approved_at as approvedAt",
      "t.approval_revision as approvalRevision",
      "t.revision",
      "t.agenda_item as agendaItem",
      "t.body",
      "t.series_id as seriesId",
      "t.report_lead_days as reportLeadDays",
      "t.created_by as createdBy",
      "t.created_at as createdAt",
      "t.updated_at as updatedAt",
    ]);
}

/** A raw row of {@link selectTalks}. */
export type RawTalk = Awaited<ReturnType<ReturnType<typeof selectTalks>["executeTakeFirstOrThrow"]>>;

/** A raw talk row as a {@link TalkRow}. */
export function toTalk(row: RawTalk): TalkRow {
  return {
    ...row,
    state: row.state as TalkState,
    approval: row.approval as TalkRow["approval"],
    agenda: JSON.parse(row.agenda) as AgendaItem[],
    lockWithheld: row.lockWithheld === null ? null : (JSON.parse(row.lockWithheld) as TalkLockGap[]),
  };
}

/** What a new talk consists of. */
export type NewTalkRecord = Pick<TalkRow, "id" | "scorecardId" | "startsAt" | "plannedMinutes" | "place" | "agenda" | "createdBy" | "createdAt"> &
  Partial<Pick<TalkRow, "body" | "seriesId" | "reportLeadDays">>;

/**
 * Inserts a scheduled talk with its participants, in one transaction (or the caller's).
 * @param db - the database
 * @param talk - the talk
 * @param participants - its participants
 */
export async function insertTalk(db: Db, talk: NewTalkRecord, participants: Omit<ParticipantRow, "present">[]): Promise<void> {
  await transaction(db, async (trx) => {
    await trx
      .insertInto("talks")
      .values({
        id: talk.id,
        scorecard_id: talk.scorecardId,
        starts_at: talk.startsAt,
        planned_minutes: talk.plannedMinutes,
        place: talk.place,
        agenda_json: JSON.stringify(talk.agenda),
        state: "scheduled",
        body: talk.body ?? null,
        series_id: talk.seriesId ?? null,
        report_lead_days: talk.reportLeadDays ?? 12,
        created_by: talk.createdBy,
        created_at: talk.createdAt,
        updated_at: talk.createdAt,
      })
      .execute();
    await replaceParticipants(trx, talk.id, participants);
  });
}

/** A talk of a scorecard that is not deleted, or undefined. */
export async function findTalk(db: Db, id: string): Promise<TalkRow | undefined> {
  const row = await selectTalks(db).where("t.id", "=", id).executeTakeFirst();
  return row && toTalk(row);
}

/** The talk a version was taken for (its circulation, start or minutes), or undefined. */
export async function findTalkOfVersion(db: Db, versionId: number): Promise<TalkRow | undefined> {
  const row = await selectTalks(db)
    .where((eb) => eb.or([eb("t.circulation_version_id", "=", versionId), eb("t.talk_version_id", "=", versionId), eb("t.minutes_version_id", "=", versionId)]))
    .limit(1)
    .executeTakeFirst();
  return row && toTalk(row);
}

/** Every talk of the scorecards that are not deleted, soonest first. */
export async function listTalks(db: Db): Promise<TalkRow[]> {
  const rows = await selectTalks(db).orderBy("t.starts_at").orderBy("t.id").execute();
  return rows.map(toTalk);
}

/**
 * The talks of a quarterly series that were not cancelled, by date, for "Termin 2 von 4".
 * @returns their ids, soonest first
 */
export async function seriesTalkIds(db: Db, seriesId: string): Promise<string[]> {
  const rows = await db.selectFrom("talks").select("id").where("series_id", "=", seriesId).where("state", "<>", "cancelled").orderBy("starts_at").orderBy("id").execute();
  return rows.map((row) => row.id);
}

/**
 * The start of the scorecard's previous talk that was not cancelled.
 * @returns ms since the epoch, or null when this is the first
 */
export async function previousTalkStart(db: Db, scorecardId: string, startsAt: number): Promise<number | null> {
  const row = await db
    .selectFrom("talks")
    .select((eb) => eb.fn.max("starts_at").as("startsAt"))
    .where("scorecard_id", "=", scorecardId)
    .where("starts_at", "<", startsAt)
    .where("state", "<>", "cancelled")
    .executeTakeFirst();
  return row?.startsAt ?? null;
}

/**
 * The scorecard's talks that start before `startsAt`, newest first (for the minutes a talk
 * approves).
 */
export async function earlierTalks(db: Db, scorecardId: string, startsAt: number): Promise<Pick<TalkRow, "id" | "startsAt" | "state" | "minutesVersionId">[]> {
  const rows = await db
    .selectFrom("talks")
    .select(["id", "starts_at as startsAt", "state", "minutes_version_id as minutesVersionId"])
    .where("scorecard_id", "=", scorecardId)
    .where("starts_at", "<", startsAt)
    .orderBy("starts_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, state: row.state as TalkState }));
}

/** The states in which a talk's meeting details may still change. */
export const OPEN_STATES: readonly TalkState[] = ["scheduled", "circulated", "running"];

/**
 * Counts a change of the talk's meeting state (its `revision`), only while it is in one of
 * `states`. Call first in the transaction of the change: on PostgreSQL the row lock it takes
 * orders the change against a concurrent close.
 * @returns false when the talk is not in one of `states`
 */
export async function touchTalk(db: Db, id: string, now: number, states: readonly TalkState[] = OPEN_STATES): Promise<boolean> {
  const result = await db
    .updateTable("talks")
    .set((eb) => ({ revision: eb("revision", "+", 1), updated_at: now }))
    .where("id", "=", id)
    .where("state", "in", [...states])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Sets the agenda item everyone in the talk is at (last writer wins), while the talk is open.
 * @returns false when the talk is closed or cancelled
 */
export async function setAgendaItem(db: Db, id: string, index: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable("talks")
    .set((eb) => ({ agenda_item: index, revision: eb("revision", "+", 1), updated_at: now }))
    .where("id", "=", id)
    .where("state", "in", [...OPEN_STATES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Changes the details of a talk; only the given fields (`body: null` clears the working group). */
export async function updateTalkDetails(
  db: Db,
  id: string,
  fields: Partial<Pick<TalkRow, "startsAt" | "plannedMinutes" | "place" | "agenda" | "body" | "reportLeadDays">>,
  now: number,
): Promise<void> {
  await db
    .updateTable("talks")
    .set((eb) => ({
      revision: eb("revision", "+", 1),
      updated_at: now,
      // Kysely leaves out the columns whose value is undefined.
      starts_at: fields.startsAt,
      planned_minutes: fields.plannedMinutes,
      place: fields.place,
      agenda_json: fields.agenda && JSON.stringify(fields.agenda),
      body: fields.body,
      report_lead_days: fields.reportLeadDays,
    }))
    .where("id", "=", id)
    .execute();
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

/**
 * Moves a talk to a new state only if it is in one of `from` (a guard: of two callers
 * racing, one wins).
 * @returns whether the talk was changed
 */
export async function transitionTalk(db: Db, id: string, from: readonly TalkState[], to: TalkState, fields: TransitionFields, now: number): Promise<boolean> {
  const result = await db
    .updateTable("talks")
    .set((eb) => ({
      state: to,
      updated_at: now,
      revision: eb("revision", "+", 1),
      // Kysely leaves out the columns whose value is undefined.
      circulation_version_id: fields.circulationVersionId,
      talk_version_id: fields.talkVersionId,
      minutes_version_id: fields.minutesVersionId,
      started_at: fields.startedAt,
      closed_at: fields.closedAt,
    }))
    .where("id", "=", id)
    .where("state", "in", [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Records why closing a talk did not lock the discussed quarter (so the funder is asked
 * to). Call in the transaction that closes the talk.
 * @param db - the database
 * @param id - the talk
 * @param withheld - the missing conditions, at least one
 */
export async function recordLockWithheld(db: Db, id: string, withheld: readonly TalkLockGap[]): Promise<void> {
  await db
    .updateTable("talks")
    .set({ lock_withheld_json: JSON.stringify(withheld) })
    .where("id", "=", id)
    .execute();
}

/**
 * Records the approval (or amendment) of the previous minutes while the talk runs, only if
 * the recorded decision is still the one with `expectedRevision` (0: none yet), so of two
 * people recording at once one wins and the other is told (compare and set).
 * @returns false when the talk no longer runs or another decision was recorded meanwhile
 */
export async function recordApproval(db: Db, id: string, approval: { decision: "approved" | "amended"; note: string | null; by: string; at: number }, expectedRevision: number): Promise<boolean> {
  const result = await db
    .updateTable("talks")
    .set((eb) => ({
      approval: approval.decision,
      approval_note: approval.note,
      approved_by: approval.by,
      approved_at: approval.at,
      updated_at: approval.at,
      approval_revision: eb("approval_revision", "+", 1),
      revision: eb("revision", "+", 1),
    }))
    .where("id", "=", id)
    .where("state", "=", "running")
    .where("approval_revision", "=", expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A talk's participants, in the order they were given. */
export async function listParticipants(db: Db, talkId: string): Promise<ParticipantRow[]> {
  const rows = await db.selectFrom("talk_participants").select(["user_id as userId", "email", "name", "side", "present"]).where("talk_id", "=", talkId).orderBy("position").execute();
  return rows.map((row) => ({ ...row, side: row.side as ParticipantSide, present: row.present === 1 }));
}

/** Replaces a talk's participants, in one transaction (or the caller's); those who stay keep their presence. */
export async function replaceParticipants(db: Db, talkId: string, participants: Omit<ParticipantRow, "present">[]): Promise<void> {
  await transaction(db, async (trx) => {
    const present = new Set((await listParticipants(trx, talkId)).filter((p) => p.present).map((p) => p.email.toLowerCase()));
    await trx.deleteFrom("talk_participants").where("talk_id", "=", talkId).execute();
    if (participants.length === 0) return;
    await trx
      .insertInto("talk_participants")
      .values(
        participants.map((p, position) => ({
          talk_id: talkId,
          user_id: p.userId,
          email: p.email,
          name: p.name,
          side: p.side,
          present: present.has(p.email.toLowerCase()) ? 1 : 0,
          position,
        })),
      )
      .execute();
  });
}

/**
 * Records whether a participant is present.
 * @returns false when the address is not a participant
 */
export async function setPresence(db: Db, talkId: string, email: string, present: boolean): Promise<boolean> {
  const result = await db
    .updateTable("talk_participants")
    .set({ present: present ? 1 : 0 })
    .where("talk_id", "=", talkId)
    .where("email", "=", email)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Inserts an agreement. */
export async function insertAgreement(db: Db, agreement: Omit<AgreementRow, "measureId">): Promise<void> {
  await db
    .insertInto("talk_agreements")
    .values((eb) => ({
      id: agreement.id,
      talk_id: agreement.talkId,
      text: agreement.text,
      owner: agreement.owner,
      due_date: agreement.dueDate,
      created_by: agreement.createdBy,
      created_at: agreement.createdAt,
      // Counted in the same statement, so two agreements recorded at once get their own places.
      position: eb
        .selectFrom("talk_agreements")
        .select(sql<number>`coalesce(max(position), 0) + 1`.as("next"))
        .where("talk_id", "=", agreement.talkId),
    }))
    .execute();
}

function selectAgreements(db: Db) {
  return db.selectFrom("talk_agreements").select(["id", "talk_id as talkId", "text", "owner", "due_date as dueDate", "measure_id as measureId", "created_by as createdBy", "created_at as createdAt"]);
}

/** A talk's agreements, oldest first. */
export async function listAgreements(db: Db, talkId: string): Promise<AgreementRow[]> {
  return selectAgreements(db).where("talk_id", "=", talkId).orderBy("position").execute();
}

/** One agreement of a talk, or undefined. */
export async function findAgreement(db: Db, talkId: string, id: string): Promise<AgreementRow | undefined> {
  return selectAgreements(db).where("talk_id", "=", talkId).where("id", "=", id).executeTakeFirst();
}

/**
 * Claims an agreement for turning it into a measure, so it becomes one measure only.
 * @returns false when it already has a measure
 */
export async function claimAgreementMeasure(db: Db, id: string, measureId: string): Promise<boolean> {
  const result = await db.updateTable("talk_agreements").set({ measure_id: measureId }).where("id", "=", id).where("measure_id", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives up a claim whose measure could not be created. */
export async function releaseAgreementMeasure(db: Db, id: string, measureId: string): Promise<void> {
  await db.updateTable("talk_agreements").set({ measure_id: null }).where("id", "=", id).where("measure_id", "=", measureId).execute();
}
