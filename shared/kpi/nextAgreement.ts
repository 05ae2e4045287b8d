/**
 * The draft of next year's agreement ([KPI-N1] … [KPI-N7]): per offer × need group the
 * mean local cases of each of the last up to five years, the least-squares line through
 * them as [KPI11] and its value at the next year as `budgetedCases`; everything else is
 * copied from the current agreement. Also the budget effect of an agreement, so both sides
 * see at once what a changed number costs.
 */
import { budgetStartMonth, NEED_GROUPS, type BudgetAgreement } from "./agreement";
import { annualBudgetCents, averageBudgetedNeedGroup, budgetedCasesExact, monthlyInstalmentsCents } from "./budget";
import { add, compare, div, int, mul, ratio, roundHalfAwayFromZero, sub, toNumber, type Ratio } from "./exact";
import type { FigureRow } from "./figures";
import { nextAgreementTexts, type KpiText } from "./messages";
import type { TrendPoint } from "./trend";

/** How many years back the draft looks, counting the current agreement's year ([KPI-R9]). */
export const NEXT_AGREEMENT_WINDOW_YEARS = 5;

/**
 * Where a cell's `budgetedCases` came from: the trend line (two or more years with
 * figures), the one year's mean, or the current agreement (no figures in the window).
 */
export type NextAgreementSource = "trend" | "singleYear" | "currentAgreement";

/** One offer × need group of the draft, with the history it was computed from. */
export interface NextAgreementCell {
  /** The service offer's name, as in the current agreement. */
  offer: string;
  /** Need group 1–5. */
  needGroup: number;
  /** Per year of the window that counts for the offer, the mean local cases per reported month; oldest first. */
  history: TrendPoint[];
  /** Where `budgetedCases` came from. */
  source: NextAgreementSource;
  /** Slope of the line in cases per year; null unless `source` is `trend`. */
  slope: number | null;
  /** The line at the next year (may be below 0), or the one year's mean; unrounded; null without figures. */
  forecast: number | null;
  /** True when the line fell below 0 and 0 was taken. */
  clampedAtZero: boolean;
  /** The cell's budgeted cases in the current agreement. */
  currentBudgetedCases: number;
  /** The draft's budgeted cases for the next year (two decimals, or the current value without figures). */
  budgetedCases: number;
  /** Why the number is what it is, in words (English, like the engine's reasons). */
  reason: string;
  /** The same in German. */
  reasonDe: string;
}

/** The draft of next year's agreement. */
export interface NextAgreementDraft {
  /** The year drafted: the current agreement's year + 1. */
  year: number;
  /** The current agreement's year Y. */
  basedOnYear: number;
  /** First and last year the figures were taken from (Y−4, Y). */
  window: [number, number];
  /** Years of the window with at least one reported month, oldest first. */
  yearsWithFigures: number[];
  /** The draft agreement: current settings, next year, budgeted cases from the figures. */
  agreement: BudgetAgreement;
  /** Per offer (in the agreement's order) × need group 1–5, the history and the source. */
  cells: NextAgreementCell[];
}

/** What the draft is computed from. */
export interface NextAgreementInput {
  /** The current agreement (year Y). */
  current: BudgetAgreement;
  /** The provider's figures rows; rows outside Y−4 … Y are ignored. */
  figures: readonly FigureRow[];
}

/** The budget consequences of one agreement ([KPI1], [KPI5], [KPI6]). */
export interface BudgetEffect {
  /** [KPI1] Annual budget in cents. */
  annualBudgetCents: number;
  /** [KPI1] The 12 instalments in cents, January first; 0 before a budget start ([KPI-S3]). */
  monthlyInstalmentsCents: number[];
  /** [KPI5] Budgeted average need group, or null when no cases are budgeted. */
  avgNeedGroupBudgeted: number | null;
  /** [KPI6] Σ budgetedCases. */
  budgetedCases: number;
}

