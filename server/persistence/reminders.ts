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
export async function reminderRecipients(db: Db, organisationId: string): Promise<ReminderRecipient[]> {
  return db
    .selectFrom("users")
    .select(["name", "email"])
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "editor")
    .where("disabled_at", "is", null)
    .where("reminder_mails", "=", 1)
    .orderBy("name")
    .orderBy("email")
    .execute();
}
