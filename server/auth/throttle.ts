import { isIPv6 } from "node:net";
import { Limits } from "../../shared/limits";
import type { Logger } from "../log";
import { lockKey, transaction, type Db } from "../persistence/db";
import { addressFailureCount, insertFailure, nthNewestAddressFailure, pairFailures, removeFailure, settlePair } from "../persistence/loginFailures";

/** How failed password checks slow down further ones. */
export interface ThrottlePolicy {
  /** Failures of one account from one address answered at once. */
  freeFailures: number;
  /** The wait after the last free failure; each further failure doubles it. */
  firstDelayMs: number;
  /** The longest wait of a pair. */
  maxDelayMs: number;
  /** Failures of one address (all accounts) within `addressWindowMs` before it must wait. */
  failuresPerAddress: number;
  /** The sliding window of the per-address limit. */
  addressWindowMs: number;
  /** How long a failure counts for its pair (and is kept for the admin). */
  memoryMs: number;
}

/** The policy of `shared/limits.ts`. */
export const DEFAULT_POLICY: ThrottlePolicy = {
  freeFailures: Limits.loginFailuresPerPair,
  firstDelayMs: Limits.loginFirstDelayMs,
  maxDelayMs: Limits.loginMaxDelayMs,
  failuresPerAddress: Limits.loginFailuresPerAddress,
  addressWindowMs: Limits.loginWindowMs,
  memoryMs: Limits.loginFailureMemoryMs,
};

/**
 * The wait a pair of account and address owes after its last failure.
 * @param failures - the pair's unsettled failures within the memory
 * @returns 0 up to `freeFailures`, then `firstDelayMs` doubling per further failure, at most `maxDelayMs`
 * @example pairDelayMs(7, DEFAULT_POLICY) // 4 minutes: 1, 2, 4 after the 5th, 6th, 7th failure
 */
export function pairDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  // The exponent is capped, so a long series cannot overflow to Infinity.
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(failures - policy.freeFailures, 30));
}

/**
 * Milliseconds until a pair may try again.
 * @param lastFailedAt - when the pair's last failure happened
 * @returns 0 when it may try now
 */
export function pairRetryAfterMs(failures: number, lastFailedAt: number, now: number, policy: ThrottlePolicy): number {
  return Math.max(0, lastFailedAt + pairDelayMs(failures, policy) - now);
}

/**
 * Milliseconds until an address may try again.
 * @param limitingFailureAt - when the address's `failuresPerAddress`-th newest failure in the window happened; undefined when it has fewer
 * @returns 0 when it may try now: the window has moved past that failure
 */
export function addressRetryAfterMs(limitingFailureAt: number | undefined, now: number, policy: ThrottlePolicy): number {
  return limitingFailureAt === undefined ? 0 : Math.max(0, limitingFailureAt + policy.addressWindowMs - now);
}

/**
 * The key an address is counted under: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its
 * /64 network, since one connection usually gets a whole /64 and could rotate through it.
 * @example addressKey("2001:db8::7") // "2001:db8:0:0::/64"
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  const plain = address.replace(/%.*$/, "");
  if (!isIPv6(plain)) return address;
  const [head, tail] = plain.split("::") as [string, string?];
  const split = (part?: string) => (part ? part.split(":") : []);
  // An embedded IPv4 address (only ever at the end) stands for two groups.
  const size = (parts: string[]) => parts.reduce((n, part) => n + (part.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - size(split(head)) - size(split(tail));
  const groups = [...split(head), ...Array<string>(zeros).fill("0"), ...split(tail)];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * A German wait for messages: "30 Sekunden", "1 Minute", "15 Minuten".
 * @param ms - the wait, more than 0
 */
export function waitInGerman(ms: number): string {
  // Rounded up like Retry-After, so the text never names less than the header.
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? "1 Sekunde" : `${seconds} Sekunden`;
  const minutes = Math.ceil(ms / 60_000);
  return minutes === 1 ? "1 Minute" : `${minutes} Minuten`;
}

/** Why a password check must wait. */
export interface Wait {
  /** Milliseconds until it may try again. */
  retryAfterMs: number;
  /** `pair`: this account from this address; `address`: every account from this address. */
  cause: "pair" | "address";
}

/** One password check, counted as failed before it is made (parallel guesses cannot slip under the limits). */
export interface Attempt {
  /** The stored failure's id. */
  id: string;
  /** The e-mail, lower case. */
  account: string;
  /** The address key ({@link addressKey}). */
  address: string;
  /** The pair's unsettled failures with this one. */
  pairFailures: number;
  /** The address's failures in its window with this one. */
  addressFailures: number;
}

