import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MeasureHistory } from "../../shared/domain/versions";
import { Dialog } from "./Dialog";
import { formatDateTime, formatMeasureValue } from "./format";
import { ValueChange } from "./MeasureChanges";
import { PersonName } from "./PersonName";
import { errorText, loadMeasureHistory } from "./versionsApi";
import "../versions.css";

/** Props of {@link MeasureHistoryDialog}. */
interface MeasureHistoryDialogProps {
  /** The scorecard. */
  scorecardId: string;
  /** The measure. */
  measureId: string;
  /** Its title as shown, for the heading. */
  title: string;
  /** Closes the dialog. */
  onClose(): void;
}

/**
 * A measure's history, oldest first: field, before → after, who, when. The server gives
 * one person's run of changes to one field (typing a title) as one entry.
 */
export function MeasureHistoryDialog({ scorecardId, measureId, title, onClose }: MeasureHistoryDialogProps) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<MeasureHistory | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    loadMeasureHistory(scorecardId, measureId).then(
      (answer) => {
        if (!cancelled) setHistory(answer);
      },
      (caught: unknown) => {
        if (!cancelled) setError(errorText(caught, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [scorecardId, measureId, t]);

  return (
    <Dialog title={t("versions.history.title", { title })} onClose={onClose} className="history-dialog">
      <div className="history-body" tabIndex={0} role="region" aria-label={t("versions.history.title", { title })} aria-live="polite" aria-busy={!history && !error}>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!history && !error && <p>{t("versions.history.loading")}</p>}
        {history && history.entries.length === 0 && <p>{t("versions.history.empty")}</p>}
        {history && history.entries.length > 0 && (
          // The body is the one scroll region; the table fits its width (see versions.css).
          // The explicit roles keep the table a table for screen readers where a narrow
          // screen lays its rows out as cards.
          <table className="versions-table history-table" role="table">
            <caption>{t("versions.history.caption")}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  {t("versions.history.columns.field")}
                </th>
                <th scope="col" role="columnheader">
                  {t("versions.history.columns.change")}
                </th>
                <th scope="col" role="columnheader">
                  {t("versions.history.columns.by")}
                </th>
                <th scope="col" role="columnheader">
                  {t("versions.history.columns.at")}
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {history.entries.map((entry) => (
                <tr key={`${entry.seq}-${entry.field}`} role="row" data-field={entry.field}>
                  <th scope="row" role="rowheader" className="history-field">
                    {t(`versions.fields.${entry.field}`)}
                  </th>
                  <td role="cell" className="history-change">
                    <ValueChange
                      before={entry.before === null ? t("versions.history.created") : formatMeasureValue(entry.field, entry.before, t, i18n.language)}
                      after={formatMeasureValue(entry.field, entry.after, t, i18n.language)}
                    />
                  </td>
                  <td role="cell" className="history-by">
                    <PersonName person={entry.by} />
                  </td>
                  <td role="cell" className="history-when">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={onClose}>
          {t("versions.dialog.close")}
        </button>
      </div>
    </Dialog>
  );
}
