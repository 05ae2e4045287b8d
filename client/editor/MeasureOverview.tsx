import { useEffect, useId, useMemo, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { EnumOptions } from "../components/EnumOptions";
import { TrafficLight } from "../components/TrafficLight";
import type { Editor } from "@tiptap/react";
import type * as Y from "yjs";
import { readOutline } from "../../shared/document/outline";
import type { DocumentJson } from "../../shared/document/schema";
import {
  HorizonSchema,
  MeasureStatusSchema,
  ResponsibleSideSchema,
  isOverdue,
  measuresMap,
  readMeasure,
  type Horizon,
  type Measure,
  type MeasureStatus,
  type ResponsibleSide,
} from "../../shared/document/measures";
import { formatGermanDate, localToday } from "./measureSummary";
import { revealMeasure } from "./measureLink";
import "../structure.css";

/** Props of the measure overview. */
interface MeasureOverviewProps {
  /** The scorecard's editor: the measure nodes' order and placement come from its document. */
  editor: Editor;
  /** The scorecard's Y.Doc, whose `measures` map holds the measures' fields. */
  doc: Y.Doc;
  /** Today as YYYY-MM-DD, for the overdue check; defaults to the local date. */
  today?: string;
}

/** One measure node of the document with its placement and data. */
interface OverviewRow {
  /** React key, unique even when an id occurs twice. */
  key: string;
  /** The measure id. */
  measureId: string;
  /** Index of the measure node among the top-level nodes. */
  index: number;
  /** Perspective title, or null. */
  perspective: string | null;
  /** Goal title, or null. */
  goal: string | null;
  /** The measure's fields, or null when the map has no data for the id (yet). */
  measure: Measure | null;
}

/** The filters above the table; "all" and "" mean no restriction. */
interface Filters {
  /** Only this status. */
  status: MeasureStatus | "all";
  /** Only this responsible side. */
  side: ResponsibleSide | "all";
  /** Text the responsible person must contain. */
  owner: string;
  /** Only this horizon. */
  horizon: Horizon | "all";
  /** Due on or before this date (YYYY-MM-DD). */
  dueBy: string;
}

const NO_FILTERS: Filters = { status: "all", side: "all", owner: "", horizon: "all", dueBy: "" };

function buildRows(editor: Editor, doc: Y.Doc): OverviewRow[] {
  return readOutline(editor.getJSON() as DocumentJson).placements.map((placement) => ({
    key: `${placement.index}:${placement.measureId}`,
    measureId: placement.measureId,
    index: placement.index,
    perspective: placement.perspective,
    goal: placement.goal,
    measure: readMeasure(doc, placement.measureId),
  }));
}

function isUnfiltered(filters: Filters): boolean {
  return filters.status === "all" && filters.side === "all" && filters.owner.trim() === "" && filters.horizon === "all" && filters.dueBy === "";
}

function matches(row: OverviewRow, filters: Filters): boolean {
  const { measure } = row;
  // A measure without data cannot meet any condition; show it only when nothing is filtered.
  if (!measure) return isUnfiltered(filters);
  const owner = filters.owner.trim().toLocaleLowerCase("de");
  if (filters.status !== "all" && measure.status !== filters.status) return false;
  if (filters.side !== "all" && measure.responsibleSide !== filters.side) return false;
  if (owner && !measure.responsiblePerson.toLocaleLowerCase("de").includes(owner)) return false;
  if (filters.horizon !== "all" && measure.horizon !== filters.horizon) return false;
  if (filters.dueBy && (measure.dueDate === null || measure.dueDate > filters.dueBy)) return false;
  return true;
}

/**
 * A table of all measures of the scorecard, derived live from the document (order and
 * placement) and the measures map (fields), with filters. Selecting a title scrolls the
 * editor to the measure and selects it.
 */
export function MeasureOverview({ editor, doc, today }: MeasureOverviewProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const fieldId = useId();
  const [rows, setRows] = useState<OverviewRow[]>(() => buildRows(editor, doc));
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const day = today ?? localToday();

  useEffect(() => {
    const map = measuresMap(doc);
    // Moving or deleting a node changes the editor's document; editing a field changes only the map.
    const handleChange = () => setRows(buildRows(editor, doc));
    editor.on("update", handleChange);
    map.observeDeep(handleChange);
    handleChange();
    return () => {
      editor.off("update", handleChange);
      map.unobserveDeep(handleChange);
    };
  }, [editor, doc]);

  const visible = useMemo(() => rows.filter((row) => matches(row, filters)), [rows, filters]);

  const handleFilter = (key: keyof Filters) => (event: ChangeEvent<HTMLSelectElement | HTMLInputElement>) => setFilters((current) => ({ ...current, [key]: event.target.value }));

  const none = t("structure.overview.none");

  return (
    <section className="measure-overview" aria-labelledby={titleId}>
      <h2 id={titleId}>{t("structure.overview.title")}</h2>
      <fieldset className="measure-filters">
        <legend>{t("structure.overview.filters")}</legend>
        <div className="measure-filter">
          <label htmlFor={`${fieldId}-status`}>{t("structure.overview.filterStatus")}</label>
          <select id={`${fieldId}-status`} value={filters.status} onChange={handleFilter("status")}>
            <option value="all">{t("structure.overview.all")}</option>
            <EnumOptions values={MeasureStatusSchema.options} prefix="structure.status" />
          </select>
        </div>
        <div className="measure-filter">
          <label htmlFor={`${fieldId}-side`}>{t("structure.overview.filterSide")}</label>
          <select id={`${fieldId}-side`} value={filters.side} onChange={handleFilter("side")}>
            <option value="all">{t("structure.overview.all")}</option>
            <EnumOptions values={ResponsibleSideSchema.options} prefix="structure.side" />
          </select>
        </div>
        <div className="measure-filter">
          <label htmlFor={`${fieldId}-owner`}>{t("structure.overview.filterOwner")}</label>
          <input id={`${fieldId}-owner`} type="search" value={filters.owner} placeholder={t("structure.overview.filterOwnerPlaceholder")} onChange={handleFilter("owner")} />
        </div>
        <div className="measure-filter">
          <label htmlFor={`${fieldId}-horizon`}>{t("structure.overview.filterHorizon")}</label>
          <select id={`${fieldId}-horizon`} value={filters.horizon} onChange={handleFilter("horizon")}>
            <option value="all">{t("structure.overview.all")}</option>
            <EnumOptions values={HorizonSchema.options} prefix="structure.horizon" />
          </select>
        </div>
        <div className="measure-filter">
          <label htmlFor={`${fieldId}-due`}>{t("structure.overview.filterDueBy")}</label>
          <input id={`${fieldId}-due`} type="date" value={filters.dueBy} onChange={handleFilter("dueBy")} />
        </div>
        <button type="button" className="measure-filters__reset" disabled={isUnfiltered(filters)} onClick={() => setFilters(NO_FILTERS)}>
          {t("structure.overview.resetFilters")}
        </button>
      </fieldset>

      <p className="measure-count" role="status">
        {t("structure.overview.count", { shown: visible.length, count: rows.length })}
      </p>

      {visible.length === 0 ? (
        <p className="measure-empty">{rows.length === 0 ? t("structure.overview.empty") : t("structure.overview.noMatch")}</p>
      ) : (
        <div className="measure-table-wrap">
          <table className="measure-table">
            <caption>{t("structure.overview.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("structure.overview.columns.title")}</th>
                <th scope="col">{t("structure.overview.columns.perspective")}</th>
                <th scope="col">{t("structure.overview.columns.goal")}</th>
                <th scope="col">{t("structure.overview.columns.responsible")}</th>
                <th scope="col">{t("structure.overview.columns.due")}</th>
                <th scope="col">{t("structure.overview.columns.status")}</th>
                <th scope="col">{t("structure.overview.columns.trafficLight")}</th>
                <th scope="col">{t("structure.overview.columns.horizon")}</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => {
                const { measure } = row;
                const overdue = measure !== null && isOverdue(measure, day);
                const light = measure?.trafficLight ?? "none";
                const handleReveal = () => revealMeasure(editor, row.measureId, { index: row.index });
                return (
                  <tr key={row.key} data-measure-id={row.measureId} data-overdue={overdue ? "true" : "false"} className={overdue ? "overdue" : undefined} onClick={handleReveal}>
                    <th scope="row">
                      <button
                        type="button"
                        className="measure-jump"
                        onClick={(event) => {
                          // The row's own click handler would reveal it a second time.
                          event.stopPropagation();
                          handleReveal();
                        }}
                      >
                        {measure ? measure.title.trim() || t("structure.overview.untitled") : t("structure.overview.missing")}
                        <span className="visually-hidden"> ({t("structure.overview.showInDocument")})</span>
                      </button>
                    </th>
                    <td>{row.perspective || none}</td>
                    <td>{row.goal || none}</td>
                    <td>
                      {measure ? (
                        <>
                          <span className="measure-side">{t(`structure.side.${measure.responsibleSide}`)}</span>
                          {measure.responsiblePerson.trim() && <span className="measure-person">{measure.responsiblePerson}</span>}
                        </>
                      ) : (
                        none
                      )}
                    </td>
                    <td className="measure-due">
                      {measure?.dueDate ? <time dateTime={measure.dueDate}>{formatGermanDate(measure.dueDate)}</time> : none}
                      {overdue && " "}
                      {overdue && <strong className="overdue-label">{t("structure.overview.overdue")}</strong>}
                    </td>
                    <td>{measure ? t(`structure.status.${measure.status}`) : none}</td>
                    <td>
                      <TrafficLight light={light} />
                    </td>
                    <td>{measure ? t(`structure.horizon.${measure.horizon}`) : none}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
