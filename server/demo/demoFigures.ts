/**
 * The demo's budget agreements and monthly figures, generated for the dates of the timeline:
 * five years of figures whose local cases rise (provider A) or ease slightly (provider B), and
 * for provider A a staff shortage in the last closed quarter that puts its occupancy more than
 * 10 % below budget (red) before it recovers. Deterministic: the same dates give the same rows.
 */
import type { BudgetAgreement, FigureRow, StaffRow } from "../../shared/kpi";
import type { DemoTimeline } from "./demoTimeline";

/** One service offer of a demo provider: places, fees and the cases of each need group by year. */
interface DemoOffer {
  /** The offer's name, as in agreements and figures. */
  name: string;
  /** Places. */
  places: number;
  /** Daily fees of need groups 1–5 in the current year, cents. */
  feesCents: [number, number, number, number, number];
  /** Local cases of need groups 1–5 in January four years ago. */
  cases: [number, number, number, number, number];
  /** Yearly change of the cases per group (the trend). */
  perYear: [number, number, number, number, number];
  /** Whether the staff shortage of the red quarter hits this offer (provider A's ambulant service). */
  hitByShortage: boolean;
  /** Persons another authority pays for, in need group 3. */
  external: number;
}

/** A demo provider's data plan. */
export interface DemoProviderPlan {
  /** The offers. */
  offers: DemoOffer[];
  /** Budgeted staff for local persons in the current year (FTE); the year before 1 less. */
  staffFte: number;
  /** Whether the current year's budget starts in April (`startMonth`) instead of January. */
  startsInApril: boolean;
  /** Whether the provider has an agreement for last year too. */
  agreementLastYear: boolean;
  /** Whether its last closed quarter is the red one. */
  redQuarter: boolean;
  /** Seed of its small random noise. */
  seed: number;
}

/** Provider A (Beispiel e.V.): the worked example's offers, cases rising, red last quarter. */
export const PROVIDER_A_PLAN: DemoProviderPlan = {
  offers: [
    { name: "Besondere Wohnform Haus A", places: 24, feesCents: [10150, 12850, 16090, 20470, 25080], cases: [2, 4, 8, 5, 2], perYear: [0, 0.25, 0, 0, 0], hitByShortage: false, external: 1 },
    { name: "Ambulant betreutes Wohnen", places: 40, feesCents: [2930, 4080, 5390, 6910, 8640], cases: [4, 8, 9, 5, 2], perYear: [0.5, 0.75, 0.5, 0.25, 0.25], hitByShortage: true, external: 2 },
  ],
  staffFte: 22.5,
  startsInApril: false,
  agreementLastYear: true,
  redQuarter: true,
  seed: 17,
};

/** Provider B (Weser-Wohnverbund): in the budget since April of the current year, cases easing. */
export const PROVIDER_B_PLAN: DemoProviderPlan = {
  offers: [
    {
      name: "Ambulant betreutes Wohnen Geestemünde",
      places: 32,
      feesCents: [2980, 4120, 5450, 6980, 8710],
      cases: [5, 10, 9, 5, 2],
      perYear: [0, -0.25, -0.25, 0, 0],
      hitByShortage: false,
      external: 1,
    },
    { name: "Tagesstruktur Werkhaus", places: 20, feesCents: [4260, 5310, 6470, 7820, 9150], cases: [2, 5, 6, 3, 1], perYear: [0, 0, 0, -0.25, 0], hitByShortage: false, external: 0 },
  ],
  staffFte: 14.0,
  startsInApril: true,
  agreementLastYear: false,
  redQuarter: false,
  seed: 29,
};

/** A small deterministic random source (mulberry32), so the demo is the same on every start. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function daysIn(month: string): number {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** Cases of a group in a year (years since the first year of figures), as the trend has them. */
function trendCases(offer: DemoOffer, group: number, yearsIn: number): number {
  return Math.max(0, offer.cases[group] + offer.perYear[group] * yearsIn);
}

/**
 * The provider's agreements: last year (if it had one) and the current year, budgeted on
 * the trend's cases of each year, fees 3 % lower last year, corridor 5 % / 10 %.
 * @param plan - the provider's plan
 * @param providerName - the name written into the agreement
 * @param timeline - the demo's dates
 */
