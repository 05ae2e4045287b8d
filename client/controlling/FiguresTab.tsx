import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion, FiguresOfYear, MonthStatus, QuarterLock, SubmissionRecord } from "../../shared/domain/figures";
import type { Me } from "../../shared/domain/user";
import { canEditAgreements, canWriteFigures, fetchFigures, fetchLocks, fetchSubmissions } from "./controllingApi";
import { FiguresUpload } from "./FiguresUpload";
import { LocksPanel } from "./LocksPanel";
import { MonthEntryForm } from "./MonthEntryForm";

/** Props of {@link FiguresTab}. */
interface FiguresTabProps {
  /** The logged-in user. */
  me: Me;
  /** The provider. */
  providerId: string;
  /** The year shown. */
  year: number;
  /** The year's agreement, whose offers the form lists; null when there is none. */
  agreement: AgreementVersion | null;
  /** Changes when stored data changed, to load again. */
  reloadKey: number;
  /** Called after figures, staff or locks were stored. */
  onSaved(): void;
}

interface Loaded {
  figures: FiguresOfYear;
  submissions: SubmissionRecord[];
  locks: QuarterLock[];
}

/** The figures of a year: month states, upload, form entry, locks and the submission history. */
export function FiguresTab({ me, providerId, year, agreement, reloadKey, onSaved }: FiguresTabProps) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    Promise.all([fetchFigures(providerId, year), fetchSubmissions(providerId), fetchLocks(providerId)]).then(
      ([figures, submissions, locks]) => !cancelled && setLoaded({ figures, submissions, locks }),
      (caught: Error) => !cancelled && setError(caught.message),
    );
    return () => {
      cancelled = true;
    };
  }, [providerId, year, reloadKey]);

  if (error)
    return (
      <p className="error" role="alert">
        {t("controlling.error", { message: error })}
      </p>
    );
  if (!loaded) return <p>{t("controlling.loading")}</p>;
  const writable = canWriteFigures(me);
  const months = loaded.figures.months;

  return (
    <div className="figures-tab">
      <h2>{t("controlling.figures.title", { year })}</h2>
      <MonthTable months={months} year={year} />
      {writable ? (
        <>
          <FiguresUpload providerId={providerId} months={months} onSaved={onSaved} />
          {agreement ? (
            <MonthEntryForm providerId={providerId} year={year} agreement={agreement.agreement} figures={loaded.figures} onSaved={onSaved} />
          ) : (
            <p className="notice">{t("controlling.entry.noAgreement", { year })}</p>
          )}
        </>
      ) : (
        <p className="muted">{t("controlling.figures.readOnly")}</p>
      )}
      <LocksPanel providerId={providerId} year={year} locks={loaded.locks} canEdit={canEditAgreements(me)} onChanged={onSaved} />
      <SubmissionHistory submissions={loaded.submissions} />
    </div>
  );
}

/** The twelve months with their reporting and lock state, in words and icons. */
function MonthTable({ months, year }: { months: MonthStatus[]; year: number }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean, yes: string, no: string) => (
    <span className={value ? "state-yes" : "state-no"}>
      <span aria-hidden="true">{value ? "✓ " : "✗ "}</span>
      {t(value ? yes : no)}
    </span>
  );
  return (
    <table className="controlling-table month-table" data-testid="month-table">
      <caption>{t("controlling.figures.monthsCaption", { year })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("controlling.figures.month")}</th>
          <th scope="col">{t("controlling.figures.figures")}</th>
          <th scope="col">{t("controlling.figures.staff")}</th>
          <th scope="col">{t("controlling.figures.lock")}</th>
        </tr>
      </thead>
      <tbody>
        {months.map((month) => (
          <tr key={month.month} data-month={month.month} data-reported={month.reported} data-locked={month.locked}>
            <th scope="row">{month.month}</th>
            <td>{yesNo(month.reported, "controlling.figures.reported", "controlling.figures.notReported")}</td>
            <td>{yesNo(month.staffReported, "controlling.figures.reported", "controlling.figures.notReported")}</td>
            <td>
              <span aria-hidden="true">{month.locked ? "🔒 " : ""}</span>
              {t(month.locked ? "controlling.figures.locked" : "controlling.figures.open")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who submitted what, when and why. */
function SubmissionHistory({ submissions }: { submissions: SubmissionRecord[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="submission-history">
      <h3 id="submission-history">{t("controlling.history.title")}</h3>
      {submissions.length === 0 ? (
        <p>{t("controlling.history.empty")}</p>
      ) : (
        <table className="controlling-table" data-testid="submission-history">
          <caption>{t("controlling.history.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.history.when")}</th>
              <th scope="col">{t("controlling.history.who")}</th>
              <th scope="col">{t("controlling.history.kind")}</th>
              <th scope="col">{t("controlling.history.subject")}</th>
              <th scope="col">{t("controlling.history.months")}</th>
              <th scope="col">{t("controlling.history.file")}</th>
              <th scope="col">{t("controlling.history.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {submissions.map((record) => (
              <tr key={record.id}>
                <td>{new Date(record.createdAt).toLocaleString(i18n.language)}</td>
                <td>{record.createdBy}</td>
                <td>{t(`controlling.history.kinds.${record.kind}`)}</td>
                <td>{t(`controlling.history.subjects.${record.subject}`)}</td>
                <td>{record.months.join(", ")}</td>
                <td>{record.fileName ?? "–"}</td>
                <td>{record.reason ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
