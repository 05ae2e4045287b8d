/**
 * The "Jahresabgleich" section of a talk's minutes: every reconciliation decision confirmed
 * while the talk was running, with the numbers it was based on, its parts and who
 * confirmed it, as blocks of the export model (so Word and PDF show the same).
 */
import { revealForbiddenCharacters } from "../../shared/domain/text";
import { formatCents, formatNumber, formatPercent } from "../../shared/format/germanNumbers";
import { type SettlementDecision, type SettlementOutcome } from "../../shared/domain/settlement";
import { spanLabel } from "../../shared/domain/settlementRules";
import type { ExportBlock, ExportSection } from "./exportModel";
import type { FieldRow } from "./fieldRow";
import { formatBerlinDateTime } from "./labels";

/** What the section needs of a decision. */
export type ExportedSettlement = Omit<SettlementDecision, "figuresChanged">;

/** The section's heading, also listed in the table of contents. */
export const SETTLEMENT_SECTION_TITLE = "Jahresabgleich";

const OUTCOME_LABELS: Record<SettlementOutcome, string> = {
  within: "innerhalb der Toleranz",
  underRun: "Unterschreitung über die Toleranz hinaus",
  overRun: "Überschreitung über die Toleranz hinaus",
};

const text = (value: string) => revealForbiddenCharacters(value, "lineBreaks");
const percent = (value: number | null) => (value === null ? "–" : formatPercent(value, true));
const fte = (value: number) => `${formatNumber(value, { decimals: 2 })} VK`;

/** Staff against budget; a year without staff rows says so instead of "– VK". */
function staffLine(year: { staffFteLocal: number | null; budgetedStaffFte: number; staffDeviationPct: number | null }): string {
  if (year.staffFteLocal === null) return `Personal nicht gemeldet (Soll ${fte(year.budgetedStaffFte)})`;
  return `Personal ${fte(year.staffFteLocal)} gegen Soll ${fte(year.budgetedStaffFte)} (${percent(year.staffDeviationPct)})`;
}

/** What the proposed amount is, as the reconciliation tab says it: the part beyond the tolerance or the whole shortfall. */
function proposalBasis(settlement: { outcome: SettlementOutcome; repaymentCents: number; beyondToleranceCents: number }): string {
  if (settlement.outcome !== "underRun") return "";
  return settlement.repaymentCents === settlement.beyondToleranceCents ? " (Rückzahlung des Teils über der Toleranz)" : " (Rückzahlung der ganzen Unterschreitung)";
}

/**
 * The rows of one decision's table.
 * @param decision - a confirmed decision
 */
export function settlementRows(decision: ExportedSettlement): FieldRow[] {
  const { result } = decision.basedOn;
  const { cumulative, settlement } = result;
  const missing = result.years.flatMap((year) => year.unreportedMonths);
  const confirmed = (["funder", "provider"] as const).flatMap((side) => {
    const confirmation = decision.confirmations[side];
    return confirmation ? [`${side === "funder" ? "Leistungsträger" : "Leistungserbringer"}: ${text(confirmation.name)}, ${formatBerlinDateTime(Date.parse(confirmation.at))}`] : [];
  });
  const rows: FieldRow[] = [
    { label: "Zeitraum", lines: [spanLabel(decision.fromYear, decision.toYear) + (settlement.provisional ? ` (vorläufig: nicht gemeldet ${missing.join(", ")})` : "")] },
    ...result.years.map((year) => ({
      label: `Jahr ${year.year}`,
      lines: [
        `Budget ${formatCents(year.budgetCents)}, erbrachter Leistungswert ${formatCents(year.serviceValueCents)}, Abweichung ${formatCents(year.deviationCents, true)} (${percent(year.deviationPct)})`,
        staffLine(year),
      ],
    })),
    {
      label: "Zusammen",
      lines: [
        `Budget ${formatCents(cumulative.budgetCents)}, erbrachter Leistungswert ${formatCents(cumulative.serviceValueCents)}, Abweichung ${formatCents(cumulative.deviationCents, true)} (${percent(cumulative.deviationPct)})`,
      ],
    },
    { label: "Toleranz", lines: [`${formatNumber(settlement.thresholdPct, { decimals: 1 })} % = ${formatCents(settlement.toleranceCents)}`] },
    { label: "Ergebnis", lines: [OUTCOME_LABELS[settlement.outcome] + (settlement.provisional ? " (vorläufig)" : "")] },
    { label: "Über die Toleranz hinaus", lines: [formatCents(settlement.beyondToleranceCents)] },
    { label: "Vorgeschlagener Betrag", lines: [formatCents(decision.proposalCents) + proposalBasis(settlement)] },
    { label: "Rückzahlung", lines: [formatCents(decision.repayCents)] },
    {
      label: "Ausgleich durch Maßnahmen",
      lines: [formatCents(decision.offsetCents), ...decision.measures.map((measure) => `${text(measure.title)}: ${formatCents(measure.valueCents)}`)],
    },
    { label: "Übertrag in die nächste Vereinbarung", lines: [formatCents(decision.carryCents)] },
  ];
  if (decision.reason) rows.push({ label: "Begründung", lines: text(decision.reason).split("\n") });
  if (decision.supersedes) rows.push({ label: "Korrektur", lines: [`ersetzt eine frühere Entscheidung (${decision.supersedes})`, ...text(decision.correctionReason ?? "").split("\n")] });
  rows.push({ label: "Bestätigt", lines: confirmed.length > 0 ? confirmed : ["–"] });
  return rows;
}

/**
 * The section's blocks: a heading, then per decision a subheading and its table.
 * @param decisions - the decisions confirmed in the talk, oldest first
 * @returns no blocks when there is no decision
 */
export function settlementBlocks(decisions: readonly ExportedSettlement[]): ExportBlock[] {
  if (decisions.length === 0) return [];
  return [
    { kind: "heading", role: "perspective", level: 2, runs: [{ text: SETTLEMENT_SECTION_TITLE }] },
    ...decisions.flatMap((decision): ExportBlock[] => [
      { kind: "heading", role: "goal", level: 3, runs: [{ text: `Entscheidung zum Jahresabgleich ${spanLabel(decision.fromYear, decision.toYear)}` }] },
      { kind: "fields", variant: "measure", rows: settlementRows(decision) },
    ]),
  ];
}

/**
 * The section with its entry in the table of contents.
 * @param decisions - the decisions confirmed in the talk, oldest first
 * @returns null when there is no decision
 */
export function settlementSection(decisions: readonly ExportedSettlement[]): ExportSection | null {
  if (decisions.length === 0) return null;
  return {
    blocks: settlementBlocks(decisions),
    contents: { perspective: SETTLEMENT_SECTION_TITLE, goals: decisions.map((d) => `Entscheidung zum Jahresabgleich ${spanLabel(d.fromYear, d.toYear)}`) },
  };
}
