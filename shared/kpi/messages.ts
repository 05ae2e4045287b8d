/**
 * Every text the KPI engine produces — reasons for a missing value, warnings, input errors —
 * in English and German, one function per kind of message. The English goes where it always
 * went (`message`, `reasons`, `trendReason`: the KPI command prints it); the German beside it
 * (`messageDe`, `reasonsDe`, `trendReasonDe`) for the German UI and the exported documents.
 * Keeping both languages of a message in one function keeps them saying the same thing.
 *
 * German terms follow the UI: Belegungstage, Leistungsangebot, Hilfebedarfsgruppe (HBG),
 * Fälle, Kostenträger örtlich/auswärtig, Sozialraum (+S), VK, Mengengerüst, Budgetbeginn,
 * Zeitraum, Periodenende.
 */

import { quoteEn, quoteDe, type KpiText } from "./bilingual";

export * from "./bilingual";
export * from "./inputMessages";

/** What is wrong with a period text. */
export type PeriodProblem = "noMonth" | "noQuarter" | "noYear" | "notPeriod";

/** Texts about periods ([KPI-R10], [KPI-S4]). */
export const periodTexts = {
  /** A period text of none of the four forms. */
  badPeriod: (text: string, why: PeriodProblem): KpiText => {
    const reason: Record<PeriodProblem, KpiText> = {
      noMonth: { en: "names no month 01–12", de: "nennt keinen Monat 01–12" },
      noQuarter: { en: "names no quarter Q1–Q4", de: "nennt kein Quartal Q1–Q4" },
      noYear: { en: "names no year", de: "nennt kein Jahr" },
      notPeriod: { en: "is not a period", de: "ist kein Zeitraum" },
    };
    return {
      en: `period ${quoteEn(text)} ${reason[why].en}; use YYYY, YYYY-MM, YYYY-Qn or YYYY-YTD-MM`,
      de: `Zeitraum ${quoteDe(text)} ${reason[why].de}; bitte JJJJ, JJJJ-MM, JJJJ-Qn oder JJJJ-YTD-MM angeben`,
    };
  },
  /** A period whose year has no agreement. */
  noAgreement: (year: number, period: string): KpiText => ({
    en: `no budget agreement for ${year} was supplied; period ${period} needs the agreement of its year`,
    de: `keine Budgetvereinbarung für ${year} vorhanden; der Zeitraum ${period} braucht die Vereinbarung seines Jahres`,
  }),
  /** A period wholly before the budget start. */
  beforeBudgetStart: (period: string, start: string): KpiText => ({
    en: `period ${period} lies before the budget start ${start}`,
    de: `der Zeitraum ${period} liegt vor dem Budgetbeginn ${start}`,
  }),
};

/** What a percentage deviation is taken of, named when it is 0. */
export type DeviationBase = "budgetedOccupancyDays" | "proRataBudget" | "budgetedStaffFte" | "budget" | "spanBudget" | "meanBudgetedStaffFte";

