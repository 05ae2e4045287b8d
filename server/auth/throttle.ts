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
 * Creates a throttle allowing `maxFailures` failures per key within `windowMs`.
 * Kept in memory: a restart forgives, which is acceptable for login throttling.
 */
export function createThrottle(maxFailures: number, windowMs: number): Throttle {
  const entries = new Map<string, { failures: number; windowStart: number }>();
  function current(key: string, now: number) {
    const entry = entries.get(key);
    if (entry && now - entry.windowStart >= windowMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }
  return {
    retryAfterMs(key, now = Date.now()) {
      const entry = current(key, now);
      return entry && entry.failures >= maxFailures ? entry.windowStart + windowMs - now : 0;
    },
    fail(key, now = Date.now()) {
      const entry = current(key, now);
      if (entry) entry.failures += 1;
      else entries.set(key, { failures: 1, windowStart: now });
    },
    reset(key) {
      entries.delete(key);
    },
    forgive(key) {
      const entry = entries.get(key);
      if (entry && entry.failures > 0) entry.failures -= 1;
    },
  };
}
