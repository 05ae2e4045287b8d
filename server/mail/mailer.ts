import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Transporter } from "nodemailer";
import type { Db } from "../persistence/db";
import { claimMailOnce, insertMail, markMailFailed, markMailSent, type MailRow, type NewMailRecord } from "../persistence/mails";
import type { Logger } from "../log";
import type { MailSettings } from "./mailSettings";

/** A file attached to a mail. */
export interface MailAttachment {
  /** File name as the recipient sees it. */
  name: string;
  /** The bytes. */
  content: Buffer;
  /** MIME type. */
  contentType: string;
}

/** A recipient. */
export interface MailRecipient {
  /** Display name. */
  name: string;
  /** Address. */
  email: string;
}

/** A mail to send. */
export interface OutgoingMail {
  /** The talk it belongs to, or null. */
  talkId: string | null;
  /** Why it is sent, e.g. `circulation`; with `once`, at most one per talk and kind goes out. */
  kind: string;
  /** Recipients (all in To: the participants of one meeting know each other). */
  to: MailRecipient[];
  /** Subject. */
  subject: string;
  /** Plain-text body. */
  text: string;
  /** Attachments. */
  attachments: MailAttachment[];
  /** Send at most once per talk and kind, even when asked by several processes at once. */
  once?: boolean;
}

/** What became of a mail. */
export type SendOutcome = { status: "sent"; mail: MailRow } | { status: "alreadySent" | "inFlight"; mail: MailRow };

/** Sends mails by SMTP or into the outbox folder, and records each in `mails`. */
export interface Mailer {
  /** How this mailer sends. */
  readonly transport: "smtp" | "outbox";
  /**
   * Records and sends a mail. A failure is recorded on the mail and thrown.
   * @returns "sent", or (with `once`) why nothing was sent
   */
  send(mail: OutgoingMail): Promise<SendOutcome>;
  /** Closes SMTP connections. */
  close(): void;
}

/** What the mailer needs. */
export interface MailerOptions {
  /** The database with the mail log. */
  db: Db;
  /** SMTP server or outbox folder, and sender. */
  settings: MailSettings;
  /** The time, ms since the epoch (tests). */
  clock?: () => number;
  /** How long an unfinished sending of a once-only mail blocks others (default 10 minutes). */
  inFlightLeaseMs?: number;
  /** Structured log. */
  logger?: Logger;
}

/**
 * Creates the mailer: with `settings.smtp` it sends through that server, otherwise it
 * writes each mail as an RFC 822 .eml file (attachments included) into the outbox folder,
 * so the demo runs without a mail server and a person can open the mails.
 * @example await mailer.send({ talkId, kind: "circulation", to, subject, text, attachments, once: true })
 */
export function createMailer(options: MailerOptions): Mailer {
  const { db, settings } = options;
  const clock = options.clock ?? Date.now;
  const leaseMs = options.inFlightLeaseMs ?? 10 * 60 * 1000;
  const transport: Mailer["transport"] = settings.smtp ? "smtp" : "outbox";
  // nodemailer is loaded with the first mail; most processes send none for days.
  let transports: Promise<{ smtp: Transporter | null; stream: Transporter }> | null = null;
  const loadTransports = async () => {
    const { default: nodemailer } = await import("nodemailer");
    const smtpSettings = settings.smtp;
    return {
      smtp: smtpSettings
        ? nodemailer.createTransport({
            host: smtpSettings.host,
            port: smtpSettings.port,
            secure: smtpSettings.secure,
            auth: smtpSettings.user ? { user: smtpSettings.user, pass: smtpSettings.password ?? "" } : undefined,
          })
        : null,
      // Without SMTP the message is only built (RFC 822 with CRLF, as .eml files have it).
      stream: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" }),
    };
  };

  async function deliver(id: number, mail: OutgoingMail): Promise<string | null> {
    transports ??= loadTransports();
    const { smtp, stream } = await transports;
    const message = {
      from: settings.mailFrom,
      to: mail.to.map((recipient) => ({ name: recipient.name, address: recipient.email })),
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments.map((file) => ({ filename: file.name, content: file.content, contentType: file.contentType })),
    };
    if (smtp) {
      await smtp.sendMail(message);
      return null;
    }
    const built = (await stream.sendMail(message)).message;
    if (!Buffer.isBuffer(built)) throw new Error("the mail was not built as a buffer");
    mkdirSync(settings.outboxDir, { recursive: true });
    const file = join(settings.outboxDir, `${new Date(clock()).toISOString().replace(/[:.]/g, "-")}_${mail.kind}_${id}.eml`);
    // Written under a temporary name and renamed, so the folder never shows half a mail.
    writeFileSync(`${file}.tmp`, built);
    renameSync(`${file}.tmp`, file);
    return file;
  }

  return {
    transport,

    async send(mail) {
      const record: NewMailRecord = {
        talkId: mail.talkId,
        kind: mail.kind,
        recipients: mail.to.map((recipient) => recipient.email),
        subject: mail.subject,
        body: mail.text,
        attachments: mail.attachments.map((file) => file.name),
        transport,
        createdAt: clock(),
      };
      let id: number;
      if (mail.once) {
        if (mail.talkId === null) throw new Error("a once-only mail needs a talk");
        const claim = await claimMailOnce(db, { ...record, talkId: mail.talkId }, leaseMs);
        if ("existing" in claim) return { status: claim.reason, mail: claim.existing };
        id = claim.id;
      } else {
        id = await insertMail(db, record);
      }
      try {
        const outboxFile = await deliver(id, mail);
        const sentAt = clock();
        await markMailSent(db, id, sentAt, outboxFile);
        options.logger?.log("info", "mail sent", { mailId: id, kind: mail.kind, talkId: mail.talkId, transport, recipients: record.recipients.length });
        return { status: "sent", mail: { ...record, id, outboxFile, sentAt, error: null } };
      } catch (error) {
        await markMailFailed(db, id, (error as Error).message);
        options.logger?.log("error", "mail failed", { mailId: id, kind: mail.kind, talkId: mail.talkId, transport, error: (error as Error).message });
        throw error;
      }
    },

    close() {
      void transports?.then(({ smtp }) => smtp?.close());
    },
  };
}
