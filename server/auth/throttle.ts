import type { Db } from "../persistence/db";
import { clearFailures, currentFailures, forgiveFailure, recordFailure } from "../persistence/loginFailures";

/** Counts failures per key in a fixed window and says when a key must wait. */
export interface Throttle {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now?: number): number;
  /** Records a failure. */
  fail(key: string, now?: number): void;
  /** Forgets a key after a success. */
  reset(key: string): void;
  /** Takes back one recorded failure (an attempt counted in advance that succeeded). */
  forgive(key: string): void;
}

/**
 * Creates a throttle allowing `maxFailures` failures per key within `windowMs`. The count
 * lives in the database, so several server processes share it and a restart forgives
 * nothing: an attacker gains no attempts by spreading them over processes.
 * @param scope - what the keys are (e.g. "account", "address"), kept apart in storage
 */
export function createThrottle(db: Db, scope: string, maxFailures: number, windowMs: number): Throttle {
  return {
    retryAfterMs(key, now = Date.now()) {
      const entry = currentFailures(db, scope, key, now - windowMs);
      return entry && entry.failures >= maxFailures ? entry.windowStart + windowMs - now : 0;
    },
    fail(key, now = Date.now()) {
      recordFailure(db, scope, key, now, now - windowMs);
    },
    reset(key) {
      clearFailures(db, scope, key);
    },
    forgive(key) {
      forgiveFailure(db, scope, key);
    },
  };
}
