import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from "chart.js";
import { Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { ChartTable } from "./ChartTable";
import { countAxis } from "./chartAxis";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

/** One line of a chart. */
export interface ChartSeries {
  /** Legend and table column label. */
  label: string;
  /** One value per label of the chart; null where there is none. */
  values: (number | null)[];
  /** Budget lines are dashed with triangles, trend lines dotted with diamonds, so they differ without colour. */
  variant?: "actual" | "budget" | "trend";
}

/** Props of {@link TrendChart}. */
interface TrendChartProps {
  /** Heading of the chart. */
  title: string;
  /** The x labels (years). */
  labels: string[];
  /** The lines. */
  series: ChartSeries[];
  /** Writes a value with its unit, for axis, tooltip and table. */
  format(value: number): string;
  /** Test id of the block. */
  testId: string;
  /**
   * The values count something (cases, days): the y axis gets whole-number ticks and a
   * range from 0 or with room around the values ({@link countAxis}), labelled by `formatTick`.
   */
  counts?: boolean;
  /** Writes an axis tick; `format` by default. */
  formatTick?(value: number): string;
}

const ACTUAL_COLOURS = ["#1f5fa8", "#8e24aa", "#2e7d32"];

/** A line chart over years, always with the same numbers as a table below it. */
export function TrendChart({ title, labels, series, format, testId, counts, formatTick = format }: TrendChartProps) {
  const { t } = useTranslation();
  const axis = counts ? countAxis(series.flatMap((line) => line.values)) : null;
  const options: ChartOptions<"line"> = {
    animation: false,
    maintainAspectRatio: false,
    spanGaps: false,
    scales: {
      y: axis
        ? { min: axis.min, max: axis.max, ticks: { stepSize: axis.stepSize, precision: 0, callback: (value) => formatTick(Number(value)) } }
        : { ticks: { callback: (value) => formatTick(Number(value)) } },
    },
    plugins: {
      legend: { position: "bottom", labels: { usePointStyle: true } },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ""}: ${format(Number(item.raw))}` } },
    },
  };
  let actualIndex = 0;
  const data = {
    labels,
    datasets: series.map((line) => {
      const variant = line.variant ?? "actual";
      const colour = variant === "budget" ? "#4a5260" : variant === "trend" ? "#a15c00" : ACTUAL_COLOURS[actualIndex++ % ACTUAL_COLOURS.length];
      return {
        label: line.label,
        data: line.values,
        borderColor: colour,
        backgroundColor: colour,
        borderDash: variant === "budget" ? [8, 4] : variant === "trend" ? [2, 3] : [],
        pointStyle: variant === "budget" ? ("triangle" as const) : variant === "trend" ? ("rectRot" as const) : ("circle" as const),
        pointRadius: 5,
      };
    }),
  };
  const summary = t("controlling.trend.chartSummary", { title, from: labels[0] ?? "", to: labels[labels.length - 1] ?? "" });

  return (
    <figure className="trend-chart" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <div className="trend-canvas">
        <Line data={data} options={options} role="img" aria-label={summary} fallbackContent={<p>{summary}</p>} />
      </div>
      <details>
        <summary>{t("controlling.trend.asTable")}</summary>
        <ChartTable caption={title} labelHeading={t("controlling.trend.year")} labels={labels} series={series} format={format} />
      </details>
    </figure>
  );
}
