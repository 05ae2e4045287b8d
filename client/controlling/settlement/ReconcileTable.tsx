import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { ReconcileResult, ReconcileYear } from "../../../shared/domain/settlement";
import { formatCents, formatNumber, formatPercent } from "../format";

const OUTCOME_ICONS = { within: "✓", underRun: "▼", overRun: "▲" } as const;

/** A percentage with sign, or "–". */
function percent(value: number | null): string {
  return value === null ? "–" : formatPercent(value, true);
}

/** Staff in FTE with two decimals, or "–". */
function fte(value: number | null): string {
  return value === null ? "–" : formatNumber(value, { decimals: 2 });
}

/** Props of {@link ReconcileTable}. */
interface ReconcileTableProps {
  /** The reconciliation. */
  result: ReconcileResult;
  /** The span as text. */
  span: string;
}

/** Per year and together: budget, service value, deviation in € and %, staff against budget. */
export function ReconcileTable({ result, span }: ReconcileTableProps) {
  const { t } = useTranslation();
  const { cumulative } = result;
  const row = (year: ReconcileYear) => (
    <tr key={year.year} data-year={year.year}>
      <th scope="row">
        {year.year}
        {year.unreportedMonths.length > 0 && (
          <span className="provisional-badge" title={`${t("settlement.table.missing")}: ${year.unreportedMonths.join(", ")}`}>
            {" "}
            <span aria-hidden="true">⚠ </span>
            {t("settlement.provisional")}
          </span>
        )}
      </th>
      <td className="number">{formatCents(year.budgetCents)}</td>
      <td className="number">{formatCents(year.serviceValueCents)}</td>
      <td className="number">{formatCents(year.deviationCents, true)}</td>
      <td className="number">{percent(year.deviationPct)}</td>
      <td className="number">{fte(year.staffFteLocal)}</td>
      <td className="number">{fte(year.budgetedStaffFte)}</td>
      <td className="number">{percent(year.staffDeviationPct)}</td>
    </tr>
  );
  return (
    <div className="table-scroll">
      <table className="controlling-table reconcile-table" data-testid="reconcile-table">
        <caption>{t("settlement.table.caption", { span })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("settlement.table.year")}</th>
            <th scope="col">{t("settlement.table.budget")}</th>
            <th scope="col">{t("settlement.table.value")}</th>
            <th scope="col">{t("settlement.table.deviation")}</th>
            <th scope="col">{t("settlement.table.deviationPct")}</th>
            <th scope="col">{t("settlement.table.staff")}</th>
            <th scope="col">{t("settlement.table.staffBudget")}</th>
            <th scope="col">{t("settlement.table.staffDeviation")}</th>
          </tr>
        </thead>
        <tbody>
          {result.years.map(row)}
          <tr className="total" data-year="total">
            <th scope="row">{t("settlement.table.total")}</th>
            <td className="number">{formatCents(cumulative.budgetCents)}</td>
            <td className="number">{formatCents(cumulative.serviceValueCents)}</td>
            <td className="number">{formatCents(cumulative.deviationCents, true)}</td>
            <td className="number">{percent(cumulative.deviationPct)}</td>
            <td className="number">{fte(cumulative.staffFteLocalMean)}</td>
            <td className="number">{fte(cumulative.budgetedStaffFteMean)}</td>
            <td className="number">{percent(cumulative.staffDeviationPct)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Tolerance, outcome (icon and words, never colour alone), the part beyond it and the proposed amount. */
export function SettlementSummary({ result, proposalCents }: { result: ReconcileResult; proposalCents: number }) {
  const { t } = useTranslation();
  const id = useId();
  const { settlement } = result;
  const missing = result.years.reduce((count, year) => count + year.unreportedMonths.length, 0);
  return (
    <section className="settlement-summary" aria-labelledby={`${id}-title`} data-outcome={settlement.outcome}>
      <h3 id={`${id}-title`}>{t("settlement.result.title")}</h3>
      <dl data-testid="settlement-summary">
        <dt>{t("settlement.result.tolerance")}</dt>
        <dd>{t("settlement.result.toleranceValue", { pct: formatPercent(settlement.thresholdPct), amount: formatCents(settlement.toleranceCents) })}</dd>
        <dt>{t("settlement.result.outcome")}</dt>
        <dd>
          <strong className={`outcome outcome-${settlement.outcome}`}>
            <span aria-hidden="true">{OUTCOME_ICONS[settlement.outcome]} </span>
            {t(`settlement.result.outcomes.${settlement.outcome}`)}
          </strong>
          <span className="field-hint"> {t(`settlement.result.outcomeHints.${settlement.outcome}`)}</span>
          {settlement.provisional && (
            <span className="provisional-hint" data-testid="settlement-provisional">
              <span aria-hidden="true">⚠ </span>
              {t("settlement.result.provisionalHint", { count: missing })}
            </span>
          )}
        </dd>
        <dt>{t("settlement.result.beyond")}</dt>
        <dd className="number">{formatCents(settlement.beyondToleranceCents)}</dd>
        <dt>{t("settlement.result.proposal")}</dt>
        <dd className="number proposal" data-testid="proposal-amount">
          <strong>{formatCents(proposalCents)}</strong>
          {settlement.outcome === "underRun" && (
            <span className="field-hint"> {settlement.repaymentCents === settlement.beyondToleranceCents ? t("settlement.result.basisBeyond") : t("settlement.result.basisWhole")}</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
