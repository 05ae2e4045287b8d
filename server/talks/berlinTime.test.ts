import { describe, expect, it } from "vitest";
import { addDays, berlinLocalToEpoch, berlinMidnight, daysBetween, epochToBerlinLocal } from "./berlinTime";

const utc = (iso: string) => Date.parse(iso);

describe("berlinTime", () => {
  it("reads winter time as UTC+1 and summer time as UTC+2", () => {
    expect(berlinLocalToEpoch("2026-01-15T10:00")).toBe(utc("2026-01-15T09:00:00Z"));
    expect(berlinLocalToEpoch("2026-07-15T10:00")).toBe(utc("2026-07-15T08:00:00Z"));
    expect(epochToBerlinLocal(utc("2026-01-15T09:00:00Z"))).toEqual({ date: "2026-01-15", time: "10:00" });
    expect(epochToBerlinLocal(utc("2026-07-15T08:00:00Z"))).toEqual({ date: "2026-07-15", time: "10:00" });
  });

  it("follows the spring change on the last Sunday of March (02:00 → 03:00) and refuses the skipped hour", () => {
    expect(berlinLocalToEpoch("2026-03-29T01:59")).toBe(utc("2026-03-29T00:59:00Z"));
    expect(berlinLocalToEpoch("2026-03-29T03:00")).toBe(utc("2026-03-29T01:00:00Z"));
    expect(() => berlinLocalToEpoch("2026-03-29T02:30")).toThrow(/does not exist/);
    expect(epochToBerlinLocal(utc("2026-03-29T00:59:59Z"))).toEqual({ date: "2026-03-29", time: "01:59" });
    expect(epochToBerlinLocal(utc("2026-03-29T01:00:00Z"))).toEqual({ date: "2026-03-29", time: "03:00" });
    // The whole week around the change.
    expect(berlinMidnight("2026-03-28")).toBe(utc("2026-03-27T23:00:00Z"));
    expect(berlinMidnight("2026-03-29")).toBe(utc("2026-03-28T23:00:00Z"));
    expect(berlinMidnight("2026-03-30")).toBe(utc("2026-03-29T22:00:00Z"));
    expect(berlinMidnight("2026-04-02")).toBe(utc("2026-04-01T22:00:00Z"));
  });

  it("follows the autumn change on the last Sunday of October (03:00 → 02:00), taking the earlier of a doubled hour", () => {
    expect(berlinLocalToEpoch("2026-10-25T01:59")).toBe(utc("2026-10-24T23:59:00Z"));
    expect(berlinLocalToEpoch("2026-10-25T02:30")).toBe(utc("2026-10-25T00:30:00Z"));
    expect(berlinLocalToEpoch("2026-10-25T03:00")).toBe(utc("2026-10-25T02:00:00Z"));
    // 02:30 happens twice: once in summer time, once in winter time.
    expect(epochToBerlinLocal(utc("2026-10-25T00:30:00Z")).time).toBe("02:30");
    expect(epochToBerlinLocal(utc("2026-10-25T01:30:00Z")).time).toBe("02:30");
    expect(berlinMidnight("2026-10-24")).toBe(utc("2026-10-23T22:00:00Z"));
    expect(berlinMidnight("2026-10-25")).toBe(utc("2026-10-24T22:00:00Z"));
    expect(berlinMidnight("2026-10-26")).toBe(utc("2026-10-25T23:00:00Z"));
  });

  it("uses the change dates of other years too (last Sunday, not a fixed date)", () => {
    // 2025: 30 March and 26 October.
    expect(() => berlinLocalToEpoch("2025-03-30T02:15")).toThrow(RangeError);
    expect(berlinLocalToEpoch("2025-03-29T02:15")).toBe(utc("2025-03-29T01:15:00Z"));
    expect(berlinMidnight("2025-10-27")).toBe(utc("2025-10-26T23:00:00Z"));
  });

  it("rejects malformed local times", () => {
    expect(() => berlinLocalToEpoch("2026-04-09 10:00")).toThrow(RangeError);
    expect(() => berlinLocalToEpoch("2026-02-30T10:00")).toThrow(RangeError);
  });

  it("does calendar arithmetic across month, year and DST boundaries", () => {
    expect(addDays("2026-04-09", -10)).toBe("2026-03-30");
    expect(addDays("2026-01-05", -10)).toBe("2025-12-26");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("2026-03-25", "2026-04-02")).toBe(8);
    expect(daysBetween("2026-04-02", "2026-03-25")).toBe(-8);
  });
});
