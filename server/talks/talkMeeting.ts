import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { AgreementInput, Approval, Presence } from "../../shared/domain/talks";
import type { AgreementMeasure } from "../../shared/domain/talkMeeting";
import { byKind, startVersionName, talkKindOf, type TalkKind } from "../../shared/domain/meetingWords";
import { defaultGoal, goalSectionEnd, resolveGoal } from "../../shared/document/goalPlacement";
import { addStatusLine, createMeasure, newMeasureId } from "../../shared/document/measures";
import { DOCUMENT_FIELD, yDocToDocumentJson } from "../../shared/document/schema";
import { badRequest, notFound } from "../errors";
import { transaction, type Db } from "../persistence/db";
import { cancelJob, scheduleJob } from "../persistence/jobs";
import { lockQuarter } from "../persistence/locks";
import {
  claimAgreementMeasure,
  earlierTalks,
  findAgreement,
  findTalk,
  insertAgreement,
  recordApproval,
  recordLockWithheld,
  releaseAgreementMeasure,
  setAgendaItem,
  setPresence,
  touchTalk,
  transitionTalk,
  type TalkRow,
} from "../persistence/talks";
import { findUserById, type UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { VersionService } from "../versions/versionService";
import type { Logger } from "../log";
import { epochToBerlinLocal } from "./berlinTime";
import { closeLockDecision, type CloseLockDecision } from "./closeLock";
import { approvalOutcome, previousMinutesOf, type RecordedApproval } from "./meetingRules";
import { conflict, type TalkContext } from "./talkAccess";
import { CIRCULATE_JOB, MINUTES_JOB, type TalkDelivery } from "./talkDelivery";
import { quarterBefore } from "./talkTimes";
import { carryTopicsAtClose, type CarryResult } from "../topics/topicCarry";
import { topicPushes } from "../topics/topicAccess";

/** What running a talk needs. */
export interface MeetingDeps {
  /** The database. */
  db: Db;
  /** Takes the talk and minutes versions. */
  versions: Pick<VersionService, "capture" | "takeIn">;
  /** Changes the scorecard (an agreement becomes a measure); pushes the Themenspeicher after a close carried topics forward. */
  collab: Pick<CollabServer, "change"> & Partial<Pick<CollabServer, "notify">>;
  /** Sends the minutes. */
  delivery: Pick<TalkDelivery, "deliver">;
  /** The time. */
  clock: () => number;
  /** Told when the talk locked a quarter, to push fresh KPIs. */
  kpiEvents?: { figuresChanged(providerId: string): void };
  /** Structured log. */
  logger?: Logger;
  /** Told after every committed change of a talk, to push it to everyone in the talk ([SYNC25]); must not reject. */
  notify?(talkId: string): Promise<void>;
}

/** The meeting itself: start, approval, presence, agreements, close. Callers check edit rights. */
export interface TalkMeeting {
  /** Starts the talk and takes the "talk" version; the circulation is no longer sent after this. */
  start(context: TalkContext, user: UserRecord): Promise<void>;
  /**
   * Records the approval or amendment of the previous minutes (a running talk's first item),
   * atomically against the recorded one (`approvalOutcome`).
   * @throws AppError 409 for the first talk of a scorecard, and naming a different decision recorded meanwhile
   */
  approve(context: TalkContext, user: UserRecord, approval: Approval): Promise<void>;
  /** Records whether a participant is present; each participant on their own. */
  setPresence(context: TalkContext, presence: Presence): Promise<void>;
  /** Moves everyone in the talk to an agenda item (last writer wins). @throws AppError 400, 409 */
  moveAgenda(context: TalkContext, index: number): Promise<void>;
  /** Records an agreement. */
  addAgreement(context: TalkContext, user: UserRecord, agreement: AgreementInput): Promise<string>;
  /**
   * Turns an agreement into a measure, once, at the end of the chosen goal's section (by
   * default the scorecard's first goal) with the chosen responsible side (default both).
   * @returns the new measure's id
   * @throws AppError 409 when it became one already, or the goal is gone
   */
  agreementToMeasure(context: TalkContext, user: UserRecord, agreementId: string, placement?: AgreementMeasure): Promise<string>;
  /**
   * Closes the talk: takes the minutes version, locks the discussed quarter's figures of the
   * provider when `closeLockDecision` allows it (else records why not, so the funder is
   * asked to lock), and sends the minutes (retried by a job if sending fails).
   * @returns the lock decision, or null for the conference scorecard (no figures to lock)
   */
  close(context: TalkContext, user: UserRecord): Promise<CloseLockDecision | null>;
}

/**
 * Creates the meeting operations.
 * @param deps - database, versions, collaboration, delivery
 */
export function createTalkMeeting(deps: MeetingDeps): TalkMeeting {
  const { db, clock } = deps;

  // A session of the conference is spoken of as "Sitzung", a provider's talk as "Gespräch".
  const say = (context: TalkContext, texts: Record<TalkKind, string>) => byKind(talkKindOf(context.scorecard.providerId), texts);
  const notRunning = (context: TalkContext) => say(context, { steeringTalk: "Das Gespräch läuft nicht (erst starten).", session: "Die Sitzung läuft nicht (erst starten)." });
  const over = (context: TalkContext) => say(context, { steeringTalk: "Das Gespräch ist beendet.", session: "Die Sitzung ist beendet." });
  function requireRunning(context: TalkContext): void {
    if (context.talk.state !== "running") throw conflict(notRunning(context));
  }

  const notify = async (talkId: string) => deps.notify?.(talkId);

  async function recordedApproval(talk: TalkRow): Promise<RecordedApproval | null> {
    if (!talk.approval) return null;
    const byName = (talk.approvedBy && (await findUserById(db, talk.approvedBy))?.name) || "Unbekannt";
    return { decision: talk.approval, note: talk.approvalNote, byName, at: talk.approvedAt ?? 0, revision: talk.approvalRevision };
  }

  return {
    async start(context, user) {
      const { talk } = context;
      const startable = talk.state === "scheduled" || talk.state === "circulated";
      // Read before the transaction, which may await nothing but the database.
      const content = startable ? await deps.versions.capture(talk.scorecardId) : null;
      const started = await transaction(db, async (trx) => {
        if (!content || !(await transitionTalk(trx, talk.id, ["scheduled", "circulated"], "running", { startedAt: clock() }, clock()))) return false;
        // In this transaction: a running talk always has its talk version.
        const version = await deps.versions.takeIn(trx, content, "talk", startVersionName(talkKindOf(context.scorecard.providerId), epochToBerlinLocal(clock()).date), user.id);
        await transitionTalk(trx, talk.id, ["running"], "running", { talkVersionId: version.id }, clock());
        // A circulation not yet sent would reach people already sitting in the talk.
        await cancelJob(trx, CIRCULATE_JOB, talk.id, clock());
        return true;
      });
      if (!started) throw conflict(say(context, { steeringTalk: "Das Gespräch", session: "Die Sitzung" }) + ` kann im Zustand „${talk.state}“ nicht begonnen werden.`);
      await notify(talk.id);
    },

    async approve(context, user, approval) {
      requireRunning(context);
      const { talk } = context;
      if (!previousMinutesOf(await earlierTalks(db, talk.scorecardId, talk.startsAt))) {
        throw conflict(
          say(context, {
            steeringTalk: "Es gibt kein Protokoll eines früheren Gesprächs zu dieser Scorecard, das zu genehmigen wäre.",
            session: "Es gibt kein Protokoll einer früheren Sitzung zu dieser Scorecard, das zu genehmigen wäre.",
          }),
        );
      }
      // Compare and set: when someone else recorded a decision between reading and writing,
      // the request is decided again against theirs.
      for (let current: TalkRow | undefined = talk, attempt = 0; attempt < 3; attempt++, current = await findTalk(db, talk.id)) {
        if (current?.state !== "running") throw conflict(notRunning(context));
        const outcome = approvalOutcome(await recordedApproval(current), approval);
        if (outcome.kind === "unchanged") return;
        if (outcome.kind === "conflict") throw conflict(outcome.message);
        const record = { decision: approval.decision, note: approval.note || null, by: user.id, at: clock() };
        if (await recordApproval(db, talk.id, record, outcome.expectedRevision)) return notify(talk.id);
      }
      throw conflict("Die Entscheidung wurde gerade gleichzeitig geändert. Bitte prüfen Sie sie.");
    },

    async setPresence(context, presence) {
      const email = presence.email.toLowerCase();
      // Counted first: on PostgreSQL its row lock orders the change against a close.
      const open = await transaction(db, async (trx) => {
        if (!(await touchTalk(trx, context.talk.id, clock()))) return false;
        if (!(await setPresence(trx, context.talk.id, email, presence.present))) throw notFound(`Teilnehmende Person ${presence.email}`);
        return true;
      });
      if (!open) throw conflict(over(context));
      await notify(context.talk.id);
    },

    async moveAgenda(context, index) {
      const { talk } = context;
      if (index >= talk.agenda.length) throw badRequest(`index: Die Tagesordnung hat ${talk.agenda.length} Punkte.`);
      if (!(await setAgendaItem(db, talk.id, index, clock()))) throw conflict(over(context));
      await notify(talk.id);
    },

    async addAgreement(context, user, agreement) {
      requireRunning(context);
      const id = randomUUID();
      const running = await transaction(db, async (trx) => {
        if (!(await touchTalk(trx, context.talk.id, clock(), ["running"]))) return false;
        await insertAgreement(trx, { id, talkId: context.talk.id, text: agreement.text, owner: agreement.owner, dueDate: agreement.dueDate ?? null, createdBy: user.id, createdAt: clock() });
        return true;
      });
      if (!running) throw conflict(notRunning(context));
      await notify(context.talk.id);
      return id;
    },

    async agreementToMeasure(context, user, agreementId, placement = {}) {
      const { talk } = context;
      if (talk.state === "cancelled") throw conflict(say(context, { steeringTalk: "Das Gespräch wurde abgesagt.", session: "Die Sitzung wurde abgesagt." }));
      const agreement = await findAgreement(db, talk.id, agreementId);
      if (!agreement) throw notFound("Vereinbarung");
      const measureId = newMeasureId();
      const NOT_CANCELLED = ["scheduled", "circulated", "running", "closed"] as const;
      // Claimed first and committed, so a second click never creates a second measure; the
      // document change is not part of a database transaction (it reaches editors at once).
      const claimed = await transaction(db, async (trx) => (await touchTalk(trx, talk.id, clock(), NOT_CANCELLED)) && claimAgreementMeasure(trx, agreement.id, measureId));
      if (!claimed) throw conflict("Aus dieser Vereinbarung wurde bereits eine Maßnahme.");
      const release = () =>
        transaction(db, async (trx) => {
          if (await touchTalk(trx, talk.id, clock(), NOT_CANCELLED)) await releaseAgreementMeasure(trx, agreement.id, measureId);
        });
      const talkDate = epochToBerlinLocal(talk.startsAt).date;
      // The status line's text is read by people: a German date (its talkDate stays ISO).
      const germanDate = talkDate.split("-").reverse().join(".");
      let goalGone = false;
      try {
        await deps.collab.change(talk.scorecardId, user.id, (doc) => {
          // Resolved inside the change, against the document it is inserted into.
          const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
          const json = yDocToDocumentJson(doc);
          const goal = placement.goal ? resolveGoal(json, placement.goal) : (defaultGoal(json, null)?.index ?? null);
          if (placement.goal && goal === null) {
            goalGone = true;
            return;
          }
          createMeasure(doc, measureId, {
            title: agreement.text.slice(0, 500),
            responsiblePerson: agreement.owner,
            responsibleSide: placement.responsibleSide ?? "both",
            startDate: talkDate,
            dueDate: agreement.dueDate,
          });
          addStatusLine(doc, measureId, {
            talkDate,
            text: say(context, { steeringTalk: `Vereinbart im Steuerungsgespräch am ${germanDate}.`, session: `Vereinbart in der Sitzung der Sozialraumkonferenz am ${germanDate}.` }),
          });
          const node = new Y.XmlElement("measure");
          node.setAttribute("measureId", measureId);
          fragment.insert(goal === null ? fragment.length : goalSectionEnd(json, goal), [node]);
        });
      } catch (error) {
        await release();
        await notify(talk.id);
        throw error;
      }
      if (goalGone) {
        await release();
        await notify(talk.id);
        throw conflict(`Das Ziel „${placement.goal!.title}“ gibt es in der Scorecard nicht mehr. Bitte wählen Sie ein anderes.`);
      }
      await notify(talk.id);
      return measureId;
    },

    async close(context, user) {
      requireRunning(context);
      const { talk, scorecard } = context;
      const talkDate = epochToBerlinLocal(talk.startsAt).date;
      const { quarter } = quarterBefore(talkDate);
      const closedAt = clock();
      let carried: CarryResult | null = null;
      // Read before the transaction, which may await nothing but the database.
      const content = await deps.versions.capture(talk.scorecardId);
      const closed = await transaction(db, async (trx): Promise<{ decision: CloseLockDecision | null } | false> => {
        if (!(await transitionTalk(trx, talk.id, ["running"], "closed", { closedAt }, clock()))) return false;
        // In this transaction: a closed talk always has its minutes version.
        const version = await deps.versions.takeIn(trx, content, "minutes", `Protokoll ${talkDate}`, user.id);
        await transitionTalk(trx, talk.id, ["closed"], "closed", { minutesVersionId: version.id }, clock());
        // Open topics move on with the close, in its transaction: the minutes read this record.
        carried = await carryTopicsAtClose(trx, talk, closedAt);
        // The job sends the minutes if the attempt below fails, also after a restart.
        await scheduleJob(trx, MINUTES_JOB, talk.id, clock());
        if (!scorecard.providerId) return { decision: null };
        // A running talk's circulation no longer changes: only a scheduled talk is circulated.
        const circulated = talk.circulationVersionId !== null;
        const decision = closeLockDecision({ user, providerId: scorecard.providerId, startsAt: talk.startsAt, circulated, closedAt });
        if (decision.lock) await lockQuarter(trx, scorecard.providerId, quarter, user.id, `Steuerungsgespräch am ${talkDate}`);
        else await recordLockWithheld(trx, talk.id, decision.withheld);
        return { decision };
      });
      if (!closed) throw conflict(say(context, { steeringTalk: "Das Gespräch wurde bereits beendet.", session: "Die Sitzung wurde bereits beendet." }));
      // Everyone sees "abgeschlossen" now, not after the minutes were exported and sent.
      await notify(talk.id);
      const carry = carried as CarryResult | null;
      if (carry?.changed) {
        const pushes = topicPushes(db, deps.collab, deps.logger);
        await pushes.topics(talk.scorecardId);
        if (carry.nextTalkId) await notify(carry.nextTalkId);
      }
      const outcome = closed.decision;
      if (outcome && !outcome.lock) {
        deps.logger?.log("info", "talk closed without locking its quarter; the funder locks it", { talkId: talk.id, userId: user.id, quarter, withheld: outcome.withheld });
      }
      if (scorecard.providerId && outcome?.lock) {
        try {
          deps.kpiEvents?.figuresChanged(scorecard.providerId);
        } catch (error) {
          deps.logger?.log("error", "figuresChanged listener failed", { providerId: scorecard.providerId, error: (error as Error).message });
        }
      }
      try {
        await deps.delivery.deliver(talk.id, "minutes");
      } catch (error) {
        deps.logger?.log("warn", "minutes mail failed; the job retries it", { talkId: talk.id, error: (error as Error).message });
      }
      // The mail's state is part of what everyone sees.
      await touchTalk(db, talk.id, clock(), ["closed"]);
      await notify(talk.id);
      return outcome;
    },
  };
}
