/**
 * Planning talks: scheduling one talk or a quarterly series, and moving or editing a
 * planned one, each with its jobs (circulation, reporting reminder) in one transaction.
 * A talk less than 14 days ahead (the conference's minimum notice) is circulated at once:
 * its circulation version is taken while planning and its mail job is due now.
 */
import { randomUUID } from "node:crypto";
import { talkKindOf } from "../../shared/domain/meetingWords";
import { implausibleDateMessage, isPlausibleDate } from "../../shared/domain/plausibleDate";
import { defaultAgenda, type AgendaItem, type NewTalk, type TalkEdit, type TalkWarning } from "../../shared/domain/talks";
import { quarterlySeries, SHORT_NOTICE_WARNING, SHORT_NOTICE_WARNING_CIRCULATED } from "../../shared/domain/talkSchedule";
import { badRequest } from "../errors";
import { transaction, type Db } from "../persistence/db";
import { scheduleJob } from "../persistence/jobs";
import type { ScorecardRecord } from "../persistence/scorecards";
import { insertTalk, replaceParticipants, updateTalkDetails } from "../persistence/talks";
import type { UserRecord } from "../persistence/users";
import type { Logger } from "../log";
import { berlinLocalToEpoch } from "./berlinTime";
import { planReminder } from "./reportReminder";
import { conflict, type TalkContext } from "./talkAccess";
import { CIRCULATE_JOB, type TalkDelivery } from "./talkDelivery";
import { resolveParticipants } from "./talkParticipants";
import { circulationDue, plannedAtShortNotice } from "./talkTimes";

/** What planning needs. */
export interface PlanningDeps {
  /** The database. */
  db: Db;
  /** The time. */
  clock: () => number;
  /** Takes the circulation version of a talk planned at short notice. */
  delivery: Pick<TalkDelivery, "freezeCirculation">;
  /** Told when a talk changed outside a transaction of the caller (its circulation was taken); must not reject. */
  notify(talkId: string): Promise<void>;
  /** Asks the job scheduler to run due jobs now (the circulation mail of a talk at short notice). */
  jobsDue?: () => void;
  /** Structured log. */
  logger?: Logger;
}

/**
 * Reads a start time given in Europe/Berlin that must lie ahead.
 * @param local - `YYYY-MM-DDTHH:mm`
 * @param now - ms since the epoch
 * @param field - the field named in a 400, e.g. `startsAt` or `series`
 * @throws AppError 400 naming the field
 */
export function parseStart(local: string, now: number, field = "startsAt"): number {
  let startsAt: number;
  try {
    startsAt = berlinLocalToEpoch(local);
  } catch (error) {
    throw badRequest(`${field}: ${(error as Error).message}`);
  }
  if (startsAt <= now) throw badRequest(`${field}: must be in the future`);
  return startsAt;
}

/** The German warning of short notice; the circulation part only while it was not sent. */
function shortNotice(circulated: boolean): TalkWarning {
  return { code: "shortNotice", message: circulated ? SHORT_NOTICE_WARNING_CIRCULATED : SHORT_NOTICE_WARNING };
}

/** Takes a talk's circulation version now and wakes the scheduler to mail it; a failure is left to the job, which is due now. */
async function circulateAtOnce(deps: PlanningDeps, talkId: string, userId: string): Promise<void> {
  try {
    if (await deps.delivery.freezeCirculation(talkId, userId)) await deps.notify(talkId);
  } catch (error) {
    deps.logger?.log("error", "circulating a talk at short notice failed; the job retries", { talkId, error: (error as Error).message });
  }
  deps.jobsDue?.();
}

/** The starts of the talks to plan: one, or the quarterly series. @throws AppError 400 */
function startsOf(input: NewTalk, now: number): number[] {
  if (!input.series) return [parseStart(input.startsAt, now)];
  return quarterlySeries(input.startsAt, input.series.count).map((local, index) => {
    if (index === 0) return parseStart(local, now);
    if (!isPlausibleDate(local)) throw badRequest(`series: ${implausibleDateMessage(`Termin ${index + 1} der Quartalsreihe`)}`);
    return parseStart(local, now, "series");
  });
}

/**
 * Schedules a talk, or a quarterly series of `input.series.count` talks (same local time,
 * every third month, each with its own jobs and editable on its own), on a scorecard the
 * user may edit. A session of the conference gets the session agenda when none is given.
 * @param deps - database, clock, delivery
 * @param user - who plans
 * @param scorecard - the scorecard (edit access checked by the caller)
 * @param input - the request
 * @returns the new talks' ids in date order, and warnings (short notice)
 * @throws AppError 400 naming the field
 */
