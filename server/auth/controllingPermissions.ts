import type { Principal } from "./permissions";

/**
 * Who may do what with a provider's quantitative controlling (domain.md, "Where numbers
 * come from and who sees them"). Pure functions of the user and the provider's id, so the
 * routes and any later push of KPIs decide alike.
 */

/** What a user may do with one provider's figures, agreements, locks and KPIs. */
export interface ControllingRights {
  /** Read figures, staff, agreements, locks, history and KPIs. */
  read: boolean;
  /** Submit figures and staff (upload or form). */
  writeFigures: boolean;
  /** Save a new version of an agreement. */
  writeAgreements: boolean;
  /** Lock a quarter after its steering talk. */
  lock: boolean;
  /** Reopen a locked quarter (with a reason). */
  reopen: boolean;
}

const NOTHING: ControllingRights = { read: false, writeFigures: false, writeAgreements: false, lock: false, reopen: false };

/**
 * The rights of a user on one provider: any funder user and any user of the provider
 * read; editors of the provider and of the funder write figures; only funder editors
 * write agreements, lock and reopen; disabled users and other providers get nothing.
 * @param user - the user
 * @param providerId - the provider organisation's id
 * @returns the rights; all false when the user may not even read
 */
export function controllingRights(user: Principal, providerId: string): ControllingRights {
  if (user.disabledAt !== null) return NOTHING;
  const isFunder = user.organisationKind === "funder";
  const isOwn = user.organisationKind === "provider" && user.organisationId === providerId;
  if (!isFunder && !isOwn) return NOTHING;
  const editor = user.role === "editor";
  const funderEditor = isFunder && editor;
  return { read: true, writeFigures: editor, writeAgreements: funderEditor, lock: funderEditor, reopen: funderEditor };
}

/**
 * Whether a user may read a provider's figures, agreements and KPIs.
 * @param user - the user
 * @param providerId - the provider
 */
export function canReadControlling(user: Principal, providerId: string): boolean {
  return controllingRights(user, providerId).read;
}

/**
 * Whether a user may submit a provider's figures and staff.
 * @param user - the user
 * @param providerId - the provider
 */
export function canWriteFigures(user: Principal, providerId: string): boolean {
  return controllingRights(user, providerId).writeFigures;
}

/**
 * Whether a user may change a provider's budget agreements.
 * @param user - the user
 * @param providerId - the provider
 */
export function canWriteAgreements(user: Principal, providerId: string): boolean {
  return controllingRights(user, providerId).writeAgreements;
}

/**
 * Whether a user may lock a provider's quarter.
 * @param user - the user
 * @param providerId - the provider
 */
export function canLockQuarters(user: Principal, providerId: string): boolean {
  return controllingRights(user, providerId).lock;
}

/**
 * Whether a user may reopen a provider's locked quarter (funder editors only).
 * @param user - the user
 * @param providerId - the provider
 */
export function canReopenQuarters(user: Principal, providerId: string): boolean {
  return controllingRights(user, providerId).reopen;
}
