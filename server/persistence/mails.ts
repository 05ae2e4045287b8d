import type { Db } from "./db";

/** A row of the mail log. */
export interface MailRow {
  /** Id. */
  id: number;
  /** The talk it belongs to, or null. */
  talkId: string | null;
  /** Why it was sent, e.g. `circulation`. */
  kind: string;
  /** Addresses. */
  recipients: string[];
  /** Subject. */
  subject: string;
  /** Plain-text body. */
  body: string;
  /** Attachment file names. */
  attachments: string[];
  /** How it is sent. */
  transport: "smtp" | "outbox";
  /** Path of the .eml file when written to the outbox folder. */
  outboxFile: string | null;
  /** When it was recorded (and the sending began). */
  createdAt: number;
  /** When it was sent. */
  sentAt: number | null;
  /** Why sending failed. */
  error: string | null;
}

/** What is recorded before a mail is sent. */
export type NewMailRecord = Omit<MailRow, "id" | "outboxFile" | "sentAt" | "error">;

const COLUMNS = `id, talk_id AS talkId, kind, recipients_json AS recipients, subject, body, attachments_json AS attachments,
  transport, outbox_file AS outboxFile, created_at AS createdAt, sent_at AS sentAt, error`;

type RawMail = Omit<MailRow, "recipients" | "attachments"> & { recipients: string; attachments: string };

function toMail(row: RawMail): MailRow {
  return { ...row, recipients: JSON.parse(row.recipients) as string[], attachments: JSON.parse(row.attachments) as string[] };
}

function insert(db: Db, mail: NewMailRecord): number {
  return Number(
    db
      .prepare(
        `INSERT INTO mails (talk_id, kind, recipients_json, subject, body, attachments_json, transport, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(mail.talkId, mail.kind, JSON.stringify(mail.recipients), mail.subject, mail.body, JSON.stringify(mail.attachments), mail.transport, mail.createdAt).lastInsertRowid,
  );
}

/**
 * Records a mail about to be sent.
 * @returns its id
 */
export function insertMail(db: Db, mail: NewMailRecord): number {
  return insert(db, mail);
}

/** The outcome of claiming a mail that must go out once. */
export type MailClaim = { id: number } | { existing: MailRow; reason: "alreadySent" | "inFlight" };

/**
 * Records a mail that must go out once per talk and kind, atomically (IMMEDIATE
 * transaction, so also across processes): nothing is recorded when one was already sent,
 * or when another sender began less than `leaseMs` ago and has neither finished nor
 * failed. A failed one, or one whose sender vanished, may be sent again.
 * @param db - the database
 * @param mail - the mail; `talkId` must be set
 * @param leaseMs - how long an unfinished sending counts as in progress
 * @returns the new mail's id, or the existing mail and why nothing was recorded
 */
export function claimMailOnce(db: Db, mail: NewMailRecord & { talkId: string }, leaseMs: number): MailClaim {
  return db
    .transaction((): MailClaim => {
      const rows = (db.prepare(`SELECT ${COLUMNS} FROM mails WHERE talk_id = ? AND kind = ? ORDER BY id DESC`).all(mail.talkId, mail.kind) as RawMail[]).map(toMail);
      const sent = rows.find((row) => row.sentAt !== null);
      if (sent) return { existing: sent, reason: "alreadySent" };
      const inFlight = rows.find((row) => row.error === null && row.createdAt > mail.createdAt - leaseMs);
      if (inFlight) return { existing: inFlight, reason: "inFlight" };
      return { id: insert(db, mail) };
    })
    .immediate();
}

/** Marks a mail sent. */
export function markMailSent(db: Db, id: number, sentAt: number, outboxFile: string | null): void {
  db.prepare("UPDATE mails SET sent_at = ?, outbox_file = ?, error = NULL WHERE id = ?").run(sentAt, outboxFile, id);
}

/** Records why a mail could not be sent. */
export function markMailFailed(db: Db, id: number, error: string): void {
  db.prepare("UPDATE mails SET error = ? WHERE id = ?").run(error.slice(0, 2000), id);
}

/**
 * The mail log, newest first.
 * @param db - the database
 * @param filter - only the mails of one talk, if given
 */
export function listMails(db: Db, filter: { talkId?: string } = {}): MailRow[] {
  const rows =
    filter.talkId === undefined ? db.prepare(`SELECT ${COLUMNS} FROM mails ORDER BY id DESC`).all() : db.prepare(`SELECT ${COLUMNS} FROM mails WHERE talk_id = ? ORDER BY id DESC`).all(filter.talkId);
  return (rows as RawMail[]).map(toMail);
}

/** How many mails were sent, failed (not sent, with an error) and are pending, over the whole log. */
export function countMailsByState(db: Db): { sent: number; failed: number; pending: number } {
  const row = db
    .prepare(
      `SELECT SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END) AS sent,
              SUM(CASE WHEN sent_at IS NULL AND error IS NOT NULL THEN 1 ELSE 0 END) AS failed,
              SUM(CASE WHEN sent_at IS NULL AND error IS NULL THEN 1 ELSE 0 END) AS pending
       FROM mails`,
    )
    .get() as { sent: number | null; failed: number | null; pending: number | null };
  return { sent: Number(row.sent ?? 0), failed: Number(row.failed ?? 0), pending: Number(row.pending ?? 0) };
}
