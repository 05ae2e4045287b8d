import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { Topic, TopicTalkRef } from "../../shared/domain/topics";
import { defaultGoal, goalChoices, type GoalChoice } from "../../shared/document/goalPlacement";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { MeasurePlacementForm, type MeasurePlacement } from "../components/MeasurePlacementForm";
import { showMeasure } from "../talks/meeting/showMeasure";
import { formatBerlinDay } from "../talks/talkFormat";
import { TopicGoalForm, perspectiveChoices, type PerspectiveChoice } from "./TopicGoalForm";
import { TopicHistory } from "./TopicHistory";
import { editTopic, planTopic, promoteTopic, setTopicStatus, topicErrorText, unplanTopic } from "./topicsApi";
import { talkChoiceLabel, topicStatusLabel } from "./topicWords";

/** Props of {@link TopicItem}. */
interface TopicItemProps {
  /** The scorecard. */
  scorecardId: string;
  /** The topic. */
  topic: Topic;
  /** The talks it can be planned into, soonest first. */
  talks: TopicTalkRef[];
  /** Whether the user may change it. */
  canEdit: boolean;
  /** The live scorecard document (its goals and perspectives). */
  doc: Y.Doc;
  /** Called after every change made here. */
  onChanged(): void;
}

/** What the item shows below the topic: nothing, or one of its forms. */
type Mode = { kind: "none" } | { kind: "edit" } | { kind: "measure"; goals: GoalChoice[]; goal: GoalChoice | null } | { kind: "goal"; perspectives: PerspectiveChoice[] };

/**
 * One topic of the Themenspeicher: title, status in words (not only a colour), note, who
 * raised it and when, what it became, its history; for editors the actions its status
 * allows: plan into a talk (or off the agenda), settle, drop, reopen, edit, and turn into
 * a measure under a chosen goal or a goal under a chosen perspective.
 */
