import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import type { ReconcileYear } from "../../../shared/domain/settlement";
import { ChartTable } from "../ChartTable";
import { formatCents } from "../format";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

/**
 * Budget and service value per year as bars: the budget hollow with a dark outline, the
 * value filled, so they differ without colour; the numbers below as a table.
 */
export function ReconcileChart({ years }: { years: ReconcileYear[] }) {
  const { t } = useTranslation();
  const labels = years.map((year) => String(year.year));
  const series = [
    { label: t("settlement.table.budget"), values: years.map((year) => year.budgetCents) },
    { label: t("settlement.table.value"), values: years.map((year) => year.serviceValueCents) },
  ];
  const options: ChartOptions<"bar"> = {
    animation: false,
    maintainAspectRatio: false,
    scales: { y: { beginAtZero: true, ticks: { callback: (value) => formatCents(Number(value)) } } },
    plugins: {
      legend: { position: "bottom" },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ""}: ${formatCents(Number(item.raw))}` } },
    },
  };
  const data = {
    labels,
    datasets: [
      { label: series[0].label, data: series[0].values, backgroundColor: "#ffffff", borderColor: "#4a5260", borderWidth: 2 },
      { label: series[1].label, data: series[1].values, backgroundColor: "#1f5fa8", borderColor: "#1f5fa8", borderWidth: 2 },
    ],
  };
  const summary = t("settlement.chart.summary", { from: labels[0] ?? "", to: labels[labels.length - 1] ?? "" });
  return (
    <figure className="trend-chart reconcile-chart" data-testid="reconcile-chart">
      <figcaption>
        <h3>{t("settlement.chart.title")}</h3>
      </figcaption>
      <div className="trend-canvas">
        <Bar data={data} options={options} role="img" aria-label={summary} fallbackContent={<p>{summary}</p>} />
      </div>
      <details>
        <summary>{t("settlement.chart.asTable")}</summary>
        <ChartTable caption={t("settlement.chart.title")} labelHeading={t("settlement.table.year")} labels={labels} series={series} format={formatCents} />
      </details>
    </figure>
  );
}
