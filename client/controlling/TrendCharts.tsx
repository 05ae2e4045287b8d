import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion } from "../../shared/domain/figures";
import type { KpiResult } from "../../shared/kpi/result";
import { ApiError } from "../lib/api";
import { fetchKpis } from "./controllingApi";
import { formatCents, formatNumber } from "./format";
import { useKpiText } from "./kpiText";
import { chartPeriodOf, lastMonthOf, type PeriodChoice } from "./period";
import { TrendChart } from "./TrendChart";

/** KPIs of one year of the charts. */
interface YearPoint {
  /** Calendar year. */
  year: number;
  /** The period used (the whole year, or the chosen year up to the period's end). */
  period: string;
  /** The KPIs. */
  result: KpiResult;
}

/** Props of {@link TrendCharts}. */
interface TrendChartsProps {
  /** The provider. */
  providerId: string;
  /** The chosen period; the charts cover up to five years ending with its year. */
  choice: PeriodChoice;
  /** The provider's agreements (one per year), for the years and the budgeted staff. */
  agreements: AgreementVersion[];
  /** The KPIs of the chosen period, for the five-year trend of cases. */
  current: KpiResult;
  /** Changes when stored data changed, to load again. */
  reloadKey: number;
}

/**
 * Loads the KPIs of up to the last five years with an agreement and shows cases,
 * occupancy days, service value and staff against their budgets, each also as a table.
 */
export function TrendCharts({ providerId, choice, agreements, current, reloadKey }: TrendChartsProps) {
  const { t, i18n } = useTranslation();
  const [points, setPoints] = useState<YearPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const years = agreements
    .map((a) => a.year)
    .filter((year) => year <= choice.year && year > choice.year - 5)
    .sort((a, b) => a - b);
  const yearsKey = years.join(",");
  const chosenPeriod = chartPeriodOf(choice.year, choice);

  useEffect(() => {
    let cancelled = false;
    setPoints(null);
    setError(null);
    const wanted = yearsKey === "" ? [] : yearsKey.split(",").map(Number);
    void Promise.allSettled(wanted.map((year) => fetchKpis(providerId, chartPeriodOf(year, choice)))).then((outcomes) => {
      if (cancelled) return;
      const loaded: YearPoint[] = [];
      outcomes.forEach((outcome, index) => {
        if (outcome.status === "fulfilled") loaded.push({ year: wanted[index], period: outcome.value.result.period, result: outcome.value.result });
        // A year without agreement, or whose budget starts after the chart's period, is simply left out.
        else if (!(outcome.reason instanceof ApiError && (outcome.reason.status === 404 || outcome.reason.code === "before_budget_start"))) setError((outcome.reason as Error).message);
      });
      setPoints(loaded);
    });
    return () => {
      cancelled = true;
    };
    // `chosenPeriod` stands for the parts of `choice` the requests use.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the whole `choice` would reload on every change of its object identity
  }, [providerId, yearsKey, chosenPeriod, reloadKey]);

  if (!points) return <p>{t("controlling.loading")}</p>;
  const label = (point: YearPoint) =>
    point.period === String(point.year) ? String(point.year) : t("controlling.trend.yearUntil", { year: point.year, month: `${point.period.slice(-2)}/${point.year}` });
  const labels = points.map(label);
  const staffBudget = (year: number) => agreements.find((a) => a.year === year)?.agreement.budgetedStaffFte ?? null;
  const days = (value: number) => t("controlling.units.days", { value: formatNumber(value) });
  const fte = (value: number) => t("controlling.units.fte", { value: formatNumber(value, { decimals: 2 }) });

  return (
    <section className="trend-charts" aria-labelledby="trend-title">
      <h2 id="trend-title">{t("controlling.trend.title")}</h2>
      <p className="muted">
        {lastMonthOf(choice) === 12
          ? t("controlling.trend.spanYear")
          : t("controlling.trend.span", { month: new Date(2000, lastMonthOf(choice) - 1, 1).toLocaleString(i18n.language, { month: "long" }) })}
      </p>
      {error && (
        <p className="error" role="alert">
          {t("controlling.error", { message: error })}
        </p>
      )}
      {points.length === 0 ? (
        <p>{t("controlling.trend.noYears")}</p>
      ) : (
        <div className="trend-grid">
          <CasesChart points={points} current={current} labelOf={label} />
          <TrendChart
            testId="trend-occupancy"
            title={t("controlling.trend.occupancy")}
            labels={labels}
            format={days}
            counts
            series={[
              { label: t("controlling.trend.actualDays"), values: points.map((p) => p.result.actualOccupancyDays) },
              { label: t("controlling.trend.budgetedDays"), values: points.map((p) => p.result.budgetedOccupancyDays), variant: "budget" },
            ]}
          />
          <TrendChart
            testId="trend-value"
            title={t("controlling.trend.value")}
            labels={labels}
            format={(value) => formatCents(value)}
            series={[
              { label: t("controlling.trend.serviceValue"), values: points.map((p) => p.result.serviceValueCents) },
              { label: t("controlling.trend.proRataBudget"), values: points.map((p) => p.result.proRataBudgetCents), variant: "budget" },
            ]}
          />
          <TrendChart
            testId="trend-staff"
            title={t("controlling.trend.staff")}
            labels={labels}
            format={fte}
            series={[
              { label: t("controlling.trend.staffLocal"), values: points.map((p) => p.result.staffFteLocal) },
              { label: t("controlling.trend.staffBudget"), values: points.map((p) => staffBudget(p.year)), variant: "budget" },
            ]}
          />
        </div>
      )}
    </section>
  );
}

