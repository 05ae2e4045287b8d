import type { Access } from "../../shared/domain/scorecard";
import type { OrganisationKind } from "../../shared/domain/organisation";
import type { Role } from "../../shared/domain/user";

/** The parts of a user that decide their access. */
export interface Principal {
  /** The user's organisation. */
  organisationId: string;
  /** Funder or provider. */
  organisationKind: OrganisationKind;
  /** Editor or viewer. */
  role: Role;
  /** Removed users have no access at all. */
  disabledAt: number | null;
}

/** The parts of a scorecard that decide who may open it. */
export interface ScorecardOwner {
  /** The owning provider, or null for the conference scorecard. */
  providerId: string | null;
}

/**
 * What a user may do with a scorecard (domain.md, "Where numbers come from and who sees
 * them"): the funder reaches every scorecard; a provider reaches its own and the shared
 * conference scorecard; viewers only read; nobody else gets anything.
 * @param user - the user
 * @param scorecard - the scorecard
 * @returns "edit", "read" or null for no access
 */
export function scorecardAccess(user: Principal, scorecard: ScorecardOwner): Access | null {
  if (user.disabledAt !== null) return null;
  const reachable = user.organisationKind === "funder" || scorecard.providerId === null || scorecard.providerId === user.organisationId;
  if (!reachable) return null;
  return user.role === "editor" ? "edit" : "read";
}

/**
 * Whether a user may create scorecards: editors of the funder (the scorecards are part
 * of its budget contracts), and admins.
 */
export function canCreateScorecards(user: Principal & { isAdmin: boolean }): boolean {
  if (user.disabledAt !== null) return false;
  return user.isAdmin || (user.organisationKind === "funder" && user.role === "editor");
}
