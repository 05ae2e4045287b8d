import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { MAX_COMMENT_LENGTH } from "../../shared/domain/comments";
import { commentErrorText } from "./commentsApi";

/** Props of {@link CommentForm}. */
interface CommentFormProps {
  /** The text field's label, e.g. "Ihr Kommentar". */
  label: string;
  /** The send button's text. */
  submitLabel: string;
  /** Sends the text; rejects with the API's error. */
  onSubmit(text: string): Promise<unknown>;
  /** Shown as a cancel button when given. */
  onCancel?(): void;
  /** Whether the field gets the focus when the form appears. */
  autoFocus?: boolean;
  /** Line above the field, e.g. the quoted passage. */
  context?: string;
}

/**
 * A small text form for a comment, question or reply. Not a <form>: it also sits inside
 * the editor's measure blocks. Ctrl+Enter sends, Escape cancels; errors are announced.
 */
export function CommentForm({ label, submitLabel, onSubmit, onCancel, autoFocus = false, context }: CommentFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);

  async function handleSubmit() {
    if (busy) return;
    if (text.trim() === "") {
      setError(t("comments.errors.empty"));
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text.trim());
      setText("");
    } catch (caught) {
      setError(commentErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void handleSubmit();
    } else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <div className="comment-form">
      {context && <p className="comment-form-context">{context}</p>}
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        ref={field}
        rows={3}
        value={text}
        maxLength={MAX_COMMENT_LENGTH}
        aria-invalid={error !== null}
        aria-describedby={`${id}-hint ${id}-error`}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={handleKeyDown}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        {t("comments.form.hint")}
      </span>
      <p id={`${id}-error`} className="comment-error" role="alert">
        {error ?? ""}
      </p>
      <div className="comment-form-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void handleSubmit()}>
          {busy ? t("comments.form.sending") : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("comments.form.cancel")}
          </button>
        )}
      </div>
    </div>
  );
}
