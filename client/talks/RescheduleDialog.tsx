import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EditedTalk, TalkEdit, TalkSummary } from "../../shared/domain/talks";
import { isShortNotice } from "../../shared/domain/talkSchedule";
import { Dialog } from "../versions/Dialog";
import { KindField } from "./KindField";
import { berlinToday, formatTalkDate, kindContext } from "./talkFormat";
import { editTalk, talkErrorText } from "./talksApi";

/** Props of {@link RescheduleDialog}. */
interface RescheduleDialogProps {
  /** The talk to move. */
  talk: TalkSummary;
  /** Called with the changed talk, and a warning to heed (short notice) or null. */
  onSaved(talk: EditedTalk, warning: string | null): void;
  /** Called on cancel and after saving. */
  onClose(): void;
}

/**
 * Moves a talk to another date, time or place, or changes its length, its reporting
 * deadline (a provider's talk) or the working group holding it (a session); only the
 * changed fields are sent. A new date less than 14 days ahead is warned about before saving.
 */
export function RescheduleDialog({ talk, onSaved, onClose }: RescheduleDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const ctx = kindContext(talk.kind);
  const [date, setDate] = useState(talk.localDate);
  const [time, setTime] = useState(talk.localTime);
  const [place, setPlace] = useState(talk.place);
  const [plannedMinutes, setPlannedMinutes] = useState(talk.plannedMinutes);
  const [reportLeadDays, setReportLeadDays] = useState(talk.reportLeadDays);
  const [body, setBody] = useState(talk.body ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const circulated = talk.circulation.code === "sent";
  const moved = date !== talk.localDate || time !== talk.localTime;
  const shortNotice = moved && date !== "" && isShortNotice(berlinToday(), date);
  const warningText = circulated ? t("talks.warnings.shortNoticeCirculated") : t("talks.warnings.shortNoticeMove");

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const edit: TalkEdit = {};
    if (moved) edit.startsAt = `${date}T${time}`;
    if (place.trim() !== talk.place) edit.place = place.trim();
    if (plannedMinutes !== talk.plannedMinutes) edit.plannedMinutes = plannedMinutes;
    if (talk.kind === "steeringTalk" && reportLeadDays !== talk.reportLeadDays) edit.reportLeadDays = reportLeadDays;
    if (talk.kind === "session" && body.trim() !== (talk.body ?? "")) edit.body = body.trim() || null;
    if (Object.keys(edit).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const changed = await editTalk(talk.id, edit);
      onSaved(changed, changed.warnings.some((w) => w.code === "shortNotice") ? warningText : null);
      onClose();
    } catch (caught) {
      setError(talkErrorText(caught, t));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("talks.reschedule.title", { ...ctx, date: formatTalkDate(talk.localDate) })} onClose={() => !busy && onClose()} className="reschedule-dialog">
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <p id={`${id}-explanation`}>{t("talks.reschedule.explanation", ctx)}</p>
        <div className="form-grid">
          <label htmlFor={`${id}-date`}>{t("talks.schedule.date")}</label>
          <input
            id={`${id}-date`}
            data-autofocus
            type="date"
            required
            min={berlinToday()}
            value={date}
            disabled={busy}
            aria-describedby={shortNotice ? `${id}-notice` : undefined}
            onChange={(event) => setDate(event.target.value)}
          />
          <label htmlFor={`${id}-time`}>{t("talks.schedule.time")}</label>
          <input id={`${id}-time`} type="time" required step={300} value={time} disabled={busy} onChange={(event) => setTime(event.target.value)} />
          <label htmlFor={`${id}-minutes`}>{t("talks.schedule.plannedMinutes")}</label>
          <input
            id={`${id}-minutes`}
            type="number"
            min={15}
            max={600}
            step={15}
            value={plannedMinutes}
            disabled={busy}
            onChange={(event) => setPlannedMinutes(Number(event.target.value) || talk.plannedMinutes)}
          />
          <label htmlFor={`${id}-place`}>{t("talks.schedule.place")}</label>
          <input id={`${id}-place`} type="text" required maxLength={300} value={place} disabled={busy} onChange={(event) => setPlace(event.target.value)} />
          <KindField id={id} kind={talk.kind} body={body} onBody={setBody} reportLeadDays={reportLeadDays} onReportLeadDays={setReportLeadDays} fallback={talk.reportLeadDays} disabled={busy} />
        </div>
        <div aria-live="polite">
          {shortNotice && (
            <p className="notice" id={`${id}-notice`}>
              <span aria-hidden="true">⚠ </span>
              {warningText}
            </p>
          )}
        </div>
        <p className="error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("talks.dialog.busy") : t("talks.reschedule.submit")}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            {t("talks.dialog.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
