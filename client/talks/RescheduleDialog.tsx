import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TalkEdit, TalkSummary } from "../../shared/domain/talks";
import { Dialog } from "../versions/Dialog";
import { berlinToday, formatTalkDate } from "./talkFormat";
import { editTalk, talkErrorText } from "./talksApi";

/** Props of {@link RescheduleDialog}. */
interface RescheduleDialogProps {
  /** The talk to move. */
  talk: TalkSummary;
  /** Called with the changed talk. */
  onSaved(talk: TalkSummary): void;
  /** Called on cancel and after saving. */
  onClose(): void;
}

/** Moves a talk to another date, time or place; only the changed fields are sent. */
export function RescheduleDialog({ talk, onSaved, onClose }: RescheduleDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const [date, setDate] = useState(talk.localDate);
  const [time, setTime] = useState(talk.localTime);
  const [place, setPlace] = useState(talk.place);
  const [plannedMinutes, setPlannedMinutes] = useState(talk.plannedMinutes);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const edit: TalkEdit = {};
    if (date !== talk.localDate || time !== talk.localTime) edit.startsAt = `${date}T${time}`;
    if (place.trim() !== talk.place) edit.place = place.trim();
    if (plannedMinutes !== talk.plannedMinutes) edit.plannedMinutes = plannedMinutes;
    if (Object.keys(edit).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await editTalk(talk.id, edit));
      onClose();
    } catch (caught) {
      setError(talkErrorText(caught, t));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t("talks.reschedule.title", { date: formatTalkDate(talk.localDate) })} onClose={() => !busy && onClose()} className="reschedule-dialog">
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <p id={`${id}-explanation`}>{t("talks.reschedule.explanation")}</p>
        <div className="form-grid">
          <label htmlFor={`${id}-date`}>{t("talks.schedule.date")}</label>
          <input id={`${id}-date`} data-autofocus type="date" required min={berlinToday()} value={date} disabled={busy} onChange={(event) => setDate(event.target.value)} />
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
