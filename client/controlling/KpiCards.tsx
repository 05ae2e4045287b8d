import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { KpiResult } from "../../shared/kpi/result";
import type { CorridorEntry } from "../../shared/kpi/corridor";
import { CorridorBadge } from "./CorridorBadge";
import { formatCents, formatNumber, formatPercent, monthInWords } from "./format";
import { useKpiText } from "./kpiText";

/** How a KPI value is written. */
export type KpiUnit = "cents" | "percent" | "days" | "count" | "fte" | "group";

/**
 * Writes a KPI value with its unit, German style.
 *
 * @param value - the unrounded value
 * @param unit - its unit
 * @param t - the translate function (for "Tage", "VK")
 * @param signed - show "+" before positive values (deviations)
 * @returns e.g. "5.049 Tage", "22,77 VK", "−9.745,70 €"
 */
export function formatKpiValue(value: number, unit: KpiUnit, t: TFunction, signed = false): string {
  switch (unit) {
    case "cents":
      return formatCents(value, signed);
    case "percent":
      return formatPercent(value, signed);
    case "days":
      return t("controlling.units.days", { value: formatNumber(value, { signed }) });
    case "count":
      return formatNumber(value, { decimals: Number.isInteger(value) ? 0 : 1, signed });
    case "fte":
      return t("controlling.units.fte", { value: formatNumber(value, { decimals: 2, signed }) });
    case "group":
      return formatNumber(value, { decimals: 2, signed });
  }
}

/** One card's content. */
interface CardSpec {
  /** Stable id, used in test ids and i18n keys under `controlling.cards`. */
  id: string;
  /** The actual value and the key of its reason in `reasons`. */
  actual: { value: number | null; reasonKey: string };
  /** The budget to compare with, if any. */
  budget?: number | null;
  /** Key of the budget's label under `controlling.cards`, default `budget`. */
  budgetLabel?: string;
  /** The deviation in percent, if the KPI has one. */
  deviationPct?: { value: number | null; reasonKey: string };
  /** The absolute deviation, in the KPI's unit. */
  deviationAbs?: number | null;
  /** The corridor, if the KPI has one. */
  corridor?: { entry: CorridorEntry | null; reasonKey: string };
  /** The unit. */
  unit: KpiUnit;
}

function cardsOf(result: KpiResult, budgetedStaffFte: number | null): CardSpec[] {
  const minus = (a: number | null, b: number | null | undefined) => (a === null || b === null || b === undefined ? null : a - b);
  return [
    {
      id: "occupancy",
      unit: "days",
      actual: { value: result.actualOccupancyDays, reasonKey: "actualOccupancyDays" },
      budget: result.budgetedOccupancyDays,
      deviationAbs: minus(result.actualOccupancyDays, result.budgetedOccupancyDays),
      deviationPct: { value: result.occupancyDeviationPct, reasonKey: "occupancyDeviationPct" },
      corridor: { entry: result.corridor.occupancy, reasonKey: "corridor.occupancy" },
    },
    {
      id: "value",
      unit: "cents",
      actual: { value: result.serviceValueCents, reasonKey: "serviceValueCents" },
      budget: result.proRataBudgetCents,
      budgetLabel: "proRataBudget",
      deviationAbs: result.valueDeviationCents,
      deviationPct: { value: result.valueDeviationPct, reasonKey: "valueDeviationPct" },
      corridor: { entry: result.corridor.value, reasonKey: "corridor.value" },
    },
    {
      id: "staff",
      unit: "fte",
      actual: { value: result.staffFteLocal, reasonKey: "staffFteLocal" },
      budget: budgetedStaffFte,
      deviationAbs: minus(result.staffFteLocal, budgetedStaffFte),
      deviationPct: { value: result.staffDeviationPct, reasonKey: "staffDeviationPct" },
      corridor: { entry: result.corridor.staff, reasonKey: "corridor.staff" },
    },
    {
      id: "cases",
      unit: "count",
      actual: { value: result.casesAtEnd, reasonKey: "casesAtEnd" },
      budget: result.budgetedCases,
      deviationAbs: minus(result.casesAtEnd, result.budgetedCases),
    },
    {
      id: "avgNeedGroup",
      unit: "group",
      actual: { value: result.avgNeedGroupActual, reasonKey: "avgNeedGroupActual" },
      budget: result.avgNeedGroupBudgeted,
      deviationAbs: minus(result.avgNeedGroupActual, result.avgNeedGroupBudgeted),
    },
    { id: "utilisation", unit: "percent", actual: { value: result.utilisationPct, reasonKey: "utilisationPct" } },
    { id: "externalShare", unit: "percent", actual: { value: result.externalSharePct, reasonKey: "externalSharePct" } },
    { id: "ftePer10Cases", unit: "group", actual: { value: result.ftePer10Cases, reasonKey: "ftePer10Cases" } },
  ];
}

