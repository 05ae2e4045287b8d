import { describe, expect, it } from "vitest";
import { addDaysToDate, filterOverviewMeasures, OverviewFiltersSchema, sortByDue, type OverviewMeasure } from "./overview";

const TODAY = "2026-03-05";

function row(id: string, fields: Partial<OverviewMeasure> = {}): OverviewMeasure {
  return {
    scorecardId: "s-a",
    scorecardTitle: "BSC A",
    providerId: "p-a",
    providerName: "Beispiel e.V.",
    measureId: id,
    title: id,
    perspective: null,
    goal: null,
    status: "in_progress",
    trafficLight: null,
    responsibleSide: "provider",
    responsiblePerson: "",
    dueDate: null,
    overdue: false,
    lastStatus: null,
    ...fields,
  };
}

const rows = [
  row("late", { dueDate: "2026-02-01", overdue: true, trafficLight: "red", responsiblePerson: "Frau Weber" }),
  row("soon", { dueDate: "2026-03-20", trafficLight: "amber", providerId: "p-b", providerName: "Weser" }),
  row("later", { dueDate: "2026-06-30", trafficLight: "green", responsibleSide: "funder" }),
  row("done-soon", { dueDate: "2026-03-10", status: "done", trafficLight: "green" }),
  row("conference", { providerId: null, providerName: null, trafficLight: "red", status: "planned" }),
];
const ids = (list: OverviewMeasure[]) => list.map((measure) => measure.measureId);

describe("measure overview filters", () => {
  it("shows everything without filters", () => {
    expect(ids(filterOverviewMeasures(rows, {}, TODAY))).toEqual(["late", "soon", "later", "done-soon", "conference"]);
  });

  it("filters by provider, with 'conference' for the shared scorecard", () => {
    expect(ids(filterOverviewMeasures(rows, { provider: "p-b" }, TODAY))).toEqual(["soon"]);
    expect(ids(filterOverviewMeasures(rows, { provider: "conference" }, TODAY))).toEqual(["conference"]);
  });

  it("filters by traffic light, 'none' for measures without one, and combines filters", () => {
    expect(ids(filterOverviewMeasures(rows, { light: "red" }, TODAY))).toEqual(["late", "conference"]);
    expect(ids(filterOverviewMeasures([...rows, row("unset")], { light: "none" }, TODAY))).toEqual(["unset"]);
    expect(ids(filterOverviewMeasures(rows, { light: "red", provider: "p-a" }, TODAY))).toEqual(["late"]);
    expect(ids(filterOverviewMeasures(rows, { status: "planned" }, TODAY))).toEqual(["conference"]);
  });

  it("finds the owner by part of the person's name or by the side's German word, ignoring case", () => {
    expect(ids(filterOverviewMeasures(rows, { owner: "weber" }, TODAY))).toEqual(["late"]);
    expect(ids(filterOverviewMeasures(rows, { owner: "leistungsträger" }, TODAY))).toEqual(["later"]);
  });

  it("keeps overdue measures for 'overdue', and open measures due within 30 days (late ones included) for 'next30'", () => {
    expect(ids(filterOverviewMeasures(rows, { due: "overdue" }, TODAY))).toEqual(["late"]);
    expect(ids(filterOverviewMeasures(rows, { due: "next30" }, TODAY))).toEqual(["late", "soon"]);
    expect(ids(filterOverviewMeasures(rows, { due: "all" }, TODAY))).toHaveLength(rows.length);
  });

  it("reads filters from a query, treating empty values as no filter and refusing unknown ones", () => {
    expect(OverviewFiltersSchema.parse({ provider: "", owner: "  Weber ", light: "red" })).toEqual({ provider: undefined, owner: "Weber", light: "red" });
    expect(OverviewFiltersSchema.safeParse({ light: "blue" }).success).toBe(false);
    expect(OverviewFiltersSchema.safeParse({ due: "tomorrow" }).success).toBe(false);
  });
});

describe("sorting by due date", () => {
  it("puts the soonest first (or last) and measures without a date at the end either way", () => {
    expect(ids(sortByDue(rows, "ascending"))).toEqual(["late", "done-soon", "soon", "later", "conference"]);
    expect(ids(sortByDue(rows, "descending"))).toEqual(["later", "soon", "done-soon", "late", "conference"]);
  });

  it("adds days across month and year ends", () => {
    expect(addDaysToDate("2026-12-20", 30)).toBe("2027-01-19");
    expect(addDaysToDate("2026-03-01", -1)).toBe("2026-02-28");
  });
});
