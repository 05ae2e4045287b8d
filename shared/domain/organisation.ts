import { z } from "zod";

/** Whether an organisation pays (the social welfare office) or delivers services. */
export const OrganisationKindSchema = z.enum(["funder", "provider"]);
export type OrganisationKind = z.infer<typeof OrganisationKindSchema>;

/** A funder or provider organisation; every user belongs to exactly one. */
export interface Organisation {
  /** Stable id. */
  id: string;
  /** Display name, e.g. "Sozialamt Bremerhaven (Demo)". */
  name: string;
  /** Funder or provider. */
  kind: OrganisationKind;
}
