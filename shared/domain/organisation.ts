import { z } from "zod";
import { singleLineText } from "./text";

/** Whether an organisation pays (the social welfare office) or delivers services. */
export const OrganisationKindSchema = z.enum(["funder", "provider"]);
export type OrganisationKind = z.infer<typeof OrganisationKindSchema>;

/** A new organisation (`npm run admin -- create-organisation`). */
export const NewOrganisationSchema = z.object({
  /** Display name, unique. */
  name: z.string().trim().min(1).max(200).check(singleLineText("Name der Organisation")),
  /** Funder or provider. */
  kind: OrganisationKindSchema,
});
export type NewOrganisation = z.infer<typeof NewOrganisationSchema>;

/** A funder or provider organisation; every user belongs to exactly one. */
export interface Organisation {
  /** Stable id. */
  id: string;
  /** Display name, e.g. "Sozialamt Bremerhaven (Demo)". */
  name: string;
  /** Funder or provider. */
  kind: OrganisationKind;
}
