import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { TalkAgreement, TalkSummary } from "../../../shared/domain/talks";
import { defaultResponsibleSide } from "../../../shared/domain/talkMeeting";
import { defaultGoal, goalChoices, goalOfNode, type GoalChoice } from "../../../shared/document/goalPlacement";
import type { ResponsibleSide } from "../../../shared/document/measures";
import { yDocToDocumentJson } from "../../../shared/document/schema";
import { MeasurePlacementForm, type MeasurePlacement } from "../../components/MeasurePlacementForm";
import { ApiError } from "../../lib/api";
import { formatDay } from "../talkFormat";
import { addAgreement, agreementToMeasure, talkErrorText } from "../talksApi";
import { showMeasure } from "./showMeasure";

/** Props of {@link AgreementsSection}. */
interface AgreementsSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** The live scorecard document (its goals). */
  doc: Y.Doc;
  /** The measure in focus in the meeting; its goal is offered first for a new measure. */
  focusMeasureId: string | null;
  /** Whether the user may record agreements (edit rights). */
  canAct: boolean;
  /** Called with the talk after a change. */
  onTalkChanged(talk: TalkSummary): void;
  /** Reads the talk again. */
  onRefresh(): void;
}

/** The choice offered when an agreement is to become a measure. */
interface PlacementOffer {
  /** The agreement. */
  agreementId: string;
  /** The scorecard's goals when the offer was made. */
  goals: GoalChoice[];
  /** The goal offered first. */
  goal: GoalChoice | null;
  /** The side offered first. */
  side: ResponsibleSide;
}

/**
 * "Vereinbarungen": what was agreed, by whom and by when, recorded while the talk runs;
 * each agreement can become a measure of the scorecard, once, under the goal and with the
 * responsible side the user picks (offered: the goal of the measure in focus, else the
 * first goal; the side of the owner named).
 */
export function AgreementsSection({ talk, doc, focusMeasureId, canAct, onTalkChanged, onRefresh }: AgreementsSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [invalid, setInvalid] = useState<("text" | "owner")[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offer, setOffer] = useState<PlacementOffer | null>(null);
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

  function handleOffer(agreement: TalkAgreement) {
    const json = yDocToDocumentJson(doc);
    const fromMeasure = focusMeasureId === null ? null : goalOfNode(json, (node) => node.type === "measure" && node.attrs?.measureId === focusMeasureId);
    setOffer({
      agreementId: agreement.id,
      goals: goalChoices(json),
      goal: defaultGoal(json, fromMeasure),
      side: defaultResponsibleSide(agreement.owner, talk.participants, talk.scorecard.providerName),
    });
    setError(null);
    setOutcome(null);
  }

  async function handleToMeasure(agreement: TalkAgreement, placement: MeasurePlacement) {
    setBusy(true);
    setError(null);
    try {
      const goal = placement.goal ? { index: placement.goal.index, title: placement.goal.title } : undefined;
      const answer = await agreementToMeasure(talk.id, agreement.id, { goal, responsibleSide: placement.responsibleSide });
      onTalkChanged(answer.talk);
      setOffer(null);
      setOutcome(placement.goal ? t("talks.agreements.measureAdded", { goal: placement.goal.label }) : t("talks.agreements.measureAddedAtEnd"));
    } catch (caught) {
      setError(talkErrorText(caught, t));
      if (caught instanceof ApiError && caught.status === 409) onRefresh();
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
              ) : offer?.agreementId === agreement.id ? (
                <MeasurePlacementForm
                  goals={offer.goals}
                  defaultGoal={offer.goal}
                  defaultSide={offer.side}
                  busy={busy}
                  onSubmit={(placement) => void handleToMeasure(agreement, placement)}
                  onCancel={() => setOffer(null)}
                />
              ) : (
                canAct &&
                talk.state !== "cancelled" && (
                  <button type="button" disabled={busy} onClick={() => handleOffer(agreement)}>
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
