import { sql } from "kysely";
import { lockKey, transaction, type Db } from "./db";

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

function selectMails(db: Db) {
  return db
    .selectFrom("mails")
    .select([
      "id",
      "talk_id as talkId",
      "kind",
      "recipients_json as recipients",
      "subject",
      "body",
      "attachments_json as attachments",
      "transport",
      "outbox_file as outboxFile",
      "created_at as createdAt",
      "sent_at as sentAt",
      "error",
    ]);
}

type RawMail = Awaited<ReturnType<ReturnType<typeof selectMails>["executeTakeFirstOrThrow"]>>;

function toMail(row: RawMail): MailRow {
  return {
    ...row,
    transport: row.transport as MailRow["transport"],
    recipients: JSON.parse(row.recipients) as string[],
    attachments: JSON.parse(row.attachments) as string[],
  };
}

async function insert(db: Db, mail: NewMailRecord): Promise<number> {
  const row = await db
    .insertInto("mails")
    .values({
      talk_id: mail.talkId,
      kind: mail.kind,
      recipients_json: JSON.stringify(mail.recipients),
      subject: mail.subject,
      body: mail.body,
      attachments_json: JSON.stringify(mail.attachments),
      transport: mail.transport,
      created_at: mail.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records a mail about to be sent.
 * @returns its id
 */
export async function insertMail(db: Db, mail: NewMailRecord): Promise<number> {
  return insert(db, mail);
}

/** The outcome of claiming a mail that must go out once. */
export type MailClaim = { id: number } | { existing: MailRow; reason: "alreadySent" | "inFlight" };

/**
 * Records a mail that must go out once per talk and kind, atomically (one transaction under
 * the talk and kind's lock, so also across processes): nothing is recorded when one was
 * already sent, or when another sender began less than `leaseMs` ago and has neither
 * finished nor failed. A failed one, or one whose sender vanished, may be sent again.
 * @param db - the database
 * @param mail - the mail; `talkId` must be set
 * @param leaseMs - how long an unfinished sending counts as in progress
 * @returns the new mail's id, or the existing mail and why nothing was recorded
 */
export async function claimMailOnce(db: Db, mail: NewMailRecord & { talkId: string }, leaseMs: number): Promise<MailClaim> {
  return transaction(db, async (trx): Promise<MailClaim> => {
    // PostgreSQL: without it two senders could both read "none yet" and both record one.
    await lockKey(trx, `mail:${mail.talkId}:${mail.kind}`);
    const rows = (await selectMails(trx).where("talk_id", "=", mail.talkId).where("kind", "=", mail.kind).orderBy("id", "desc").execute()).map(toMail);
    const sent = rows.find((row) => row.sentAt !== null);
    if (sent) return { existing: sent, reason: "alreadySent" };
    const inFlight = rows.find((row) => row.error === null && row.createdAt > mail.createdAt - leaseMs);
    if (inFlight) return { existing: inFlight, reason: "inFlight" };
    return { id: await insert(trx, mail) };
  });
}

/** Marks a mail sent. */
export async function markMailSent(db: Db, id: number, sentAt: number, outboxFile: string | null): Promise<void> {
  await db.updateTable("mails").set({ sent_at: sentAt, outbox_file: outboxFile, error: null }).where("id", "=", id).execute();
}

/** Records why a mail could not be sent. */
export async function markMailFailed(db: Db, id: number, error: string): Promise<void> {
  await db
    .updateTable("mails")
    .set({ error: error.slice(0, 2000) })
    .where("id", "=", id)
    .execute();
}

/**
 * The mail log, newest first.
 * @param db - the database
 * @param filter - only the mails of one talk, if given
 */
export async function listMails(db: Db, filter: { talkId?: string } = {}): Promise<MailRow[]> {
  let query = selectMails(db);
  if (filter.talkId !== undefined) query = query.where("talk_id", "=", filter.talkId);
  const rows = await query.orderBy("id", "desc").execute();
  return rows.map(toMail);
}

/** How many mails were sent, failed (not sent, with an error) and are pending, over the whole log. */
export async function countMailsByState(db: Db): Promise<{ sent: number; failed: number; pending: number }> {
  const row = await db
    .selectFrom("mails")
    .select((eb) => [
      eb.fn.sum<number | null>(eb.case().when("sent_at", "is not", null).then(sql.lit(1)).else(sql.lit(0)).end()).as("sent"),
      eb.fn
        .sum<number | null>(
          eb
            .case()
            .when(eb.and([eb("sent_at", "is", null), eb("error", "is not", null)]))
            .then(sql.lit(1))
            .else(sql.lit(0))
            .end(),
        )
        .as("failed"),
      eb.fn
        .sum<number | null>(
          eb
            .case()
            .when(eb.and([eb("sent_at", "is", null), eb("error", "is", null)]))
            .then(sql.lit(1))
            .else(sql.lit(0))
            .end(),
        )
        .as("pending"),
    ])
    .executeTakeFirst();
  return { sent: Number(row?.sent ?? 0), failed: Number(row?.failed ?? 0), pending: Number(row?.pending ?? 0) };
}
