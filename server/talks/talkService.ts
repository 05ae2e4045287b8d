import type { AgreementInput, Approval, EditedTalk, MailSummary, NewTalk, Presence, ScheduledTalk, TalkEdit, TalkCandidate, TalkList, TalkSummary } from "../../shared/domain/talks";
import type { AgreementMeasure } from "../../shared/domain/talkMeeting";
import { encodeTalkChanged } from "../../shared/protocol/talkChanged";
import { scorecardAccess } from "../auth/permissions";
import { forbidden, notFound } from "../errors";
import { transaction, type Db } from "../persistence/db";
import { cancelJob } from "../persistence/jobs";
import { listMails } from "../persistence/mails";
import { findScorecard } from "../persistence/scorecards";
import { findTalk, listTalks, transitionTalk } from "../persistence/talks";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { VersionService } from "../versions/versionService";
import type { Mailer } from "../mail/mailer";
import type { JobHandler } from "../jobs/scheduler";
import type { Logger } from "../log";
import { AppError } from "../errors";
import { releaseTopicsOfCancelledTalk } from "../topics/topicCarry";
import { topicPushes } from "../topics/topicAccess";
import { createReminderJob, REPORT_REMINDER_JOB } from "./reportReminder";
import { conflict, editableTalk, planners, visibleTalk, type TalkContext } from "./talkAccess";
import { CIRCULATE_JOB, MINUTES_JOB, circulationRetryNow, createTalkDelivery, type ExportVersion } from "./talkDelivery";
import { createTalkMeeting } from "./talkMeeting";
import { participantCandidates } from "./talkParticipants";
import { editTalk, scheduleTalks } from "./talkPlanning";
import { createSummarizer } from "./talkSummary";

/** What the talk service needs. */
export interface TalkServiceDeps {
  /** The database. */
  db: Db;
  /** Reads documents (missing items), changes them (agreements become measures), and pushes talk changes to everyone in the talk. */
  collab: Pick<CollabServer, "readDocument" | "change" | "notify">;
  /** Takes the circulation, talk and minutes versions. */
  versions: Pick<VersionService, "capture" | "takeIn">;
  /** Sends and records mails. */
  mailer: Pick<Mailer, "send">;
  /** Word and PDF of a version, attached to the mails. */
  exportVersion: ExportVersion;
  /** The app's public address, for links in mails (e.g. https://steuerrad.example). */
  publicUrl: string;
  /** The time, ms since the epoch (tests); default Date.now. */
  clock?: () => number;
  /** Told when closing a talk locked a quarter. */
  kpiEvents?: { figuresChanged(providerId: string): void };
  /** Structured log. */
  logger?: Logger;
  /**
   * Asks the job scheduler to run what is due now, so the circulation of a talk planned at
   * short notice goes out at once rather than at the next poll (server.ts: `scheduler.runDueNow`).
   */
  jobsDue?: () => void;
}

