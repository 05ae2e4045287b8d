import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { PeriodKind } from "../../shared/kpi/periods";
import { periodTranslate, periodWords, switchKind, type PeriodChoice } from "./period";

/** Props of {@link PeriodPicker}. */
interface PeriodPickerProps {
  /** The chosen period; null while a stored period is unclear (the kind then asks for a choice). */
  value: PeriodChoice | null;
  /** The years offered, newest last. */
  years: number[];
  /** Called with the new choice. */
  onChange(choice: PeriodChoice): void;
  /** The fieldset's legend; "Zeitraum" by default. */
  legend?: string;
  /** Hides the legend visually (it still names the group for screen readers). */
  hideLegend?: boolean;
  /** Kind before year, as in a sentence ("Quartal … 2025"); year first by default. */
  kindFirst?: boolean;
  /** The year shown while `value` is null. */
  fallbackYear?: number;
  /** The newest month with figures (`YYYY-MM`): changing the kind within its year never ends after it. */
  newestMonth?: string | null;
  /** Extra class of the fieldset. */
  className?: string;
}

const KINDS: PeriodKind[] = ["year", "quarter", "month", "ytd"];

/**
 * Kind of period, year and quarter or month, with the chosen period in words ("2. Quartal
 * 2025"): the period of the dashboard, the comparison and the KPI blocks. Native selects,
 * so every part works with the keyboard alone.
 */
export function PeriodPicker({ value, years, onChange, legend, hideLegend, kindFirst, fallbackYear, newestMonth, className }: PeriodPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const year = value?.year ?? fallbackYear ?? years[years.length - 1];
  const monthName = (month: number) => t(`controlling.period.months.${month}`);

  function handleKind(kind: PeriodKind) {
    onChange(switchKind(value, kind, year, newestMonth));
  }

  const yearSelect = (
    <span className="period-part" key="year">
      <label htmlFor={`${id}-year`}>{t("controlling.period.year")}</label>
      <select id={`${id}-year`} value={year} onChange={(event) => value && onChange({ ...value, year: Number(event.target.value) })} disabled={!value}>
        {years.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </span>
  );
  const kindSelect = (
    <span className="period-part" key="kind">
      <label htmlFor={`${id}-kind`}>{t("controlling.period.kind")}</label>
      <select id={`${id}-kind`} value={value?.kind ?? ""} onChange={(event) => handleKind(event.target.value as PeriodKind)}>
        {!value && <option value="">{t("controlling.period.choose")}</option>}
        {KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`controlling.period.kinds.${kind}`)}
          </option>
        ))}
      </select>
    </span>
  );

  return (
    <fieldset className={`period-picker${className ? ` ${className}` : ""}`}>
      <legend className={hideLegend ? "visually-hidden" : undefined}>{legend ?? t("controlling.period.legend")}</legend>
      {kindFirst ? [kindSelect, yearSelect] : [yearSelect, kindSelect]}
      {value?.kind === "quarter" && (
        <span className="period-part">
          <label htmlFor={`${id}-index`}>{t("controlling.period.quarter")}</label>
          <select id={`${id}-index`} value={value.index} onChange={(event) => onChange({ ...value, index: Number(event.target.value) })}>
            {[1, 2, 3, 4].map((quarter) => (
              <option key={quarter} value={quarter}>
                {t("controlling.period.words.quarter", { quarter, year: "" }).trim()}
              </option>
            ))}
          </select>
        </span>
      )}
      {(value?.kind === "month" || value?.kind === "ytd") && (
        <span className="period-part">
          <label htmlFor={`${id}-index`}>{t(value.kind === "month" ? "controlling.period.month" : "controlling.period.ytdMonth")}</label>
          <select id={`${id}-index`} value={value.index} onChange={(event) => onChange({ ...value, index: Number(event.target.value) })}>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
              <option key={month} value={month}>
                {monthName(month)}
              </option>
            ))}
          </select>
        </span>
      )}
      {value && (
        <output className="period-text" aria-live="polite">
          {periodWords(value, periodTranslate(t))}
        </output>
      )}
    </fieldset>
  );
}
