import { z } from "zod";
import { singleLineText } from "./text";

/**
 * The words a talk is made of that both its requests (talks.ts) and its answers
 * (talkSummary.ts) use; kept apart so that neither imports the other.
 */

/** Where a talk stands: scheduled → circulated → running → closed, or cancelled before it ran. */
export const TalkStateSchema = z.enum(["scheduled", "circulated", "running", "closed", "cancelled"]);
export type TalkState = z.infer<typeof TalkStateSchema>;

/** Which side a participant speaks for. */
export const ParticipantSideSchema = z.enum(["funder", "provider", "other"]);
export type ParticipantSide = z.infer<typeof ParticipantSideSchema>;

/** One agenda item. */
export const AgendaItemSchema = z.object({
  /** The item's title. */
  title: z.string().trim().min(1, "must not be empty").max(300).check(singleLineText("Tagesordnungspunkt")),
  /** The Themenspeicher topic this item discusses (planned from the topic backlog). */
  topicId: z.string().min(1).max(100).optional(),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;
