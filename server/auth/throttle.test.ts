import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { createCollectingLogger } from "../log";
import { failuresPerUserAccount } from "../persistence/loginFailures";
import { addressKey, addressRetryAfterMs, createLoginThrottle, DEFAULT_POLICY, pairDelayMs, pairRetryAfterMs, waitInGerman, type ThrottlePolicy } from "./throttle";

const MINUTE = 60_000;
const policy: ThrottlePolicy = { freeFailures: 5, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE, failuresPerAddress: 50, addressWindowMs: 15 * MINUTE, memoryMs: 24 * 60 * MINUTE };

describe("pair delay", () => {
  it("answers the first failures at once, then doubles the wait per failure up to the cap", () => {
    expect([0, 1, 4].map((n) => pairDelayMs(n, policy))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => pairDelayMs(n, policy) / MINUTE)).toEqual([1, 2, 4, 8, 15, 15, 15]);
    expect(pairDelayMs(10_000, policy)).toBe(15 * MINUTE);
  });

  it("counts the wait from the pair's last failure", () => {
    expect(pairRetryAfterMs(6, 1_000_000, 1_000_000 + 30_000, policy)).toBe(2 * MINUTE - 30_000);
    expect(pairRetryAfterMs(6, 1_000_000, 1_000_000 + 2 * MINUTE, policy)).toBe(0);
    expect(pairRetryAfterMs(4, 1_000_000, 1_000_000, policy)).toBe(0);
  });

  it("lets an address try again once the window passed its limiting failure", () => {
    expect(addressRetryAfterMs(undefined, 5_000_000, policy)).toBe(0);
    expect(addressRetryAfterMs(5_000_000, 5_000_000 + MINUTE, policy)).toBe(14 * MINUTE);
    expect(addressRetryAfterMs(5_000_000, 5_000_000 + 15 * MINUTE, policy)).toBe(0);
  });

  it("uses the limits of shared/limits.ts by default", () => {
    expect(DEFAULT_POLICY).toEqual(policy);
  });
});

