import type { Db } from "./db";

/**
 * The addresses a mail of this kind already went out to (sent, not merely begun), lower
 * case. A question's mail job asks before sending, so a second run of the job (a retry
 * after a partial failure, or a run after a crash) only sends what is missing.
 * @param db - the database
 * @param kind - the mail kind, e.g. `question.<threadId>`
 * @returns the addresses
 */
export async function sentMailRecipients(db: Db, kind: string): Promise<Set<string>> {
  const rows = await db.selectFrom("mails").select("recipients_json").where("kind", "=", kind).where("sent_at", "is not", null).execute();
  return new Set(rows.flatMap((row) => (JSON.parse(row.recipients_json) as string[]).map((address) => address.toLowerCase())));
}