/** Reasons of the KPIs of one period ([KPI-R2] … [KPI-R9]). */
export const evaluationTexts = {
  /** No (budget) month of the period is reported. */
  noFigures: (period: string, missing: readonly string[], budgetMonths: boolean): KpiText => ({
    en: `no ${budgetMonths ? "budget month" : "month"} of ${period} is reported (missing: ${missing.join(", ")})`,
    de: `für ${period} ist kein ${budgetMonths ? "Budgetmonat" : "Monat"} gemeldet (es fehlen: ${missing.join(", ")})`,
  }),
  /** The period's last month is not reported, so nothing is known at period end. */
  lastMonthNotReported: (month: string, period: string): KpiText => ({
    en: `${month}, the last month of ${period}, is not reported`,
    de: `Monat ${month}, der letzte Monat von ${period}, ist nicht gemeldet`,
  }),
  /** The deviation's base is 0. */
  zeroBase: (base: DeviationBase): KpiText => {
    const names: Record<DeviationBase, KpiText> = {
      budgetedOccupancyDays: { en: "the budgeted occupancy days", de: "Budgetierte Belegungstage" },
      proRataBudget: { en: "the pro-rata budget", de: "Anteiliges Budget" },
      budgetedStaffFte: { en: "budgetedStaffFte", de: "Budgetiertes Personal (VK)" },
      budget: { en: "the budget", de: "Budget" },
      spanBudget: { en: "the budget of the span", de: "Budget des Abgleichszeitraums" },
      meanBudgetedStaffFte: { en: "the mean budgetedStaffFte", de: "Mittleres budgetiertes Personal (VK)" },
    };
    return { en: `${names[base].en} is 0, so there is no deviation in percent`, de: `${names[base].de}: 0, daher keine Abweichung in Prozent` };
  },
  /** No budgeted cases, so no budgeted average need group. */
  noBudgetedCases: (): KpiText => ({ en: "no cases are budgeted", de: "kein Mengengerüst vereinbart (0 budgetierte Fälle)" }),
  /** No local occupancy days, so no actual average need group. */
  noLocalDays: (): KpiText => ({ en: "no local occupancy days in the period", de: "keine Belegungstage örtlicher Fälle im Zeitraum" }),
  /** No places, so no utilisation. */
  noCapacity: (): KpiText => ({ en: "there are no places (capacity 0), so no utilisation", de: "keine Plätze vereinbart (Kapazität 0), daher keine Auslastung" }),
  /** No occupancy days, so no external share. */
  noDaysForExternalShare: (): KpiText => ({ en: "no occupancy days in the period, so no external share", de: "keine Belegungstage im Zeitraum, daher kein Anteil auswärtiger Kostenträger" }),
  /** No staff row in the period. */
  noStaffRow: (): KpiText => ({ en: "no staff row for any month of the period", de: "für keinen Monat des Zeitraums ist Personal (VK) gemeldet" }),
  /** No occupancy days, so the local staff is unknown. */
  noDaysForStaff: (): KpiText => ({
    en: "no occupancy days in the period, so the external share and the local staff are unknown",
    de: "keine Belegungstage im Zeitraum, daher sind der Anteil auswärtiger Kostenträger und das Personal für örtliche Fälle unbekannt",
  }),
  /** No local cases at period end. */
  noLocalCasesAtEnd: (): KpiText => ({ en: "no local cases at period end", de: "keine örtlichen Fälle am Periodenende" }),
  /** [KPI-R9] Fewer than two years with figures in the trend window. */
  fewTrendYears: (from: number, to: number, years: readonly number[]): KpiText => ({
    en: `figures for fewer than two years in ${from}-${to} (years with figures: ${years.length > 0 ? years.join(", ") : "none"}); a trend needs at least two`,
    de: `Zahlen für weniger als zwei Jahre in ${from}–${to} (Jahre mit Zahlen: ${years.length > 0 ? years.join(", ") : "keine"}); ein Trend braucht mindestens zwei`,
  }),
};

/** Texts of the year-end reconciliation ([KPI-J1] … [KPI-J6]). */
export const reconcileTexts = {
  /** A span not written YYYY or YYYY-YYYY. */
  badSpan: (text: string): KpiText => ({ en: `reconciliation span ${quoteEn(text)} is not YYYY or YYYY-YYYY`, de: `Abgleichszeitraum ${quoteDe(text)} ist nicht JJJJ oder JJJJ-JJJJ` }),
  /** A span whose first year is after its last. */
  backwards: (span: string): KpiText => ({
    en: `reconciliation span ${span} runs backwards; write the earlier year first`,
    de: `der Abgleichszeitraum ${span} läuft rückwärts; bitte das frühere Jahr zuerst nennen`,
  }),
  /** A span of more years than are reconciled together. */
  tooLong: (span: string, years: number, max: number): KpiText => ({
    en: `reconciliation span ${span} covers ${years} years; at most ${max} are reconciled together`,
    de: `der Abgleichszeitraum ${span} umfasst ${years} Jahre; höchstens ${max} werden zusammen abgeglichen`,
  }),
  /** A year of the span without agreement. */
  noAgreement: (year: number, span: string): KpiText => ({
    en: `no budget agreement for ${year} was supplied; reconciliation ${span} needs the agreement of every year`,
    de: `keine Budgetvereinbarung für ${year} vorhanden; der Jahresabgleich ${span} braucht die Vereinbarung jedes Jahres`,
  }),
  /** No budget month of a year is reported. */
  noBudgetMonthReported: (year: number): KpiText => ({ en: `no budget month of ${year} is reported`, de: `kein Budgetmonat von ${year} ist gemeldet` }),
  /** A year without local staff, so no mean over the span. */
  noStaffMean: (year: number, span: string): KpiText => ({
    en: `no staff for local persons in ${year}, so no mean over ${span}`,
    de: `kein Personal für örtliche Fälle in ${year}, daher kein Mittel über ${span}`,
  }),
};

