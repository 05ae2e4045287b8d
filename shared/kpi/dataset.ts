/**
 * Cross-file validation ([KPI-R14]) and the month index the period evaluation sums over.
 *
 * Rows are read once into per-month facts, so evaluating a period sums at most 12 months
 * and evaluating many periods (a recalculation) never rescans the figures. The scan runs
 * on every `evaluateKpis` call, so it avoids per-row allocation: numeric keys, a bitmap
 * for repeated keys, arrays indexed by month and offer.
 */
import { budgetStartMonth, type BudgetAgreement } from "./agreement";
import { annualBudgetCentsFromDaily, averageBudgetedNeedGroup, budgetedCasesExact, dailyBudgetExact, monthlyInstalmentsCents } from "./budget";
import { issueOf, KpiInputError, type KpiIssue } from "./errors";
import { validateFigureRows, type FigureRow } from "./figures";
import { fromNumber, toNumber, type Ratio } from "./exact";
import { addRow, emptyFacts, type MonthFacts } from "./monthFacts";
import { datasetTexts, figuresTexts, type KpiText } from "./messages";
import { monthIndex, monthKey } from "./periods";
import { validateStaffRows, type StaffRow } from "./staff";

/** File names of the inputs, so cross-file issues can name them. */
export interface KpiInputFiles {
  /** One name per agreement, same order as `agreements`. */
  agreements?: string[];
  /** Name of the figures file. */
  figures?: string;
  /** Name of the staff file. */
  staff?: string;
}

/** The KPI inputs, already parsed (from files, forms or the database). */
export interface KpiDataInput {
  /** Budget agreements, at most one per year. */
  agreements: readonly BudgetAgreement[];
  /** Monthly figures of any years; rows of years without agreement feed the trend only. */
  figures: readonly FigureRow[];
  /** Staff per month. */
  staff: readonly StaffRow[];
  /** File names for error messages. */
  files?: KpiInputFiles;
}

/** An agreement with what every period of its year needs, computed once. */
export interface PreparedAgreement {
  /** The agreement itself. */
  agreement: BudgetAgreement;
  /** [KPI-S1] First budget month, 1–12. */
  startMonth: number;
  /** Exact budget per calendar day (cents). */
  dailyBudget: Ratio;
  /** Exact budgeted cases, total and by group. */
  budgetedCases: { total: Ratio; byGroup: Ratio[] };
  /** Σ places of all offers. */
  totalPlaces: number;
  /** [KPI1] Annual budget of the year, cents. */
  annualBudgetCents: number;
  /** [KPI1] [KPI-S3] The year's 12 instalments, 0 before the start; copy before handing out, results are the caller's to keep. */
  monthlyInstalmentsCents: readonly number[];
  /** [KPI5] Exact budgeted average need group, or null when no cases are budgeted. */
  avgBudgetedNeedGroup: Ratio | null;
  /** [KPI6] Σ budgetedCases as a number. */
  budgetedCasesTotal: number;
  /** Σ budgetedCases per need group as numbers, index 1–5 (index 0 unused). */
  budgetedCasesByGroup: readonly number[];
  /**
   * Exact budgetedStaffFte, filled by {@link budgetedStaffFteExact} on first use: the
   * evaluation reads it only when the period has local staff, so it is not converted (and
   * cannot throw) before.
   */
  budgetedStaffFte?: Ratio;
}

/**
 * One calendar year's months indexed 1–12, so that evaluating a period reads arrays instead
 * of building `YYYY-MM` keys and looking them up (a recalculation evaluates 29 periods per
 * year, and each also reads the five years of its trend).
 */
export interface YearMonths {
  /** `YYYY-MM` of each month, index 1–12 (index 0 unused). */
  keys: readonly string[];
  /** Facts of each reported month, index 1–12; undefined when the month is not reported. */
  facts: readonly (MonthFacts | undefined)[];
  /** Staff FTE of each month with a staff row, index 1–12. */
  staffFte: readonly (number | undefined)[];
  /**
   * Exact staff FTE, index 1–12, filled by {@link staffFteExact} on first use, as converting
   * throws for a non-finite value and must do so only where the value is used, as before.
   */
  staffExact: (Ratio | undefined)[];
}

