import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion, NextAgreementDraftAnswer } from "../../shared/domain/figures";
import type { Me } from "../../shared/domain/user";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import { agreementFromDraft, draftFromAgreement, type AgreementDraft } from "./agreementDraft";
import { ApiError } from "../lib/api";
import { canEditAgreements, fetchNextAgreementDraft, saveAgreement } from "./controllingApi";
import { FailureNotice } from "./FailureNotice";
import { NextAgreementOffers } from "./NextAgreementOffers";
import { NextBudgetEffect } from "./NextBudgetEffect";
import { ProblemList } from "./ProblemList";
import { ReasonField, reasonMissing } from "./ReasonField";

/** Props of {@link NextAgreementDraft}. */
interface NextAgreementDraftProps {
  /** The logged-in user: funder editors save; everyone who reads may prepare and download. */
  me: Me;
  /** The provider. */
  providerId: string;
  /** The current agreement (year Y), the draft's starting point. */
  current: AgreementVersion;
  /** Called after the funder stored the draft as next year's agreement. */
  onSaved(): void;
}

/** The draft as typed, and the server's answer it started from. */
interface Loaded {
  answer: NextAgreementDraftAnswer;
  draft: AgreementDraft;
}

/** Offers the draft as a JSON file in the exchange format, which the funder can upload as next year's agreement. */
function downloadAgreement(agreement: BudgetAgreement): void {
  const blob = new Blob([`${JSON.stringify(agreement, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `vereinbarung-${agreement.year}-entwurf.json`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click starts the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * "Vereinbarung für Y + 1 vorbereiten" (domain.md, "The next agreement"): the draft from
 * the figures beside the current agreement with the five-year history per offer × need
 * group, every number editable, the budget effect recomputed as the numbers are typed;
 * the funder saves it as a new version of next year's agreement, a provider downloads it
 * as a proposal.
 */
export function NextAgreementDraft({ me, providerId, current, onSaved }: NextAgreementDraftProps) {
  const { t } = useTranslation();
  const id = useId();
  const year = current.year + 1;
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadFailure, setLoadFailure] = useState<ApiError | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [saveFailure, setSaveFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const built = useMemo(() => {
    if (!loaded) return null;
    const result = agreementFromDraft(loaded.draft, year);
    // Settings this form does not show stay as the server drafted them.
    return { problems: result.problems, agreement: result.agreement ? { ...loaded.answer.agreement, ...result.agreement } : null };
  }, [loaded, year]);
  const editor = canEditAgreements(me);

  async function handleOpen() {
    setOpen(true);
    setLoadFailure(null);
    setNotice(null);
    try {
      const answer = await fetchNextAgreementDraft(providerId, current.year);
      setLoaded({ answer, draft: draftFromAgreement(answer.agreement) });
    } catch (caught) {
      setLoadFailure(caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown"));
    }
  }

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    if (!built?.agreement || !loaded) return;
    setSaveFailure(null);
    if (reasonMissing(reason)) {
      setReasonError(t("controlling.agreement.reasonMissing"));
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await saveAgreement(providerId, year, { reason: reason.trim(), agreement: built.agreement });
      setLoaded((before) => before && { ...before, answer: { ...before.answer, nextVersion: saved.version } });
      setReason("");
      setNotice(t("controlling.nextAgreement.save.saved", { version: saved.version, year }));
      onSaved();
    } catch (caught) {
      setSaveFailure(caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown"));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <section className="next-agreement controlling-form" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t("controlling.nextAgreement.title", { year })}</h3>
        <p className="muted">{t("controlling.nextAgreement.teaser", { year, current: current.year, from: current.year - 4 })}</p>
        <button type="button" aria-expanded="false" onClick={() => void handleOpen()}>
          {t("controlling.nextAgreement.open", { year })}
        </button>
      </section>
    );
  }

  return (
    <section className="next-agreement controlling-form" aria-labelledby={`${id}-title`} data-testid="next-agreement">
      <h3 id={`${id}-title`}>{t("controlling.nextAgreement.title", { year })}</h3>
      <button
        type="button"
        aria-expanded="true"
        onClick={() => {
          setOpen(false);
          setLoaded(null);
        }}
      >
        {t("controlling.nextAgreement.close")}
      </button>
      <FailureNotice failure={loadFailure} />
      {!loaded && !loadFailure && <p>{t("controlling.loading")}</p>}
      {loaded && (
        <>
          <p>{t("controlling.nextAgreement.intro", { current: loaded.answer.basedOnYear, version: loaded.answer.basedOnVersion, from: loaded.answer.window[0], to: loaded.answer.window[1] })}</p>
          {loaded.answer.nextVersion !== null && <p className="notice">{t("controlling.nextAgreement.existing", { year, version: loaded.answer.nextVersion })}</p>}
          <NextBudgetEffect current={current.agreement} next={built?.agreement ?? null} nextYear={year} />
          <NextAgreementOffers answer={loaded.answer} current={current.agreement} draft={loaded.draft} onChange={(draft) => setLoaded((before) => before && { ...before, draft })} />
          {built && built.problems.length > 0 && (
            <ProblemList>
              {built.problems.map((problem, index) => (
                <li key={index}>
                  {problem.offer !== undefined && `${loaded.draft.offers[problem.offer - 1]?.name ?? ""} `}
                  {problem.group !== undefined && `${t("controlling.breakdown.groupN", { group: problem.group })} `}
                  {t(`controlling.agreement.problems.${problem.field}`)}
                </li>
              ))}
            </ProblemList>
          )}
          {notice && (
            <p className="success" role="status">
              <span aria-hidden="true">✓ </span>
              {notice}
            </p>
          )}
          <div className="next-actions">
            {editor && (
              <form onSubmit={(event) => void handleSave(event)} aria-busy={busy} aria-labelledby={`${id}-save`} noValidate>
                <h4 id={`${id}-save`}>{t("controlling.nextAgreement.save.title", { year })}</h4>
                <ReasonField
                  id={`${id}-reason`}
                  inputRef={reasonRef}
                  label={t("controlling.nextAgreement.save.reason", { year })}
                  value={reason}
                  onChange={(value) => {
                    setReason(value);
                    if (reasonError && !reasonMissing(value)) setReasonError(null);
                  }}
                  error={reasonError}
                />
                <button type="submit" disabled={busy || !built?.agreement}>
                  {t("controlling.nextAgreement.save.button", { year })}
                </button>
                <div aria-live="polite">
                  <FailureNotice failure={saveFailure} />
                </div>
              </form>
            )}
            <div className="next-proposal">
              <h4>{t(editor ? "controlling.nextAgreement.proposal.titleFunder" : "controlling.nextAgreement.proposal.title")}</h4>
              <p className="field-hint">{t(editor ? "controlling.nextAgreement.proposal.hintFunder" : "controlling.nextAgreement.proposal.hint", { year })}</p>
              <button type="button" disabled={!built?.agreement} onClick={() => built?.agreement && downloadAgreement(built.agreement)}>
                {t("controlling.nextAgreement.proposal.download")}
              </button>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
