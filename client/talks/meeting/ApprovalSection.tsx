import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Approval, TalkSummary } from "../../../shared/domain/talks";
import { ApiError } from "../../lib/api";
import { paths } from "../../routes";
import { formatDateTime } from "../../versions/format";
import { RouteLink } from "../../versions/RouteLink";
import { formatDay } from "../talkFormat";
import { approveMinutes, talkErrorText } from "../talksApi";
import { useKindContext } from "./talkKind";

/** Props of {@link ApprovalSection}. */
interface ApprovalSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** Whether the user may record the approval. */
  canAct: boolean;
  /** Called with the talk after a change. */
  onTalkChanged(talk: TalkSummary): void;
  /** Reads the talk again. */
  onRefresh(): void;
}

/**
 * The first item of a talk: the previous minutes are approved as they are, or with
 * changes (then the note is required). Once recorded it says who recorded it and when,
 * on every screen in the talk; editors can still correct the decision they see while the
 * talk runs (a decision someone recorded meanwhile is not overwritten: the server refuses
 * and names it). A scorecard's first talk has no previous minutes and asks nothing.
 */
export function ApprovalSection({ talk, canAct, onTalkChanged, onRefresh }: ApprovalSectionProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const id = useId();
  const [amending, setAmending] = useState(false);
  // The revision of the decision being corrected, as the user saw it when they chose to change it.
  const [changing, setChanging] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const approval = talk.approval;
  const previous = talk.previousMinutes;
  const mayRecord = canAct && talk.state === "running" && previous !== null;

  async function record(decision: Approval["decision"]) {
    if (decision === "amended" && !note.trim()) {
      setError(t("talks.approval.noteRequired"));
      document.getElementById(`${id}-note`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const revision = approval ? (changing ?? approval.revision) : undefined;
      onTalkChanged(await approveMinutes(talk.id, { decision, note: decision === "amended" ? note.trim() : undefined, revision }));
      setAmending(false);
      setChanging(null);
      setNote("");
    } catch (caught) {
      setError(talkErrorText(caught, t));
      // Someone else decided meanwhile: show their decision and leave the question.
      if (caught instanceof ApiError && caught.status === 409) {
        setChanging(null);
        setAmending(false);
        onRefresh();
      }
    } finally {
      setBusy(false);
    }
  }

  function handleAmendedSubmit(event: FormEvent) {
    event.preventDefault();
    void record("amended");
  }

  if (!previous) {
    return (
      <section className="approval" aria-labelledby={`${id}-heading`} data-testid="approval">
        <h3 id={`${id}-heading`}>{t("talks.approval.title", ctx)}</h3>
        <p className="approval-none">{t("talks.approval.none", ctx)}</p>
      </section>
    );
  }

  const showButtons = mayRecord && (!approval || changing !== null);
  const previousDate = formatDay(previous.localDate);
  return (
    <section className="approval" aria-labelledby={`${id}-heading`} data-testid="approval">
      <h3 id={`${id}-heading`}>{t("talks.approval.title", ctx)}</h3>
      <p className="hint">
        <RouteLink href={paths.version(talk.scorecard.id, previous.versionId)}>{t("talks.approval.previous", { ...ctx, date: previousDate })}</RouteLink>
      </p>
      <div aria-live="polite">
        {approval ? (
          <p className="approval-result" data-decision={approval.decision}>
            <span aria-hidden="true">✓ </span>
            {t(approval.decision === "approved" ? "talks.approval.recordedApproved" : "talks.approval.recordedAmended", {
              name: approval.by?.name ?? "–",
              time: approval.at ? formatDateTime(approval.at) : "–",
            })}
            {approval.note && (
              <>
                <br />
                {approval.note}
              </>
            )}
          </p>
        ) : (
          !mayRecord && <p>{t("talks.approval.notYet")}</p>
        )}
      </div>
      {mayRecord && approval && changing === null && (
        <button type="button" onClick={() => setChanging(approval.revision)}>
          {t("talks.approval.change")}
        </button>
      )}
      {showButtons && (
        <div role="group" aria-labelledby={`${id}-question`}>
          <p id={`${id}-question`}>{t("talks.approval.question", { ...ctx, date: previousDate })}</p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void record("approved")}>
              {t("talks.approval.approved")}
            </button>
            <button type="button" aria-expanded={amending} aria-controls={`${id}-amend`} disabled={busy} onClick={() => setAmending(!amending)}>
              {t("talks.approval.amended")}
            </button>
          </div>
          <div id={`${id}-amend`}>
            {amending && (
              <form onSubmit={handleAmendedSubmit} className="stacked-form">
                <label htmlFor={`${id}-note`}>{t("talks.approval.note")}</label>
                <textarea
                  id={`${id}-note`}
                  rows={3}
                  maxLength={2000}
                  value={note}
                  aria-required
                  aria-invalid={error !== null && !note.trim()}
                  aria-describedby={error ? `${id}-error` : undefined}
                  disabled={busy}
                  onChange={(event) => setNote(event.target.value)}
                />
                <button type="submit" disabled={busy}>
                  {t("talks.approval.submitAmended")}
                </button>
              </form>
            )}
          </div>
        </div>
      )}
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
    </section>
  );
}
