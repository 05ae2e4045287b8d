import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { NodeViewWrapper, useEditorState, type ReactNodeViewProps } from "@tiptap/react";
import { KPI_CATALOGUE, findKpi, type KpiDefinition } from "../../shared/document/kpiCatalogue";
import type { KpiSnapshot, PeriodKpis, ShownKpiResult } from "../../shared/domain/kpiSnapshot";
import { parsePeriod } from "../../shared/kpi/periods";
import { CorridorBadge } from "../controlling/CorridorBadge";
import { TrafficLight } from "../components/TrafficLight";
import { useKpiText } from "../controlling/kpiText";
import { GripIcon } from "./MeasureLine";
import { periodTextInWords, periodTranslate } from "../controlling/period";
import { KpiPeriodPicker } from "../components/KpiPeriodPicker";
import { formatKpiValue, previousPeriods } from "./kpiFormat";
import type { KpiStore } from "./kpiStore";

/** Options of the client's KPI block. */
export interface KpiBlockOptions {
  /** Where the block gets the server's values from. */
  kpis: KpiStore | null;
}

/** Watches the server's values of several periods. */
function usePeriods(store: KpiStore | null, periods: string[]): { entries: Record<string, PeriodKpis | undefined>; snapshot: KpiSnapshot | null } {
  const [state, setState] = useState<{ entries: Record<string, PeriodKpis | undefined>; snapshot: KpiSnapshot | null }>({ entries: {}, snapshot: null });
  const key = periods.join(",");
  useEffect(() => {
    if (!store) return;
    const stops = periods.map((period) => store.watch(period, (entry, snapshot) => setState((previous) => ({ entries: { ...previous.entries, [period]: entry }, snapshot }))));
    return () => stops.forEach((stop) => stop());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `periods`
  }, [store, key]);
  return state;
}

function valueOf(result: ShownKpiResult | null | undefined, key: string): number | null {
  const value = result ? (result as unknown as Record<string, unknown>)[key] : null;
  return typeof value === "number" ? value : null;
}

