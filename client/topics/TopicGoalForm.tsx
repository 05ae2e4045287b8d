import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { readOutline } from "../../shared/document/outline";
import type { DocumentJson } from "../../shared/document/schema";

/** A perspective a new goal can be placed under. */
export interface PerspectiveChoice {
  /** The heading's index among the document's top-level nodes. */
  index: number;
  /** Its title. */
  title: string;
}

/**
 * The perspectives of a document in order (level-2 headings; not the untitled one a goal
 * before any perspective lives in).
 * @param doc - the document as ProseMirror JSON
 */
export function perspectiveChoices(doc: DocumentJson): PerspectiveChoice[] {
  return readOutline(doc)
    .perspectives.filter((perspective) => doc.content?.[perspective.index]?.attrs?.level === 2)
    .map((perspective) => ({ index: perspective.index, title: perspective.title }));
}

/** Props of {@link TopicGoalForm}. */
interface TopicGoalFormProps {
  /** The scorecard's perspectives, in order. */
  perspectives: PerspectiveChoice[];
  /** Whether the goal is being created. */
  busy: boolean;
  /** Called with the perspective chosen, or null when there is none (the goal goes at the end). */
  onSubmit(perspective: PerspectiveChoice | null): void;
  /** Called when the user decides against it. */
  onCancel(): void;
}

/** Asks under which perspective a topic becomes a goal (at the end of its section); the first is offered. */
export function TopicGoalForm({ perspectives, busy, onSubmit, onCancel }: TopicGoalFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [index, setIndex] = useState(perspectives[0]?.index ?? -1);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    onSubmit(perspectives.find((perspective) => perspective.index === index) ?? null);
  }

  return (
    <form className="stacked-form topic-goal-form" onSubmit={handleSubmit} aria-labelledby={`${id}-legend`} aria-busy={busy}>
      <p id={`${id}-legend`} className="form-legend">
        {t("topics.goal.legend")}
      </p>
      <label htmlFor={`${id}-perspective`}>{t("topics.goal.perspective")}</label>
      <select id={`${id}-perspective`} value={index} disabled={busy} onChange={(event) => setIndex(Number(event.target.value))}>
        {perspectives.length === 0 && <option value={-1}>{t("topics.goal.noPerspective")}</option>}
        {perspectives.map((perspective) => (
          <option key={perspective.index} value={perspective.index}>
            {perspective.title}
          </option>
        ))}
      </select>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {t("topics.goal.submit")}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t("topics.goal.cancel")}
        </button>
      </div>
    </form>
  );
}
