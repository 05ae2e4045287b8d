import type { MeasureHistoryField } from "../../shared/domain/versions";
import { findKpi } from "../../shared/document/kpiCatalogue";
import type { Horizon, MeasureStatus, ResponsibleSide, TrafficLight } from "../../shared/document/measures";
import { formatGermanDate, HORIZON_LABELS, SIDE_LABELS, STATUS_LABELS, TRAFFIC_LIGHT_LABELS } from "../exports/labels";

/** Longest value written into a report cell; the full text is in the measure's history. */
export const REPORT_VALUE_MAX_CHARS = 200;

/** German words of the choice fields, as the exports write them. */
const CHOICE_LABELS: Partial<Record<MeasureHistoryField, Record<string, string>>> = {
  status: STATUS_LABELS satisfies Record<MeasureStatus, string>,
  trafficLight: TRAFFIC_LIGHT_LABELS satisfies Record<TrafficLight, string>,
  horizon: HORIZON_LABELS satisfies Record<Horizon, string>,
  responsibleSide: SIDE_LABELS satisfies Record<ResponsibleSide, string>,
};

/**
 * A measure field's readable value (codes, YYYY-MM-DD, KPI keys, lines) as a report reads
 * it in German on one line: "(leer)" for nothing, choices and KPIs as words, German
 * dates, the lines of a description or of the status lines joined by " / ", and at most
 * {@link REPORT_VALUE_MAX_CHARS} characters.
 * @param field - the field
 * @param value - the value from the history replay
 * @returns the text for the report
 */
export function reportValue(field: MeasureHistoryField, value: string): string {
  if (value === "") return "(leer)";
  let text = value;
  const choices = CHOICE_LABELS[field];
  if (choices) text = choices[value] ?? value;
  else if (field === "startDate" || field === "dueDate") text = formatGermanDate(value);
  else if (field === "linkedKpis")
    text = value
      .split(", ")
      .map((key) => findKpi(key)?.de ?? key)
      .join(", ");
  // Only these fields hold lines on purpose; a line break elsewhere is shown as a character.
  else if (field === "description" || field === "statusLines") text = value.split(/\r?\n/).join(" / ");
  // By code points, so a cut never splits an emoji into half a surrogate pair.
  const characters = Array.from(text);
  return characters.length > REPORT_VALUE_MAX_CHARS ? `${characters.slice(0, REPORT_VALUE_MAX_CHARS).join("")}…` : text;
}
