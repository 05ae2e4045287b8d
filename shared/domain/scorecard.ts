import { z } from "zod";
import { singleLineText } from "./text";

/** What a user may do with a scorecard: edit it, only read it, or nothing (null). */
export const AccessSchema = z.enum(["edit", "read"]);
export type Access = z.infer<typeof AccessSchema>;

/** A scorecard as listed for a user (`GET /api/scorecards`). */
export interface ScorecardSummary {
  /** Stable id; also the collaboration room name. */
  id: string;
  /** Title shown in the list and on top of the editor. */
  title: string;
  /** The provider's name, or null for the shared conference scorecard. */
  provider: string | null;
  /** The user's access. */
  access: Access;
}

/** Request to create a scorecard. */
export const NewScorecardSchema = z.object({
  /** Title, e.g. "BSC 2027 – Beispiel e.V.". */
  title: z.string().trim().min(1).max(200).check(singleLineText("Titel")),
  /** The provider it belongs to, or null for a conference scorecard. */
  providerId: z.string().min(1).nullable(),
  /** Starter template (four perspectives and the conference's goals) or empty. */
  template: z.enum(["starter", "empty"]),
});
export type NewScorecard = z.infer<typeof NewScorecardSchema>;

/** A provider organisation as offered when creating a scorecard. */
export interface ProviderSummary {
  /** Organisation id. */
  id: string;
  /** Name. */
  name: string;
}
