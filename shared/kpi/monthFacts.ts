/**
 * What one reported month contributes to a period's KPIs, summed once per month from its
 * figures rows so that a period only adds up to 12 of these.
 */
import type { FigureRow } from "./figures";

/** What one reported month contributes to a period. */
export interface MonthFacts {
  /** Local occupancy days. */
  localDays: number;
  /** External occupancy days. */
  externalDays: number;
  /** Occupancy days of all persons per offer, indexed by the dataset's `offerIds`. */
  daysByOffer: number[];
  /** Σ needGroup × local occupancy days (current group). */
  localGroupDays: number;
  /** Local cases at month end. */
  localCases: number;
  /** Local cases at month end per current group, index 1–5. */
  localCasesByGroup: number[];
  /** Local +S cases at month end. */
  socialSpaceCases: number;
  /** Service value in cents; null when the year has no agreement (fees unknown). */
  serviceValueCents: number | null;
  /** Value freed by +S rows in cents; null when the year has no agreement. */
  valueFreedCents: number | null;
}

/**
 * @param offers - number of distinct offers in the figures
 * @returns facts of a month without rows yet
 */
export function emptyFacts(offers: number): MonthFacts {
  return {
    localDays: 0,
    externalDays: 0,
    daysByOffer: new Array<number>(offers).fill(0),
    localGroupDays: 0,
    localCases: 0,
    localCasesByGroup: [0, 0, 0, 0, 0, 0],
    socialSpaceCases: 0,
    serviceValueCents: 0,
    valueFreedCents: 0,
  };
}

/**
 * Adds one row to its month's facts ([KPI4], [KPI5], [KPI6], [KPI7], [KPI8], [KPI10]).
 *
 * @param facts - the month's facts, updated in place
 * @param row - a validated figures row of that month
 * @param offer - the row's offer index into `daysByOffer`
 * @param fees - fee by need group of the row's offer in the row's year; undefined without agreement
 * @param credit - value +S days at the prior group's fee
 */
export function addRow(facts: MonthFacts, row: FigureRow, offer: number, fees: number[] | undefined, credit: boolean): void {
  facts.daysByOffer[offer] = (facts.daysByOffer[offer] ?? 0) + row.occupancyDays;
  // External rows, +S or not, count only in utilisation and the external share ([KPI-R4]).
  if (row.funderKind === "external") {
    facts.externalDays += row.occupancyDays;
    return;
  }
  facts.localDays += row.occupancyDays;
  facts.localGroupDays += row.needGroup * row.occupancyDays;
  facts.localCases += row.cases;
  facts.localCasesByGroup[row.needGroup] = (facts.localCasesByGroup[row.needGroup] ?? 0) + row.cases;
  const prior = row.socialSpace ? row.priorNeedGroup : null;
  if (prior !== null) facts.socialSpaceCases += row.cases;
  if (!fees || facts.serviceValueCents === null || facts.valueFreedCents === null) {
    // A year without agreement has no fees; its months serve the trend only.
    facts.serviceValueCents = null;
    facts.valueFreedCents = null;
    return;
  }
  const fee = fees[row.needGroup] ?? 0;
  const priorFee = prior !== null ? (fees[prior] ?? 0) : fee;
  facts.serviceValueCents += row.occupancyDays * (credit ? priorFee : fee);
  facts.valueFreedCents += row.occupancyDays * (priorFee - fee);
}
