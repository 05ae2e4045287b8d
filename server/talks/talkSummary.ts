import type * as Y from "yjs";
import { talkKindOf } from "../../shared/domain/meetingWords";
import type { TalkMailState, TalkMissing, TalkQuarterLock, TalkSummary } from "../../shared/domain/talks";
import { canLockQuarters } from "../auth/controllingPermissions";
import { readMeasure } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { yDocToDocumentJson } from "../../shared/document/schema";
import type { Db } from "../persistence/db";
import { listFigureRows } from "../persistence/figures";
import { findJob } from "../persistence/jobs";
import { findLock } from "../persistence/locks";
import { listMails } from "../persistence/mails";
import type { ScorecardRecord } from "../persistence/scorecards";
import { earlierTalks, listAgreements, listParticipants, previousTalkStart, seriesTalkIds, type TalkRow } from "../persistence/talks";
import { findUserById } from "../persistence/users";
import { epochToBerlinLocal } from "./berlinTime";
import { closeLockDecision } from "./closeLock";
import { currentAgendaItem, previousMinutesOf } from "./meetingRules";
import { REPORT_REMINDER_MAIL } from "./reportReminder";
import { reportingStatus } from "./reportingDeadline";
import type { TalkContext } from "./talkAccess";
import { CIRCULATE_JOB } from "./talkDelivery";
import { circulationDueAt, circulationStatus, quarterBefore } from "./talkTimes";

/** What building summaries needs. */
export interface SummaryDeps {
  /** The database. */
  db: Db;
  /** Reads a scorecard's current document (for the measures still missing a status line). */
  readDocument(scorecardId: string): Promise<Y.Doc>;
  /** The time. */
  clock: () => number;
}

/** Measure statuses that need no report any more. */
const FINISHED = new Set(["done", "dropped"]);

/**
 * The measures placed in a document that are open and have no status line dated after
 * `afterDate` (or none at all when there is no earlier talk).
 * @param doc - the scorecard's document
 * @param afterDate - the previous talk's date, `YYYY-MM-DD`, or null
 */
export function measuresWithoutStatusLine(doc: Y.Doc, afterDate: string | null): { id: string; title: string }[] {
  const { placements } = readOutline(yDocToDocumentJson(doc));
  const seen = new Set<string>();
  const missing: { id: string; title: string }[] = [];
  for (const { measureId } of placements) {
    if (seen.has(measureId)) continue;
    seen.add(measureId);
    const measure = readMeasure(doc, measureId);
    if (!measure || FINISHED.has(measure.status)) continue;
    const reported = measure.statusLines.some((line) => afterDate === null || line.talkDate > afterDate);
    if (!reported) missing.push({ id: measure.id, title: measure.title });
  }
  return missing;
}

/**
 * What is missing before a talk (rules in `TalkMissing`).
 * @param deps - database and documents
 * @param talk - the talk
 * @param scorecard - its scorecard
 * @param doc - the scorecard's current document
 */
export async function missingItems(deps: Pick<SummaryDeps, "db">, talk: TalkRow, scorecard: ScorecardRecord, doc: Y.Doc): Promise<TalkMissing> {
  const { quarter, months } = quarterBefore(epochToBerlinLocal(talk.startsAt).date);
  const reported = new Set(scorecard.providerId ? (await listFigureRows(deps.db, scorecard.providerId, Number(months[0].slice(0, 4)))).map((row) => row.month) : []);
  const previous = await previousTalkStart(deps.db, talk.scorecardId, talk.startsAt);
  return {
    quarter,
    unreportedMonths: scorecard.providerId ? months.filter((month) => !reported.has(month)) : [],
    measuresWithoutStatusLine: measuresWithoutStatusLine(doc, previous === null ? null : epochToBerlinLocal(previous).date),
  };
}

async function mailState(db: Db, talkId: string, kind: string): Promise<TalkMailState | null> {
  const mails = (await listMails(db, { talkId })).filter((mail) => mail.kind === kind);
  const sent = mails.find((mail) => mail.sentAt !== null);
  if (sent) return { sentAt: new Date(sent.sentAt!).toISOString(), error: null };
  return mails[0] ? { sentAt: null, error: mails[0].error } : null;
}

/**
 * The lock of the quarter a running or closed talk of a provider's scorecard discusses:
 * whether it is locked now, why the close did not lock it (a closed talk) or would not if
 * this user closed it now (a running talk), and whether the user may lock it by hand.
 * @param deps - database and clock
 * @param context - the talk, its scorecard and the user
 * @returns null for the conference scorecard and for talks neither running nor closed
 */
