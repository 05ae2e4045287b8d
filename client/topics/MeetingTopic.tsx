import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../shared/domain/talks";
import type { TopicStatusTarget } from "../../shared/domain/topics";
import { formatBerlinDay, formatDay } from "../talks/talkFormat";
import { discussTopic, topicErrorText } from "./topicsApi";
import { useTopics } from "./useTopics";
import { topicStatusLabel } from "./topicWords";
import "./topics.css";

/** Props of {@link MeetingTopic}. */
interface MeetingTopicProps {
  /** The talk. */
  talk: TalkSummary;
  /** The topic the current agenda item discusses. */
  topicId: string;
  /** Whether the user may record (edit rights). */
  canAct: boolean;
}

const OUTCOMES: TopicStatusTarget[] = ["done", "open", "dropped"];

/**
 * The topic of the current agenda item in meeting mode: its note, who raised it, what was
 * recorded so far, and, while the talk runs, the status line for the minutes with its
 * outcome (erledigt, weiter offen: it moves on to the next talk, verworfen). A recorded
 * line changes the talk, so every screen in the talk reads it again ([SYNC25]).
 */
export function MeetingTopic({ talk, topicId, canAct }: MeetingTopicProps) {
  const { t } = useTranslation();
  const id = useId();
  const { list, error, refresh } = useTopics(talk.scorecard.id, null);
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<TopicStatusTarget>("open");
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState(false);

  // A change of the topic in the talk counts the talk's revision up.
  useEffect(() => refresh(), [talk.revision, refresh]);

  const topic = list?.topics.find((candidate) => candidate.id === topicId);
  if (!list) return error ? <p className="error">{topicErrorText(error, t)}</p> : null;
  if (!topic) return <p className="hint">{t("topics.meeting.gone")}</p>;
  const lines = topic.history.filter((event) => event.kind === "discussed");
  const settled = topic.status === "done" || topic.status === "dropped";
  const mayRecord = canAct && talk.state === "running" && !settled;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setFormError(t("topics.errors.required", { field: t("topics.meeting.statusLine") }));
      document.getElementById(`${id}-line`)?.focus();
      return;
    }
    setBusy(true);
    setFormError(null);
    setRecorded(false);
    try {
      await discussTopic(talk.scorecard.id, topicId, { talkId: talk.id, text: text.trim(), status: outcome === "open" ? undefined : outcome });
      setText("");
      setRecorded(true);
      refresh();
    } catch (caught) {
      setFormError(topicErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="meeting-topic" aria-labelledby={`${id}-heading`} data-topic-id={topicId}>
      <h3 id={`${id}-heading`}>{t("topics.meeting.title")}</h3>
      <p className="meeting-topic-title">{topic.title}</p>
      <p className="topic-status">
        <span className="topic-status-word">{topicStatusLabel(topic, t)}</span>
      </p>
      <p className="topic-note">{topic.note || t("topics.meeting.noNote")}</p>
      <p className="hint">{t("topics.item.raisedBy", { name: topic.raisedBy.name, date: formatBerlinDay(topic.raisedAt) })}</p>
      {lines.length > 0 && (
        <>
          <h4>{t("topics.meeting.lines")}</h4>
          <ul className="meeting-topic-lines">
            {lines.map((line) => (
              <li key={line.id}>
                {line.talk && <span className="hint">{formatDay(line.talk.localDate)}: </span>}
                {line.detail.text}
                {line.by && <span className="hint"> ({line.by.name})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {settled && <p>{t("topics.meeting.settled", { status: t(`topics.status.${topic.status}`) })}</p>}
      {canAct && !settled && talk.state !== "running" && <p className="hint">{t("topics.meeting.notRunning")}</p>}
      {mayRecord && (
        <form className="stacked-form" onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate>
          <label htmlFor={`${id}-line`}>{t("topics.meeting.statusLine")}</label>
          <textarea id={`${id}-line`} rows={3} maxLength={2000} value={text} aria-required disabled={busy} onChange={(event) => setText(event.target.value)} />
          <fieldset className="meeting-topic-outcome">
            <legend>{t("topics.meeting.outcome")}</legend>
            {OUTCOMES.map((value) => (
              <label key={value}>
                <input type="radio" name={`${id}-outcome`} value={value} checked={outcome === value} disabled={busy} onChange={() => setOutcome(value)} /> {t(`topics.meeting.outcomes.${value}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>
            {t("topics.meeting.submit")}
          </button>
        </form>
      )}
      <p className="error" role="alert">
        {formError}
      </p>
      <p className="success-text" aria-live="polite">
        {recorded ? t("topics.meeting.recorded") : null}
      </p>
    </section>
  );
}