/** Steering talks: planning, circulation, the meeting, minutes. Every method checks the user's rights. */
export interface TalkService {
  /** Open talks and those of the last twelve months the user may see. */
  list(user: UserRecord): Promise<TalkList>;
  /** One talk. @throws AppError 404 */
  get(user: UserRecord, talkId: string): Promise<TalkSummary>;
  /**
   * Schedules a talk (or a quarterly series) with its circulation and reporting reminder; at
   * short notice the circulation is taken at once and a warning says so. @throws AppError 400, 403, 404
   */
  schedule(user: UserRecord, input: NewTalk): Promise<ScheduledTalk>;
  /** Reschedules or edits a talk; a new date moves the circulation while it is not sent, and the reminder. */
  edit(user: UserRecord, talkId: string, input: TalkEdit): Promise<EditedTalk>;
  /** Cancels a talk that has not started, and its circulation. */
  cancel(user: UserRecord, talkId: string): Promise<TalkSummary>;
  /** Circulates now, by hand (earlier than due, or again after a failed sending). @throws AppError 409 when sent */
  circulate(user: UserRecord, talkId: string): Promise<TalkSummary>;
  /** Starts the talk. */
  start(user: UserRecord, talkId: string): Promise<TalkSummary>;
  /** Records the approval of the previous minutes. */
  approve(user: UserRecord, talkId: string, approval: Approval): Promise<TalkSummary>;
  /** Records a participant's presence. */
  setPresence(user: UserRecord, talkId: string, presence: Presence): Promise<TalkSummary>;
  /** Moves everyone in the talk to an agenda item. */
  moveAgenda(user: UserRecord, talkId: string, index: number): Promise<TalkSummary>;
  /** Records an agreement. */
  addAgreement(user: UserRecord, talkId: string, agreement: AgreementInput): Promise<TalkSummary>;
  /** Turns an agreement into a measure of the scorecard, under the chosen goal with the chosen side. */
  agreementToMeasure(user: UserRecord, talkId: string, agreementId: string, placement?: AgreementMeasure): Promise<{ measureId: string; talk: TalkSummary }>;
  /** Closes the talk: minutes version, quarter lock, minutes mail. */
  close(user: UserRecord, talkId: string): Promise<TalkSummary>;
  /** The mail log of the talks the user may see, newest first. */
  listMails(user: UserRecord, filter?: { talkId?: string }): Promise<MailSummary[]>;
  /** Who could be invited to a talk about this scorecard (404 when the user cannot see it). */
  candidates(user: UserRecord, scorecardId: string): Promise<TalkCandidate[]>;
  /** Handlers of the talk jobs, for the scheduler. */
  jobHandlers(): Record<string, JobHandler>;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Creates the talk service.
 * @example
 * const talks = createTalkService({ db, collab, versions, mailer, exportVersion, publicUrl: config.publicUrl });
 * const scheduler = createScheduler({ db, clock: Date.now, handlers: talks.jobHandlers() });
 */
export function createTalkService(deps: TalkServiceDeps): TalkService {
  const { db } = deps;
  const clock = deps.clock ?? Date.now;
  const delivery = createTalkDelivery({ ...deps, clock });
  // Every committed change reaches everyone who has the talk's scorecard open ([SYNC25]).
  // A failed push must not turn a stored change into an error; clients also read again after a reconnect.
  const notify = async (talkId: string) => {
    try {
      const talk = await findTalk(db, talkId);
      if (talk) deps.collab.notify(talk.scorecardId, encodeTalkChanged({ talkId, revision: talk.revision }));
    } catch (error) {
      deps.logger?.log("error", "pushing a talk change failed", { talkId, error: (error as Error).message });
    }
  };
  const meeting = createTalkMeeting({ ...deps, delivery, clock, notify });
  const summarizer = () => createSummarizer({ db, readDocument: (id) => deps.collab.readDocument(id), clock });
  const summary = async (user: UserRecord, talkId: string) => summarizer()(await visibleTalk(db, user, talkId));
  const planning = { db, clock, delivery, notify, jobsDue: deps.jobsDue, logger: deps.logger };

  async function visibleContexts(user: UserRecord): Promise<TalkContext[]> {
    const scorecards = new Map<string, Awaited<ReturnType<typeof findScorecard>>>();
    const contexts: TalkContext[] = [];
    for (const talk of await listTalks(db)) {
      if (!scorecards.has(talk.scorecardId)) scorecards.set(talk.scorecardId, await findScorecard(db, talk.scorecardId));
      const scorecard = scorecards.get(talk.scorecardId);
      const access = scorecard ? scorecardAccess(user, scorecard) : null;
      if (scorecard && access) contexts.push({ user, talk, scorecard, canEdit: access === "edit" });
    }
    return contexts;
  }

  return {
    async list(user) {
      const summarize = summarizer();
      const contexts = await visibleContexts(user);
      const open = (c: TalkContext) => c.talk.state !== "closed" && c.talk.state !== "cancelled";
      return {
        upcoming: await Promise.all(contexts.filter(open).map(summarize)),
        recent: await Promise.all(
          contexts
            .filter((c) => !open(c) && c.talk.startsAt >= clock() - YEAR_MS)
            .reverse()
            .map(summarize),
        ),
      };
    },

    get: summary,

    async schedule(user, input) {
      const scorecard = await findScorecard(db, input.scorecardId);
      const access = scorecard ? scorecardAccess(user, scorecard) : null;
      if (!scorecard || !access) throw notFound("Scorecard");
      if (access !== "edit") throw forbidden(planners(scorecard.providerId));
      const { ids, warnings } = await scheduleTalks(planning, user, scorecard, input);
      const summarize = summarizer();
      const planned = await Promise.all(ids.map(async (id) => summarize(await visibleTalk(db, user, id))));
      return { ...planned[0], warnings, planned };
    },

    async edit(user, talkId, input) {
      const warnings = await editTalk(planning, await editableTalk(db, user, talkId), input);
      await notify(talkId);
      return { ...(await summary(user, talkId)), warnings };
    },

    async cancel(user, talkId) {
      const { talk, scorecard } = await editableTalk(db, user, talkId);
      const cancelled = await transaction(db, async (trx) => {
        if (!(await transitionTalk(trx, talk.id, ["scheduled", "circulated"], "cancelled", {}, clock()))) return false;
        await cancelJob(trx, CIRCULATE_JOB, talk.id, clock());
        await cancelJob(trx, REPORT_REMINDER_JOB, talk.id, clock());
        // Topics planned into it are open again, to be planned into another talk.
        await releaseTopicsOfCancelledTalk(trx, talk.id, clock());
        return true;
      });
      if (!cancelled) {
        const what = scorecard.providerId === null ? "Eine Sitzung" : "Ein Gespräch";
        throw conflict(`${what} im Zustand „${talk.state}“ kann nicht abgesagt werden.`);
      }
      await notify(talkId);
      await topicPushes(db, deps.collab, deps.logger).topics(talk.scorecardId);
      return summary(user, talkId);
    },

    async circulate(user, talkId) {
      const { talk } = await editableTalk(db, user, talkId);
      if (talk.state !== "scheduled" && talk.state !== "circulated") throw conflict(`Im Zustand „${talk.state}“ wird kein Vorabversand mehr verschickt.`);
      if ((await listMails(db, { talkId })).some((mail) => mail.kind === "circulation" && mail.sentAt !== null)) {
        throw conflict("Der Vorabversand wurde bereits verschickt.");
      }
      if (await delivery.freezeCirculation(talkId, user.id)) await notify(talkId);
      await circulationRetryNow(db, talkId, clock());
      try {
        await delivery.deliver(talkId, "circulation");
      } catch (error) {
        throw new AppError(502, "mail_failed", `Versand fehlgeschlagen: ${(error as Error).message}. Er wird automatisch wiederholt.`);
      }
      return summary(user, talkId);
    },

    async start(user, talkId) {
      await meeting.start(await editableTalk(db, user, talkId), user);
      return summary(user, talkId);
    },

    async approve(user, talkId, approval) {
      await meeting.approve(await editableTalk(db, user, talkId), user, approval);
      return summary(user, talkId);
    },

    async setPresence(user, talkId, presence) {
      await meeting.setPresence(await editableTalk(db, user, talkId), presence);
      return summary(user, talkId);
    },

    async moveAgenda(user, talkId, index) {
      await meeting.moveAgenda(await editableTalk(db, user, talkId), index);
      return summary(user, talkId);
    },

    async addAgreement(user, talkId, agreement) {
      await meeting.addAgreement(await editableTalk(db, user, talkId), user, agreement);
      return summary(user, talkId);
    },

    async agreementToMeasure(user, talkId, agreementId, placement) {
      const measureId = await meeting.agreementToMeasure(await editableTalk(db, user, talkId), user, agreementId, placement);
      return { measureId, talk: await summary(user, talkId) };
    },

    async close(user, talkId) {
      await meeting.close(await editableTalk(db, user, talkId), user);
      return summary(user, talkId);
    },

    async candidates(user, scorecardId) {
      const scorecard = await findScorecard(db, scorecardId);
      if (!scorecard || !scorecardAccess(user, scorecard)) throw notFound("Scorecard");
      return participantCandidates(db, scorecard);
    },

    async listMails(user, filter = {}) {
      const visible = new Set((await visibleContexts(user)).map((c) => c.talk.id));
      if (filter.talkId !== undefined && !visible.has(filter.talkId)) throw notFound("Gespräch");
      return (await listMails(db, filter))
        .filter((mail) => mail.talkId !== null && visible.has(mail.talkId))
        .map((mail) => ({
          ...mail,
          outboxFile: mail.outboxFile && mail.outboxFile.split(/[\\/]/).pop()!,
          createdAt: new Date(mail.createdAt).toISOString(),
          sentAt: mail.sentAt === null ? null : new Date(mail.sentAt).toISOString(),
        }));
    },

    jobHandlers() {
      return {
        [CIRCULATE_JOB]: (talkId) => delivery.runCirculationJob(talkId),
        [MINUTES_JOB]: (talkId) => delivery.runMinutesJob(talkId),
        [REPORT_REMINDER_JOB]: createReminderJob({ db, mailer: deps.mailer, publicUrl: deps.publicUrl, clock, logger: deps.logger }),
      };
    },
  };
}