/** Validated inputs, indexed by year and month. */
export interface KpiDataset {
  /** Agreements by budget year. */
  agreementsByYear: Map<number, BudgetAgreement>;
  /** Exact budget figures per year, filled on first use (see {@link preparedAgreement}). */
  preparedByYear: Map<number, PreparedAgreement>;
  /** Facts of every reported month, by `YYYY-MM`. */
  months: Map<string, MonthFacts>;
  /** Offer name → index into `MonthFacts.daysByOffer`. */
  offerIds: Map<string, number>;
  /** Staff FTE by `YYYY-MM`. */
  staffByMonth: Map<string, number>;
  /** `months` and `staffByMonth` by calendar year, filled on first use (see {@link yearMonths}). */
  yearsByNumber: Map<number, YearMonths>;
}

/** Result of scanning the inputs: every issue, and the indexed dataset when there are none. */
interface Scan {
  issues: KpiIssue[];
  dataset: KpiDataset | null;
}

/** Checks of a single row that forms and the database cannot be trusted to have made. */
function rowProblem(row: FigureRow): { column: string; text: KpiText } | null {
  const g = row.needGroup;
  if (!Number.isInteger(g) || g < 1 || g > 5) return { column: "needGroup", text: figuresTexts.wholeNumber("needGroup", "1–5", String(g), false) };
  if (row.funderKind !== "local" && row.funderKind !== "external") {
    return { column: "funderKind", text: figuresTexts.funderKind(String(row.funderKind), false) };
  }
  const prior = row.priorNeedGroup;
  if (row.socialSpace ? !(Number.isInteger(prior) && prior !== null && prior > g && prior <= 5) : prior !== null) {
    return { column: "priorNeedGroup", text: row.socialSpace ? figuresTexts.priorNotHigher(prior, g) : figuresTexts.priorNotEmpty() };
  }
  if (!Number.isSafeInteger(row.cases) || row.cases < 0) return { column: "cases", text: figuresTexts.wholeNumber("cases", "≥ 0", String(row.cases), false) };
  if (!Number.isSafeInteger(row.occupancyDays) || row.occupancyDays < 0) {
    return { column: "occupancyDays", text: figuresTexts.wholeNumber("occupancyDays", "≥ 0", String(row.occupancyDays), false) };
  }
  return null;
}

/** True when two rows share month × offer × group × funder kind × +S × prior group. */
function hasRepeatedKey(rows: readonly FigureRow[], months: Int32Array, offers: Int32Array, valid: Uint8Array, first: number, last: number, offerCount: number): boolean {
  const size = (last - first + 1) * offerCount * 256;
  const seen = size <= 1 << 24 ? new Uint8Array(size) : null;
  const seenSet = seen ? null : new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    if (!valid[i]) continue;
    const row = rows[i] as FigureRow;
    const rest = ((row.needGroup * 2 + (row.funderKind === "local" ? 0 : 1)) * 2 + (row.socialSpace ? 1 : 0)) * 8 + (row.priorNeedGroup ?? 0);
    const key = ((months[i] as number) - first) * offerCount * 256 + (offers[i] as number) * 256 + rest;
    if (seen) {
      if (seen[key]) return true;
      seen[key] = 1;
    } else if (seenSet) {
      if (seenSet.has(key)) return true;
      seenSet.add(key);
    }
  }
  return false;
}

/** Names a row without a file line by its position; called only when reporting. */
function atRow(text: KpiText, row: FigureRow, index: number): KpiText {
  return row.line === undefined ? datasetTexts.atRow(text, index + 1) : text;
}

