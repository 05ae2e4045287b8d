import type { Db } from "./db";

/** Someone a reminder mail goes to. */
export interface ReminderRecipient {
  /** Display name. */
  name: string;
  /** Address. */
  email: string;
}

/**
 * Who is reminded of a provider's reporting deadline: the editors of the provider's
 * organisation (they report the figures), not removed, who have not turned reminders off
 * on their account page (`users.reminder_mails`). Viewers cannot report and are left out.
 * @param db - the database
 * @param organisationId - the provider (the scorecard's `providerId`)
 * @returns the recipients, by name
 */
export function reminderRecipients(db: Db, organisationId: string): ReminderRecipient[] {
  return db
    .prepare(
      `SELECT name, email FROM users
       WHERE organisation_id = ? AND role = 'editor' AND disabled_at IS NULL AND reminder_mails = 1
       ORDER BY name, email`,
    )
    .all(organisationId) as ReminderRecipient[];
}
