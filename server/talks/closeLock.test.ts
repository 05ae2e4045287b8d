import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/permissions";
import { closeLockDecision, type CloseLockFacts } from "./closeLock";

const HOUR = 60 * 60 * 1000;
const STARTS_AT = Date.parse("2026-04-09T08:00:00Z");
const funderEditor: Principal = { organisationId: "f", organisationKind: "funder", role: "editor", disabledAt: null };
const providerEditor: Principal = { organisationId: "a", organisationKind: "provider", role: "editor", disabledAt: null };

function facts(overrides: Partial<CloseLockFacts>): CloseLockFacts {
  return { user: providerEditor, providerId: "a", startsAt: STARTS_AT, circulated: true, closedAt: STARTS_AT + 2 * HOUR, ...overrides };
}

describe("closeLockDecision", () => {
  it("locks when a funder editor closes, even weeks early and without circulation", () => {
    expect(closeLockDecision(facts({ user: funderEditor, circulated: false, closedAt: STARTS_AT - 21 * 24 * HOUR }))).toEqual({ lock: true, because: "funder" });
  });

  it("does not lock when a provider editor closes a talk weeks before its date without circulation, and names both reasons", () => {
    expect(closeLockDecision(facts({ circulated: false, closedAt: STARTS_AT - 21 * 24 * HOUR }))).toEqual({ lock: false, withheld: ["before_start", "not_circulated"] });
  });

  it("does not lock when a provider editor closes a circulated talk one minute before its start", () => {
    expect(closeLockDecision(facts({ closedAt: STARTS_AT - 60_000 }))).toEqual({ lock: false, withheld: ["before_start"] });
  });

  it("does not lock when a provider editor closes after the start a talk that was never circulated", () => {
    expect(closeLockDecision(facts({ circulated: false }))).toEqual({ lock: false, withheld: ["not_circulated"] });
  });

  it("locks when a provider editor closes a circulated talk at or after its scheduled start", () => {
    expect(closeLockDecision(facts({}))).toEqual({ lock: true, because: "held_as_planned" });
    expect(closeLockDecision(facts({ closedAt: STARTS_AT }))).toEqual({ lock: true, because: "held_as_planned" });
  });

  it("treats a funder viewer and a disabled funder editor like anyone who may not lock", () => {
    expect(closeLockDecision(facts({ user: { ...funderEditor, role: "viewer" }, circulated: false }))).toEqual({ lock: false, withheld: ["not_circulated"] });
    expect(closeLockDecision(facts({ user: { ...funderEditor, disabledAt: 1 }, closedAt: STARTS_AT - HOUR }))).toEqual({ lock: false, withheld: ["before_start"] });
  });
});