export async function scheduleTalks(deps: PlanningDeps, user: UserRecord, scorecard: ScorecardRecord, input: NewTalk): Promise<{ ids: string[]; warnings: TalkWarning[] }> {
  const { db } = deps;
  const now = deps.clock();
  const kind = talkKindOf(scorecard.providerId);
  if (input.body && kind !== "session") throw badRequest("body: Eine Arbeitsgruppe gibt es nur bei Sitzungen der Sozialraumkonferenz.");
  const starts = startsOf(input, now);
  const participants = await resolveParticipants(db, scorecard, input.participants);
  const agenda = input.agenda ?? defaultAgenda(kind);
  const seriesId = input.series ? randomUUID() : null;
  const ids = starts.map(() => randomUUID());
  await transaction(db, async (trx) => {
    for (const [index, startsAt] of starts.entries()) {
      const id = ids[index];
      const talk = { id, scorecardId: scorecard.id, startsAt, plannedMinutes: input.plannedMinutes, place: input.place, agenda, createdBy: user.id, createdAt: now };
      await insertTalk(trx, { ...talk, body: input.body ?? null, seriesId, reportLeadDays: input.reportLeadDays }, participants);
      await scheduleJob(trx, CIRCULATE_JOB, id, circulationDue(startsAt, now));
      await planReminder(trx, { id, startsAt, reportLeadDays: input.reportLeadDays, hasProvider: scorecard.providerId !== null }, now);
    }
  });
  deps.logger?.log("info", "talk scheduled", { talkIds: ids, scorecardId: scorecard.id, userId: user.id });
  // Only the first of a series can be this close; the others are months ahead.
  if (!plannedAtShortNotice(starts[0], now)) return { ids, warnings: [] };
  await circulateAtOnce(deps, ids[0], user.id);
  return { ids, warnings: [shortNotice(false)] };
}

/**
 * An edited agenda keeps the Themenspeicher topic of every item it keeps: the edit form
 * sends titles only, and the meeting shows a topic by its item's `topicId`.
 */
function keepTopics(edited: AgendaItem[], current: AgendaItem[]): AgendaItem[] {
  const topicByTitle = new Map(current.filter((item) => item.topicId).map((item) => [item.title, item.topicId]));
  return edited.map((item) => (item.topicId || !topicByTitle.has(item.title) ? item : { ...item, topicId: topicByTitle.get(item.title) }));
}

/**
 * Reschedules or edits a planned talk: a new date moves the circulation while it is not sent
 * (to now, at short notice, and takes it at once), a new date or lead time moves the
 * reporting reminder while it is not sent.
 * @param deps - database, clock, delivery
 * @param context - the talk, its scorecard and the user (edit rights checked)
 * @param input - the fields to change
 * @returns warnings (short notice)
 * @throws AppError 400 naming the field, 409 for a talk over, cancelled or running (new date)
 */
export async function editTalk(deps: PlanningDeps, context: TalkContext, input: TalkEdit): Promise<TalkWarning[]> {
  const { db } = deps;
  const { talk, scorecard, user } = context;
  const now = deps.clock();
  const session = talkKindOf(scorecard.providerId) === "session";
  if (talk.state === "closed" || talk.state === "cancelled") {
    throw conflict(session ? "Eine beendete oder abgesagte Sitzung wird nicht mehr geändert." : "Ein beendetes oder abgesagtes Gespräch wird nicht mehr geändert.");
  }
  if (input.body && !session) throw badRequest("body: Eine Arbeitsgruppe gibt es nur bei Sitzungen der Sozialraumkonferenz.");
  const startsAt = input.startsAt === undefined ? undefined : parseStart(input.startsAt, now);
  if (startsAt !== undefined && talk.state === "running") throw conflict(`startsAt: ${session ? "Die Sitzung" : "Das Gespräch"} läuft bereits.`);
  const participants = input.participants && (await resolveParticipants(db, scorecard, input.participants));
  const planned = talk.state === "scheduled" || talk.state === "circulated";
  await transaction(db, async (trx) => {
    const agenda = input.agenda && keepTopics(input.agenda, talk.agenda);
    const details = { startsAt, plannedMinutes: input.plannedMinutes, place: input.place, agenda, reportLeadDays: input.reportLeadDays };
    await updateTalkDetails(trx, talk.id, { ...details, body: session ? input.body : undefined }, now);
    if (participants) await replaceParticipants(trx, talk.id, participants);
    // Moves the pending job only; a circulation already sent is not sent again for the new date.
    if (startsAt !== undefined && talk.state === "scheduled") await scheduleJob(trx, CIRCULATE_JOB, talk.id, circulationDue(startsAt, now));
    if (planned && (startsAt !== undefined || input.reportLeadDays !== undefined)) {
      const reportLeadDays = input.reportLeadDays ?? talk.reportLeadDays;
      await planReminder(trx, { id: talk.id, startsAt: startsAt ?? talk.startsAt, reportLeadDays, hasProvider: !session }, now);
    }
  });
  if (startsAt === undefined || !plannedAtShortNotice(startsAt, now)) return [];
  if (talk.state === "scheduled") await circulateAtOnce(deps, talk.id, user.id);
  return [shortNotice(talk.state !== "scheduled")];
}
