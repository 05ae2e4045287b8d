import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../versions/Dialog";

/** Props of {@link ConfirmDialog}. */
interface ConfirmDialogProps {
  /** The question, which also names the dialog. */
  title: string;
  /** What will happen, in full sentences. */
  explanation: ReactNode;
  /** Text of the confirming button. */
  confirmLabel: string;
  /**
   * Carries the action out.
   * @throws with a message in the UI's language; it is shown in the dialog
   */
  onConfirm(): Promise<void>;
  /** Called on cancel and after success. */
  onClose(): void;
}

/**
 * Asks before an action that cannot be taken back (circulating, cancelling, closing a
 * talk). Focus starts on "Abbrechen", so Enter never confirms by accident.
 */
export function ConfirmDialog({ title, explanation, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleConfirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={() => !busy && onClose()} className="confirm-dialog">
      <div aria-busy={busy}>
        <p>{explanation}</p>
        <p className="error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="button" className="primary" disabled={busy} onClick={() => void handleConfirm()}>
            {busy ? t("talks.dialog.busy") : confirmLabel}
          </button>
          <button type="button" data-autofocus onClick={onClose} disabled={busy}>
            {t("talks.dialog.cancel")}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
