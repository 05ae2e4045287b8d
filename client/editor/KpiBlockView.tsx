import { useTranslation } from "react-i18next";
import { NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { KPI_CATALOGUE, findKpi } from "../../shared/document/kpiCatalogue";

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-YTD-(0[1-9]|1[0-2]))?$/;

/**
 * A KPI block: which KPI for which period, and the values the server computes. The block
 * stores only the choice; values are never part of the document, so nobody can type over
 * them. Until figures are reported it says so.
 */
export function KpiBlockView({ node, editor, updateAttributes }: ReactNodeViewProps) {
  const { t, i18n } = useTranslation();
  const kpi = findKpi(node.attrs.kpi as string);
  const period = (node.attrs.period as string | null) ?? "";
  const editable = editor.isEditable;
  const label = kpi ? (i18n.language === "en" ? kpi.en : kpi.de) : String(node.attrs.kpi);
  const periodValid = PERIOD.test(period);

  return (
    <NodeViewWrapper className="kpi-block" data-kpi={node.attrs.kpi} data-period={period} role="group" aria-label={`${t("kpi.kind")}: ${label}, ${period}`}>
      <div className="kpi-head">
        {editable && (
          <span className="drag-handle" data-drag-handle draggable="true" title={t("measure.drag")} aria-hidden="true">
            ⠿
          </span>
        )}
        <span className="kpi-kind">{t("kpi.kind")}</span>
        {editable ? (
          <>
            <select aria-label={t("kpi.choose")} value={String(node.attrs.kpi)} onChange={(event) => updateAttributes({ kpi: event.target.value })}>
              {KPI_CATALOGUE.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {i18n.language === "en" ? entry.en : entry.de}
                </option>
              ))}
            </select>
            <input
              aria-label={t("kpi.period")}
              aria-invalid={!periodValid}
              value={period}
              size={10}
              onChange={(event) => updateAttributes({ period: event.target.value.trim() })}
            />
          </>
        ) : (
          <strong>
            {label} · {period}
          </strong>
        )}
      </div>
      {!periodValid && <p className="measure-warning">{t("kpi.badPeriod")}</p>}
      <p className="kpi-values" data-testid="kpi-values">
        {t("kpi.noFigures")}
      </p>
    </NodeViewWrapper>
  );
}
