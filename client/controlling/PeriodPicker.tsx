import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { PeriodKind } from "../../shared/kpi/periods";
import { periodText, type PeriodChoice } from "./period";

/** Props of {@link PeriodPicker}. */
interface PeriodPickerProps {
  /** The chosen period. */
  value: PeriodChoice;
  /** The years offered, newest last. */
  years: number[];
  /** Called with the new choice. */
  onChange(choice: PeriodChoice): void;
}

const KINDS: PeriodKind[] = ["year", "quarter", "month", "ytd"];

/** Year, kind of period and quarter or month: the period of the dashboard and the comparison. */
export function PeriodPicker({ value, years, onChange }: PeriodPickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const monthName = (month: number) => new Date(2000, month - 1, 1).toLocaleString(i18n.language, { month: "long" });

  function handleKind(kind: PeriodKind) {
    const index = kind === "quarter" ? Math.min(4, Math.max(1, Math.ceil(value.index / 3))) : kind === "year" ? 12 : value.kind === "quarter" ? value.index * 3 : value.index;
    onChange({ ...value, kind, index });
  }

  return (
    <fieldset className="period-picker">
      <legend>{t("controlling.period.legend")}</legend>
      <label htmlFor={`${id}-year`}>{t("controlling.period.year")}</label>
      <select id={`${id}-year`} value={value.year} onChange={(event) => onChange({ ...value, year: Number(event.target.value) })}>
        {years.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-kind`}>{t("controlling.period.kind")}</label>
      <select id={`${id}-kind`} value={value.kind} onChange={(event) => handleKind(event.target.value as PeriodKind)}>
        {KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`controlling.period.kinds.${kind}`)}
          </option>
        ))}
      </select>
      {value.kind === "quarter" && (
        <>
          <label htmlFor={`${id}-index`}>{t("controlling.period.quarter")}</label>
          <select id={`${id}-index`} value={value.index} onChange={(event) => onChange({ ...value, index: Number(event.target.value) })}>
            {[1, 2, 3, 4].map((quarter) => (
              <option key={quarter} value={quarter}>
                Q{quarter}
              </option>
            ))}
          </select>
        </>
      )}
      {(value.kind === "month" || value.kind === "ytd") && (
        <>
          <label htmlFor={`${id}-index`}>{t(value.kind === "month" ? "controlling.period.month" : "controlling.period.ytdMonth")}</label>
          <select id={`${id}-index`} value={value.index} onChange={(event) => onChange({ ...value, index: Number(event.target.value) })}>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
              <option key={month} value={month}>
                {monthName(month)}
              </option>
            ))}
          </select>
        </>
      )}
      <output className="period-text" aria-live="polite">
        {periodText(value)}
      </output>
    </fieldset>
  );
}
