import { useTranslation } from "react-i18next";
import { PeriodPicker } from "../controlling/PeriodPicker";
import { choiceOfPeriod, defaultKpiPeriod, periodText, periodTranslate, periodWords } from "../controlling/period";

/** Props of {@link KpiPeriodPicker}. */
interface KpiPeriodPickerProps {
  /** The stored period text, e.g. "2025-Q2"; may be unclear in blocks typed before the picker. */
  period: string;
  /** Whether the user may change it; read-only users see the period in words only. */
  editable: boolean;
  /** The months with figures known so far, for the years offered and for an unclear period. */
  reportedMonths: string[] | null;
  /** Called with the new period text. */
  onChange(period: string): void;
  /** The current date (tests pass one). */
  today?: Date;
}

/** Years before the current one a KPI block offers: the five-year trend's window and one more. */
const YEARS_BACK = 6;

/**
 * The period of a KPI block, chosen with selects (kind, year, quarter or month) and shown in
 * words ("2. Quartal 2025", "Januar bis März 2026"); the document keeps the period text.
 * An unclear stored period leaves the kind to choose; the block says why.
 */
export function KpiPeriodPicker({ period, editable, reportedMonths, onChange, today = new Date() }: KpiPeriodPickerProps) {
  const { t } = useTranslation();
  const choice = choiceOfPeriod(period);
  if (!editable) {
    return <span className="kpi-period-words">{choice ? periodWords(choice, periodTranslate(t)) : period}</span>;
  }
  const current = today.getFullYear();
  const years = Array.from({ length: YEARS_BACK + 2 }, (_, i) => current - YEARS_BACK + i);
  if (choice && !years.includes(choice.year)) years.push(choice.year);
  years.sort((a, b) => a - b);
  const fallback = choiceOfPeriod(defaultKpiPeriod(reportedMonths, today))!;
  const newestMonth = reportedMonths && reportedMonths.length > 0 ? reportedMonths[reportedMonths.length - 1] : null;
  return (
    <PeriodPicker
      className="kpi-period-picker"
      value={choice}
      years={years}
      legend={t("controlling.period.kpiLegend")}
      hideLegend
      kindFirst
      fallbackYear={fallback.year}
      newestMonth={newestMonth}
      onChange={(next) => onChange(periodText(next))}
    />
  );
}
