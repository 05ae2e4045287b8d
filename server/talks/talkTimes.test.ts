import { describe, expect, it } from "vitest";
import { circulationDue, circulationDueAt, circulationStatus, plannedAtShortNotice, quarterBefore } from "./talkTimes";

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

describe("circulationDue at short notice", () => {
  const talk = utc("2026-04-09T08:00:00Z");
  it("is ten days before when the talk is planned 14 or more calendar days ahead", () => {
    // Planned on 26 March (Berlin), 14 days ahead: the usual rule.
    const planned = utc("2026-03-26T20:00:00Z");
    expect(plannedAtShortNotice(talk, planned)).toBe(false);
    expect(circulationDue(talk, planned)).toBe(circulationDueAt(talk));
  });

  it("is at once when the talk is planned less than 14 calendar days ahead, even while ten days before is still to come", () => {
    // Planned on 27 March, 13 days ahead: ten days before (30 March) would still be ahead, but the notice is short.
    const planned = utc("2026-03-27T09:00:00Z");
    expect(plannedAtShortNotice(talk, planned)).toBe(true);
    expect(circulationDue(talk, planned)).toBe(planned);
    expect(circulationDue(talk, utc("2026-04-05T09:00:00Z"))).toBe(utc("2026-04-05T09:00:00Z"));
  });

  it("reads the calendar day in Berlin: 23:30 UTC on 26 March is already 27 March", () => {
    expect(plannedAtShortNotice(talk, utc("2026-03-26T22:59:00Z"))).toBe(false);
    expect(plannedAtShortNotice(talk, utc("2026-03-26T23:00:00Z"))).toBe(true);
  });

  it("reports a circulation due at once as overdue today until it goes out", () => {
    const planned = utc("2026-03-27T09:00:00Z");
    expect(circulationStatus({ state: "scheduled", startsAt: talk, circulatedAt: null, circulationDueAt: planned }, planned)).toEqual({ code: "overdue", days: 0 });
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