export function demoAgreements(plan: DemoProviderPlan, providerName: string, timeline: DemoTimeline): BudgetAgreement[] {
  const years = plan.agreementLastYear ? [timeline.year - 1, timeline.year] : [timeline.year];
  return years.map((year) => {
    const current = year === timeline.year;
    const yearsIn = year - (timeline.year - 4);
    return {
      provider: providerName,
      year,
      baseYear: year - 2,
      greenPct: 5,
      amberPct: 10,
      creditSocialSpaceAtPriorGroup: true,
      budgetedStaffFte: current ? plan.staffFte : plan.staffFte - 1,
      ...(current && plan.startsInApril ? { startMonth: `${year}-04` } : {}),
      offers: plan.offers.map((offer) => ({
        name: offer.name,
        places: offer.places,
        groups: offer.feesCents.map((fee, index) => ({
          needGroup: index + 1,
          // Budgeted on the cases of two years before, carried forward by the trend (the draft's way).
          budgetedCases: Math.round(trendCases(offer, index, yearsIn) * 2) / 2,
          dailyFeeCents: current ? fee : Math.round(fee / 1.03),
        })),
      })),
    };
  });
}

/**
 * The provider's monthly figures and staff for every month of the timeline: per offer and
 * need group the trend's cases with a little noise, a few persons of other authorities, and
 * from two years ago on persons whose need group was lowered through social-space work (+S).
 * @param plan - the provider's plan
 * @param timeline - the demo's dates
 * @returns rows and staff by year
 */
export function demoFigures(plan: DemoProviderPlan, timeline: DemoTimeline): Map<number, { figures: FigureRow[]; staff: StaffRow[] }> {
  const next = random(plan.seed);
  const byYear = new Map<number, { figures: FigureRow[]; staff: StaffRow[] }>();
  const firstYear = timeline.year - 4;
  const redEnd = addMonths(timeline.redStart, 2);
  for (const month of timeline.months) {
    const year = Number(month.slice(0, 4));
    const yearsIn = year - firstYear + (Number(month.slice(5, 7)) - 1) / 12;
    const days = daysIn(month);
    // The shortage: from the red quarter's first month, deepest in it, then slowly recovering.
    const shortage = plan.redQuarter && month >= timeline.redStart ? (month <= redEnd ? 0.3 : 0.15) : 0;
    const entry = byYear.get(year) ?? { figures: [], staff: [] };
    byYear.set(year, entry);
    for (const offer of plan.offers) {
      for (let group = 0; group < 5; group++) {
        const factor = offer.hitByShortage ? 1 - shortage : 1;
        const cases = Math.max(0, Math.round(trendCases(offer, group, yearsIn) * factor + (next() - 0.5) * 0.8));
        // +S: in the ambulant offer, from two years ago, one or two persons of group 3 now in group 2.
        const lowered = offer.hitByShortage && group === 1 && year >= timeline.year - 2 ? 1 + Math.round(next()) : 0;
        entry.figures.push(row(month, offer.name, group + 1, "local", cases, occupancy(cases, days, next)));
        if (lowered > 0) entry.figures.push({ ...row(month, offer.name, 2, "local", lowered, occupancy(lowered, days, next)), socialSpace: true, priorNeedGroup: 3 });
      }
      if (offer.external > 0) entry.figures.push(row(month, offer.name, 3, "external", offer.external, offer.external * days));
    }
    const budgeted = year === timeline.year ? plan.staffFte : plan.staffFte - 1;
    // Staff follows the cases; in the shortage it is what is missing.
    const fte = budgeted * (1 - shortage * 0.4) * 1.04 + (next() - 0.5) * 0.4;
    entry.staff.push({ month, staffFte: Math.round(fte * 100) / 100 });
  }
  return byYear;
}

function row(month: string, serviceOffer: string, needGroup: number, funderKind: "local" | "external", cases: number, occupancyDays: number): FigureRow {
  return { month, serviceOffer, needGroup, funderKind, socialSpace: false, priorNeedGroup: null, cases, occupancyDays };
}

/** Occupancy days of a month: every person the whole month, less a few days of moves. */
function occupancy(cases: number, days: number, next: () => number): number {
  return Math.max(0, cases * days - Math.round(next() * cases * 1.5));
}

function addMonths(month: string, count: number): string {
  const [year, m] = month.split("-").map(Number);
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
