import { z } from "zod";
import { ResponsibleSideSchema, type ResponsibleSide } from "../document/measures";

/**
 * The meeting mode of a steering talk as one live room: what every participant's screen
 * shares (state, current agenda item, timer, attendance, approval, agreements), the bodies
 * of the meeting actions that are not in talks.ts, and the small rules the client and
 * server share. The server holds the state; see server/sync/SPEC.md [SYNC25].
 */

/** Body of `PUT /api/talks/:id/agenda-item`: move everyone in the talk to an agenda item. */
export const AgendaMoveSchema = z.object({
  /** Index of the agenda item, 0 for the first. */
  index: z.number().int().min(0).max(29),
});
export type AgendaMove = z.infer<typeof AgendaMoveSchema>;

/** A goal of the scorecard as the user picked it: a level-3 heading by position and text. */
export const GoalRefSchema = z.object({
  /** Index of the heading among the document's top-level nodes, when the choice was offered. */
  index: z.number().int().min(0).max(100_000),
  /** The heading's text then, so a goal that moved meanwhile is still found. */
  title: z.string().max(500),
});
export type GoalRef = z.infer<typeof GoalRefSchema>;

/** Body of `POST /api/talks/:id/agreements/:agreementId/measure`: where the new measure goes. */
export const AgreementMeasureSchema = z.object({
  /** The goal the measure belongs under; left out: the scorecard's first goal. */
  goal: GoalRefSchema.optional(),
  /** Who is responsible; left out: both sides. */
  responsibleSide: ResponsibleSideSchema.optional(),
});
export type AgreementMeasure = z.infer<typeof AgreementMeasureSchema>;

/** The minutes a talk approves: those of the scorecard's latest earlier talk that was closed. */
export interface PreviousMinutes {
  /** The earlier talk. */
  talkId: string;
  /** Its date in Europe/Berlin, `YYYY-MM-DD`. */
  localDate: string;
  /** Its minutes version. */
  versionId: number;
}

/** What the `talkChanged` message says: this talk's meeting state changed, now at `revision`. */
export interface TalkChange {
  /** The talk. */
  talkId: string;
  /** Its revision after the change. */
  revision: number;
}

/**
 * The side responsible for a measure made from an agreement, as first offered: the side of
 * the participant or organisation named as owner, else both.
 * @param owner - the agreement's owner, free text ("Anton Anbieter-A", "Beispiel e.V.")
 * @param participants - the talk's participants
 * @param providerName - the scorecard's provider, or null (conference)
 * @example defaultResponsibleSide("Anton Anbieter-A", [{ name: "Anton Anbieter-A", side: "provider" }], null) // "provider"
 */
export function defaultResponsibleSide(owner: string, participants: readonly { name: string; side: "funder" | "provider" | "other" }[], providerName: string | null): ResponsibleSide {
  const wanted = owner.trim().toLowerCase();
  const person = participants.find((p) => p.name.trim().toLowerCase() === wanted);
  if (person && person.side !== "other") return person.side;
  if (providerName && wanted.length >= 3 && providerName.toLowerCase().includes(wanted)) return "provider";
  if (/sozialamt|leistungstr[äa]ger|funder/i.test(owner)) return "funder";
  return "both";
}
