import type { Db } from "./db";

/**
 * The addresses a mail of this kind already went out to (sent, not merely begun), lower
 * case. A question's mail job asks before sending, so a second run of the job (a retry
 * after a partial failure, or a run after a crash) only sends what is missing.
 * @param db - the database
 * @param kind - the mail kind, e.g. `question.<threadId>`
 * @returns the addresses
 */
export function sentMailRecipients(db: Db, kind: string): Set<string> {
  const rows = db.prepare("SELECT recipients_json AS recipients FROM mails WHERE kind = ? AND sent_at IS NOT NULL").all(kind) as { recipients: string }[];
  return new Set(rows.flatMap((row) => (JSON.parse(row.recipients) as string[]).map((address) => address.toLowerCase())));
}
