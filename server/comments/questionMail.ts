import * as Y from "yjs";
import type { CommentThread } from "../../shared/domain/comments";
import { readThread } from "../../shared/document/comments";
import { readMeasure } from "../../shared/document/measures";
import type { JobHandler } from "../jobs/scheduler";
import type { Logger } from "../log";
import type { Mailer } from "../mail/mailer";
import type { Db } from "../persistence/db";
import { scheduleJob } from "../persistence/jobs";
import { sentMailRecipients } from "../persistence/questionMails";
import { findScorecard } from "../persistence/scorecards";
import { findUserById, listActiveUsersWithNotifications } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import { accountLink, composeQuestionMail, threadLink, type QuestionSubject } from "./questionMailText";
import { questionMailRecipients } from "./questionRecipients";

/** The job kind that mails a new question or answer to the other side. */
export const QUESTION_MAIL_JOB = "question.mail";

/** Which comment a question mail job is about. */
export interface QuestionMailSubject {
  /** The scorecard holding the thread. */
  scorecardId: string;
  /** The thread. */
  threadId: string;
  /** The reply, or null for the thread's first comment (the question). */
  replyId: string | null;
}

/**
 * The job's subject id: scorecard, thread and reply, so each question and each answer is
 * one job (jobs are unique per kind and subject).
 * @example questionJobSubject({ scorecardId: "sc", threadId: "c-1", replyId: null }) // "sc/c-1"
 */
export function questionJobSubject(subject: QuestionMailSubject): string {
  return [subject.scorecardId, subject.threadId, ...(subject.replyId ? [subject.replyId] : [])].join("/");
}

/** Reads a subject id written by {@link questionJobSubject}; null when it is not one. */
export function parseQuestionJobSubject(subjectId: string): QuestionMailSubject | null {
  const parts = subjectId.split("/");
  if ((parts.length !== 2 && parts.length !== 3) || parts.some((part) => part === "")) return null;
  return { scorecardId: parts[0], threadId: parts[1], replyId: parts[2] ?? null };
}

/**
 * The kind the mails of one question or answer are logged under; the job asks the mail
 * log for it before sending, so nobody gets the same mail twice.
 */
export function questionMailKind(subject: Pick<QuestionMailSubject, "threadId" | "replyId">): string {
  return subject.replyId ? `question.${subject.threadId}.${subject.replyId}` : `question.${subject.threadId}`;
}

/**
 * Schedules the mail about a stored question or answer as a durable job, due now: the
 * scheduler of any process claims it once and sends it, so the request sends nothing and
 * a crash after storing the comment still mails it when a process next polls.
 * @param db - the database
 * @param subject - the new thread or reply
 * @param now - ms since the epoch
 */
export async function scheduleQuestionMail(db: Db, subject: QuestionMailSubject, now: number): Promise<void> {
  await scheduleJob(db, QUESTION_MAIL_JOB, questionJobSubject(subject), now);
}

/** What the question mails need. */
export interface QuestionMailerDeps {
  /** The database: scorecards, users and their settings, the mail log. */
  db: Db;
  /** Reads the stored document, which holds the threads. */
  collab: Pick<CollabServer, "documentState">;
  /** Sends and logs the mails. */
  mailer: Pick<Mailer, "send">;
  /** The app's public address, for the links. */
  publicUrl: string;
  /** Structured log. */
  logger?: Logger;
}

/** Sends the mails about questions and answers. */
export interface QuestionMailer {
  /**
   * Mails one question or answer to each person of the other side who wants it; skips
   * those it already reached, so running it again never sends a mail twice.
   * @param subjectId - the job's subject, see {@link questionJobSubject}
   * @throws Error when a mail failed; the job is retried and sends only the missing ones
   */
  run(subjectId: string): Promise<void>;
  /** The job handler, for the scheduler: `{ "question.mail": run }`. */
  jobHandlers(): Record<string, JobHandler>;
}

function aboutOf(doc: Y.Doc, thread: CommentThread): QuestionSubject {
  if (thread.anchor.kind === "text") return { kind: "text", quote: thread.anchor.quote };
  return { kind: "measure", title: readMeasure(doc, thread.anchor.measureId)?.title ?? null };
}

/**
 * Creates the question mailer. Recipients and their settings are read when the job runs,
 * so a user who turned the mails off in the meantime gets none.
 * @example createScheduler({ db, clock: Date.now, handlers: { ...talks.jobHandlers(), ...questionMails.jobHandlers() } })
 */
export function createQuestionMailer(deps: QuestionMailerDeps): QuestionMailer {
  const { db, logger } = deps;

  async function run(subjectId: string): Promise<void> {
    const subject = parseQuestionJobSubject(subjectId);
    const scorecard = subject && (await findScorecard(db, subject.scorecardId));
    // A deleted scorecard tells nobody anything any more.
    if (!subject || !scorecard) return;
    // The stored state, not a room's copy: the comment was stored before the job was scheduled, maybe by another process.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await deps.collab.documentState(scorecard.id)).state);
    try {
      const thread = readThread(doc, subject.threadId);
      const reply = subject.replyId === null ? null : (thread?.replies.find((entry) => entry.id === subject.replyId) ?? null);
      if (!thread || (subject.replyId !== null && !reply)) {
        logger?.log("warn", "question mail: the comment is gone", { scorecardId: scorecard.id, threadId: subject.threadId, replyId: subject.replyId });
        return;
      }
      const written = reply ?? thread;
      const writer = await findUserById(db, written.createdBy);
      if (!writer) return;
      const kind = questionMailKind(subject);
      const reached = await sentMailRecipients(db, kind);
      const recipients = questionMailRecipients(writer, scorecard, await listActiveUsersWithNotifications(db)).filter((user) => !reached.has(user.email.toLowerCase()));
      const about = aboutOf(doc, thread);
      const failures: string[] = [];
      for (const recipient of recipients) {
        const { subject: mailSubject, text } = composeQuestionMail({
          kind: reply ? "answer" : "question",
          scorecardTitle: scorecard.title,
          recipientName: recipient.name,
          recipientAsked: thread.createdBy === recipient.id,
          writer: { name: written.authorName, organisationName: writer.organisationName },
          about,
          question: { authorName: thread.authorName, text: thread.text },
          answer: reply ? { text: reply.text } : undefined,
          link: threadLink(deps.publicUrl, scorecard.id, thread.id),
          accountLink: accountLink(deps.publicUrl),
        });
        // One mail per person: the other side may be several providers, who must not see each other's addresses.
        try {
          await deps.mailer.send({ talkId: null, kind, to: [{ name: recipient.name, email: recipient.email }], subject: mailSubject, text, attachments: [] });
        } catch (error) {
          failures.push(`${recipient.email}: ${(error as Error).message}`);
        }
      }
      if (failures.length > 0) throw new Error(`${failures.length} von ${recipients.length} Mails nicht versandt (${failures.join("; ")})`);
    } finally {
      doc.destroy();
    }
  }

  return {
    run,
    jobHandlers: () => ({ [QUESTION_MAIL_JOB]: run }),
  };
}
