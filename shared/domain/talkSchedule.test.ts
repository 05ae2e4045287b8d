import { describe, expect, it } from "vitest";
import { isShortNotice, quarterlySeries } from "./talkSchedule";

describe("quarterlySeries", () => {
  it("plans every third month at the same local time", () => {
    expect(quarterlySeries("2026-03-11T10:00", 4)).toEqual(["2026-03-11T10:00", "2026-06-11T10:00", "2026-09-11T10:00", "2026-12-11T10:00"]);
  });

  it("clamps the day to the month's end, counted from the first date so a short month does not stick", () => {
    expect(quarterlySeries("2026-01-31T10:00", 4)).toEqual(["2026-01-31T10:00", "2026-04-30T10:00", "2026-07-31T10:00", "2026-10-31T10:00"]);
    expect(quarterlySeries("2027-11-30T09:30", 2)).toEqual(["2027-11-30T09:30", "2028-02-29T09:30"]);
    expect(quarterlySeries("2026-11-30T09:30", 2)).toEqual(["2026-11-30T09:30", "2027-02-28T09:30"]);
  });

  it("runs into the next years", () => {
    expect(quarterlySeries("2026-10-15T14:00", 4).map((local) => local.slice(0, 7))).toEqual(["2026-10", "2027-01", "2027-04", "2027-07"]);
  });
});

describe("isShortNotice", () => {
  it("is less than 14 calendar days ahead: on the 1st, the 14th is short notice and the 15th is not", () => {
    expect(isShortNotice("2026-11-01", "2026-11-14")).toBe(true);
    expect(isShortNotice("2026-11-01", "2026-11-15")).toBe(false);
    expect(isShortNotice("2026-11-01", "2026-11-01")).toBe(true);
  });

  it("counts calendar days across month, year and daylight-saving changes", () => {
    expect(isShortNotice("2026-03-20", "2026-04-03")).toBe(false);
    expect(isShortNotice("2026-10-20", "2026-11-02")).toBe(true);
    expect(isShortNotice("2026-12-25", "2027-01-08")).toBe(false);
  });
});
