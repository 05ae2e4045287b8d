import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import type { TalkSummary } from "../../shared/domain/talks";
import type { Me } from "../../shared/domain/user";
import { AgendaField, defaultAgendaTitles } from "./AgendaField";
import { ParticipantsField, emptyGuest, participantInputs, type ParticipantsDraft } from "./ParticipantsField";
import { berlinToday } from "./talkFormat";
import { scheduleTalk, talkErrorText } from "./talksApi";

/** Props of {@link ScheduleForm}. */
interface ScheduleFormProps {
  /** The logged-in user. */
  me: Me;
  /** The scorecards the user may edit, the only ones they can plan talks for. */
  scorecards: ScorecardSummary[];
  /** Preselected scorecard (the page's filter). */
  initialScorecardId: string | null;
  /** Called with the scheduled talk. */
  onScheduled(talk: TalkSummary): void;
  /** Called when the user closes the form without scheduling. */
  onCancel(): void;
}

/** Fields that must be filled in, in the order they are checked and focused. */
type RequiredField = "scorecard" | "date" | "time" | "place";

/**
 * "Gespräch planen": scorecard, date and time (Europe/Berlin), length, place,
 * participants and the agenda (the usual one prefilled). Missing fields are named and
 * marked, and focus goes to the first; the server's 400 names the field it refused.
 */
export function ScheduleForm({ me, scorecards, initialScorecardId, onScheduled, onCancel }: ScheduleFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [scorecardId, setScorecardId] = useState(() => (scorecards.some((s) => s.id === initialScorecardId) ? initialScorecardId! : scorecards.length === 1 ? scorecards[0].id : ""));
  const [date, setDate] = useState("");
  const [time, setTime] = useState("10:00");
  const [plannedMinutes, setPlannedMinutes] = useState(120);
  const [place, setPlace] = useState("");
  const [participants, setParticipants] = useState<ParticipantsDraft>(() => ({ userIds: [me.id], guests: [emptyGuest(me)] }));
  const [agenda, setAgenda] = useState(defaultAgendaTitles);
  const [invalid, setInvalid] = useState<RequiredField[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const labels: Record<RequiredField, string> = {
    scorecard: t("talks.schedule.scorecard"),
    date: t("talks.schedule.date"),
    time: t("talks.schedule.time"),
    place: t("talks.schedule.place"),
  };

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const values: Record<RequiredField, string> = { scorecard: scorecardId, date, time, place: place.trim() };
    const missing = (Object.keys(values) as RequiredField[]).filter((field) => !values[field]);
    setInvalid(missing);
    if (missing.length > 0) {
      setError(missing.map((field) => t("talks.schedule.required", { field: labels[field] })).join(" "));
      document.getElementById(`${id}-${missing[0]}`)?.focus();
      return;
    }
    const people = participantInputs(participants);
    if (people.length === 0) {
      setError(t("talks.schedule.noParticipants"));
      return;
    }
    const items = agenda.map((title) => title.trim()).filter(Boolean);
    if (items.length === 0) {
      setError(t("talks.schedule.emptyAgenda"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const talk = await scheduleTalk({
        scorecardId,
        startsAt: `${date}T${time}`,
        plannedMinutes,
        place: place.trim(),
        participants: people,
        agenda: items.map((title) => ({ title })),
      });
      onScheduled(talk);
    } catch (caught) {
      setError(talkErrorText(caught, t));
      setBusy(false);
    }
  }

  function fieldProps(field: RequiredField) {
    return {
      id: `${id}-${field}`,
      "aria-required": true,
      "aria-invalid": invalid.includes(field),
      "aria-describedby": invalid.includes(field) ? `${id}-error` : undefined,
      disabled: busy,
    };
  }

  return (
    <form className="card schedule-form" id={`${id}-form`} onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate>
      <h2>{t("talks.schedule.legend")}</h2>
      <div className="form-grid">
        <label htmlFor={`${id}-scorecard`}>{labels.scorecard}</label>
        <select {...fieldProps("scorecard")} value={scorecardId} onChange={(event) => setScorecardId(event.target.value)}>
          <option value="">{t("talks.schedule.chooseScorecard")}</option>
          {scorecards.map((scorecard) => (
            <option key={scorecard.id} value={scorecard.id}>
              {scorecard.title}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-date`}>{labels.date}</label>
        <input {...fieldProps("date")} type="date" min={berlinToday()} value={date} onChange={(event) => setDate(event.target.value)} />
        <label htmlFor={`${id}-time`}>{labels.time}</label>
        <input {...fieldProps("time")} type="time" step={300} value={time} onChange={(event) => setTime(event.target.value)} />
        <label htmlFor={`${id}-minutes`}>{t("talks.schedule.plannedMinutes")}</label>
        <input
          id={`${id}-minutes`}
          type="number"
          min={15}
          max={600}
          step={15}
          value={plannedMinutes}
          disabled={busy}
          onChange={(event) => setPlannedMinutes(Number(event.target.value) || 120)}
        />
        <label htmlFor={`${id}-place`}>{labels.place}</label>
        <input {...fieldProps("place")} type="text" maxLength={300} placeholder={t("talks.schedule.placePlaceholder")} value={place} onChange={(event) => setPlace(event.target.value)} />
      </div>
      <ParticipantsField me={me} scorecardId={scorecardId} value={participants} onChange={setParticipants} disabled={busy} />
      <AgendaField items={agenda} onChange={setAgenda} disabled={busy} />
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("talks.schedule.busy") : t("talks.schedule.submit")}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t("talks.dialog.cancel")}
        </button>
      </div>
    </form>
  );
}
