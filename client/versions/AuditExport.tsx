import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { auditReportUrl } from "./versionsApi";
import { isoDay } from "./format";

/** Props of {@link AuditExport}. */
interface AuditExportProps {
  /** The scorecard. */
  scorecardId: string;
}

/** The audit report of a date range as a CSV download; by default this year so far. */
export function AuditExport({ scorecardId }: AuditExportProps) {
  const { t } = useTranslation();
  const today = new Date();
  const [from, setFrom] = useState(() => isoDay(new Date(today.getFullYear(), 0, 1)));
  const [to, setTo] = useState(() => isoDay(today));
  const id = useId();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;

  return (
    <section className="audit-export card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("versions.audit.legend")}</h2>
      <div className="inline-fields">
        <label htmlFor={`${id}-from`}>{t("versions.audit.from")}</label>
        <input id={`${id}-from`} type="date" value={from} aria-invalid={!valid} aria-describedby={valid ? undefined : `${id}-error`} onChange={(event) => setFrom(event.target.value)} />
        <label htmlFor={`${id}-to`}>{t("versions.audit.to")}</label>
        <input id={`${id}-to`} type="date" value={to} aria-invalid={!valid} aria-describedby={valid ? undefined : `${id}-error`} onChange={(event) => setTo(event.target.value)} />
        {valid ? (
          <a className="button-link" href={auditReportUrl(scorecardId, from, to)} download>
            <span aria-hidden="true">⤓ </span>
            {t("versions.audit.download")}
          </a>
        ) : null}
      </div>
      <p id={`${id}-error`} className="error" role="alert">
        {valid ? null : t("versions.audit.badRange")}
      </p>
    </section>
  );
}
