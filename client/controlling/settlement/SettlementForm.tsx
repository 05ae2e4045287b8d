import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { MIN_REASON_LENGTH, type SettlementMeasureChoice } from "../../../shared/domain/settlement";
import { formatCents } from "../format";
import type { PartsBody } from "./settlementApi";
import { draftParts, newDraftMeasure, summarizeDraft, type SettlementDraft } from "./settlementDraft";

/** Props of {@link SettlementForm}. */
interface SettlementFormProps {
  /** A new proposal, a change of one, or a correction of a confirmed decision. */
  mode: "propose" | "change" | "correct";
  /** The amount the current numbers propose. */
  proposalCents: number;
  /** The form's first state. */
  initial: SettlementDraft;
  /** The measures of the provider's scorecards. */
  measures: SettlementMeasureChoice[];
  /** Decisions whose measures may be named again (the one changed or corrected). */
  ownDecisionIds: string[];
  /** Sends the form; rejects with the server's message. */
  onSubmit(parts: PartsBody, correctionReason: string): Promise<void>;
  /** Closes the form without saving; absent for the form of a new proposal. */
  onCancel?(): void;
}

/**
 * The decision: repayment, offset by measures of the provider's BSC (each valued in €) and
 * carry-over into the next agreement, in any mix, with the sum shown live against the
 * proposal and a reason asked for when it does not add up.
 */
