import { useTranslation } from "react-i18next";
import type { MeasureFieldChange } from "../../shared/domain/versions";
import { formatDateTime, formatMeasureValue } from "./format";
import { PersonName } from "./PersonName";

/** Props of {@link MeasureChanges}. */
interface MeasureChangesProps {
  /** The changed fields. */
  changes: MeasureFieldChange[];
}

/** The changed measure fields of a compare: measure, field, before → after, and who changed it when. */
export function MeasureChanges({ changes }: MeasureChangesProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("versions.compare.measures")}>
      <table className="versions-table measure-changes">
        <thead>
          <tr>
            <th scope="col">{t("versions.compare.columns.measure")}</th>
            <th scope="col">{t("versions.compare.columns.field")}</th>
            <th scope="col">{t("versions.compare.columns.change")}</th>
            <th scope="col">{t("versions.compare.columns.changedBy")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={`${change.measureId}-${change.field}`} data-measure-id={change.measureId} data-field={change.field}>
              <th scope="row">{change.measureTitle || t("measure.untitled")}</th>
              <td>{t(`versions.fields.${change.field}`)}</td>
              <td>
                <ValueChange before={formatMeasureValue(change.field, change.before, t, i18n.language)} after={formatMeasureValue(change.field, change.after, t, i18n.language)} />
              </td>
              <td>
                <ul className="person-list stacked">
                  {change.changedBy.map((attribution) => (
                    <li key={`${attribution.by.id ?? attribution.by.name}-${attribution.at}`}>
                      <PersonName person={attribution.by} />, <time dateTime={attribution.at}>{formatDateTime(attribution.at)}</time>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Props of {@link ValueChange}. */
interface ValueChangeProps {
  /** The value before, as shown. */
  before: string;
  /** The value after, as shown. */
  after: string;
}

/** "before → after", with the words said for screen readers instead of the arrow. */
export function ValueChange({ before, after }: ValueChangeProps) {
  const { t } = useTranslation();
  return (
    <span className="value-change">
      <span className="visually-hidden">{t("versions.compare.before")}: </span>
      <span className="value-before">{before}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden">, {t("versions.compare.after")}: </span>
      <span className="value-after">{after}</span>
    </span>
  );
}