/** Validates everything and, when clean, indexes the figures by month. */
function scan(input: KpiDataInput): Scan {
  const { files = {} } = input;
  const issues: KpiIssue[] = [];
  const at = (issue: KpiIssue, file: string | undefined, line?: number): KpiIssue => {
    const located = line === undefined ? issue : { ...issue, line };
    return file === undefined ? located : { ...located, file: located.file ?? file };
  };
  const agreementsByYear = new Map<number, BudgetAgreement>();
  input.agreements.forEach((agreement, index) => {
    const first = input.agreements.findIndex((a) => a.year === agreement.year);
    if (first === index) agreementsByYear.set(agreement.year, agreement);
    else {
      const text = datasetTexts.secondAgreement(agreement.year, { file: files.agreements?.[first], position: first + 1 });
      issues.push(at(issueOf(text, { column: "year" }), files.agreements?.[index]));
    }
  });
  const offersByYear = new Map<number, Set<string>>();
  // [KPI-S5] Months before the budget start are outside the budget, like years without an
  // agreement, so their rows need not name one of its offers: the first month index checked.
  const checkedFrom = new Map<number, number>();
  for (const [year, agreement] of agreementsByYear) {
    offersByYear.set(year, new Set(agreement.offers.map((o) => o.name)));
    checkedFrom.set(year, year * 12 + budgetStartMonth(agreement) - 1);
  }

  const rows = input.figures;
  const figuresStart = issues.length;
  const months = new Int32Array(rows.length);
  const offers = new Int32Array(rows.length);
  const valid = new Uint8Array(rows.length);
  const offerIds = new Map<string, number>();
  let firstMonth = Infinity;
  let lastMonth = -Infinity;
  let knownYear = -1;
  let known: Set<string> | undefined;
  let knownFrom = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as FigureRow;
    const month = monthIndex(row.month);
    if (month < 0) {
      issues.push(at(issueOf(atRow(figuresTexts.monthFormat(row.month), row, i), { column: "month" }), files.figures, row.line));
      continue;
    }
    const problem = rowProblem(row);
    if (problem) issues.push(at(issueOf(atRow(problem.text, row, i), { column: problem.column }), files.figures, row.line));
    else valid[i] = 1;
    let offer = offerIds.get(row.serviceOffer);
    if (offer === undefined) {
      offer = offerIds.size;
      offerIds.set(row.serviceOffer, offer);
    }
    months[i] = month;
    offers[i] = offer;
    if (month < firstMonth) firstMonth = month;
    if (month > lastMonth) lastMonth = month;
    const year = Math.floor(month / 12);
    if (year !== knownYear) {
      knownYear = year;
      known = offersByYear.get(year);
      knownFrom = checkedFrom.get(year) ?? 0;
    }
    if (known && month >= knownFrom && !known.has(row.serviceOffer)) {
      const text = atRow(datasetTexts.offerNotInAgreement(row.serviceOffer, year, [...known]), row, i);
      issues.push(at(issueOf(text, { column: "serviceOffer" }), files.figures, row.line));
    }
  }
  if (hasRepeatedKey(rows, months, offers, valid, firstMonth, lastMonth, offerIds.size)) {
    // Rare: let the slow path name both lines of each repeated key.
    const repeats = validateFigureRows(rows).filter((issue) => issue.column === "month");
    issues.push(...repeats.map((issue) => at(issue, files.figures)));
  }
  issues.push(...issues.splice(figuresStart).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  for (const issue of validateStaffRows(input.staff)) issues.push(at(issue, files.staff));
  if (issues.length > 0) return { issues, dataset: null };

  const byIndex: (MonthFacts | undefined)[] = rows.length > 0 ? new Array(lastMonth - firstMonth + 1) : [];
  const feesByYear = new Map<number, (number[] | undefined)[]>();
  for (const [year, agreement] of agreementsByYear) {
    const fees: (number[] | undefined)[] = [];
    for (const offer of agreement.offers) {
      const id = offerIds.get(offer.name);
      if (id === undefined) continue;
      const table = [0, 0, 0, 0, 0, 0];
      for (const group of offer.groups) table[group.needGroup] = group.dailyFeeCents;
      fees[id] = table;
    }
    feesByYear.set(year, fees);
  }
  for (let i = 0; i < rows.length; i++) {
    const month = months[i] as number;
    const year = Math.floor(month / 12);
    const facts = (byIndex[month - firstMonth] ??= emptyFacts(offerIds.size));
    const credit = agreementsByYear.get(year)?.creditSocialSpaceAtPriorGroup ?? true;
    addRow(facts, rows[i] as FigureRow, offers[i] as number, feesByYear.get(year)?.[offers[i] as number], credit);
  }
  const monthFacts = new Map<string, MonthFacts>();
  byIndex.forEach((facts, index) => {
    if (facts) monthFacts.set(monthKey(Math.floor((firstMonth + index) / 12), ((firstMonth + index) % 12) + 1), facts);
  });
  const staffByMonth = new Map<string, number>();
  for (const row of input.staff) staffByMonth.set(row.month, row.staffFte);
  return { issues, dataset: { agreementsByYear, preparedByYear: new Map(), months: monthFacts, offerIds, staffByMonth, yearsByNumber: new Map() } };
}

