/**
 * A KPI block as the rows of a small table: what the editor's KPI block shows (value,
 * budget, deviation, corridor in words), from the KPI values the export was given.
 */
import { findKpi, type KpiDefinition } from "../../shared/document/kpiCatalogue";
import type { KpiBlockRef } from "../../shared/document/redKpis";
import type { KpiSnapshot, ShownKpiResult } from "../../shared/domain/kpiSnapshot";
import { parsePeriod } from "../../shared/kpi/periods";
import type { FieldRow } from "./fieldRow";
import { formatCents, formatKpiValue } from "../../shared/format/germanNumbers";
import { CORRIDOR_COLOUR_LABELS, CORRIDOR_DIRECTION_LABELS } from "./labels";

const NONE = "–";

function valueOf(result: ShownKpiResult, key: string): number | null {
  const value = (result as unknown as Record<string, unknown>)[key];
  return typeof value === "number" ? value : null;
}

/** The German reason under `key`; results stored before German reasons existed have only the English. */
function reasonOf(result: ShownKpiResult, key: string): string | undefined {
  return result.reasonsDe?.[key] ?? result.reasons[key];
}

function formatted(result: ShownKpiResult, ref: { key: string; unit: KpiDefinition["unit"] } | undefined): string {
  const value = ref ? valueOf(result, ref.key) : null;
  return ref && value !== null ? formatKpiValue(value, ref.unit) : NONE;
}

/** Why a block has no result: unknown KPI, bad period, no values for the period. */
function missingReason(kpi: KpiDefinition | undefined, block: KpiBlockRef, snapshot: KpiSnapshot): string | null {
  if (!kpi) return `Unbekannte Kennzahl „${block.kpi}“.`;
  const period = parsePeriod(block.period);
  if (!period.ok) return `Ungültiger Zeitraum: ${period.messageDe}`;
  const entry = snapshot.periods[block.period];
  if (!entry) return "Für diesen Zeitraum wurden keine Werte berechnet.";
  const error = entry.errorDe ?? entry.error;
  if (!entry.result && entry.budgetStart) return `Vor Budgetbeginn: das Budget beginnt ${entry.budgetStart}; für diesen Zeitraum gibt es kein Budget.`;
  if (!entry.result) return `Keine Werte für diesen Zeitraum${error ? `: ${error}` : "."}`;
  return null;
}

/** Value, budget, deviation and corridor of a KPI with a result. */
function valueRows(kpi: KpiDefinition, result: ShownKpiResult): FieldRow[] {
  const value = valueOf(result, kpi.key);
  if (value === null) return [{ label: "Kein Wert", lines: [reasonOf(result, kpi.key) ?? "Die Kennzahl hat für diesen Zeitraum keinen Wert."] }];
  // A deviation KPI shows its actual figure as "Ist"; any other KPI is itself the actual figure.
  const actual = kpi.corridor ? formatted(result, kpi.actual) : formatKpiValue(value, kpi.unit);
  let deviation = kpi.corridor ? formatKpiValue(value, kpi.unit, true) : NONE;
  const deviationCents = valueOf(result, "valueDeviationCents");
  // The value deviation matters in euro too: that is what the budget talk is about.
  if (kpi.key === "valueDeviationPct" && deviationCents !== null) deviation += ` (${formatCents(deviationCents, true)})`;
  const rows: FieldRow[] = [
    { label: "Ist", lines: [actual] },
    { label: "Soll/Budget", lines: [formatted(result, kpi.budget)] },
    { label: "Abweichung", lines: [deviation] },
  ];
  if (!kpi.corridor) rows.push({ label: "Korridor", lines: [NONE] });
  else {
    const entry = result.corridor[kpi.corridor];
    const reason = reasonOf(result, `corridor.${kpi.corridor}`);
    rows.push(
      entry
        ? { label: "Korridor", lines: [`${CORRIDOR_COLOUR_LABELS[entry.colour]}, ${CORRIDOR_DIRECTION_LABELS[entry.direction]}`], shade: entry.colour }
        : { label: "Korridor", lines: [reason ? `kein Korridor: ${reason}` : "kein Korridor"] },
    );
  }
  return rows;
}

/**
 * The rows of a KPI block's table: Kennzahl, Zeitraum, Ist, Soll/Budget, Abweichung,
 * Korridor (shaded in its colour, with colour and direction in words), or the reason
 * when there is no value; then the participants' note and months not reported.
 * @param block - the block's KPI, period and note
 * @param snapshot - the KPI values of the exported state
 * @returns the rows, the KPI's name first
 */
export function kpiFields(block: KpiBlockRef, snapshot: KpiSnapshot): FieldRow[] {
  const kpi = findKpi(block.kpi);
  const rows: FieldRow[] = [
    { label: "Kennzahl", lines: [kpi?.de ?? (block.kpi || NONE)] },
    { label: "Zeitraum", lines: [block.period || NONE] },
  ];
  const reason = missingReason(kpi, block, snapshot);
  const result = snapshot.periods[block.period]?.result ?? null;
  if (reason || !kpi || !result) rows.push({ label: "Kein Wert", lines: [reason ?? NONE] });
  else {
    rows.push(...valueRows(kpi, result));
    if (result.unreportedMonths.length > 0) rows.push({ label: "Nicht gemeldet", lines: [result.unreportedMonths.join(", ")] });
  }
  if (snapshot.scope === "conference") rows.push({ label: "Hinweis", lines: ["Summen aller Leistungserbringer der Sozialraumkonferenz"] });
  if (block.note.trim()) rows.push({ label: "Anmerkung", lines: block.note.split("\n") });
  return rows;
}
