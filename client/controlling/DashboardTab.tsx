import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion } from "../../shared/domain/figures";
import type { KpiResult } from "../../shared/kpi/result";
import { Breakdowns } from "./Breakdowns";
import { ApiError } from "../lib/api";
import { fetchKpis } from "./controllingApi";
import { KpiCards } from "./KpiCards";
import { UnansweredRedKpis } from "./UnansweredRedKpis";
import { periodText, type PeriodChoice } from "./period";
import { TrendCharts } from "./TrendCharts";

/** Props of {@link DashboardTab}. */
interface DashboardTabProps {
  /** The provider. */
  providerId: string;
  /** The chosen period. */
  choice: PeriodChoice;
  /** The provider's agreements, one per year. */
  agreements: AgreementVersion[];
  /** Changes when stored data changed, to load again. */
  reloadKey: number;
}

/** The KPIs of one provider for the chosen period: cards, warnings, breakdowns and five-year charts. */
export function DashboardTab({ providerId, choice, agreements, reloadKey }: DashboardTabProps) {
  const { t } = useTranslation();
  const period = periodText(choice);
  const agreement = agreements.find((a) => a.year === choice.year) ?? null;
  const [result, setResult] = useState<KpiResult | null>(null);
  const [providerName, setProviderName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [beforeStart, setBeforeStart] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setResult(null);
    setError(null);
    setBeforeStart(false);
    if (!agreement) return;
    fetchKpis(providerId, period).then(
      (answer) => {
        if (cancelled) return;
        setResult(answer.result);
        setProviderName(answer.provider);
      },
      (caught: Error) => {
        if (cancelled) return;
        // A period before the budget start has no budget to deviate from: a notice, not an error.
        if (caught instanceof ApiError && caught.code === "before_budget_start") setBeforeStart(true);
        else setError(caught.message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [providerId, period, agreement, reloadKey]);

  if (!agreement) return <p className="notice">{t("controlling.dashboard.noAgreement", { year: choice.year })}</p>;
  if (beforeStart) {
    return (
      <p className="notice" role="status" data-testid="before-budget-start">
        {t("controlling.dashboard.beforeBudgetStart", { period, start: agreement.agreement.startMonth ?? `${choice.year}-01` })}
      </p>
    );
  }
  if (error)
    return (
      <p className="error" role="alert">
        {t("controlling.error", { message: error })}
      </p>
    );
  if (!result) return <p>{t("controlling.loading")}</p>;

  return (
    <div className="dashboard" data-period={result.period}>
      <h2>{t("controlling.dashboard.title", { period: result.period })}</h2>
      {result.unreportedMonths.length > 0 && (
        <div className="notice" role="status" data-testid="unreported-months">
          <p>
            <span aria-hidden="true">⚠ </span>
            {t("controlling.dashboard.unreportedIntro")}
          </p>
          <ul>
            {result.unreportedMonths.map((month) => (
              <li key={month}>{t("controlling.dashboard.unreported", { month })}</li>
            ))}
          </ul>
        </div>
      )}
      <KpiCards result={result} budgetedStaffFte={agreement.agreement.budgetedStaffFte} />
      {providerName && <UnansweredRedKpis provider={providerName} period={result.period} result={result} />}
      <h2>{t("controlling.breakdown.title")}</h2>
      <Breakdowns result={result} />
      <TrendCharts providerId={providerId} choice={choice} agreements={agreements} current={result} reloadKey={reloadKey} />
    </div>
  );
}
