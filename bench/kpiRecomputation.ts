/**
 * Benchmark: a full KPI recomputation for 20 providers × 6 years of monthly figures —
 * every month, quarter, YTD and year period — through `evaluateKpis`, as the server does
 * when an agreement changes. Data is synthetic and deterministic (seeded PRNG).
 *
 * Run directly: `npx tsx bench/kpiRecomputation.ts`.
 */
import { random } from "./random";
import { isEntryPoint } from "../server/ops/cli";
import { createKpiEvaluator, evaluateKpis, type BudgetAgreement, type FigureRow, type KpiDataInput, type StaffRow } from "../shared/kpi";

/** What the benchmark measured. */
export interface KpiBenchResult {
  /** Providers recomputed. */
  providers: number;
  /** Budget years per provider. */
  years: number;
  /** Figures rows of all providers. */
  rows: number;
  /** Wall time of the full recomputation through `evaluateKpis`, ms. */
  ms: number;
  /** Periods evaluated in the full recomputation. */
  periods: number;
  /** `ms` per provider (all 6 years). */
  msPerProvider: number;
  /** One provider, every period of the current (last) year, through `evaluateKpis`, ms. */
  oneProviderCurrentYearMs: number;
  /** The full recomputation with `createKpiEvaluator` (validate and index once per provider): median of the runs, ms. */
  preparedMs: number;
  /** Each run of the prepared recomputation, in order (the first one also compiles the code), ms. */
  preparedRunsMs: number[];
}

const PROVIDERS = 20;
const FIRST_YEAR = 2020;
const YEARS = 6;
const OFFERS = ["Besondere Wohnform", "Ambulant betreutes Wohnen"];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Synthetic agreements, figures and staff of one provider. */
function providerData(provider: number): KpiDataInput {
  const next = random(1000 + provider);
  const agreements: BudgetAgreement[] = [];
  const figures: FigureRow[] = [];
  const staff: StaffRow[] = [];
  for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS; year++) {
    agreements.push({
      provider: `Träger ${provider}`,
      year,
      baseYear: year - 2,
      greenPct: 5,
      amberPct: 10,
      creditSocialSpaceAtPriorGroup: true,
      budgetedStaffFte: 20 + Math.round(next() * 40) / 4,
      offers: OFFERS.map((name, o) => ({
        name,
        places: 24 + o * 16,
        groups: [1, 2, 3, 4, 5].map((needGroup) => ({
          needGroup,
          budgetedCases: Math.round(next() * 40) / 4,
          dailyFeeCents: (o === 0 ? 8000 : 2500) + needGroup * (o === 0 ? 3600 : 1300),
        })),
      })),
    });
    for (let month = 1; month <= 12; month++) {
      const key = `${year}-${String(month).padStart(2, "0")}`;
      const days = daysIn(year, month);
      for (const offer of OFFERS) {
        for (let group = 1; group <= 5; group++) {
          for (const funderKind of ["local", "external"] as const) {
            const cases = Math.floor(next() * (funderKind === "local" ? 10 : 2));
            const occupancyDays = Math.max(0, cases * days - Math.floor(next() * 5));
            figures.push({ month: key, serviceOffer: offer, needGroup: group, funderKind, socialSpace: false, priorNeedGroup: null, cases, occupancyDays });
          }
          if (group < 5 && next() < 0.3) {
            const cases = 1 + Math.floor(next() * 2);
            const priorNeedGroup = group + 1 + Math.floor(next() * (5 - group));
            figures.push({ month: key, serviceOffer: offer, needGroup: group, funderKind: "local", socialSpace: true, priorNeedGroup, cases, occupancyDays: cases * days });
          }
        }
      }
      staff.push({ month: key, staffFte: 20 + Math.round(next() * 40) / 4 });
    }
  }
  return { agreements, figures, staff };
}

/** Every period of one year: 12 months, 4 quarters, 12 YTDs and the year. */
function periodsOfYear(year: number): string[] {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0"));
  return [...months.map((m) => `${year}-${m}`), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...months.map((m) => `${year}-YTD-${m}`), String(year)];
}

/**
 * Generates the data, then times the full recomputation (every period of all 6 years for
 * every provider, via `evaluateKpis`), one provider's current year, and the prepared path.
 *
 * @returns the sizes and timings
 */
export async function runKpiRecomputationBench(): Promise<KpiBenchResult> {
  const data = Array.from({ length: PROVIDERS }, (_, p) => providerData(p));
  const allPeriods = Array.from({ length: YEARS }, (_, y) => periodsOfYear(FIRST_YEAR + y)).flat();
  const currentYear = periodsOfYear(FIRST_YEAR + YEARS - 1);
  let checksum = 0;
  // Warm up the JIT once so the numbers describe steady state, as on a running server.
  for (const period of currentYear) checksum += evaluateKpis({ ...data[0]!, period }).annualBudgetCents;

  const start = performance.now();
  for (const input of data) {
    for (const period of allPeriods) checksum += evaluateKpis({ ...input, period }).annualBudgetCents;
  }
  const ms = performance.now() - start;

  const oneStart = performance.now();
  for (const period of currentYear) checksum += evaluateKpis({ ...data[1]!, period }).annualBudgetCents;
  const oneProviderCurrentYearMs = performance.now() - oneStart;

  // The server's path, several times: a running server recomputes with compiled code.
  const preparedRunsMs: number[] = [];
  for (let run = 0; run < 7; run++) {
    const preparedStart = performance.now();
    for (const input of data) {
      const evaluator = createKpiEvaluator(input);
      for (const period of allPeriods) checksum += evaluator.evaluate(period).annualBudgetCents;
    }
    preparedRunsMs.push(performance.now() - preparedStart);
  }
  const preparedMs = preparedRunsMs.slice().sort((a, b) => a - b)[Math.floor(preparedRunsMs.length / 2)];

  if (!Number.isFinite(checksum)) throw new Error("benchmark produced no numbers");
  return {
    providers: PROVIDERS,
    years: YEARS,
    rows: data.reduce((sum, input) => sum + input.figures.length, 0),
    ms,
    periods: PROVIDERS * allPeriods.length,
    msPerProvider: ms / PROVIDERS,
    oneProviderCurrentYearMs,
    preparedMs,
    preparedRunsMs,
  };
}

if (isEntryPoint(import.meta.url)) {
  const result = await runKpiRecomputationBench();
  const round = (ms: number) => Math.round(ms * 100) / 100;
  console.log(
    JSON.stringify(
      { ...result, ms: round(result.ms), msPerProvider: round(result.msPerProvider), oneProviderCurrentYearMs: round(result.oneProviderCurrentYearMs), preparedMs: round(result.preparedMs) },
      null,
      2,
    ),
  );
}