/** Props of {@link KpiCards}. */
interface KpiCardsProps {
  /** The KPIs of the period. */
  result: KpiResult;
  /** Budgeted staff of the period's agreement, for the staff card. */
  budgetedStaffFte: number | null;
}

/** One card per main KPI: value, budget, deviation with direction and corridor, or why it has no value. */
export function KpiCards({ result, budgetedStaffFte }: KpiCardsProps) {
  const { t } = useTranslation();
  const text = useKpiText();
  const reason = (key: string) => text.reason(result, key) ?? t("controlling.dashboard.noValue");
  return (
    <div className="kpi-cards">
      {cardsOf(result, budgetedStaffFte).map((card) => (
        <article key={card.id} className={`kpi-card corridor-border-${card.corridor?.entry?.colour ?? "none"}`} data-testid={`kpi-card-${card.id}`} aria-labelledby={`kpi-card-${card.id}-title`}>
          <h3 id={`kpi-card-${card.id}-title`}>{t(`controlling.cards.${card.id}`)}</h3>
          <dl>
            <dt>{t("controlling.cards.actual")}</dt>
            <dd className="kpi-card-value">{card.actual.value === null ? <span className="kpi-reason">{reason(card.actual.reasonKey)}</span> : formatKpiValue(card.actual.value, card.unit, t)}</dd>
            {card.budget !== undefined && (
              <>
                <dt>{t(`controlling.cards.${card.budgetLabel ?? "budget"}`)}</dt>
                <dd>{card.budget === null ? "–" : formatKpiValue(card.budget, card.unit, t)}</dd>
              </>
            )}
            {card.deviationAbs !== undefined && card.actual.value !== null && (
              <>
                <dt>{t("controlling.cards.deviation")}</dt>
                <dd>
                  {card.deviationAbs === null ? "–" : formatKpiValue(card.deviationAbs, card.unit, t, true)}
                  {card.deviationPct && card.deviationPct.value !== null && ` (${formatPercent(card.deviationPct.value, true)})`}
                </dd>
              </>
            )}
            {card.corridor && (
              <>
                <dt>{t("controlling.cards.corridor")}</dt>
                <dd>
                  <CorridorBadge entry={card.corridor.entry} reason={card.corridor.entry ? undefined : text.reason(result, card.corridor.reasonKey)} />
                </dd>
              </>
            )}
          </dl>
        </article>
      ))}
      <BudgetCard result={result} />
    </div>
  );
}

/** The annual budget and its payment schedule (the 12 instalments). */
function BudgetCard({ result }: { result: KpiResult }) {
  const { t, i18n } = useTranslation();
  const year = Number(result.period.slice(0, 4));
  return (
    <article className="kpi-card" data-testid="kpi-card-budget" aria-labelledby="kpi-card-budget-title">
      <h3 id="kpi-card-budget-title">{t("controlling.cards.annualBudget")}</h3>
      <p className="kpi-card-value">{formatCents(result.annualBudgetCents)}</p>
      <details>
        <summary>{t("controlling.cards.instalments")}</summary>
        <table className="controlling-table">
          <caption>{t("controlling.cards.instalmentsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.cards.instalmentMonth")}</th>
              <th scope="col">{t("controlling.cards.instalment")}</th>
            </tr>
          </thead>
          <tbody>
            {result.monthlyInstalmentsCents.map((cents, index) => (
              <tr key={index}>
                <th scope="row">{monthInWords(year, index + 1, i18n.language, false)}</th>
                <td className="number">{formatCents(cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