export async function quarterLockOf(deps: Pick<SummaryDeps, "db" | "clock">, { talk, scorecard, user }: TalkContext): Promise<TalkQuarterLock | null> {
  const providerId = scorecard.providerId;
  if (!providerId || (talk.state !== "running" && talk.state !== "closed")) return null;
  const { quarter } = quarterBefore(epochToBerlinLocal(talk.startsAt).date);
  let withheld = talk.lockWithheld ?? [];
  if (talk.state === "running") {
    const decision = closeLockDecision({ user, providerId, startsAt: talk.startsAt, circulated: talk.circulationVersionId !== null, closedAt: deps.clock() });
    withheld = decision.lock ? [] : decision.withheld;
  }
  return { quarter, locked: (await findLock(deps.db, providerId, quarter)) !== undefined, withheld, canLock: canLockQuarters(user, providerId) };
}

/**
 * When a talk's circulation is due: its job's time when that is earlier than ten days
 * before (a talk planned or moved at short notice is circulated at once), else ten days before.
 */
async function circulationDueOf(db: Db, talk: TalkRow): Promise<number> {
  const regular = circulationDueAt(talk.startsAt);
  const job = talk.state === "scheduled" ? await findJob(db, CIRCULATE_JOB, talk.id) : undefined;
  return job && job.state === "pending" && job.dueAt < regular ? job.dueAt : regular;
}

/** A talk's place in its quarterly series, by date among those not cancelled. */
async function seriesOf(db: Db, talk: TalkRow): Promise<TalkSummary["series"]> {
  if (talk.seriesId === null) return null;
  const ids = await seriesTalkIds(db, talk.seriesId);
  const index = ids.indexOf(talk.id);
  return index < 0 ? null : { id: talk.seriesId, number: index + 1, count: ids.length };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Builds the API's view of talks; documents are read once per scorecard and call.
 * @param deps - database, documents, clock
 */
export function createSummarizer(deps: SummaryDeps): (context: TalkContext) => Promise<TalkSummary> {
  // Promises, so summaries built at once share one read per document and person.
  const documents = new Map<string, Promise<Y.Doc>>();
  const names = new Map<string, Promise<string>>();
  const person = async (id: string) => {
    if (!names.has(id))
      names.set(
        id,
        findUserById(deps.db, id).then((user) => user?.name ?? "Unbekannt"),
      );
    return { id, name: await names.get(id)! };
  };
  const documentOf = (scorecardId: string) => {
    if (!documents.has(scorecardId)) documents.set(scorecardId, deps.readDocument(scorecardId));
    return documents.get(scorecardId)!;
  };

  return async (context) => {
    const { talk, scorecard, canEdit } = context;
    const local = epochToBerlinLocal(talk.startsAt);
    const open = talk.state !== "closed" && talk.state !== "cancelled";
    const dueAt = await circulationDueOf(deps.db, talk);
    const agreements = await listAgreements(deps.db, talk.id);
    return {
      id: talk.id,
      kind: talkKindOf(scorecard.providerId),
      body: talk.body,
      series: await seriesOf(deps.db, talk),
      scorecard: { id: scorecard.id, title: scorecard.title, providerId: scorecard.providerId, providerName: scorecard.providerName },
      startsAt: new Date(talk.startsAt).toISOString(),
      localDate: local.date,
      localTime: local.time,
      plannedMinutes: talk.plannedMinutes,
      place: talk.place,
      agenda: talk.agenda,
      state: talk.state,
      circulationDueAt: new Date(dueAt).toISOString(),
      circulation: circulationStatus({ ...talk, circulationDueAt: dueAt }, deps.clock()),
      participants: await listParticipants(deps.db, talk.id),
      missing: open ? await missingItems(deps, talk, scorecard, await documentOf(talk.scorecardId)) : null,
      reportLeadDays: talk.reportLeadDays,
      reporting: await reportingStatus(deps.db, talk, scorecard, await mailState(deps.db, talk.id, REPORT_REMINDER_MAIL)),
      versions: { circulation: talk.circulationVersionId, talk: talk.talkVersionId, minutes: talk.minutesVersionId },
      approval: talk.approval
        ? { decision: talk.approval, note: talk.approvalNote, by: talk.approvedBy ? await person(talk.approvedBy) : null, at: iso(talk.approvedAt), revision: talk.approvalRevision }
        : null,
      agreements: await Promise.all(
        agreements.map(async (a) => ({
          id: a.id,
          text: a.text,
          owner: a.owner,
          dueDate: a.dueDate,
          measureId: a.measureId,
          createdBy: await person(a.createdBy),
          createdAt: new Date(a.createdAt).toISOString(),
        })),
      ),
      mails: { circulation: await mailState(deps.db, talk.id, "circulation"), minutes: await mailState(deps.db, talk.id, "minutes") },
      startedAt: iso(talk.startedAt),
      closedAt: iso(talk.closedAt),
      canEdit,
      quarterLock: await quarterLockOf(deps, context),
      revision: talk.revision,
      currentAgendaItem: currentAgendaItem(talk.agendaItem, talk.agenda.length),
      previousMinutes: previousMinutesOf(await earlierTalks(deps.db, talk.scorecardId, talk.startsAt)),
    };
  };
}
