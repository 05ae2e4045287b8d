import { z } from "zod";

/** Which mails a user receives besides those of their talks (`GET /api/me/notifications`). */
export interface NotificationSettings {
  /** Mails when the other side asks or answers a question on a scorecard the user can see. */
  questionMails: boolean;
  /** Reminders of a talk's reporting deadline while figures are missing (sent to providers' editors). */
  reminderMails: boolean;
}

const flag = () => z.boolean({ error: "muss true (an) oder false (aus) sein" });

/**
 * Body of `PATCH /api/me/notifications`: the settings to change, at least one. The
 * messages are German, as the account page shows them as they come.
 */
export const NotificationSettingsPatchSchema = z
  .strictObject(
    {
      /** Mails about questions and answers on the user's scorecards. */
      questionMails: flag().optional(),
      /** Reminders of the reporting deadline. */
      reminderMails: flag().optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unbekanntes Feld: ${issue.keys.join(", ")}` : "Erwartet wird ein Objekt mit questionMails und/oder reminderMails.") },
  )
  .refine((patch) => patch.questionMails !== undefined || patch.reminderMails !== undefined, "Bitte questionMails oder reminderMails angeben.");
export type NotificationSettingsPatch = z.infer<typeof NotificationSettingsPatchSchema>;

/**
 * The query parameter of a scorecard link that opens one comment thread, as the question
 * mails link it: `/scorecards/<id>?thread=<threadId>`.
 */
export const THREAD_LINK_PARAMETER = "thread";
