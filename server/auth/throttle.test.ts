import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { createCollectingLogger } from "../log";
import { failuresPerUserAccount } from "../persistence/loginFailures";
import { closeDatabase } from "../persistence/db";
import { addressKey, addressRetryAfterMs, createLoginThrottle, DEFAULT_POLICY, pairDelayMs, pairRetryAfterMs, waitInGerman, type LoginThrottle, type ThrottlePolicy } from "./throttle";

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
  async function setUp() {
    const db = await openTestDatabase();
    const { logger, lines } = createCollectingLogger();
    return { db, lines, throttle: createLoginThrottle(db, logger, policy) };
  }
  async function fail(throttle: LoginThrottle, account: string, address: string, now: number) {
    throttle.failed(await throttle.begin(account, address, now));
  }

  it("delays the pair that failed, never the account from another address", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) {
      expect(await throttle.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
      await fail(throttle, "a@x.test", "198.51.100.1", now);
    }
    expect(await throttle.wait("a@x.test", "198.51.100.1", { now: now + 1000 })).toEqual({ retryAfterMs: MINUTE - 1000, cause: "pair" });
    expect(await throttle.wait("a@x.test", "198.51.100.2", { now: now + 1000 })).toBeNull();
    expect(await throttle.wait("b@x.test", "198.51.100.1", { now: now + 1000 })).toBeNull();
    // The 6th failure after waiting makes the next wait twice as long.
    await fail(throttle, "a@x.test", "198.51.100.1", now + MINUTE);
    expect((await throttle.wait("a@x.test", "198.51.100.1", { now: now + MINUTE }))?.retryAfterMs).toBe(2 * MINUTE);
    await closeDatabase(db);
  });

  it("forgets a pair's failures on success, but keeps them for the admin's count", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 4; i++) await fail(throttle, "a@x.test", "198.51.100.1", now);
    await throttle.succeeded(await throttle.begin("a@x.test", "198.51.100.1", now));
    for (let i = 0; i < 4; i++) await fail(throttle, "a@x.test", "198.51.100.1", now);
    expect(await throttle.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
    await db.insertInto("organisations").values({ id: "o", name: "O", kind: "funder", created_at: 0 }).execute();
    await db.insertInto("users").values({ id: "u", email: "a@x.test", name: "A", password_hash: "h", organisation_id: "o", role: "editor", is_admin: 0, created_at: 0 }).execute();
    expect(await failuresPerUserAccount(db, now - 1)).toEqual(new Map([["a@x.test", 8]]));
    await closeDatabase(db);
  });

  it("forgets failures after the memory, also for the admin's count", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 9; i++) await fail(throttle, "a@x.test", "198.51.100.1", now);
    expect((await throttle.wait("a@x.test", "198.51.100.1", { now: now + 10 * MINUTE }))?.cause).toBe("pair");
    const later = now + policy.memoryMs;
    expect(await throttle.wait("a@x.test", "198.51.100.1", { now: later })).toBeNull();
    // The next failure deletes what passed the memory.
    await fail(throttle, "b@x.test", "198.51.100.9", later);
    const { n } = await db
      .selectFrom("login_failures")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
    await closeDatabase(db);
  });

  it("limits an address over all accounts in a sliding window, except where the caller leaves it out", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 50; i++) await fail(throttle, `user${i}@x.test`, "198.51.100.1", now + i * 1000);
    const wait = await throttle.wait("someone@x.test", "198.51.100.1", { now: now + 60_000 });
    expect(wait).toEqual({ retryAfterMs: 15 * MINUTE - 60_000, cause: "address" });
    expect(await throttle.wait("someone@x.test", "198.51.100.1", { now: now + 60_000, perAddress: false })).toBeNull();
    expect(await throttle.wait("someone@x.test", "198.51.100.2", { now: now + 60_000 })).toBeNull();
    // The oldest failure left the window: one more try.
    expect(await throttle.wait("someone@x.test", "198.51.100.1", { now: now + 15 * MINUTE })).toBeNull();
    await closeDatabase(db);
  });

  it("counts the addresses of one IPv6 network together", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 1; i <= 5; i++) await fail(throttle, "a@x.test", `2001:db8:1:2::${i}`, now);
    expect((await throttle.wait("a@x.test", "2001:db8:1:2:ffff::9", { now }))?.cause).toBe("pair");
    expect(await throttle.wait("a@x.test", "2001:db8:1:3::1", { now })).toBeNull();
    await closeDatabase(db);
  });

  it("logs a warning once when a pair and when an address reach their limit", async () => {
    const { db, throttle, lines } = await setUp();
    const now = 1_700_000_000_000;
    for (let i = 0; i < 7; i++) await fail(throttle, "a@x.test", "198.51.100.1", now);
    for (let i = 0; i < 45; i++) await fail(throttle, `user${i}@x.test`, "198.51.100.1", now);
    expect(lines.map((line) => [line.level, line.message, line.fields])).toEqual([
      ["warn", "repeated failed logins: this account is delayed from this address", { account: "a@x.test", address: "198.51.100.1", failures: 5, retryAfterMs: MINUTE }],
      ["warn", "repeated failed logins: this address is delayed for every account", { address: "198.51.100.1", failures: 50, windowMs: 15 * MINUTE }],
    ]);
    await closeDatabase(db);
  });

  it("counts parallel attempts before their check, and the failures of every process together", async () => {
    const { db, throttle } = await setUp();
    const other = createLoginThrottle(db, createCollectingLogger().logger, policy);
    const now = 1_700_000_000_000;
    const attempts = await Promise.all([throttle, other, throttle, other, throttle].map((each) => each.begin("a@x.test", "198.51.100.1", now)));
    expect((await other.wait("a@x.test", "198.51.100.1", { now }))?.cause).toBe("pair");
    // One of them turns out right: it is taken back and the pair is settled.
    await throttle.succeeded(attempts[0]);
    expect(await other.wait("a@x.test", "198.51.100.1", { now })).toBeNull();
    await closeDatabase(db);
  });

  it("checks and counts parallel checks one after the other, so only the free ones get through", async () => {
    const { db, throttle } = await setUp();
    const now = 1_700_000_000_000;
    const checked = await Promise.all(Array.from({ length: 20 }, () => throttle.waitOrBegin("a@x.test", "198.51.100.1", { now })));
    const attempts = checked.flatMap((each) => (each.wait ? [] : [each.attempt]));
    expect(attempts.map((attempt) => attempt.pairFailures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(checked.filter((each) => each.wait?.cause === "pair")).toHaveLength(15);
    await closeDatabase(db);
  });
});
