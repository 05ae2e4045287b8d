import { describe, expect, it } from "vitest";
import { filtersFromSearch, filtersToSearch } from "./overviewFilters";

describe("overview filters in the address", () => {
  it("round-trip through the query string, leaving out empty values and 'all'", () => {
    const filters = { provider: "p-1", light: "red" as const, due: "overdue" as const, owner: "Frau Weber" };
    expect(filtersFromSearch(`?${filtersToSearch(filters)}`)).toEqual(filters);
    expect(filtersToSearch({ due: "all", owner: "" })).toBe("");
  });

  it("drop malformed values one by one, so an old bookmark still opens", () => {
    expect(filtersFromSearch("?light=blau&status=done&due=morgen")).toEqual({ status: "done" });
  });
});
