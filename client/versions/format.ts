import type { TFunction } from "i18next";
import type { MeasureHistoryField } from "../../shared/domain/versions";
import { KPI_CATALOGUE } from "../../shared/document/kpiCatalogue";

/**
 * A moment as German date and time ("05.03.2026, 14:07"), as everywhere in Steuerrad.
 * @param iso - ISO time
 */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("de-DE", { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A day as YYYY-MM-DD in local time.
 * @param date - the day
 */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** Where the labels of a measure's choice fields live in the `structure` texts. */
const CHOICE_PREFIX: Partial<Record<MeasureHistoryField, string>> = {
  status: "structure.status",
  trafficLight: "structure.trafficLight",
  horizon: "structure.horizon",
  responsibleSide: "structure.side",
};

/**
 * A measure field's readable value from the server (codes, YYYY-MM-DD dates, joined KPI
 * keys) as the UI shows it: choices and KPIs translated, dates in German format.
 * @param field - the field
 * @param value - the server's text; "" for empty, null for "not there"
 * @param t - the translation function
 * @param language - the UI language, for KPI names
 */
export function formatMeasureValue(field: MeasureHistoryField, value: string | null, t: TFunction, language: string): string {
  if (value === null) return t("versions.compare.missing");
  if (value === "") return t("versions.compare.empty");
  const prefix = CHOICE_PREFIX[field];
  if (prefix) return t(`${prefix}.${value}`, { defaultValue: value });
  if ((field === "startDate" || field === "dueDate") && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T12:00:00`).toLocaleDateString("de-DE");
  }
  if (field === "linkedKpis") {
    return value
      .split(", ")
      .map((key) => {
        const kpi = KPI_CATALOGUE.find((entry) => entry.key === key);
        return kpi ? (language === "en" ? kpi.en : kpi.de) : key;
      })
      .join(", ");
  }
  return value;
}
