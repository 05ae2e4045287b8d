import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TalkKind } from "../../shared/domain/meetingWords";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import { DEFAULT_REPORT_LEAD_DAYS, type ScheduledTalk } from "../../shared/domain/talks";
import { isShortNotice, quarterlySeries } from "../../shared/domain/talkSchedule";
import type { Me } from "../../shared/domain/user";
import { OpenTopicsHint } from "../topics/OpenTopicsHint";
import { AgendaField, defaultAgendaTitles } from "./AgendaField";
import { KindField } from "./KindField";
import { ParticipantsField, emptyGuest, participantInputs, type ParticipantsDraft } from "./ParticipantsField";
import { berlinToday, formatDay, kindContext } from "./talkFormat";
import { scheduleTalk, talkErrorText } from "./talksApi";

/** Props of {@link ScheduleForm}. */
interface ScheduleFormProps {
  /** The logged-in user. */
  me: Me;
  /** The scorecards the user may edit, the only ones they can plan talks for. */
  scorecards: ScorecardSummary[];
  /** Preselected scorecard (the page's filter). */
  initialScorecardId: string | null;
  /** Called with the scheduled talk (the first of a series), its warnings and every talk planned. */
  onScheduled(answer: ScheduledTalk): void;
  /** Called when the user closes the form without scheduling. */
  onCancel(): void;
}

/** Fields that must be filled in, in the order they are checked and focused. */
type RequiredField = "scorecard" | "date" | "time" | "place";

/** Talks a quarterly series creates at once. */
const SERIES_COUNT = 4;

/**
 * "Gespräch planen" (on the conference's scorecard "Sitzung planen"): scorecard, date and
 * time (Europe/Berlin), length, place, participants and the agenda (the usual one of the
 * kind prefilled, a session's numbered TOP 1, TOP 2, …); for a session optionally the
 * working group holding it, for a provider's talk the reporting deadline; optionally the
 * next four dates as a quarterly series. A date less than 14 days ahead is warned about
 * before saving, since the circulation then goes out at once. Missing fields are named and
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
  // Null while untouched: the usual agenda of the chosen scorecard's kind, which follows a change of scorecard.
  const [agenda, setAgenda] = useState<string[] | null>(null);
  const [body, setBody] = useState("");
  const [reportLeadDays, setReportLeadDays] = useState(DEFAULT_REPORT_LEAD_DAYS);
  const [series, setSeries] = useState(false);
  const [invalid, setInvalid] = useState<RequiredField[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosen = scorecards.find((s) => s.id === scorecardId);
  // The conference's scorecard (no provider) meets in sessions.
  const kind: TalkKind = chosen?.provider === null ? "session" : "steeringTalk";
  const ctx = kindContext(kind);
  const items = agenda ?? defaultAgendaTitles(kind);
  const shortNotice = date !== "" && isShortNotice(berlinToday(), date);
  const seriesDates = series && date ? quarterlySeries(`${date}T${time || "10:00"}`, SERIES_COUNT).map((local) => formatDay(local.slice(0, 10))) : [];

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
    const titles = items.map((title) => title.trim()).filter(Boolean);
    if (titles.length === 0) {
      setError(t("talks.schedule.emptyAgenda"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await scheduleTalk({
        scorecardId,
        startsAt: `${date}T${time}`,
        plannedMinutes,
        place: place.trim(),
        participants: people,
        agenda: titles.map((title) => ({ title })),
        ...(kind === "session" ? { body: body.trim() } : { reportLeadDays }),
        ...(series ? { series: { count: SERIES_COUNT } } : {}),
      });
      onScheduled(answer);
    } catch (caught) {
      setError(talkErrorText(caught, t));
      setBusy(false);
    }
  }

  function fieldProps(field: RequiredField) {
    const described = [invalid.includes(field) ? `${id}-error` : "", field === "date" && shortNotice ? `${id}-notice` : ""].filter(Boolean).join(" ");
    return {
      id: `${id}-${field}`,
      "aria-required": true,
      "aria-invalid": invalid.includes(field),
      "aria-describedby": described || undefined,
      disabled: busy,
    };
  }

  return (
    <form className="card schedule-form" id={`${id}-form`} onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate data-kind={kind}>
      <h2>{t("talks.schedule.legend", ctx)}</h2>
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
        <input id={`${id}-minutes`} type="number" min={15} max={600} step={15} value={plannedMinutes} disabled={busy} onChange={(event) => setPlannedMinutes(Number(event.target.value) || 120)} />
        <label htmlFor={`${id}-place`}>{labels.place}</label>
        <input {...fieldProps("place")} type="text" maxLength={300} placeholder={t("talks.schedule.placePlaceholder", ctx)} value={place} onChange={(event) => setPlace(event.target.value)} />
        <KindField
          id={id}
          kind={kind}
          body={body}
          onBody={setBody}
          reportLeadDays={reportLeadDays}
          onReportLeadDays={setReportLeadDays}
          fallback={DEFAULT_REPORT_LEAD_DAYS}
          disabled={busy}
          describedBy={kind === "session" ? `${id}-body-hint` : `${id}-lead-hint`}
        />
      </div>
      <p className="hint" id={kind === "session" ? `${id}-body-hint` : `${id}-lead-hint`}>
        {kind === "session" ? t("talks.schedule.bodyHint") : t("talks.schedule.reportLeadHint")}
      </p>
      <div aria-live="polite">
        {shortNotice && (
          <p className="notice" id={`${id}-notice`} data-testid="short-notice">
            <span aria-hidden="true">⚠ </span>
            {t("talks.warnings.shortNotice")}
          </p>
        )}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={series} disabled={busy} onChange={(event) => setSeries(event.target.checked)} />
        <span>
          {t("talks.schedule.series")}
          {seriesDates.length > 0 && <span className="hint"> – {t("talks.schedule.seriesDates", { dates: seriesDates.join(", ") })}</span>}
        </span>
      </label>
      <ParticipantsField me={me} scorecardId={scorecardId} value={participants} onChange={setParticipants} disabled={busy} />
      <AgendaField items={items} onChange={setAgenda} disabled={busy} kind={kind} />
      {scorecardId && <OpenTopicsHint scorecardId={scorecardId} />}
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("talks.schedule.busy") : t("talks.schedule.submit", ctx)}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t("talks.dialog.cancel")}
        </button>
      </div>
    </form>
  );
}
