import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../tests/fixtures/testDatabase";
import { createThrottle } from "./throttle";

describe("login throttle", () => {
  it("blocks a key after maxFailures within the window, until the window ends", () => {
    const db = openTestDatabase();
    const throttle = createThrottle(db, "account", 3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs("a@x.test", 10_000)).toBe(0);
      throttle.fail("a@x.test", 10_000 + i);
    }
    expect(throttle.retryAfterMs("a@x.test", 10_400)).toBe(600);
    expect(throttle.retryAfterMs("b@x.test", 10_400)).toBe(0);
    // The window ended: a new failure starts a new one.
    expect(throttle.retryAfterMs("a@x.test", 11_000)).toBe(0);
    throttle.fail("a@x.test", 11_000);
    expect(throttle.retryAfterMs("a@x.test", 11_001)).toBe(0);
    db.close();
  });

  it("forgives one failure, forgets a key on reset, and keeps scopes apart", () => {
    const db = openTestDatabase();
    const accounts = createThrottle(db, "account", 2, 60_000);
    const addresses = createThrottle(db, "address", 2, 60_000);
    const now = Date.now();
    accounts.fail("k", now);
    accounts.fail("k", now);
    expect(accounts.retryAfterMs("k", now)).toBeGreaterThan(0);
    expect(addresses.retryAfterMs("k", now)).toBe(0);
    accounts.forgive("k");
    expect(accounts.retryAfterMs("k", now)).toBe(0);
    accounts.fail("k", now);
    accounts.reset("k");
    accounts.fail("k", now);
    expect(accounts.retryAfterMs("k", now)).toBe(0);
    db.close();
  });

  it("counts the failures of every process on the same database together", () => {
    const db = openTestDatabase();
    // Two server processes each build their own throttle on the shared database.
    const [first, second] = [createThrottle(db, "account", 4, 60_000), createThrottle(db, "account", 4, 60_000)];
    const now = Date.now();
    first.fail("a@x.test", now);
    second.fail("a@x.test", now);
    first.fail("a@x.test", now);
    expect(second.retryAfterMs("a@x.test", now)).toBe(0);
    second.fail("a@x.test", now);
    expect(first.retryAfterMs("a@x.test", now)).toBeGreaterThan(0);
    db.close();
  });
});
