import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { findKpi } from "../../shared/document/kpiCatalogue";
import type { UnansweredRedKpi } from "../../shared/document/redKpis";

/** Props of {@link RedKpiList}. */
interface RedKpiListProps {
  /** The unanswered red KPIs. */
  entries: UnansweredRedKpi[];
  /** Unique id of the heading. */
  headingId: string;
  /** Test id of the section. */
  testId: string;
  /** An action per entry (e.g. "create a linked measure"), given the KPI's name. */
  action?: (entry: UnansweredRedKpi, name: string) => ReactNode;
  /** Shown under the hint (e.g. a link to the scorecard). */
  footer?: ReactNode;
}

/** "Red needs an answer": the red KPIs nothing answers yet, by name, period and direction in words. */
export function RedKpiList({ entries, headingId, testId, action, footer }: RedKpiListProps) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <section className="red-kpis" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId}>
        <span aria-hidden="true">✖ </span>
        {t("redKpis.title")}
      </h2>
      <ul>
        {entries.map((entry) => {
          const definition = findKpi(entry.kpi);
          const name = definition ? (i18n.language === "en" ? definition.en : definition.de) : entry.kpi;
          return (
            <li key={`${entry.kpi}|${entry.period}`}>
              {name} ({entry.period}, {t(`controlling.direction.${entry.direction}`)}){action?.(entry, name)}
            </li>
          );
        })}
      </ul>
      <p className="muted">{t("redKpis.hint")}</p>
      {footer}
    </section>
  );
}
