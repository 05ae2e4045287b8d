import { z } from "zod";

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
