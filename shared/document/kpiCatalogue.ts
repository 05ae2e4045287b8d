/** A KPI that a KPI block can show, with its labels and unit. */
export interface KpiDefinition {
  /** Key in the KPI result (shared/kpi). */
  key: string;
  /** German label. */
  de: string;
  /** English label. */
  en: string;
  /** How to format the value. */
  unit: "percent" | "cents" | "count" | "days" | "fte" | "group";
  /** Which corridor colours the value, if any. */
  corridor?: "occupancy" | "value" | "staff";
  /** For a deviation: the result key of the actual figure and its unit. */
  actual?: { key: string; unit: KpiDefinition["unit"] };
  /** The result key of the budget (target) to show beside the value, and its unit. */
  budget?: { key: string; unit: KpiDefinition["unit"] };
}

/** The KPIs a KPI block can show, in the order the picker lists them. */
export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  {
    key: "occupancyDeviationPct",
    de: "Abweichung Belegungstage",
    en: "Occupancy days deviation",
    unit: "percent",
    corridor: "occupancy",
    actual: { key: "actualOccupancyDays", unit: "days" },
    budget: { key: "budgetedOccupancyDays", unit: "days" },
  },
  {
    key: "valueDeviationPct",
    de: "Abweichung Leistungswert vom Budget",
    en: "Service value deviation from budget",
    unit: "percent",
    corridor: "value",
    actual: { key: "serviceValueCents", unit: "cents" },
    budget: { key: "proRataBudgetCents", unit: "cents" },
  },
  { key: "staffDeviationPct", de: "Abweichung Personaleinsatz", en: "Staff deviation", unit: "percent", corridor: "staff", actual: { key: "staffFteLocal", unit: "fte" } },
  { key: "actualOccupancyDays", de: "Belegungstage", en: "Occupancy days", unit: "days", budget: { key: "budgetedOccupancyDays", unit: "days" } },
  { key: "serviceValueCents", de: "Erbrachter Leistungswert", en: "Service value delivered", unit: "cents", budget: { key: "proRataBudgetCents", unit: "cents" } },
  { key: "proRataBudgetCents", de: "Anteiliges Budget, tagesgenau", en: "Pro-rata budget by days", unit: "cents" },
  { key: "casesAtEnd", de: "Fälle am Periodenende", en: "Cases at period end", unit: "count", budget: { key: "budgetedCases", unit: "count" } },
  { key: "avgNeedGroupActual", de: "Durchschnittliche Hilfebedarfsgruppe", en: "Average need group", unit: "group", budget: { key: "avgNeedGroupBudgeted", unit: "group" } },
  { key: "utilisationPct", de: "Auslastung", en: "Utilisation", unit: "percent" },
  { key: "externalSharePct", de: "Anteil auswärtiger Kostenträger", en: "External funder share", unit: "percent" },
  { key: "staffFteLocal", de: "Personal für örtliche Fälle (VK)", en: "Staff for local cases (FTE)", unit: "fte" },
  { key: "socialSpaceCases", de: "Fälle mit HBG-Absenkung (+S)", en: "Social-space cases (+S)", unit: "count" },
  { key: "socialSpaceValueFreedCents", de: "Durch +S frei gewordener Wert", en: "Value freed by +S", unit: "cents" },
];

/** Finds a KPI definition by key. */
export function findKpi(key: string): KpiDefinition | undefined {
  return KPI_CATALOGUE.find((kpi) => kpi.key === key);
}