describe("addressKey", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6 and counts IPv6 by its /64 network", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::7")).toBe("2001:db8:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});

describe("waitInGerman", () => {
  it("names seconds below a minute and whole minutes above, rounded up", () => {
    expect([1, 1_000, 30_000, 59_001, 60_000, 60_001, 900_000].map(waitInGerman)).toEqual(["1 Sekunde", "1 Sekunde", "30 Sekunden", "1 Minute", "1 Minute", "2 Minuten", "15 Minuten"]);
  });
});

describe("login throttle", () => {
  function setUp() {
    const db = openTestDatabase();
    const { logger, lines } = createCollectingLogger();
    return { db, lines, throttle: createLoginThrottle(db, logger, policy) };
  }
  function fail(throttle: ReturnType<typeof setUp>["throttle"], account: string, address: string, now: number) {
    throttle.failed(throttle.begin(account, address, now));
  }

  it("delays the pair that failed, never the account from another address", () => {
    const { db, throttle } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) {
      expect(throttle.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
      fail(throttle, "a@x.test", "198.51.100.1", now);
    }
    expect(throttle.wait("a@x.test", "198.51.100.1", { now: now + 1000 })).toEqual({ retryAfterMs: MINUTE - 1000, cause: "pair" });
    expect(throttle.wait("a@x.test", "198.51.100.2", { now: now + 1000 })).toBeNull();
    expect(throttle.wait("b@x.test", "198.51.100.1", { now: now + 1000 })).toBeNull();
    // The 6th failure after waiting makes the next wait twice as long.
    fail(throttle, "a@x.test", "198.51.100.1", now + MINUTE);
    expect(throttle.wait("a@x.test", "198.51.100.1", { now: now + MINUTE })?.retryAfterMs).toBe(2 * MINUTE);
    db.close();
  });

  it("forgets a pair's failures on success, but keeps them for the admin's count", () => {
    const { db, throttle } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 4; i++) fail(throttle, "a@x.test", "198.51.100.1", now);
    throttle.succeeded(throttle.begin("a@x.test", "198.51.100.1", now));
    for (let i = 0; i < 4; i++) fail(throttle, "a@x.test", "198.51.100.1", now);
    expect(throttle.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
    db.prepare("INSERT INTO organisations (id, name, kind, created_at) VALUES ('o', 'O', 'funder', 0)").run();
    db.prepare("INSERT INTO users (id, email, name, password_hash, organisation_id, role, is_admin, created_at) VALUES ('u', 'a@x.test', 'A', 'h', 'o', 'editor', 0, 0)").run();
    expect(failuresPerUserAccount(db, now - 1)).toEqual(new Map([["a@x.test", 8]]));
    db.close();
  });

  it("forgets failures after the memory, also for the admin's count", () => {
    const { db, throttle } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 9; i++) fail(throttle, "a@x.test", "198.51.100.1", now);
    expect(throttle.wait("a@x.test", "198.51.100.1", { now: now + 10 * MINUTE })?.cause).toBe("pair");
    const later = now + policy.memoryMs;
    expect(throttle.wait("a@x.test", "198.51.100.1", { now: later })).toBeNull();
    // The next failure deletes what passed the memory.
    fail(throttle, "b@x.test", "198.51.100.9", later);
    expect((db.prepare("SELECT COUNT(*) AS n FROM login_failures").get() as { n: number }).n).toBe(1);
    db.close();
  });

  it("limits an address over all accounts in a sliding window, except where the caller leaves it out", () => {
    const { db, throttle } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 50; i++) fail(throttle, `user${i}@x.test`, "198.51.100.1", now + i * 1000);
    const wait = throttle.wait("someone@x.test", "198.51.100.1", { now: now + 60_000 });
    expect(wait).toEqual({ retryAfterMs: 15 * MINUTE - 60_000, cause: "address" });
    expect(throttle.wait("someone@x.test", "198.51.100.1", { now: now + 60_000, perAddress: false })).toBeNull();
    expect(throttle.wait("someone@x.test", "198.51.100.2", { now: now + 60_000 })).toBeNull();
    // The oldest failure left the window: one more try.
    expect(throttle.wait("someone@x.test", "198.51.100.1", { now: now + 15 * MINUTE })).toBeNull();
    db.close();
  });

  it("counts the addresses of one IPv6 network together", () => {
    const { db, throttle } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 1; i <= 5; i++) fail(throttle, "a@x.test", `2001:db8:1:2::${i}`, now);
    expect(throttle.wait("a@x.test", "2001:db8:1:2:ffff::9", { now })?.cause).toBe("pair");
    expect(throttle.wait("a@x.test", "2001:db8:1:3::1", { now })).toBeNull();
    db.close();
  });

  it("logs a warning once when a pair and when an address reach their limit", () => {
    const { db, throttle, lines } = setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 7; i++) fail(throttle, "a@x.test", "198.51.100.1", now);
    for (let i = 0; i < 45; i++) fail(throttle, `user${i}@x.test`, "198.51.100.1", now);
    expect(lines.map((line) => [line.level, line.message, line.fields])).toEqual([
      ["warn", "repeated failed logins: this account is delayed from this address", { account: "a@x.test", address: "198.51.100.1", failures: 5, retryAfterMs: MINUTE }],
      ["warn", "repeated failed logins: this address is delayed for every account", { address: "198.51.100.1", failures: 50, windowMs: 15 * MINUTE }],
    ]);
    db.close();
  });

  it("counts parallel attempts before their check, and the failures of every process together", () => {
    const { db, throttle } = setUp();
    const other = createLoginThrottle(db, createCollectingLogger().logger, policy);
    const now = 1_700_000_000_000;
    const attempts = [throttle, other, throttle, other, throttle].map((each) => each.begin("a@x.test", "198.51.100.1", now));
    expect(other.wait("a@x.test", "198.51.100.1", { now })?.cause).toBe("pair");
    // One of them turns out right: it is taken back and the pair is settled.
    throttle.succeeded(attempts[0]);
    expect(other.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
    db.close();
  });
});
