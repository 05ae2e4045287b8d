import { describe, expect, it } from "vitest";
import { circulationDueAt, circulationStatus, quarterBefore } from "./talkTimes";

const utc = (iso: string) => Date.parse(iso);

describe("circulationDueAt", () => {
  it("is 00:00 Europe/Berlin ten days before the talk's date, across the spring change", () => {
    // Talk on Thursday 9 April 2026, 10:00 CEST; due Monday 30 March 00:00 CEST (clocks went forward on 29 March).
    expect(circulationDueAt(utc("2026-04-09T08:00:00Z"))).toBe(utc("2026-03-29T22:00:00Z"));
    expect(circulationDueAt(utc("2026-04-08T08:00:00Z"))).toBe(utc("2026-03-28T23:00:00Z"));
  });

  it("is 00:00 Europe/Berlin ten days before the talk's date, across the autumn change", () => {
    expect(circulationDueAt(utc("2026-11-04T08:00:00Z"))).toBe(utc("2026-10-24T22:00:00Z"));
    expect(circulationDueAt(utc("2026-11-05T08:00:00Z"))).toBe(utc("2026-10-25T23:00:00Z"));
  });

  it("does not depend on the time of day of the talk", () => {
    expect(circulationDueAt(utc("2026-04-08T22:30:00Z"))).toBe(circulationDueAt(utc("2026-04-09T08:00:00Z")));
  });
});

describe("quarterBefore", () => {
  it("is the calendar quarter before the talk's date", () => {
    expect(quarterBefore("2026-04-09")).toEqual({ quarter: "2026-Q1", months: ["2026-01", "2026-02", "2026-03"] });
    expect(quarterBefore("2026-01-20")).toEqual({ quarter: "2025-Q4", months: ["2025-10", "2025-11", "2025-12"] });
    expect(quarterBefore("2026-09-30")).toEqual({ quarter: "2026-Q2", months: ["2026-04", "2026-05", "2026-06"] });
  });
});

describe("circulationStatus", () => {
  const startsAt = utc("2026-04-09T08:00:00Z");
  it("counts calendar days until due, since due and since sent", () => {
    expect(circulationStatus({ state: "scheduled", startsAt, circulatedAt: null }, utc("2026-03-27T12:00:00Z"))).toEqual({ code: "due", days: 3 });
    expect(circulationStatus({ state: "scheduled", startsAt, circulatedAt: null }, utc("2026-03-29T21:59:59Z"))).toEqual({ code: "due", days: 1 });
    expect(circulationStatus({ state: "scheduled", startsAt, circulatedAt: null }, utc("2026-03-29T22:00:00Z"))).toEqual({ code: "overdue", days: 0 });
    expect(circulationStatus({ state: "scheduled", startsAt, circulatedAt: null }, utc("2026-04-01T10:00:00Z"))).toEqual({ code: "overdue", days: 2 });
    expect(circulationStatus({ state: "circulated", startsAt, circulatedAt: utc("2026-03-29T22:00:00Z") }, utc("2026-04-01T10:00:00Z"))).toEqual({ code: "sent", days: 2 });
    expect(circulationStatus({ state: "cancelled", startsAt, circulatedAt: null }, utc("2026-04-01T10:00:00Z"))).toEqual({ code: "skipped", days: 0 });
  });
});
