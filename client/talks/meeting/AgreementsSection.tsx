import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TalkAgreement, TalkSummary } from "../../../shared/domain/talks";
import { formatDay } from "../talkFormat";
import { addAgreement, agreementToMeasure, talkErrorText } from "../talksApi";
import { showMeasure } from "./showMeasure";

/** Props of {@link AgreementsSection}. */
interface AgreementsSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** Whether the user may record agreements (edit rights). */
  canAct: boolean;
  /** Called with the talk after a change. */
  onTalkChanged(talk: TalkSummary): void;
}

/**
 * "Vereinbarungen": what was agreed, by whom and by when, recorded while the talk runs;
 * each agreement can become a measure of the scorecard, once.
 */
export function AgreementsSection({ talk, canAct, onTalkChanged }: AgreementsSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [invalid, setInvalid] = useState<("text" | "owner")[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayRecord = canAct && talk.state === "running";

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const missing = [...(text.trim() ? [] : (["text"] as const)), ...(owner.trim() ? [] : (["owner"] as const))];
    setInvalid(missing);
    if (missing.length > 0) {
      const labels = { text: t("talks.agreements.text"), owner: t("talks.agreements.owner") };
      setError(missing.map((field) => t("talks.schedule.required", { field: labels[field] })).join(" "));
      document.getElementById(`${id}-${missing[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onTalkChanged(await addAgreement(talk.id, { text: text.trim(), owner: owner.trim(), dueDate: dueDate || undefined }));
      setText("");
      setOwner("");
      setDueDate("");
      setOutcome(t("talks.agreements.added"));
    } catch (caught) {
      setError(talkErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  async function handleToMeasure(agreement: TalkAgreement) {
    setBusy(true);
    setError(null);
    try {
      const answer = await agreementToMeasure(talk.id, agreement.id);
      onTalkChanged(answer.talk);
      setOutcome(t("talks.agreements.measureAdded"));
    } catch (caught) {
      setError(talkErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="meeting-agreements" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("talks.agreements.title")}</h3>
      {talk.agreements.length === 0 ? (
        <p>{t("talks.agreements.none")}</p>
      ) : (
        <ol className="agreement-list">
          {talk.agreements.map((agreement) => (
            <li key={agreement.id} data-agreement-id={agreement.id}>
              <p className="agreement-text">{agreement.text}</p>
              <p className="hint">
                {t("talks.agreements.by", { owner: agreement.owner })}
                {agreement.dueDate && `, ${t("talks.agreements.due", { date: formatDay(agreement.dueDate) })}`}
              </p>
              {agreement.measureId ? (
                <p>
                  <span aria-hidden="true">✓ </span>
                  {t("talks.agreements.becameMeasure")}{" "}
                  <button type="button" className="link-button" onClick={() => showMeasure(agreement.measureId!)}>
                    {t("talks.agreements.showMeasure")}
                  </button>
                </p>
              ) : (
                canAct &&
                talk.state !== "cancelled" && (
                  <button type="button" disabled={busy} onClick={() => void handleToMeasure(agreement)}>
                    {t("talks.agreements.toMeasure")}
                  </button>
                )
              )}
            </li>
          ))}
        </ol>
      )}
      {mayRecord && (
        <form className="stacked-form" onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate>
          <label htmlFor={`${id}-text`}>{t("talks.agreements.text")}</label>
          <textarea
            id={`${id}-text`}
            rows={2}
            maxLength={2000}
            value={text}
            aria-required
            aria-invalid={invalid.includes("text")}
            aria-describedby={invalid.includes("text") ? `${id}-error` : undefined}
            disabled={busy}
            onChange={(event) => setText(event.target.value)}
          />
          <label htmlFor={`${id}-owner`}>{t("talks.agreements.owner")}</label>
          <input
            id={`${id}-owner`}
            type="text"
            maxLength={200}
            placeholder={t("talks.agreements.ownerPlaceholder")}
            value={owner}
            aria-required
            aria-invalid={invalid.includes("owner")}
            aria-describedby={invalid.includes("owner") ? `${id}-error` : undefined}
            disabled={busy}
            onChange={(event) => setOwner(event.target.value)}
          />
          <label htmlFor={`${id}-due`}>{t("talks.agreements.dueDate")}</label>
          <input id={`${id}-due`} type="date" value={dueDate} disabled={busy} onChange={(event) => setDueDate(event.target.value)} />
          <button type="submit" disabled={busy}>
            {t("talks.agreements.submit")}
          </button>
        </form>
      )}
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
      <p className="success-text" aria-live="polite">
        {outcome}
      </p>
    </section>
  );
}
