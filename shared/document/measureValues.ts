import type { Measure } from "./measures";
import type { MeasureHistoryField } from "../domain/versions";

/**
 * A measure field as readable text, for compares, histories and reports: dates as
 * YYYY-MM-DD, choices as their code (the UI translates them), linked KPIs joined by
 * ", ", status lines as "talkDate: text" lines, nothing as "".
 */
export function readableMeasureValue(measure: Measure, field: MeasureHistoryField): string {
  switch (field) {
    case "linkedKpis":
      return measure.linkedKpis.join(", ");
    case "statusLines":
      return measure.statusLines.map((line) => `${line.talkDate}: ${line.text}`).join("\n");
    default:
      return String(measure[field] ?? "");
  }
}

/** German names of the measure fields, for the UI, reports and exports. */
export const MEASURE_FIELD_LABELS_DE: Record<MeasureHistoryField, string> = {
  title: "Titel",
  description: "Beschreibung",
  responsibleSide: "Verantwortliche Seite",
  responsiblePerson: "Verantwortliche Person",
  startDate: "Beginn",
  dueDate: "Fällig",
  status: "Status",
  trafficLight: "Ampel",
  horizon: "Horizont",
  linkedKpis: "Verknüpfte Kennzahlen",
  statusLines: "Stand je Steuerungsgespräch",
};
