import { useTranslation } from "react-i18next";
import type { TalkKind } from "../../shared/domain/meetingWords";

/** Props of {@link KindField}. */
interface KindFieldProps {
  /** The form's id prefix; the field gets `<id>-body` or `<id>-lead`. */
  id: string;
  /** A session of the conference (working group) or a steering talk (reporting deadline). */
  kind: TalkKind;
  /** The working group's name, for a session. */
  body: string;
  /** Called with a new working group name. */
  onBody(body: string): void;
  /** Days before the talk the figures are due, for a steering talk. */
  reportLeadDays: number;
  /** Called with new lead days; `fallback` when the field is emptied. */
  onReportLeadDays(days: number): void;
  /** The lead days an emptied field falls back to. */
  fallback: number;
  /** Disables the field while the form is sent. */
  disabled: boolean;
  /** The id of a hint describing the field, if the form shows one. */
  describedBy?: string;
}

/**
 * The one field that depends on the meeting's kind, as label and input for a form grid: a
 * session's working group ("Gremium"), or a steering talk's reporting deadline in days
 * before the talk (the conference reports no figures).
 */
export function KindField({ id, kind, body, onBody, reportLeadDays, onReportLeadDays, fallback, disabled, describedBy }: KindFieldProps) {
  const { t } = useTranslation();
  if (kind === "session") {
    return (
      <>
        <label htmlFor={`${id}-body`}>{t("talks.schedule.body")}</label>
        <input id={`${id}-body`} type="text" maxLength={200} value={body} disabled={disabled} aria-describedby={describedBy} onChange={(event) => onBody(event.target.value)} />
      </>
    );
  }
  return (
    <>
      <label htmlFor={`${id}-lead`}>{t("talks.schedule.reportLeadDays")}</label>
      <input
        id={`${id}-lead`}
        type="number"
        min={1}
        max={90}
        value={reportLeadDays}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => onReportLeadDays(Number(event.target.value) || fallback)}
      />
    </>
  );
}