/** Props of {@link CasesChart}. */
interface CasesChartProps {
  /** The loaded years. */
  points: YearPoint[];
  /** The chosen period's KPIs, with the five-year trend of mean cases. */
  current: KpiResult;
  /** Label of a loaded year. */
  labelOf(point: YearPoint): string;
}

/** Mean local cases per year with the trend line and forecast, cases at year end and the budgeted cases. */
function CasesChart({ points, current, labelOf }: CasesChartProps) {
  const { t } = useTranslation();
  const text = useKpiText();
  const trend = current.trend;
  const yearSet = new Set<number>([...points.map((p) => p.year), ...(trend?.years.map((y) => y.year) ?? [])]);
  // The trend's forecast is for the year after the period's year.
  const forecastYear = Number(current.period.slice(0, 4)) + 1;
  if (trend) yearSet.add(forecastYear);
  const years = [...yearSet].sort((a, b) => a - b);
  const pointOf = (year: number) => points.find((p) => p.year === year);
  const labels = years.map((year) => {
    const point = pointOf(year);
    if (point) return labelOf(point);
    return trend && year === forecastYear ? t("controlling.trend.forecastYear", { year }) : String(year);
  });
  const line = (year: number) => (trend ? trend.forecastNextYear - trend.slope * (forecastYear - year) : null);
  // Means and the trend line are fractional; the axis counts whole persons.
  const cases = (value: number) => formatNumber(value, { decimals: 1 });

  return (
    <div>
      <TrendChart
        testId="trend-cases"
        title={t("controlling.trend.cases")}
        labels={labels}
        format={cases}
        counts
        formatTick={(value) => formatNumber(value)}
        series={[
          { label: t("controlling.trend.meanCases"), values: years.map((year) => trend?.years.find((y) => y.year === year)?.avgCases ?? null) },
          { label: t("controlling.trend.casesAtEnd"), values: years.map((year) => pointOf(year)?.result.casesAtEnd ?? null) },
          { label: t("controlling.trend.budgetedCases"), values: years.map((year) => pointOf(year)?.result.budgetedCases ?? null), variant: "budget" },
          ...(trend ? [{ label: t("controlling.trend.trendLine"), values: years.map(line), variant: "trend" as const }] : []),
        ]}
      />
      {trend ? (
        <p className="muted">{t("controlling.trend.slope", { slope: formatNumber(trend.slope, { decimals: 1, signed: true }), forecast: cases(trend.forecastNextYear), year: forecastYear })}</p>
      ) : (
        <p className="muted">{t("controlling.trend.noTrend", { reason: text.trend(current) ?? "" })}</p>
      )}
    </div>
  );
}
