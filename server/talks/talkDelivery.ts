import { transaction, type Db } from "../persistence/db";
import { scheduleJob } from "../persistence/jobs";
import { listMails } from "../persistence/mails";
import { findScorecard } from "../persistence/scorecards";
import { findTalk, listParticipants, transitionTalk } from "../persistence/talks";
import { findVersion } from "../persistence/versions";
import type { Mailer, SendOutcome } from "../mail/mailer";
import type { Logger } from "../log";
import type { VersionService } from "../versions/versionService";
import { epochToBerlinLocal } from "./berlinTime";
import { composeTalkMail, versionLink, type TalkMailKind } from "./talkMail";
import { minutesMailRecord } from "./minutesMail";

/** Job kind: send a talk's circulation when it is due. */
export const CIRCULATE_JOB = "talk.circulate";
/** Job kind: make sure a closed talk's minutes went out (retries a failed sending). */
export const MINUTES_JOB = "talk.minutes";

/**
 * Turns a scorecard version into the attached files (Word and PDF), named like
 * `BSC_<Provider>_<YYYY-MM-DD>_Vorabversand.docx`.
 */
export type ExportVersion = (scorecardId: string, versionId: number) => Promise<{ name: string; content: Buffer; contentType: string }[]>;

/** What delivering a talk's versions needs. */
export interface DeliveryDeps {
  /** The database. */
  db: Db;
  /** Takes the circulation version. */
  versions: Pick<VersionService, "capture" | "takeIn">;
  /** Sends and records the mails. */
  mailer: Pick<Mailer, "send">;
  /** Word and PDF of a version. */
  exportVersion: ExportVersion;
  /** The app's public address, for the link in the mail. */
  publicUrl: string;
  /** The time. */
  clock: () => number;
  /** Structured log. */
  logger?: Logger;
}

/** What became of a delivery: sent now, sent before, being sent by someone else, or nothing to send. */
export type DeliveryStatus = SendOutcome["status"] | "nothing";

/** Freezes and sends a talk's circulation and minutes, each exactly once. */
export interface TalkDelivery {
  /**
   * Takes the circulation version and marks the talk circulated, in one transaction
   * guarded by the talk's state, so of any number of callers (job, hand, other processes)
   * exactly one freezes it.
   * @returns whether this call froze it
   */
  freezeCirculation(talkId: string, userId: string | null): Promise<boolean>;
  /** Mails the frozen circulation or minutes version to every participant, once. */
  deliver(talkId: string, kind: TalkMailKind): Promise<DeliveryStatus>;
  /** The circulation job: freeze if still due, then make sure the mail went out. */
  runCirculationJob(talkId: string): Promise<void>;
  /** The minutes job: make sure the minutes mail went out. */
  runMinutesJob(talkId: string): Promise<void>;
}

/**
 * Creates the delivery of a talk's versions.
 * @param deps - database, versions, mailer, export
 */
export function createTalkDelivery(deps: DeliveryDeps): TalkDelivery {
  const { db, clock } = deps;

  async function freezeCirculation(talkId: string, userId: string | null): Promise<boolean> {
    const talk = await findTalk(db, talkId);
    if (talk?.state !== "scheduled") return false;
    // Read before the transaction, which may await nothing but the database.
    const content = await deps.versions.capture(talk.scorecardId);
    return transaction(db, async (trx) => {
      // Claim first, then take the version: on PostgreSQL two processes may both read
      // "scheduled", but only one UPDATE guarded by the state wins (as start and close do).
      if (!(await transitionTalk(trx, talkId, ["scheduled"], "circulated", {}, clock()))) return false;
      // In this transaction: the talk is circulated exactly when its version exists.
      const version = await deps.versions.takeIn(trx, content, "circulation", `Vorabversand ${epochToBerlinLocal(clock()).date}`, userId);
      return transitionTalk(trx, talkId, ["circulated"], "circulated", { circulationVersionId: version.id }, clock());
    });
  }

  async function deliver(talkId: string, kind: TalkMailKind): Promise<DeliveryStatus> {
    const talk = await findTalk(db, talkId);
    const scorecard = talk && (await findScorecard(db, talk.scorecardId));
    const versionId = kind === "circulation" ? talk?.circulationVersionId : talk?.minutesVersionId;
    // A circulation of a cancelled talk is not sent; the minutes only exist for closed talks.
    if (!talk || !scorecard || !versionId || talk.state === "cancelled") return "nothing";
    if ((await listMails(db, { talkId })).some((mail) => mail.kind === kind && mail.sentAt !== null)) return "alreadySent";
    const participants = await listParticipants(db, talkId);
    const version = await findVersion(db, talk.scorecardId, versionId);
    if (participants.length === 0 || !version) return "nothing";
    // Exported before the once-only claim: two racing senders may both export, but only one sends.
    const attachments = await deps.exportVersion(talk.scorecardId, versionId);
    const { subject, text } = composeTalkMail({
      kind,
      providerName: scorecard.providerName,
      body: talk.body,
      scorecardTitle: scorecard.title,
      startsAt: talk.startsAt,
      place: talk.place,
      plannedMinutes: talk.plannedMinutes,
      agenda: talk.agenda,
      participants,
      version: { number: version.number, name: version.name },
      link: versionLink(deps.publicUrl, talk.scorecardId, versionId),
      attachmentNames: attachments.map((file) => file.name),
      record: kind === "minutes" ? await minutesMailRecord(db, versionId) : undefined,
    });
    const outcome = await deps.mailer.send({
      talkId,
      kind,
      to: participants.map((p) => ({ name: p.name, email: p.email })),
      subject,
      text,
      attachments,
      once: true,
    });
    return outcome.status;
  }

  /** A job whose mail another worker is sending right now checks again later, until it was sent. */
  function requireSettled(status: DeliveryStatus, talkId: string, kind: TalkMailKind): void {
    if (status === "inFlight") throw new Error(`the ${kind} mail of talk ${talkId} is being sent by another worker; checking again later`);
  }

  return {
    freezeCirculation,
    deliver,

    async runCirculationJob(talkId) {
      await freezeCirculation(talkId, null);
      requireSettled(await deliver(talkId, "circulation"), talkId, "circulation");
    },

    async runMinutesJob(talkId) {
      requireSettled(await deliver(talkId, "minutes"), talkId, "minutes");
    },
  };
}

/**
 * Makes the circulation job due now, so that a circulation by hand whose sending fails
 * is retried by the scheduler like a due one.
 */
export async function circulationRetryNow(db: Db, talkId: string, now: number): Promise<void> {
  await scheduleJob(db, CIRCULATE_JOB, talkId, now);
}