export function SettlementForm({ mode, proposalCents, initial, measures, ownDecisionIds, onSubmit, onCancel }: SettlementFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [correctionReason, setCorrectionReason] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = summarizeDraft(draft, proposalCents);
  const update = (change: Partial<SettlementDraft>) => setDraft((current) => ({ ...current, ...change }));
  const updateMeasure = (key: string, change: { choice?: string; value?: string }) =>
    setDraft((current) => ({ ...current, measures: current.measures.map((measure) => (measure.key === key ? { ...measure, ...change } : measure)) }));
  const cards = Array.from(new Map(measures.map((m) => [m.scorecardId, m.scorecardTitle])));
  const titleKey = mode === "propose" ? "proposeTitle" : mode === "change" ? "changeTitle" : "correctTitle";
  const submitKey = mode === "propose" ? "submitPropose" : mode === "change" ? "submitChange" : "submitCorrect";

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parts = draftParts(draft);
    if (!parts.ok) {
      setInvalid(parts.field);
      document.getElementById(`${id}-${parts.field}`)?.focus();
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      await onSubmit(parts.parts, correctionReason.trim());
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const amountInput = (field: "repay" | "carry", label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        inputMode="decimal"
        value={draft[field]}
        aria-invalid={summary[`${field}Cents`] === null || invalid === field ? true : undefined}
        aria-describedby={summary[`${field}Cents`] === null ? `${id}-${field}-error` : undefined}
        onChange={(event) => update({ [field]: event.target.value })}
      />
      {summary[`${field}Cents`] === null && (
        <p className="error" id={`${id}-${field}-error`}>
          {t("settlement.form.invalidAmount")}
        </p>
      )}
    </div>
  );

  return (
    <form className="settlement-form controlling-form" aria-labelledby={`${id}-title`} onSubmit={handleSubmit} data-testid={`settlement-form-${mode}`} noValidate>
      <h3 id={`${id}-title`}>{t(`settlement.form.${titleKey}`)}</h3>
      <p className="field-hint">{t("settlement.form.intro")}</p>
      {amountInput("repay", t("settlement.form.repay"))}
      <fieldset className="settlement-measures">
        <legend>{t("settlement.form.measures")}</legend>
        {measures.length === 0 && <p className="field-hint">{t("settlement.form.noMeasures")}</p>}
        {draft.measures.map((measure, index) => {
          const number = index + 1;
          const value = summary.measureCents[index];
          return (
            <div className="settlement-measure-row" key={measure.key}>
              <div className="field">
                <label htmlFor={`${id}-measure-${measure.key}`}>{t("settlement.form.measure", { number })}</label>
                <select
                  id={`${id}-measure-${measure.key}`}
                  value={measure.choice}
                  aria-invalid={invalid === `measure-${measure.key}` ? true : undefined}
                  onChange={(event) => updateMeasure(measure.key, { choice: event.target.value })}
                >
                  <option value="">{t("settlement.form.chooseMeasure")}</option>
                  {cards.map(([scorecardId, scorecardTitle]) => (
                    <optgroup key={scorecardId} label={scorecardTitle}>
                      {measures
                        .filter((choice) => choice.scorecardId === scorecardId)
                        .map((choice) => {
                          const taken = choice.settlementId !== null && !ownDecisionIds.includes(choice.settlementId);
                          return (
                            <option key={choice.measureId} value={`${choice.scorecardId}/${choice.measureId}`} disabled={taken}>
                              {(choice.title || t("measure.untitled")) + (choice.goal ? ` (${choice.goal})` : "") + (taken ? ` – ${t("settlement.form.takenBy")}` : "")}
                            </option>
                          );
                        })}
                    </optgroup>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-value-${measure.key}`}>{t("settlement.form.measureValue", { number })}</label>
                <input
                  id={`${id}-value-${measure.key}`}
                  inputMode="decimal"
                  value={measure.value}
                  aria-invalid={(measure.value !== "" && value === null) || invalid === `value-${measure.key}` ? true : undefined}
                  onChange={(event) => updateMeasure(measure.key, { value: event.target.value })}
                />
              </div>
              <button type="button" className="remove-measure" onClick={() => update({ measures: draft.measures.filter((m) => m.key !== measure.key) })}>
                <span aria-hidden="true">✕ </span>
                <span className="visually-hidden">{t("settlement.form.removeMeasure", { number })}</span>
              </button>
            </div>
          );
        })}
        {measures.length > 0 && (
          <button type="button" onClick={() => update({ measures: [...draft.measures, newDraftMeasure()] })}>
            {t("settlement.form.addMeasure")}
          </button>
        )}
        <p className="field-hint">{t("settlement.form.offsetSum", { amount: formatCents(summary.offsetCents) })}</p>
      </fieldset>
      {amountInput("carry", t("settlement.form.carry"))}
      <p className={`settlement-sum ${summary.differenceCents === 0 ? "matches" : "differs"}`} role="status" aria-live="polite" data-testid="settlement-sum">
        {t("settlement.form.sum", { total: summary.totalCents === null ? "–" : formatCents(summary.totalCents), proposal: formatCents(proposalCents) })}{" "}
        <strong>
          {summary.differenceCents === 0
            ? t("settlement.form.sumMatches")
            : summary.differenceCents !== null && t("settlement.form.sumDiffers", { difference: formatCents(summary.differenceCents, true) })}
        </strong>
      </p>
      <div className="field wide">
        <label htmlFor={`${id}-reason`}>
          {t("settlement.form.reason")}
          {summary.differenceCents !== 0 && <span className="required"> *</span>}
        </label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          value={draft.reason}
          aria-required={summary.differenceCents !== 0}
          aria-invalid={summary.reasonMissing && draft.reason !== "" ? true : undefined}
          aria-describedby={`${id}-reason-hint`}
          onChange={(event) => update({ reason: event.target.value })}
        />
        <p className={`field-hint${summary.reasonMissing ? " needed" : ""}`} id={`${id}-reason-hint`}>
          {t("settlement.form.reasonHint", { min: MIN_REASON_LENGTH })}
        </p>
      </div>
      {mode === "correct" && (
        <div className="field wide">
          <label htmlFor={`${id}-correction`}>
            {t("settlement.form.correctionReason")}
            <span className="required"> *</span>
          </label>
          <textarea id={`${id}-correction`} rows={2} required value={correctionReason} aria-describedby={`${id}-correction-hint`} onChange={(event) => setCorrectionReason(event.target.value)} />
          <p className="field-hint" id={`${id}-correction-hint`}>
            {t("settlement.form.correctionReasonHint", { min: MIN_REASON_LENGTH })}
          </p>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-form">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("settlement.form.busy") : t(`settlement.form.${submitKey}`)}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("settlement.form.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
