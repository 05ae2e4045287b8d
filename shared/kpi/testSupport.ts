/**
 * Builders for small, hand-checkable KPI inputs in unit tests. Not exported from the
 * package index; only tests import it.
 */
import type { BudgetAgreement } from "./agreement";
import type { FigureRow } from "./figures";
import type { StaffRow } from "./staff";

/**
 * An agreement for one offer "A" with 10 places; fee of group g is g × 1000 cents;
 * budgeted cases 2, 2, 0, 0, 1 (daily budget 11 000 cents).
 *
 * @param overrides - fields to replace
 * @returns the agreement
 */
export function buildAgreement(overrides: Partial<BudgetAgreement> = {}): BudgetAgreement {
  return {
    provider: "Test e.V.",
    year: 2025,
    baseYear: 2023,
    greenPct: 5,
    amberPct: 10,
    creditSocialSpaceAtPriorGroup: true,
    budgetedStaffFte: 3,
    offers: [
      {
        name: "A",
        places: 10,
        groups: [2, 2, 0, 0, 1].map((budgetedCases, i) => ({ needGroup: i + 1, budgetedCases, dailyFeeCents: (i + 1) * 1000 })),
      },
    ],
    ...overrides,
  };
}

/**
 * A local, non-+S figures row of offer "A", group 1, in 2025-03.
 *
 * @param overrides - fields to replace
 * @returns the row
 */
export function buildRow(overrides: Partial<FigureRow> = {}): FigureRow {
  return {
    month: "2025-03",
    serviceOffer: "A",
    needGroup: 1,
    funderKind: "local",
    socialSpace: false,
    priorNeedGroup: null,
    cases: 1,
    occupancyDays: 31,
    ...overrides,
  };
}

/**
 * The March 2025 rows whose KPIs the evaluate tests check by hand: local days 122
 * (60 + 31 + 31), external days 41 (31 + 10), local cases 4, one local +S case (4 → 2).
 *
 * @param month - the month to put them in
 * @returns the rows
 */
export function marchRows(month = "2025-03"): FigureRow[] {
  return [
    buildRow({ month, needGroup: 1, cases: 2, occupancyDays: 60 }),
    buildRow({ month, needGroup: 2, cases: 1, occupancyDays: 31 }),
    buildRow({ month, needGroup: 2, socialSpace: true, priorNeedGroup: 4, cases: 1, occupancyDays: 31 }),
    buildRow({ month, needGroup: 3, funderKind: "external", cases: 1, occupancyDays: 31 }),
    buildRow({ month, needGroup: 1, funderKind: "external", socialSpace: true, priorNeedGroup: 2, cases: 1, occupancyDays: 10 }),
  ];
}

/**
 * @param month - `YYYY-MM`
 * @param staffFte - the month's FTE
 * @returns a staff row
 */
export function buildStaff(month: string, staffFte: number): StaffRow {
  return { month, staffFte };
}

/**
 * Collects every number in a JSON-like value, to assert there is no NaN or Infinity.
 *
 * @param value - any value
 * @returns all numbers found, depth first
 */
export function allNumbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(allNumbers);
  if (value && typeof value === "object") return Object.values(value).flatMap(allNumbers);
  return [];
}