/** Per year and offer: Σ local cases per need group over the year's months, and whether the offer has any row. */
interface YearSums {
  /** Months of the year with at least one figures row of the provider. */
  reportedMonths: Set<string>;
  /** Offer name → Σ local cases over the year's months, index 1–5. */
  casesByOffer: Map<string, number[]>;
}

function collectYears(figures: readonly FigureRow[], first: number, last: number): Map<number, YearSums> {
  const years = new Map<number, YearSums>();
  for (const row of figures) {
    const year = Number(row.month.slice(0, 4));
    if (!(year >= first && year <= last)) continue;
    let sums = years.get(year);
    if (!sums) years.set(year, (sums = { reportedMonths: new Set(), casesByOffer: new Map() }));
    sums.reportedMonths.add(row.month);
    let cases = sums.casesByOffer.get(row.serviceOffer);
    if (!cases) sums.casesByOffer.set(row.serviceOffer, (cases = [0, 0, 0, 0, 0, 0]));
    // External rows make the month reported and the offer present, but are not in the budget ([KPI-R4]);
    // +S rows count in their current group ([KPI-R5]).
    if (row.funderKind === "local") cases[row.needGroup] = (cases[row.needGroup] ?? 0) + row.cases;
  }
  return years;
}

/** The least-squares line through the points, exactly, evaluated at `at` ([KPI11] on fractions). */
function lineAt(points: readonly { year: number; mean: Ratio }[], at: number): { slope: Ratio; value: Ratio } {
  const n = int(points.length);
  const meanYear = div(
    points.reduce((sum, p) => add(sum, int(p.year)), int(0)),
    n,
  );
  const meanCases = div(
    points.reduce((sum, p) => add(sum, p.mean), int(0)),
    n,
  );
  let covariance = int(0);
  let variance = int(0);
  for (const p of points) {
    const dx = sub(int(p.year), meanYear);
    covariance = add(covariance, mul(dx, sub(p.mean, meanCases)));
    variance = add(variance, mul(dx, dx));
  }
  const slope = div(covariance, variance);
  return { slope, value: add(meanCases, mul(slope, sub(int(at), meanYear))) };
}

/** Rounds half away from zero to two decimals ([KPI-N5]). */
function twoDecimals(value: Ratio): number {
  return Number(roundHalfAwayFromZero(mul(value, int(100)))) / 100;
}

/**
 * Drafts next year's agreement from the figures of the last up to five years and the
 * current agreement ([KPI-N1] … [KPI-N6]).
 *
 * @param input - the current agreement (year Y) and the provider's figures rows
 * @returns the agreement for Y + 1 and, per offer × need group, the yearly means and the source
 * @example
 * // Offer "A", group 1: means 10, 12, 17 in 2023–2025 → line at 2026 = 20.
 * const draft = draftNextAgreement({ current: agreement2025, figures });
 * draft.agreement.year // 2026
 * draft.cells[0] // { offer: "A", needGroup: 1, source: "trend", slope: 3.5, budgetedCases: 20, … }
 */
