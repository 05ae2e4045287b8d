import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { AgreementInput, Approval, Presence } from "../../shared/domain/talks";
import { addStatusLine, createMeasure, newMeasureId } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { notFound } from "../errors";
import type { Db } from "../persistence/db";
import { cancelJob, scheduleJob } from "../persistence/jobs";
import { lockQuarter } from "../persistence/locks";
import {
  claimAgreementMeasure,
  findAgreement,
  insertAgreement,
  recordApproval,
  recordLockWithheld,
  releaseAgreementMeasure,
  setPresence,
  transitionTalk,
} from "../persistence/talks";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { VersionService } from "../versions/versionService";
import type { Logger } from "../log";
import { epochToBerlinLocal } from "./berlinTime";
import { closeLockDecision, type CloseLockDecision } from "./closeLock";
import { conflict, type TalkContext } from "./talkAccess";
import { CIRCULATE_JOB, MINUTES_JOB, type TalkDelivery } from "./talkDelivery";
import { quarterBefore } from "./talkTimes";

/** What running a talk needs. */
export interface MeetingDeps {
  /** The database. */
  db: Db;
  /** Takes the talk and minutes versions. */
  versions: Pick<VersionService, "take">;
  /** Changes the scorecard (an agreement becomes a measure). */
  collab: Pick<CollabServer, "change">;
  /** Sends the minutes. */
  delivery: Pick<TalkDelivery, "deliver">;
  /** The time. */
  clock: () => number;
  /** Told when the talk locked a quarter, to push fresh KPIs. */
  kpiEvents?: { figuresChanged(providerId: string): void };
  /** Structured log. */
  logger?: Logger;
}

/** The meeting itself: start, approval, presence, agreements, close. Callers check edit rights. */
export interface TalkMeeting {
  /** Starts the talk and takes the "talk" version; the circulation is no longer sent after this. */
  start(context: TalkContext, user: UserRecord): void;
  /** Records the approval or amendment of the previous minutes (a running talk's first item). */
  approve(context: TalkContext, user: UserRecord, approval: Approval): void;
  /** Records whether a participant is present. */
  setPresence(context: TalkContext, presence: Presence): void;
  /** Records an agreement. */
  addAgreement(context: TalkContext, user: UserRecord, agreement: AgreementInput): string;
  /**
   * Turns an agreement into a measure at the end of the scorecard, once.
   * @returns the new measure's id
   */
  agreementToMeasure(context: TalkContext, user: UserRecord, agreementId: string): string;
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

  function requireRunning(context: TalkContext): void {
    if (context.talk.state !== "running") throw conflict("Das Gespräch läuft nicht (erst starten).");
  }

  return {
    start({ talk }, user) {
      const started = db.transaction(() => {
        if (!transitionTalk(db, talk.id, ["scheduled", "circulated"], "running", { startedAt: clock() }, clock())) return false;
        const version = deps.versions.take(talk.scorecardId, "talk", `Gesprächsbeginn ${epochToBerlinLocal(clock()).date}`, user.id);
        transitionTalk(db, talk.id, ["running"], "running", { talkVersionId: version.id }, clock());
        // A circulation not yet sent would reach people already sitting in the talk.
        cancelJob(db, CIRCULATE_JOB, talk.id, clock());
        return true;
      }).immediate();
      if (!started) throw conflict(`Das Gespräch kann im Zustand „${talk.state}“ nicht begonnen werden.`);
    },

    approve(context, user, approval) {
      requireRunning(context);
      recordApproval(db, context.talk.id, { decision: approval.decision, note: approval.note || null, by: user.id, at: clock() });
    },

    setPresence(context, presence) {
      if (context.talk.state === "closed" || context.talk.state === "cancelled") throw conflict("Das Gespräch ist beendet.");
      if (!setPresence(db, context.talk.id, presence.email.toLowerCase(), presence.present)) throw notFound(`Teilnehmende Person ${presence.email}`);
    },

    addAgreement(context, user, agreement) {
      requireRunning(context);
      const id = randomUUID();
      insertAgreement(db, { id, talkId: context.talk.id, text: agreement.text, owner: agreement.owner, dueDate: agreement.dueDate ?? null, createdBy: user.id, createdAt: clock() });
      return id;
    },

    agreementToMeasure({ talk }, user, agreementId) {
      if (talk.state === "cancelled") throw conflict("Das Gespräch wurde abgesagt.");
      const agreement = findAgreement(db, talk.id, agreementId);
      if (!agreement) throw notFound("Vereinbarung");
      const measureId = newMeasureId();
      // Claimed first and committed, so a second click never creates a second measure; the
      // document change is not part of a database transaction (it reaches editors at once).
      if (!claimAgreementMeasure(db, agreement.id, measureId)) throw conflict("Aus dieser Vereinbarung wurde bereits eine Maßnahme.");
      const talkDate = epochToBerlinLocal(talk.startsAt).date;
      try {
        deps.collab.change(talk.scorecardId, user.id, (doc) => {
          createMeasure(doc, measureId, {
            title: agreement.text.slice(0, 500),
            responsiblePerson: agreement.owner,
            responsibleSide: "both",
            startDate: talkDate,
            dueDate: agreement.dueDate,
          });
          addStatusLine(doc, measureId, { talkDate, text: `Vereinbart im Steuerungsgespräch am ${talkDate}.` });
          const node = new Y.XmlElement("measure");
          node.setAttribute("measureId", measureId);
          const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
          fragment.insert(fragment.length, [node]);
        });
      } catch (error) {
        releaseAgreementMeasure(db, agreement.id, measureId);
        throw error;
      }
      return measureId;
    },

    async close(context, user) {
      requireRunning(context);
      const { talk, scorecard } = context;
      const talkDate = epochToBerlinLocal(talk.startsAt).date;
      const { quarter } = quarterBefore(talkDate);
      const closedAt = clock();
      const closed = db.transaction((): { decision: CloseLockDecision | null } | false => {
        if (!transitionTalk(db, talk.id, ["running"], "closed", { closedAt }, clock())) return false;
        const version = deps.versions.take(talk.scorecardId, "minutes", `Protokoll ${talkDate}`, user.id);
        transitionTalk(db, talk.id, ["closed"], "closed", { minutesVersionId: version.id }, clock());
        // The job sends the minutes if the attempt below fails, also after a restart.
        scheduleJob(db, MINUTES_JOB, talk.id, clock());
        if (!scorecard.providerId) return { decision: null };
        // A running talk's circulation no longer changes: only a scheduled talk is circulated.
        const circulated = talk.circulationVersionId !== null;
        const decision = closeLockDecision({ user, providerId: scorecard.providerId, startsAt: talk.startsAt, circulated, closedAt });
        if (decision.lock) lockQuarter(db, scorecard.providerId, quarter, user.id, `Steuerungsgespräch am ${talkDate}`);
        else recordLockWithheld(db, talk.id, decision.withheld);
        return { decision };
      }).immediate();
      if (!closed) throw conflict("Das Gespräch wurde bereits beendet.");
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
      return outcome;
    },
  };
}
