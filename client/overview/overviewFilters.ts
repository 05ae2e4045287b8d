import { OverviewFiltersSchema, type OverviewFilters } from "../../shared/domain/overview";

/** The filter fields, in the order of the page and of the address. */
const KEYS = ["provider", "status", "light", "owner", "due"] as const;

/**
 * The filters an address names (`/measures?provider=…&light=red`); unknown or malformed
 * values are dropped one by one, so an old bookmark still opens.
 * @param search - the query string, e.g. `location.search`
 */
export function filtersFromSearch(search: string): OverviewFilters {
  const params = new URLSearchParams(search);
  const filters: OverviewFilters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null) continue;
    const parsed = OverviewFiltersSchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(filters, { [key]: parsed.data });
  }
  return filters;
}

/**
 * The query string of filters, without empty ones, so the address can be bookmarked and Back
 * from a measure returns to the same view.
 * @param filters - the chosen filters
 * @returns e.g. `light=red&due=overdue`, "" without filters
 */
export function filtersToSearch(filters: OverviewFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== "" && !(key === "due" && value === "all")) params.set(key, value);
  }
  return params.toString();
}