/**
 * Validates the inputs against each other and the rows themselves: one agreement per
 * year; every figures row of a year with an agreement names one of its offers; months,
 * groups, +S prior groups and counts well-formed; no repeated figures keys or staff months.
 *
 * @param input - the parsed inputs
 * @returns every issue found, with file, line and column where known
 */
export function validateKpiData(input: KpiDataInput): KpiIssue[] {
  return scan(input).issues;
}

/**
 * Validates the inputs and indexes them by month.
 *
 * @param input - the parsed inputs
 * @returns the dataset to evaluate periods on
 * @throws KpiInputError with every issue of {@link validateKpiData}
 */
export function prepareKpiData(input: KpiDataInput): KpiDataset {
  const { issues, dataset } = scan(input);
  if (!dataset) throw new KpiInputError(issues);
  return dataset;
}

/**
 * The exact budget figures of a year's agreement, computed on first use: a single-period
 * evaluation then pays for one agreement, not for every year supplied.
 *
 * @param dataset - from {@link prepareKpiData}
 * @param year - the budget year
 * @returns the prepared agreement, or null when the year has none
 */
export function preparedAgreement(dataset: KpiDataset, year: number): PreparedAgreement | null {
  const cached = dataset.preparedByYear.get(year);
  if (cached) return cached;
  const agreement = dataset.agreementsByYear.get(year);
  if (!agreement) return null;
  const dailyBudget = dailyBudgetExact(agreement);
  const budgetedCases = budgetedCasesExact(agreement);
  const startMonth = budgetStartMonth(agreement);
  const annualBudgetCents = annualBudgetCentsFromDaily(dailyBudget, year, startMonth);
  const prepared: PreparedAgreement = {
    agreement,
    startMonth,
    dailyBudget,
    budgetedCases,
    totalPlaces: agreement.offers.reduce((sum, offer) => sum + offer.places, 0),
    annualBudgetCents,
    monthlyInstalmentsCents: monthlyInstalmentsCents(annualBudgetCents, startMonth),
    avgBudgetedNeedGroup: averageBudgetedNeedGroup(budgetedCases),
    budgetedCasesTotal: toNumber(budgetedCases.total),
    budgetedCasesByGroup: budgetedCases.byGroup.map((cases) => toNumber(cases)),
  };
  dataset.preparedByYear.set(year, prepared);
  return prepared;
}

/**
 * @param prepared - from {@link preparedAgreement}
 * @returns the agreement's budgetedStaffFte as an exact fraction, converted once
 */
export function budgetedStaffFteExact(prepared: PreparedAgreement): Ratio {
  return (prepared.budgetedStaffFte ??= fromNumber(prepared.agreement.budgetedStaffFte));
}

/**
 * The facts and staff of one calendar year by month, built on first use from the same
 * `YYYY-MM` lookups a period made before; a year without any data gets empty months.
 *
 * @param dataset - from {@link prepareKpiData}
 * @param year - a calendar year
 * @returns the year's months, index 1–12
 */
export function yearMonths(dataset: KpiDataset, year: number): YearMonths {
  const cached = dataset.yearsByNumber.get(year);
  if (cached) return cached;
  const keys: string[] = [""];
  const facts: (MonthFacts | undefined)[] = [undefined];
  const staffFte: (number | undefined)[] = [undefined];
  for (let month = 1; month <= 12; month++) {
    const key = monthKey(year, month);
    keys.push(key);
    facts.push(dataset.months.get(key));
    staffFte.push(dataset.staffByMonth.get(key));
  }
  const months: YearMonths = { keys, facts, staffFte, staffExact: [] };
  dataset.yearsByNumber.set(year, months);
  return months;
}

/**
 * @param months - from {@link yearMonths}
 * @param month - 1–12, a month with a staff row
 * @returns the month's staff FTE as an exact fraction, converted once
 */
export function staffFteExact(months: YearMonths, month: number): Ratio {
  return (months.staffExact[month] ??= fromNumber(months.staffFte[month] as number));
}