/** A tiny line of the KPI over the previous periods and this one; labelled for screen readers. */
function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const points = values
    .map((value, index) => (value === null ? null : `${(index / (values.length - 1)) * 80},${18 - ((value - min) / span) * 16}`))
    .filter(Boolean)
    .join(" ");
  return (
    <svg className="kpi-sparkline" width="84" height="20" viewBox="-2 0 84 20" role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/**
 * A KPI block: which KPI for which period, and the values the server computes and pushes
 * (value, budget, deviation, corridor in words and icon, a small trend). The block stores
 * only the choice and the participants' note; values never enter the document, so nobody
 * can type over them. A red KPI asks for an explanation.
 */
export function KpiBlockView({ node, editor, updateAttributes, extension }: ReactNodeViewProps) {
  const { t, i18n } = useTranslation();
  const text = useKpiText();
  const store = (extension.options as KpiBlockOptions).kpis;
  const kpi = findKpi(node.attrs.kpi as string);
  const period = (node.attrs.period as string | null) ?? "";
  const note = (node.attrs.note as string) ?? "";
  const editable = useEditorState({ editor, selector: ({ editor: e }) => e.isEditable });
  const periodValid = parsePeriod(period).ok;
  const trendPeriods = periodValid ? [...previousPeriods(period), period] : [];
  const { entries, snapshot } = usePeriods(store, trendPeriods);
  const words = (text: string) => periodTextInWords(text, periodTranslate(t));
  const label = (definition: KpiDefinition | undefined) => (definition ? (i18n.language === "en" ? definition.en : definition.de) : String(node.attrs.kpi));
  const entry = entries[period];
  const result = entry?.result ?? null;
  const value = kpi ? valueOf(result, kpi.key) : null;
  const corridor = kpi?.corridor && result ? result.corridor[kpi.corridor] : null;
  const red = corridor?.colour === "red";

  return (
    <NodeViewWrapper
      className={`kpi-block${red ? " kpi-red" : ""}`}
      data-kpi={node.attrs.kpi}
      data-period={period}
      data-corridor={corridor?.colour ?? "none"}
      role="group"
      aria-label={`${t("kpi.kind")}: ${label(kpi)}, ${words(period)}`}
    >
      <div className="kpi-head">
        {editable && (
          <span className="drag-handle" data-drag-handle draggable="true" title={t("measure.drag")} aria-hidden="true">
            <GripIcon />
          </span>
        )}
        <span className="kpi-kind">{t("kpi.kind")}</span>
        {editable ? (
          <>
            <select aria-label={t("kpi.choose")} value={String(node.attrs.kpi)} onChange={(event) => updateAttributes({ kpi: event.target.value })}>
              {KPI_CATALOGUE.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {label(entry)}
                </option>
              ))}
            </select>
            <KpiPeriodPicker period={period} editable reportedMonths={store?.reportedMonths?.() ?? null} onChange={(next) => updateAttributes({ period: next })} />
          </>
        ) : (
          <strong>
            {label(kpi)} · <KpiPeriodPicker period={period} editable={false} reportedMonths={null} onChange={() => undefined} />
          </strong>
        )}
        {snapshot?.scope === "conference" && <span className="kpi-scope">{t("kpi.conferenceSums")}</span>}
      </div>
      {!periodValid && <p className="measure-warning">{t("controlling.period.unclear", { text: period })}</p>}
      {periodValid && kpi && (
        <div className="kpi-values" data-testid="kpi-values">
          {!entry && <span>{t("kpi.loading")}</span>}
          {entry && !result && entry.budgetStart && <span data-testid="kpi-before-start">{t("kpi.beforeStart", { start: entry.budgetStart })}</span>}
          {entry && !result && !entry.budgetStart && (
            <span>
              {t("kpi.noFigures")} {text.error(entry) && <span className="muted">({text.error(entry)})</span>}
            </span>
          )}
          {result && (
            <>
              <span className="kpi-value" data-testid="kpi-value">
                {value === null ? t("kpi.noValue") : formatKpiValue(value, kpi.unit, kpi.unit === "percent" && Boolean(kpi.corridor))}
              </span>
              {kpi.actual && valueOf(result, kpi.actual.key) !== null && (
                <span>
                  {t("kpi.actual")}: {formatKpiValue(valueOf(result, kpi.actual.key)!, kpi.actual.unit)}
                </span>
              )}
              {kpi.budget && valueOf(result, kpi.budget.key) !== null && (
                <span>
                  {t("kpi.budget")}: {formatKpiValue(valueOf(result, kpi.budget.key)!, kpi.budget.unit)}
                </span>
              )}
              {/* Without a value the reason stands below once; the badge only says there is no corridor. */}
              {/* The traffic light's one icon language (TrafficLight.tsx) in place of the badge's glyph; the badge says it in words. */}
              {kpi.corridor && (
                <span className="kpi-corridor">
                  {corridor && <TrafficLight light={corridor.colour} word="none" />}
                  <CorridorBadge entry={corridor} reason={value === null ? undefined : text.reason(result, `corridor.${kpi.corridor}`)} />
                </span>
              )}
              <Sparkline values={trendPeriods.map((p) => valueOf(entries[p]?.result, kpi.key))} label={t("kpi.trend", { periods: trendPeriods.map(words).join(", ") })} />
              {value === null && text.reason(result, kpi.key) && <span className="muted">{text.reason(result, kpi.key)}</span>}
              {result.unreportedMonths.length > 0 && <span className="kpi-unreported">{t("kpi.unreported", { months: result.unreportedMonths.join(", ") })}</span>}
            </>
          )}
        </div>
      )}
      {(red || note) && (
        <label className="kpi-note">
          <span>{red ? t("kpi.explainRed") : t("kpi.note")}</span>
          <textarea value={note} readOnly={!editable} rows={2} onChange={(event) => updateAttributes({ note: event.target.value })} />
        </label>
      )}
      {snapshot && result && <p className="kpi-asof muted">{t("kpi.asOf", { time: new Date(snapshot.computedAt).toLocaleString("de-DE") })}</p>}
    </NodeViewWrapper>
  );
}
