/**
 * A measure as the rows of a readable two-column table, every field in German words.
 */
import { findKpi } from "../../shared/document/kpiCatalogue";
import type { Measure } from "../../shared/document/measures";
import { formatCents } from "../../shared/format/germanNumbers";
import type { FieldRow } from "./fieldRow";
import { formatGermanDate, HORIZON_LABELS, SIDE_LABELS, STATUS_LABELS, TRAFFIC_LIGHT_LABELS } from "./labels";

/** Shown for an empty field, so a reader sees it was left empty rather than lost. */
const NONE = "–";

function orNone(lines: string[]): string[] {
  const filled = lines.filter((line) => line.trim() !== "");
  return filled.length > 0 ? filled : [NONE];
}

/**
 * The rows of a measure's table: Maßnahme, Beschreibung, Verantwortlich (Seite/Person),
 * Beginn, Fällig, Status, Ampel, Horizont, Kennzahlen, Statuszeilen, and the reconciliation
 * decision that credits the measure, if one does.
 * @param measure - the measure's data, or null when the document names a measure without data
 * @returns the rows, the title first
 */
export function measureFields(measure: Measure | null): FieldRow[] {
  if (!measure) return [{ label: "Maßnahme", lines: ["(Daten der Maßnahme fehlen)"] }];
  const side = SIDE_LABELS[measure.responsibleSide];
  const person = measure.responsiblePerson.trim();
  return [
    { label: "Maßnahme", lines: orNone([measure.title]) },
    { label: "Beschreibung", lines: orNone(measure.description.split("\n")) },
    { label: "Verantwortlich (Seite/Person)", lines: [person ? `${side} / ${person}` : side] },
    { label: "Beginn", lines: [measure.startDate ? formatGermanDate(measure.startDate) : NONE] },
    { label: "Fällig", lines: [measure.dueDate ? formatGermanDate(measure.dueDate) : NONE] },
    { label: "Status", lines: [STATUS_LABELS[measure.status]] },
    measure.trafficLight ? { label: "Ampel", lines: [TRAFFIC_LIGHT_LABELS[measure.trafficLight]], shade: measure.trafficLight } : { label: "Ampel", lines: ["nicht gesetzt"] },
    { label: "Horizont", lines: [HORIZON_LABELS[measure.horizon]] },
    { label: "Kennzahlen", lines: orNone(measure.linkedKpis.map((key) => findKpi(key)?.de ?? key)) },
    { label: "Statuszeilen", lines: orNone(measure.statusLines.map((line) => `${formatGermanDate(line.talkDate)}: ${line.text}`)) },
    ...(measure.settlement ? [{ label: "Ausgleichsmaßnahme", lines: [`Jahresabgleich ${measure.settlement.settlementSpan}: ${formatCents(measure.settlement.settlementValueCents)}`] }] : []),
  ];
}