export function draftNextAgreement(input: NextAgreementInput): NextAgreementDraft {
  const { current } = input;
  const year = current.year;
  const first = year - (NEXT_AGREEMENT_WINDOW_YEARS - 1);
  const years = collectYears(input.figures, first, year);
  const yearsWithFigures = [...years.keys()].sort((a, b) => a - b);
  const cells: NextAgreementCell[] = [];
  const offers = current.offers.map((offer) => {
    // A year counts for an offer only when the offer has rows in it, so an offer opened later
    // does not start its line with years of zeros ([KPI-N1]).
    const counted = yearsWithFigures.filter((y) => years.get(y)?.casesByOffer.has(offer.name));
    const byGroup = new Map<number, NextAgreementCell>();
    for (const needGroup of NEED_GROUPS) {
      const points = counted.map((y) => {
        const sums = years.get(y) as YearSums;
        const total = sums.casesByOffer.get(offer.name)?.[needGroup] ?? 0;
        return { year: y, mean: ratio(BigInt(total), BigInt(sums.reportedMonths.size)) };
      });
      const currentCases = offer.groups.find((g) => g.needGroup === needGroup)?.budgetedCases ?? 0;
      const cell = cellOf(offer.name, needGroup, currentCases, points, year);
      byGroup.set(needGroup, cell);
      cells.push(cell);
    }
    return { ...offer, groups: offer.groups.map((group) => ({ ...group, budgetedCases: byGroup.get(group.needGroup)?.budgetedCases ?? group.budgetedCases })) };
  });
  // The next year is a whole budget year: a budget start during the current year is not carried over.
  const { startMonth: _startMonth, baseYear: _baseYear, ...settings } = current;
  const lastWithFigures = yearsWithFigures.at(-1);
  const baseYear = lastWithFigures ?? current.baseYear;
  const agreement: BudgetAgreement = { ...settings, year: year + 1, ...(baseYear === undefined ? {} : { baseYear }), offers };
  return { year: year + 1, basedOnYear: year, window: [first, year], yearsWithFigures, agreement, cells };
}

/** One cell: the line, the one year's mean, or the current value ([KPI-N3], [KPI-N4]). */
function cellOf(offer: string, needGroup: number, currentCases: number, points: { year: number; mean: Ratio }[], year: number): NextAgreementCell {
  const history = points.map((p) => ({ year: p.year, avgCases: toNumber(p.mean) }));
  const base = { offer, needGroup, history, currentBudgetedCases: currentCases };
  const why = (text: KpiText) => ({ reason: text.en, reasonDe: text.de });
  if (points.length === 0) {
    return {
      ...base,
      source: "currentAgreement",
      slope: null,
      forecast: null,
      clampedAtZero: false,
      budgetedCases: currentCases,
      ...why(nextAgreementTexts.keptCurrent(offer, year - NEXT_AGREEMENT_WINDOW_YEARS + 1, year)),
    };
  }
  if (points.length === 1) {
    const only = points[0] as { year: number; mean: Ratio };
    return {
      ...base,
      source: "singleYear",
      slope: null,
      forecast: toNumber(only.mean),
      clampedAtZero: false,
      budgetedCases: twoDecimals(only.mean),
      ...why(nextAgreementTexts.singleYear(offer, only.year)),
    };
  }
  const line = lineAt(points, year + 1);
  const clamped = compare(line.value, int(0)) < 0;
  return {
    ...base,
    source: "trend",
    slope: toNumber(line.slope),
    forecast: toNumber(line.value),
    clampedAtZero: clamped,
    budgetedCases: clamped ? 0 : twoDecimals(line.value),
    ...why(
      nextAgreementTexts.trend(
        points.map((p) => p.year),
        year + 1,
        clamped,
      ),
    ),
  };
}

/**
 * The budget consequences of an agreement, with the shared budget functions: [KPI1] annual
 * budget and instalments (from a budget start, [KPI-S2], [KPI-S3]), [KPI5] budgeted average need group, [KPI6] Σ budgeted cases
 * ([KPI-N7]).
 *
 * @param agreement - a valid agreement
 * @returns annual budget, instalments, budgeted average group and budgeted cases
 * @example
 * budgetEffect(agreement2025).annualBudgetCents // 193260200
 */
export function budgetEffect(agreement: BudgetAgreement): BudgetEffect {
  const annual = annualBudgetCents(agreement);
  const budgeted = budgetedCasesExact(agreement);
  const average = averageBudgetedNeedGroup(budgeted);
  return {
    annualBudgetCents: annual,
    monthlyInstalmentsCents: monthlyInstalmentsCents(annual, budgetStartMonth(agreement)),
    avgNeedGroupBudgeted: average === null ? null : toNumber(average),
    budgetedCases: toNumber(budgeted.total),
  };
}