/** Failed password checks per account and address, and per address. */
export interface LoginThrottle {
  /**
   * How long a check of this account from this address must wait, or null when it may run now.
   * @param options.perAddress - also apply the per-address limit (logins; not the password change of a logged-in user)
   */
  wait(account: string, address: string, options?: { perAddress?: boolean; now?: number }): Promise<Wait | null>;
  /** Counts a check as failed before it is made; settle it with `succeeded` or `failed`. */
  begin(account: string, address: string, now?: number): Promise<Attempt>;
  /**
   * `wait`, and when there is none `begin`, as one step: parallel checks of one address
   * cannot all pass the wait before any of them is counted. What a request calls.
   * @param options.perAddress - as for `wait`
   */
  waitOrBegin(account: string, address: string, options?: { perAddress?: boolean; now?: number }): Promise<{ wait: Wait } | { wait: null; attempt: Attempt }>;
  /** The check passed: takes the attempt back and forgets the pair's failures (not the admin's count). */
  succeeded(attempt: Attempt): Promise<void>;
  /** The check failed: logs (warn) when this attempt made the pair or the address reach its limit. */
  failed(attempt: Attempt): void;
}

/**
 * Creates the throttle of password checks. It counts per pair of account and client
 * address, so failures from one address never make the owner wait at another; repeated
 * failures of a pair get waits that double up to a cap, never a lock. The counts live in
 * the database, so several server processes share them and a restart forgives nothing.
 * @param logger - gets a warn line when a pair or an address reaches its limit
 */
export function createLoginThrottle(db: Db, logger: Logger, policy: ThrottlePolicy = DEFAULT_POLICY): LoginThrottle {
  async function waitIn(trx: Db, account: string, key: string, perAddress: boolean, now: number): Promise<Wait | null> {
    const pair = await pairFailures(trx, account, key, now - policy.memoryMs);
    const pairWait = pairRetryAfterMs(pair.failures, pair.lastFailedAt, now, policy);
    const addressWait = perAddress ? addressRetryAfterMs(await nthNewestAddressFailure(trx, key, policy.failuresPerAddress, now - policy.addressWindowMs), now, policy) : 0;
    if (pairWait === 0 && addressWait === 0) return null;
    return addressWait > pairWait ? { retryAfterMs: addressWait, cause: "address" } : { retryAfterMs: pairWait, cause: "pair" };
  }

  async function beginIn(trx: Db, account: string, key: string, now: number): Promise<Attempt> {
    const id = await insertFailure(trx, account, key, now, now - policy.memoryMs);
    return {
      id,
      account,
      address: key,
      pairFailures: (await pairFailures(trx, account, key, now - policy.memoryMs)).failures,
      addressFailures: await addressFailureCount(trx, key, now - policy.addressWindowMs),
    };
  }

  /**
   * Runs `work` in a transaction that checks and counts of the same address wait for:
   * each attempt sees the ones before it and gets its own number, so exactly one reaches a
   * limit. SQLite's write transactions already exclude each other; PostgreSQL's would
   * otherwise count side by side, hence the lock.
   */
  function serialised<T>(key: string, work: (trx: Db) => Promise<T>): Promise<T> {
    return transaction(db, async (trx) => {
      await lockKey(trx, `login_failures:${key}`);
      return work(trx);
    });
  }

  return {
    wait(account, address, { perAddress = true, now = Date.now() } = {}) {
      return waitIn(db, account, addressKey(address), perAddress, now);
    },
    begin(account, address, now = Date.now()) {
      const key = addressKey(address);
      return serialised(key, (trx) => beginIn(trx, account, key, now));
    },
    waitOrBegin(account, address, { perAddress = true, now = Date.now() } = {}) {
      const key = addressKey(address);
      return serialised(key, async (trx) => {
        const wait = await waitIn(trx, account, key, perAddress, now);
        return wait ? { wait } : { wait: null, attempt: await beginIn(trx, account, key, now) };
      });
    },
    async succeeded(attempt) {
      await transaction(db, async (trx) => {
        await removeFailure(trx, attempt.id);
        await settlePair(trx, attempt.account, attempt.address);
      });
    },
    failed(attempt) {
      // Once per crossing: only the attempt that reached the limit reports it.
      if (attempt.pairFailures === policy.freeFailures) {
        logger.log("warn", "repeated failed logins: this account is delayed from this address", {
          account: attempt.account,
          address: attempt.address,
          failures: attempt.pairFailures,
          retryAfterMs: pairDelayMs(attempt.pairFailures, policy),
        });
      }
      if (attempt.addressFailures === policy.failuresPerAddress) {
        logger.log("warn", "repeated failed logins: this address is delayed for every account", {
          address: attempt.address,
          failures: attempt.addressFailures,
          windowMs: policy.addressWindowMs,
        });
      }
    },
  };
}
