import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "./Dialog";

/** Props of {@link ReasonDialog}. */
interface ReasonDialogProps {
  /** The question, e.g. "Version 3 wiederherstellen?". */
  title: string;
  /** What will happen, in full sentences. */
  explanation: string;
  /** Label of the reason field. */
  reasonLabel: string;
  /** Shown when the reason is required and empty; omit when the reason is optional. */
  reasonRequired?: string;
  /** Text of the confirming button. */
  confirmLabel: string;
  /**
   * Carries the action out.
   * @throws with a message in the UI's language; it is shown in the dialog
   */
  onConfirm(reason: string): Promise<void>;
  /** Called on cancel and after success. */
  onClose(): void;
}

/** A confirm dialog that asks for a reason for the audit trail before an action. */
export function ReasonDialog({ title, explanation, reasonLabel, reasonRequired, confirmLabel, onConfirm, onClose }: ReasonDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (reasonRequired && !reason.trim()) {
      setError(reasonRequired);
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={() => !busy && onClose()} className="reason-dialog">
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <p id={`${id}-explanation`}>{explanation}</p>
        <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
        <textarea
          id={`${id}-reason`}
          data-autofocus
          rows={3}
          maxLength={500}
          value={reason}
          aria-required={Boolean(reasonRequired)}
          aria-invalid={error !== null && Boolean(reasonRequired) && !reason.trim()}
          aria-describedby={error ? `${id}-error` : `${id}-explanation`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("versions.dialog.busy") : confirmLabel}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            {t("versions.dialog.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
