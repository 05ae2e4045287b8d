/**
 * The agreement form's state as typed text, and its exact conversion to a budget
 * agreement: fees in euro ("98,50") become whole cents without float rounding.
 */
import type { BudgetAgreement, SettlementBasis } from "../../shared/kpi/agreement";
import { centsToEuroInput, decimalToInput, parseDecimal, parseEuroToCents } from "./format";

/** One need group of an offer, as typed. */
export interface GroupDraft {
  /** Budgeted cases (may be a decimal yearly mean). */
  cases: string;
  /** Daily fee in euro, e.g. "98,50". */
  fee: string;
}

/** One service offer, as typed. */
export interface OfferDraft {
  /** Stable key for React. */
  key: number;
  /** Offer name. */
  name: string;
  /** Places. */
  places: string;
  /** Need groups 1–5, in order. */
  groups: GroupDraft[];
}

/** The whole form. */
export interface AgreementDraft {
  /** Provider name as written in the agreement. */
  provider: string;
  /** Base year (informational), may be empty. */
  baseYear: string;
  /** Corridor green bound in %. */
  greenPct: string;
  /** Corridor amber bound in %. */
  amberPct: string;
  /** Value +S days at the prior group's fee. */
  creditSocialSpaceAtPriorGroup: boolean;
  /** Budgeted staff FTE. */
  budgetedStaffFte: string;
  /** First budget month of the year, "01"–"12" ("01": the budget starts in January). */
  startMonth: string;
  /** Tolerance of the year-end reconciliation in %; empty means greenPct. */
  settlementThresholdPct: string;
  /** What an under-run beyond the tolerance repays. */
  settlementBasis: SettlementBasis;
  /** The offers. */
  offers: OfferDraft[];
}

/** A field the user must correct. */
export interface DraftProblem {
  /** i18n key of the field under `controlling.agreement.fields`. */
  field: string;
  /** 1-based offer number, when the field belongs to an offer. */
  offer?: number;
  /** Need group, when the field belongs to a group. */
  group?: number;
}

/** An empty offer: five groups with 0 cases and no fee yet. */
export function emptyOffer(key: number): OfferDraft {
  return { key, name: "", places: "", groups: [1, 2, 3, 4, 5].map(() => ({ cases: "0", fee: "" })) };
}

/**
 * A new, empty form.
 *
 * @param provider - provider name to start with
 * @returns the draft with the default corridor 5 % / 10 %
 */
export function emptyDraft(provider: string): AgreementDraft {
  return {
    provider,
    baseYear: "",
    greenPct: "5",
    amberPct: "10",
    creditSocialSpaceAtPriorGroup: true,
    budgetedStaffFte: "",
    startMonth: "01",
    settlementThresholdPct: "",
    settlementBasis: "beyondTolerance",
    offers: [emptyOffer(0)],
  };
}

/**
 * Fills the form from a stored agreement.
 *
 * @param agreement - the agreement
 * @returns the draft, fees written as "98,50"
 */
export function draftFromAgreement(agreement: BudgetAgreement): AgreementDraft {
  return {
    provider: agreement.provider,
    baseYear: agreement.baseYear === undefined ? "" : String(agreement.baseYear),
    greenPct: decimalToInput(agreement.greenPct),
    amberPct: decimalToInput(agreement.amberPct),
    creditSocialSpaceAtPriorGroup: agreement.creditSocialSpaceAtPriorGroup,
    budgetedStaffFte: decimalToInput(agreement.budgetedStaffFte),
    startMonth: agreement.startMonth?.slice(5, 7) ?? "01",
    settlementThresholdPct: agreement.settlementThresholdPct === undefined ? "" : decimalToInput(agreement.settlementThresholdPct),
    settlementBasis: agreement.settlementBasis ?? "beyondTolerance",
    offers: agreement.offers.map((offer, key) => ({
      key,
      name: offer.name,
      places: String(offer.places),
      groups: [1, 2, 3, 4, 5].map((needGroup) => {
        const group = offer.groups.find((g) => g.needGroup === needGroup);
        return { cases: group ? decimalToInput(group.budgetedCases) : "0", fee: group ? centsToEuroInput(group.dailyFeeCents) : "" };
      }),
    })),
  };
}

/**
 * Turns the form into an agreement for a year; the server validates it again.
 *
 * @param draft - the form
 * @param year - the budget year
 * @returns the agreement, or the fields to correct
 * @example
 * agreementFromDraft(draft, 2025).agreement?.offers[0].groups[0].dailyFeeCents // 9850 for "98,50"
 */
export function agreementFromDraft(draft: AgreementDraft, year: number): { agreement: BudgetAgreement | null; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const need = <T>(value: T | null, problem: DraftProblem): T => {
    if (value === null) problems.push(problem);
    return value as T;
  };
  const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
  if (draft.provider.trim() === "") problems.push({ field: "provider" });
  const baseYear = draft.baseYear.trim() === "" ? undefined : need(whole(draft.baseYear), { field: "baseYear" });
  const greenPct = need(parseDecimal(draft.greenPct), { field: "greenPct" });
  const amberPct = need(parseDecimal(draft.amberPct), { field: "amberPct" });
  if (greenPct !== null && amberPct !== null && greenPct > amberPct) problems.push({ field: "greenAboveAmber" });
  const budgetedStaffFte = need(parseDecimal(draft.budgetedStaffFte), { field: "budgetedStaffFte" });
  const threshold = draft.settlementThresholdPct.trim() === "" ? undefined : need(parseDecimal(draft.settlementThresholdPct), { field: "settlementThresholdPct" });
  const offers = draft.offers.map((offer, index) => {
    const number = index + 1;
    if (offer.name.trim() === "") problems.push({ field: "offerName", offer: number });
    return {
      name: offer.name.trim(),
      places: need(whole(offer.places), { field: "places", offer: number }),
      groups: offer.groups.map((group, g) => ({
        needGroup: g + 1,
        budgetedCases: need(parseDecimal(group.cases), { field: "budgetedCases", offer: number, group: g + 1 }),
        dailyFeeCents: need(parseEuroToCents(group.fee), { field: "dailyFee", offer: number, group: g + 1 }),
      })),
    };
  });
  const names = offers.map((offer) => offer.name);
  if (new Set(names).size !== names.length) problems.push({ field: "duplicateOffer" });
  if (problems.length > 0) return { agreement: null, problems };
  const agreement: BudgetAgreement = {
    provider: draft.provider.trim(),
    year,
    ...(baseYear === undefined ? {} : { baseYear }),
    greenPct,
    amberPct,
    creditSocialSpaceAtPriorGroup: draft.creditSocialSpaceAtPriorGroup,
    budgetedStaffFte,
    // Defaults stay absent, as in an uploaded file: the threshold then follows greenPct.
    ...(draft.startMonth === "01" ? {} : { startMonth: `${year}-${draft.startMonth}` }),
    ...(threshold === undefined ? {} : { settlementThresholdPct: threshold }),
    ...(draft.settlementBasis === "beyondTolerance" ? {} : { settlementBasis: draft.settlementBasis }),
    offers,
  };
  return { agreement, problems };
}
