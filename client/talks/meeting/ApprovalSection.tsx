import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Approval, TalkSummary } from "../../../shared/domain/talks";
import { formatDateTime } from "../../versions/format";
import { approveMinutes, talkErrorText } from "../talksApi";

/** Props of {@link ApprovalSection}. */
interface ApprovalSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** Whether the user may record the approval. */
  canAct: boolean;
  /** Called with the talk after a change. */
  onTalkChanged(talk: TalkSummary): void;
}

/**
 * The first item of a talk: the previous minutes are approved as they are, or with
 * changes (then the note is required). Once recorded it says who recorded it and when;
 * editors can still correct it while the talk runs.
 */
export function ApprovalSection({ talk, canAct, onTalkChanged }: ApprovalSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [amending, setAmending] = useState(false);
  const [changing, setChanging] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const approval = talk.approval;
  const mayRecord = canAct && talk.state === "running";

  async function record(decision: Approval["decision"]) {
    if (decision === "amended" && !note.trim()) {
      setError(t("talks.approval.noteRequired"));
      document.getElementById(`${id}-note`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onTalkChanged(await approveMinutes(talk.id, { decision, note: decision === "amended" ? note.trim() : undefined }));
      setAmending(false);
      setChanging(false);
      setNote("");
    } catch (caught) {
      setError(talkErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  function handleAmendedSubmit(event: FormEvent) {
    event.preventDefault();
    void record("amended");
  }

  const showButtons = mayRecord && (!approval || changing);
  return (
    <section className="approval" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("talks.approval.title")}</h3>
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
      {mayRecord && approval && !changing && (
        <button type="button" onClick={() => setChanging(true)}>
          {t("talks.approval.change")}
        </button>
      )}
      {showButtons && (
        <div role="group" aria-labelledby={`${id}-question`}>
          <p id={`${id}-question`}>{t("talks.approval.question")}</p>
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