export function TopicItem({ scorecardId, topic, talks, canEdit, doc, onChanged }: TopicItemProps) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<Mode>({ kind: "none" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [draft, setDraft] = useState({ title: topic.title, note: topic.note, revision: topic.revision });
  const choices = talks.filter((talk) => talk.id !== topic.plannedTalk?.id);
  const [talkId, setTalkId] = useState("");
  const settled = topic.status === "done" || topic.status === "dropped";
  const chosenTalk = choices.some((talk) => talk.id === talkId) ? talkId : (choices[0]?.id ?? "");

  async function run(action: () => Promise<unknown>, success: string | null = null): Promise<boolean> {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      await action();
      setOutcome(success);
      onChanged();
      return true;
    } catch (caught) {
      setError(topicErrorText(caught, t));
      onChanged();
      return false;
    } finally {
      setBusy(false);
    }
  }

  function handleEdit() {
    setDraft({ title: topic.title, note: topic.note, revision: topic.revision });
    setMode({ kind: "edit" });
  }

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    if (await run(() => editTopic(scorecardId, topic.id, { title: draft.title.trim(), note: draft.note.trim(), revision: draft.revision }))) setMode({ kind: "none" });
  }

  function handleOffer(kind: "measure" | "goal") {
    const json = yDocToDocumentJson(doc);
    setMode(kind === "measure" ? { kind, goals: goalChoices(json), goal: defaultGoal(json, null) } : { kind, perspectives: perspectiveChoices(json) });
  }

  async function handleMeasure(placement: MeasurePlacement) {
    const goal = placement.goal ? { index: placement.goal.index, title: placement.goal.title } : undefined;
    const text = placement.goal ? t("topics.item.measureAdded", { goal: placement.goal.label }) : t("topics.item.measureAddedAtEnd");
    if (await run(() => promoteTopic(scorecardId, topic.id, { kind: "measure", goal, responsibleSide: placement.responsibleSide }), text)) setMode({ kind: "none" });
  }

  async function handleGoal(perspective: PerspectiveChoice | null) {
    const text = perspective ? t("topics.item.goalAdded", { perspective: perspective.title }) : t("topics.item.goalAddedAtEnd");
    const ref = perspective ? { index: perspective.index, title: perspective.title } : undefined;
    if (await run(() => promoteTopic(scorecardId, topic.id, { kind: "goal", perspective: ref }), text)) setMode({ kind: "none" });
  }

  return (
    <article className={`topic-item status-${topic.status}`} data-topic-id={topic.id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="topic-title">
        {topic.title}
      </h3>
      <p className="topic-status">
        <span className="topic-status-word">{topicStatusLabel(topic, t)}</span>
        {topic.promoted && ` · ${t(topic.promoted.kind === "goal" ? "topics.item.becameGoal" : "topics.item.becameMeasure")}`}
      </p>
      {topic.note && <p className="topic-note">{topic.note}</p>}
      <p className="hint">{t("topics.item.raisedBy", { name: topic.raisedBy.name, date: formatBerlinDay(topic.raisedAt) })}</p>
      {topic.promoted?.kind === "measure" && (
        <button type="button" className="link-button" onClick={() => showMeasure(topic.promoted!.ref)}>
          {t("topics.item.showMeasure")}
        </button>
      )}
      {canEdit && mode.kind === "none" && (
        <div className="topic-actions" role="group" aria-label={t("topics.item.actions", { title: topic.title })}>
          {!settled && choices.length > 0 && (
            <div className="topic-plan">
              <label htmlFor={`${id}-talk`}>{t(topic.status === "planned" ? "topics.item.replanLabel" : "topics.item.planLabel")}</label>
              <select id={`${id}-talk`} value={chosenTalk} disabled={busy} onChange={(event) => setTalkId(event.target.value)}>
                {choices.map((talk) => (
                  <option key={talk.id} value={talk.id}>
                    {talkChoiceLabel(talk, t)}
                  </option>
                ))}
              </select>
              <button type="button" disabled={busy} onClick={() => void run(() => planTopic(scorecardId, topic.id, chosenTalk))}>
                {t("topics.item.planSubmit")}
              </button>
            </div>
          )}
          {!settled && talks.length === 0 && <p className="hint">{t("topics.item.noTalks")}</p>}
          <div className="button-row">
            {topic.status === "planned" && (
              <button type="button" disabled={busy} onClick={() => void run(() => unplanTopic(scorecardId, topic.id))}>
                {t("topics.item.unplan")}
              </button>
            )}
            {!settled && (
              <>
                <button type="button" disabled={busy} onClick={() => void run(() => setTopicStatus(scorecardId, topic.id, "done"))}>
                  {t("topics.item.done")}
                </button>
                <button type="button" disabled={busy} onClick={() => void run(() => setTopicStatus(scorecardId, topic.id, "dropped"))}>
                  {t("topics.item.drop")}
                </button>
              </>
            )}
            {settled && !topic.promoted && (
              <button type="button" disabled={busy} onClick={() => void run(() => setTopicStatus(scorecardId, topic.id, "open"))}>
                {t("topics.item.reopen")}
              </button>
            )}
            <button type="button" disabled={busy} onClick={handleEdit}>
              {t("topics.item.edit")}
            </button>
          </div>
          {!topic.promoted && topic.status !== "dropped" && (
            <div className="button-row">
              <button type="button" disabled={busy} onClick={() => handleOffer("measure")}>
                {t("topics.item.toMeasure")}
              </button>
              <button type="button" disabled={busy} onClick={() => handleOffer("goal")}>
                {t("topics.item.toGoal")}
              </button>
            </div>
          )}
        </div>
      )}
      {mode.kind === "edit" && (
        <form className="stacked-form topic-edit" onSubmit={(event) => void handleSave(event)} aria-busy={busy}>
          <label htmlFor={`${id}-edit-title`}>{t("topics.raise.title")}</label>
          <input id={`${id}-edit-title`} type="text" maxLength={200} required value={draft.title} disabled={busy} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
          <label htmlFor={`${id}-edit-note`}>{t("topics.raise.note")}</label>
          <textarea id={`${id}-edit-note`} rows={3} maxLength={4000} value={draft.note} disabled={busy} onChange={(event) => setDraft({ ...draft, note: event.target.value })} />
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy}>
              {t("topics.item.save")}
            </button>
            <button type="button" disabled={busy} onClick={() => setMode({ kind: "none" })}>
              {t("topics.item.cancel")}
            </button>
          </div>
        </form>
      )}
      {mode.kind === "measure" && (
        <MeasurePlacementForm
          goals={mode.goals}
          defaultGoal={mode.goal}
          defaultSide="both"
          busy={busy}
          onSubmit={(placement) => void handleMeasure(placement)}
          onCancel={() => setMode({ kind: "none" })}
        />
      )}
      {mode.kind === "goal" && <TopicGoalForm perspectives={mode.perspectives} busy={busy} onSubmit={(choice) => void handleGoal(choice)} onCancel={() => setMode({ kind: "none" })} />}
      <p className="error" role="alert">
        {error}
      </p>
      <p className="success-text" aria-live="polite">
        {outcome}
      </p>
      <TopicHistory history={topic.history} />
    </article>
  );
}
