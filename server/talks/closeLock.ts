import type { TalkLockGap } from "../../shared/domain/talks";
import { canLockQuarters } from "../auth/controllingPermissions";
import type { Principal } from "../auth/permissions";

/**
 * Who locks a quarter by closing its steering talk. Locking is the funder's (domain.md:
 * "the funder locks the quarter once its talk was held"); a provider's close stands in for
 * it only when the talk evidently took place as planned: circulated ten days ahead, and
 * closed after its scheduled date and time. Otherwise the talk closes without a lock and
 * the funder is asked to lock the quarter. A pure function, so the close and the talk's
 * summary decide alike.
 */

/** What decides whether closing a talk locks its quarter. */
export interface CloseLockFacts {
  /** Who closes the talk. */
  user: Principal;
  /** The provider whose quarter would be locked. */
  providerId: string;
  /** The talk's scheduled start, ms since the epoch. */
  startsAt: number;
  /** Whether the circulation version was taken (the talk was circulated). */
  circulated: boolean;
  /** When the talk is closed, ms since the epoch. */
  closedAt: number;
}

/** Whether closing locks the quarter, and why not. */
export type CloseLockDecision =
  /** Locks: a funder editor closes, or the talk was circulated and is closed after its start. */
  | { lock: true; because: "funder" | "held_as_planned" }
  /** Does not lock; `withheld` names every condition that is missing. */
  | { lock: false; withheld: TalkLockGap[] };

/**
 * Decides whether closing a talk locks the discussed quarter: always for an editor of the
 * funder (who may lock quarters anyway); for anyone else only when the talk was circulated
 * and is closed at or after its scheduled start.
 * @param facts - who closes, the provider, the talk's start and circulation, the time
 * @returns the decision; when it does not lock, every missing condition in a fixed order
 * @example
 * closeLockDecision({ user: providerEditor, providerId: "a", startsAt, circulated: false, closedAt: startsAt - DAY })
 * // { lock: false, withheld: ["before_start", "not_circulated"] }
 */
export function closeLockDecision(facts: CloseLockFacts): CloseLockDecision {
  if (canLockQuarters(facts.user, facts.providerId)) return { lock: true, because: "funder" };
  const withheld: TalkLockGap[] = [];
  if (facts.closedAt < facts.startsAt) withheld.push("before_start");
  if (!facts.circulated) withheld.push("not_circulated");
  return withheld.length === 0 ? { lock: true, because: "held_as_planned" } : { lock: false, withheld };
}
