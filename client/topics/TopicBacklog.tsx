import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Topic } from "../../shared/domain/topics";
import type { CollaborationSession } from "../editor/collaboration";
import { TopicItem } from "./TopicItem";
import { raiseTopic, topicErrorText } from "./topicsApi";
import { useTopics } from "./useTopics";
import "./topics.css";

/** Props of {@link TopicBacklog}. */
interface TopicBacklogProps {
  /** The scorecard. */
  scorecardId: string;
  /** The scorecard open for collaboration (its pushes and its document). */
  session: CollaborationSession;
  /** Whether the user may change topics (the server's word on the socket; the list's answer decides too). */
  editable: boolean;
}

/**
 * The Themenspeicher beside the scorecard: a field to raise a topic, the open and planned
 * topics with their actions, the settled and dropped ones folded away. What others change
 * appears at once (`topicsChanged`).
 */
export function TopicBacklog({ scorecardId, session, editable }: TopicBacklogProps) {
  const { t } = useTranslation();
  const id = useId();
  const { list, error, refresh } = useTopics(scorecardId, session);
  const [title, setTitle] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const canEdit = editable && list?.canEdit === true;

  async function handleRaise(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) {
      setFormError(t("topics.errors.required", { field: t("topics.raise.title") }));
      document.getElementById(`${id}-title`)?.focus();
      return;
    }
    setBusy(true);
    setFormError(null);
    setOutcome(null);
    try {
      const topic = await raiseTopic(scorecardId, { title: title.trim(), note: note.trim() });
      setTitle("");
      setNote("");
      setOutcome(t("topics.raise.raised", { title: topic.title }));
      refresh();
    } catch (caught) {
      setFormError(topicErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  const topics = list?.topics ?? [];
  const group = (...statuses: Topic["status"][]) => topics.filter((topic) => statuses.includes(topic.status));
  const item = (topic: Topic) => (
    <li key={topic.id}>
      <TopicItem scorecardId={scorecardId} topic={topic} talks={list?.talks ?? []} canEdit={canEdit} doc={session.doc} onChanged={refresh} />
    </li>
  );
  const open = group("open", "planned");
  const done = group("done");
  const dropped = group("dropped");

  return (
    <section className="topic-backlog" aria-labelledby={`${id}-heading`} data-testid="topic-backlog" data-revision={list?.revision ?? -1}>
      <h2 id={`${id}-heading`}>
        {t("topics.panel.title")} {list && <span className="topic-count">({t("topics.panel.openCount", { count: list.openCount })})</span>}
      </h2>
      <p className="muted topic-intro">{t("topics.panel.intro")}</p>
      {error !== null && !list && (
        <p className="error" role="alert">
          {topicErrorText(error, t)}
        </p>
      )}
      {!list && error === null && <p className="muted">{t("topics.panel.loading")}</p>}
      {list && !list.canEdit && <p className="hint">{t("topics.panel.readOnly")}</p>}
      {canEdit && (
        <form className="stacked-form topic-raise" onSubmit={(event) => void handleRaise(event)} aria-busy={busy} noValidate>
          <label htmlFor={`${id}-title`}>{t("topics.raise.title")}</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={200}
            placeholder={t("topics.raise.titlePlaceholder")}
            value={title}
            aria-required
            aria-invalid={formError !== null && !title.trim()}
            disabled={busy}
            onChange={(event) => setTitle(event.target.value)}
          />
          <label htmlFor={`${id}-note`}>{t("topics.raise.note")}</label>
          <textarea id={`${id}-note`} rows={2} maxLength={4000} value={note} disabled={busy} onChange={(event) => setNote(event.target.value)} />
          <button type="submit" disabled={busy}>
            {t("topics.raise.submit")}
          </button>
          <p className="error" role="alert">
            {formError}
          </p>
          <p className="success-text" aria-live="polite">
            {outcome}
          </p>
        </form>
      )}
      {list && topics.length === 0 && <p className="muted">{t("topics.panel.empty")}</p>}
      {open.length > 0 && (
        <>
          <h3 className="topic-group">{t("topics.panel.openGroup")}</h3>
          <ul className="topic-list" data-testid="open-topics">
            {open.map(item)}
          </ul>
        </>
      )}
      {done.length > 0 && (
        <details className="topic-group-folded">
          <summary>{t("topics.panel.doneGroup", { count: done.length })}</summary>
          <ul className="topic-list">{done.map(item)}</ul>
        </details>
      )}
      {dropped.length > 0 && (
        <details className="topic-group-folded">
          <summary>{t("topics.panel.droppedGroup", { count: dropped.length })}</summary>
          <ul className="topic-list">{dropped.map(item)}</ul>
        </details>
      )}
    </section>
  );
}
