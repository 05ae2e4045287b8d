/**
 * The sums of a run of budget months, shared by the period evaluation and the year-end
 * reconciliation so that both add the very same months the very same way ([KPI-S4]).
 */
import { staffFteExact, type YearMonths } from "./dataset";
import { add, div, int, type Ratio } from "./exact";

/** What the reported months of a run of months add up to. */
export interface MonthSums {
  /** Months with at least one figures row, `YYYY-MM`. */
  reportedMonths: string[];
  /** Months without any figures row ("Monat 2024-08 nicht gemeldet"). */
  unreportedMonths: string[];
  /** Months with a staff row. */
  staffMonths: string[];
  /** Occupancy days of all persons per offer, indexed like `MonthFacts.daysByOffer`. */
  daysByOffer: number[];
  /** Local occupancy days. */
  localDays: number;
  /** External occupancy days. */
  externalDays: number;
  /** Σ needGroup × local occupancy days. */
  localGroupDays: number;
  /** [KPI4] Service value, cents. */
  serviceValue: number;
  /** [KPI10] Value freed by +S rows, cents. */
  valueFreed: number;
  /** Σ staffFte of the months with a staff row, exact. */
  staffTotal: Ratio;
}

/**
 * Sums months `firstMonth` … `lastMonth` of one year: one pass, no closures, the same
 * integers added in calendar order (a recalculation calls this thousands of times).
 *
 * @param year - from `yearMonths`
 * @param offerCount - number of offers in the figures (`dataset.offerIds.size`)
 * @param firstMonth - 1–12, the first budget month of the run
 * @param lastMonth - 1–12
 * @returns the sums; months outside the run are not looked at
 */
export function sumMonths(year: YearMonths, offerCount: number, firstMonth: number, lastMonth: number): MonthSums {
  const sums: MonthSums = {
    reportedMonths: [],
    unreportedMonths: [],
    staffMonths: [],
    daysByOffer: new Array<number>(offerCount).fill(0),
    localDays: 0,
    externalDays: 0,
    localGroupDays: 0,
    serviceValue: 0,
    valueFreed: 0,
    staffTotal: int(0),
  };
  for (let month = firstMonth; month <= lastMonth; month++) {
    const key = year.keys[month] as string;
    const facts = year.facts[month];
    if (facts) {
      sums.reportedMonths.push(key);
      sums.localDays += facts.localDays;
      sums.externalDays += facts.externalDays;
      sums.localGroupDays += facts.localGroupDays;
      sums.serviceValue += facts.serviceValueCents ?? 0;
      sums.valueFreed += facts.valueFreedCents ?? 0;
      for (let id = 0; id < offerCount; id++) sums.daysByOffer[id] = (sums.daysByOffer[id] as number) + (facts.daysByOffer[id] ?? 0);
    } else sums.unreportedMonths.push(key);
    if (year.staffFte[month] !== undefined) {
      sums.staffMonths.push(key);
      sums.staffTotal = add(sums.staffTotal, staffFteExact(year, month));
    }
  }
  return sums;
}

/**
 * [KPI9] The mean staff FTE of the months with a staff row.
 *
 * @param sums - from {@link sumMonths}
 * @returns the exact mean, or null when no month has a staff row ([KPI-R6])
 */
export function meanStaffFte(sums: MonthSums): Ratio | null {
  return sums.staffMonths.length === 0 ? null : div(sums.staffTotal, int(sums.staffMonths.length));
}