/** Texts of the conference's disclosure control ([KPI-D1] … [KPI-D6]). */
export const disclosureTexts = {
  /** [KPI-D1] Fewer than `min` providers contribute. */
  fewContributors: (min: number): KpiText => ({
    en: `Fewer than ${min} providers contribute to this sum; the conference sees sums only from ${min} providers on.`,
    de: `Weniger als ${min} Leistungserbringer tragen zu dieser Summe bei; die Konferenz sieht Summen erst ab ${min} Leistungserbringern.`,
  }),
  /** [KPI-D2] A count of persons below `min`. */
  smallCount: (min: number): KpiText => ({
    en: `Fewer than ${min} persons (< ${min}) or a provider's part below ${min}; not shown in shared views.`,
    de: `Weniger als ${min} Personen (< ${min}) oder ein Anteil eines Leistungserbringers unter ${min}; in geteilten Ansichten nicht gezeigt.`,
  }),
  /** [KPI-D4] Hidden to protect another hidden cell. */
  complement: (): KpiText => ({
    en: "Hidden so that a hidden number cannot be worked out from the sum and the other values.",
    de: "Verborgen, damit eine verborgene Zahl nicht aus der Summe und den übrigen Werten errechnet werden kann.",
  }),
  /** [KPI-D3] A month of the period has too few contributors; the months when known. */
  unsafeMonth: (min: number, months: readonly string[] = []): KpiText => {
    const named = months.length > 0 ? ` (${months.join(", ")})` : "";
    return {
      en: `In a month of the period fewer than ${min} providers contribute; that month could otherwise be worked out from other periods${named}.`,
      de: `In einem Monat des Zeitraums tragen weniger als ${min} Leistungserbringer bei; dieser Monat ließe sich sonst aus anderen Zeiträumen errechnen${named}.`,
    };
  },
  /** [KPI-D6] Computed from a hidden sum. */
  derived: (): KpiText => ({ en: "Computed from a hidden sum, so hidden.", de: "Aus einer verborgenen Summe berechnet, daher verborgen." }),
  /** [KPI-D6] A figure that only makes sense per provider. */
  notShared: (): KpiText => ({ en: "Visible per provider only: the conference sees sums only.", de: "Nur je Leistungserbringer sichtbar: die Konferenz sieht nur Summen." }),
  /** Not every provider reported the period. */
  notReported: (): KpiText => ({ en: "Not every provider has reported figures for this period.", de: "Nicht alle Leistungserbringer haben Zahlen für diesen Zeitraum gemeldet." }),
  /** A zero budget sum, so no deviation. */
  noBudget: (): KpiText => ({ en: "No budget for this period, so no deviation.", de: "Kein Budget für diesen Zeitraum, daher keine Abweichung." }),
  /** [KPI-D1] Too few providers with an agreement: the conference sees nothing. */
  fewProviders: (year: number, count: number, min: number): KpiText => ({
    en: `Only ${count} providers have a budget agreement for ${year}; the conference sees sums only from ${min} providers on.`,
    de: `Für ${year} haben erst ${count} Leistungserbringer eine Budgetvereinbarung; die Konferenz sieht Summen erst ab ${min} Leistungserbringern.`,
  }),
};

/** Why a cell of the next agreement's draft has its number ([KPI-N4]). */
export const nextAgreementTexts = {
  /** No figures of the offer in the window: the current value is kept. */
  keptCurrent: (offer: string, from: number, year: number): KpiText => ({
    en: `no figures of ${quoteEn(offer)} in ${from}-${year}; the budgeted cases of the ${year} agreement are kept`,
    de: `keine Zahlen für ${quoteDe(offer)} in ${from}–${year}; das Mengengerüst der Vereinbarung ${year} bleibt`,
  }),
  /** Figures of one year only: its mean is taken. */
  singleYear: (offer: string, year: number): KpiText => ({
    en: `figures of ${quoteEn(offer)} for one year only (${year}); a trend needs at least two, so that year's mean is taken`,
    de: `Zahlen für ${quoteDe(offer)} nur aus einem Jahr (${year}); ein Trend braucht mindestens zwei, daher gilt das Mittel dieses Jahres`,
  }),
  /** The trend line at the next year; `clamped` when it fell below 0. */
  trend: (years: readonly number[], next: number, clamped: boolean): KpiText =>
    clamped
      ? { en: `the least-squares line through ${years.join(", ")} falls below 0 at ${next}; 0 is taken`, de: `die Ausgleichsgerade durch ${years.join(", ")} fällt ${next} unter 0; 0 wird genommen` }
      : { en: `the least-squares line through ${years.join(", ")}, at ${next}`, de: `die Ausgleichsgerade durch ${years.join(", ")}, im Jahr ${next}` },
};

/** Texts of the input error as a whole. */
export const errorTexts = {
  /** An input error without any issue. */
  invalidInput: (): KpiText => ({ en: "invalid KPI input", de: "ungültige Eingaben für die Kennzahlen" }),
  /** How many more issues follow the first. */
  andMore: (count: number): KpiText => ({ en: ` (and ${count} more)`, de: ` (und ${count} weitere)` }),
};
