import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ResponsibleSideSchema, type ResponsibleSide } from "../../shared/document/measures";
import type { GoalChoice } from "../../shared/document/goalPlacement";
import { EnumOptions } from "./EnumOptions";

/** What the user chose for a new measure. */
export interface MeasurePlacement {
  /** The goal it goes under, or null when the scorecard has no goals (then at its end). */
  goal: GoalChoice | null;
  /** Who is responsible. */
  responsibleSide: ResponsibleSide;
}

/** Props of {@link MeasurePlacementForm}. */
interface MeasurePlacementFormProps {
  /** The scorecard's goals, in order. */
  goals: GoalChoice[];
  /** The goal offered first (the one of the block the measure comes from), or null. */
  defaultGoal: GoalChoice | null;
  /** The side offered first. */
  defaultSide: ResponsibleSide;
  /** Whether the measure is being created. */
  busy?: boolean;
  /** Called with the choice. */
  onSubmit(placement: MeasurePlacement): void;
  /** Called when the user decides against it. */
  onCancel(): void;
}

/**
 * Asks where a new measure belongs before it is created: the goal it goes under (at the
 * end of that goal's section) and the responsible side, both preset to the likely answer.
 */
export function MeasurePlacementForm({ goals, defaultGoal, defaultSide, busy = false, onSubmit, onCancel }: MeasurePlacementFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [goalIndex, setGoalIndex] = useState(defaultGoal?.index ?? -1);
  const [side, setSide] = useState<ResponsibleSide>(defaultSide);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    onSubmit({ goal: goals.find((goal) => goal.index === goalIndex) ?? null, responsibleSide: side });
  }

  return (
    <form className="measure-placement-form stacked-form" onSubmit={handleSubmit} aria-labelledby={`${id}-legend`} aria-busy={busy}>
      <p id={`${id}-legend`} className="form-legend">
        {t("structure.placement.legend")}
      </p>
      <label htmlFor={`${id}-goal`}>{t("structure.placement.goal")}</label>
      <select id={`${id}-goal`} value={goalIndex} disabled={busy} onChange={(event) => setGoalIndex(Number(event.target.value))}>
        {goals.length === 0 && <option value={-1}>{t("structure.placement.noGoal")}</option>}
        {goals.map((goal) => (
          <option key={goal.index} value={goal.index}>
            {goal.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-side`}>{t("structure.placement.side")}</label>
      <select id={`${id}-side`} value={side} disabled={busy} onChange={(event) => setSide(ResponsibleSideSchema.parse(event.target.value))}>
        <EnumOptions values={ResponsibleSideSchema.options} prefix="structure.side" />
      </select>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {t("structure.placement.submit")}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t("structure.placement.cancel")}
        </button>
      </div>
    </form>
  );
}
