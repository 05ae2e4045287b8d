import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CONFERENCE_FILTER, filterOverviewMeasures, sortByDue, type MeasureOverviewAnswer, type OverviewFilters } from "../../shared/domain/overview";
import { MeasureStatusSchema, TrafficLightSchema } from "../../shared/document/measures";
import { EnumOptions } from "../components/EnumOptions";
import { TrafficLight } from "../components/TrafficLight";
import { formatGermanDate, shorten } from "../editor/measureSummary";
import { api, ApiError, readJson } from "../lib/api";
import { paths } from "../routes";
import { followLink } from "../search/follow";
import { filtersFromSearch, filtersToSearch } from "./overviewFilters";
import "../structure.css";
import "../search.css";

/** The traffic lights to filter by, the most urgent first, and "none" for measures without one. */
const LIGHT_OPTIONS = [...[...TrafficLightSchema.options].reverse(), "none"];

/** How much of the latest status line a row shows. */
const STATUS_CHARS = 90;

/**
 * The funder's "Maßnahmenübersicht": every measure of every provider and of the conference
 * in one table, filtered by provider, status, traffic light, owner and due date (all at
 * once, in the address too, so Back from a measure returns to the same view), sorted by due
 * date; each title opens the measure in its scorecard.
 */
export function MeasureOverviewPage() {
  const { t } = useTranslation();
  const fieldId = useId();
  const [answer, setAnswer] = useState<MeasureOverviewAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<OverviewFilters>(() => filtersFromSearch(location.search));
  const [direction, setDirection] = useState<"ascending" | "descending">("ascending");

  useEffect(() => {
    readJson(api.overview.measures.$get({ query: {} }), "Maßnahmenübersicht laden").then(setAnswer, (caught: Error) =>
      setError(caught instanceof ApiError && caught.status === 403 ? t("overview.page.forbidden") : t("overview.page.failed", { message: caught.message })),
    );
  }, [t]);

  useEffect(() => {
    history.replaceState(history.state, "", paths.measureOverview(filtersToSearch(filters)));
  }, [filters]);

  const rows = useMemo(() => (answer ? sortByDue(filterOverviewMeasures(answer.measures, filters, answer.today), direction) : []), [answer, filters, direction]);

  const set = (key: keyof OverviewFilters) => (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [key]: event.target.value || undefined }));
  const none = t("overview.noDate");

  if (error) return <p role="alert">{error}</p>;
  return (
    <section className="overview-page">
      <h1 tabIndex={-1} data-focus-fallback>
        {t("overview.page.title")}
      </h1>
      <p className="search-intro">{t("overview.page.intro")}</p>
      {!answer ? (
        <p role="status">{t("overview.page.loading")}</p>
      ) : (
        <>
          <fieldset className="measure-filters">
            <legend>{t("overview.filters.legend")}</legend>
            <div className="measure-filter">
              <label htmlFor={`${fieldId}-provider`}>{t("overview.filters.provider")}</label>
              <select id={`${fieldId}-provider`} value={filters.provider ?? ""} onChange={set("provider")}>
                <option value="">{t("overview.filters.allProviders")}</option>
                <option value={CONFERENCE_FILTER}>{t("overview.filters.conference")}</option>
                {answer.providers.map((provider) => (
                  <option key={provider.id} value={provider.id}>
                    {provider.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="measure-filter">
              <label htmlFor={`${fieldId}-status`}>{t("overview.filters.status")}</label>
              <select id={`${fieldId}-status`} value={filters.status ?? ""} onChange={set("status")}>
                <option value="">{t("overview.filters.allStatuses")}</option>
                <EnumOptions values={MeasureStatusSchema.options} prefix="structure.status" />
              </select>
            </div>
            <div className="measure-filter">
              <label htmlFor={`${fieldId}-light`}>{t("overview.filters.light")}</label>
              <select id={`${fieldId}-light`} value={filters.light ?? ""} onChange={set("light")}>
                <option value="">{t("overview.filters.allLights")}</option>
                <EnumOptions values={LIGHT_OPTIONS} prefix="structure.trafficLight" />
              </select>
            </div>
            <div className="measure-filter">
              <label htmlFor={`${fieldId}-owner`}>{t("overview.filters.owner")}</label>
              <input id={`${fieldId}-owner`} type="search" value={filters.owner ?? ""} maxLength={100} onChange={set("owner")} />
            </div>
            <div className="measure-filter">
              <label htmlFor={`${fieldId}-due`}>{t("overview.filters.due")}</label>
              <select id={`${fieldId}-due`} value={filters.due ?? "all"} onChange={set("due")}>
                <option value="all">{t("overview.filters.dueAll")}</option>
                <option value="overdue">{t("overview.filters.dueOverdue")}</option>
                <option value="next30">{t("overview.filters.dueNext30")}</option>
              </select>
            </div>
            <button type="button" className="measure-filters__reset" disabled={filtersToSearch(filters) === ""} onClick={() => setFilters({})}>
              {t("overview.filters.reset")}
            </button>
          </fieldset>
          <p className="measure-count" role="status">
            {t("overview.page.count", { shown: rows.length, total: answer.total })}
          </p>
          {rows.length === 0 ? (
            <p className="measure-empty">{t("overview.page.empty")}</p>
          ) : (
            <div className="measure-table-wrap">
              <table className="measure-table overview-table">
                <caption className="visually-hidden">{t("overview.page.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("overview.columns.measure")}</th>
                    <th scope="col">{t("overview.columns.scorecard")}</th>
                    <th scope="col">{t("overview.columns.goal")}</th>
                    <th scope="col">{t("overview.columns.status")}</th>
                    <th scope="col">{t("overview.columns.light")}</th>
                    <th scope="col">{t("overview.columns.owner")}</th>
                    <th scope="col" aria-sort={direction}>
                      <button type="button" className="sort-button" aria-label={t(`overview.sort.${direction}`)} onClick={() => setDirection(direction === "ascending" ? "descending" : "ascending")}>
                        {t("overview.columns.due")} <span aria-hidden="true">{direction === "ascending" ? "▲" : "▼"}</span>
                      </button>
                    </th>
                    <th scope="col">{t("overview.columns.lastStatus")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={`${row.scorecardId}/${row.measureId}`} data-measure-id={row.measureId} className={row.overdue ? "overdue" : undefined}>
                      <th scope="row">
                        <a href={paths.measure(row.scorecardId, row.measureId)} onClick={followLink}>
                          {row.title.trim() || t("overview.untitled")}
                        </a>
                      </th>
                      <td>
                        <span className="measure-side">{row.providerName ?? t("overview.filters.conference")}</span>
                        <span className="overview-sub">{row.scorecardTitle}</span>
                      </td>
                      <td>
                        {row.goal || none}
                        {row.perspective && <span className="overview-sub">{row.perspective}</span>}
                      </td>
                      <td>{t(`structure.status.${row.status}`)}</td>
                      <td>
                        <TrafficLight light={row.trafficLight} />
                      </td>
                      <td>
                        <span className="measure-side">{t(`structure.side.${row.responsibleSide}`)}</span>
                        {row.responsiblePerson.trim() && <span className="measure-person">{row.responsiblePerson}</span>}
                      </td>
                      <td className="measure-due">
                        {row.dueDate ? <time dateTime={row.dueDate}>{formatGermanDate(row.dueDate)}</time> : none}
                        {row.overdue && " "}
                        {row.overdue && <strong className="overdue-label">{t("overview.overdue")}</strong>}
                      </td>
                      <td>{row.lastStatus ? `${formatGermanDate(row.lastStatus.talkDate)}: ${shorten(row.lastStatus.text, STATUS_CHARS)}` : none}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
