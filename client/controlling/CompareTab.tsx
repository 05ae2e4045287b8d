import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { KpiResult } from "../../shared/kpi/result";
import type { CorridorEntry } from "../../shared/kpi/corridor";
import { ApiError } from "../lib/api";
import { fetchKpis, type ProviderRef } from "./controllingApi";
import { CorridorBadge } from "./CorridorBadge";
import { formatCents, formatNumber, formatPercent } from "./format";
import { useKpiText } from "./kpiText";

/** The KPIs of one provider, or why there are none. */
type Column = { provider: ProviderRef; result: KpiResult | null; problem: string | null };

/** Props of {@link CompareTab}. */
interface CompareTabProps {
  /** All providers the funder reads. */
  providers: ProviderRef[];
  /** The period text, e.g. "2025-Q2". */
  period: string;
  /** Changes when stored data changed, to load again. */
  reloadKey: number;
}

/** One row of the comparison: a label and how to show a provider's value. */
interface RowSpec {
  /** i18n key under `controlling.compare.rows`. */
  id: string;
  /** The cell of one provider. */
  cell(result: KpiResult, reason: (key: string) => string): ReactNode;
}

function deviation(value: number | null, entry: CorridorEntry | null, reason: string): ReactNode {
  if (value === null) return <span className="kpi-reason">{reason}</span>;
  return (
    <>
      <span className="compare-value">{formatPercent(value, true)}</span> <CorridorBadge entry={entry} />
    </>
  );
}

const ROWS: RowSpec[] = [
  { id: "occupancy", cell: (r, why) => deviation(r.occupancyDeviationPct, r.corridor.occupancy, why("occupancyDeviationPct")) },
  { id: "value", cell: (r, why) => deviation(r.valueDeviationPct, r.corridor.value, why("valueDeviationPct")) },
  { id: "staff", cell: (r, why) => deviation(r.staffDeviationPct, r.corridor.staff, why("staffDeviationPct")) },
  { id: "serviceValue", cell: (r, why) => (r.serviceValueCents === null ? why("serviceValueCents") : formatCents(r.serviceValueCents)) },
  { id: "proRataBudget", cell: (r) => formatCents(r.proRataBudgetCents) },
  {
    id: "cases",
    cell: (r, why) => (r.casesAtEnd === null ? why("casesAtEnd") : `${formatNumber(r.casesAtEnd)} / ${formatNumber(r.budgetedCases, { decimals: Number.isInteger(r.budgetedCases) ? 0 : 1 })}`),
  },
  { id: "utilisation", cell: (r, why) => (r.utilisationPct === null ? why("utilisationPct") : formatPercent(r.utilisationPct)) },
  { id: "externalShare", cell: (r, why) => (r.externalSharePct === null ? why("externalSharePct") : formatPercent(r.externalSharePct)) },
  { id: "socialSpace", cell: (r, why) => (r.socialSpaceCases === null ? why("socialSpaceCases") : formatNumber(r.socialSpaceCases)) },
  { id: "unreported", cell: (r) => (r.unreportedMonths.length === 0 ? "–" : r.unreportedMonths.join(", ")) },
];

/** The funder's view: every provider side by side for the chosen period. */
export function CompareTab({ providers, period, reloadKey }: CompareTabProps) {
  const { t } = useTranslation();
  const text = useKpiText();
  const cellOf = (row: RowSpec, result: KpiResult) => row.cell(result, (key) => text.reason(result, key) ?? t("controlling.dashboard.noValue"));
  const [columns, setColumns] = useState<Column[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    setColumns(null);
    void Promise.allSettled(providers.map((provider) => fetchKpis(provider.id, period))).then((outcomes) => {
      if (cancelled) return;
      setColumns(
        outcomes.map((outcome, index) => {
          if (outcome.status === "fulfilled") return { provider: providers[index], result: outcome.value.result, problem: null };
          const caught = outcome.reason as Error;
          const known = caught instanceof ApiError ? caught : null;
          const problem = known?.status === 404 ? t("controlling.compare.noAgreement") : known?.code === "before_budget_start" ? t("controlling.compare.beforeBudgetStart") : caught.message;
          return { provider: providers[index], result: null, problem };
        }),
      );
    });
    return () => {
      cancelled = true;
    };
  }, [providers, period, reloadKey, t]);

  if (!columns) return <p>{t("controlling.loading")}</p>;
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">{t("controlling.compare.title", { period })}</h2>
      <div className="table-scroll">
        <table className="controlling-table compare-table" data-testid="compare-table">
          <caption>{t("controlling.compare.caption", { period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.compare.kpi")}</th>
              {columns.map((column) => (
                <th key={column.provider.id} scope="col">
                  {column.provider.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.id}>
                <th scope="row">{t(`controlling.compare.rows.${row.id}`)}</th>
                {columns.map((column) => (
                  <td key={column.provider.id}>{column.result ? cellOf(row, column.result) : <span className="kpi-reason">{column.problem}</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
