import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { ReasonSchema } from "../../shared/domain/figures";

/**
 * Whether a reason is enough for the server (at least three characters besides spaces).
 *
 * @param reason - what the user typed
 * @returns true when the reason would be refused
 */
export function reasonMissing(reason: string): boolean {
  return !ReasonSchema.safeParse(reason).success;
}

/** Props of {@link ReasonField}. */
interface ReasonFieldProps {
  /** Id of the text area; the hint and error get ids derived from it. */
  id: string;
  /** The label, without "(Pflichtfeld)". */
  label: string;
  /** What the reason is for, below the label. */
  hint?: string;
  /** The reason typed so far. */
  value: string;
  /** Called on every change. */
  onChange(value: string): void;
  /** Shown below the field and announced; null while there is nothing to say. */
  error: string | null;
  /** Lets the form focus the field when the reason is missing. */
  inputRef?: Ref<HTMLTextAreaElement>;
}

/**
 * The required reason of a change, with its error in words next to it: the forms check it
 * themselves (`noValidate`), because the browser's own tooltip vanishes and is not read
 * out everywhere.
 */
export function ReasonField({ id, label, hint, value, onChange, error, inputRef }: ReasonFieldProps) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field reason-field">
      <label htmlFor={id}>
        {label} <span className="required">({t("controlling.required")})</span>
      </label>
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      <textarea
        ref={inputRef}
        id={id}
        rows={2}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-error`} className="error reason-error" role="alert">
        {error}
      </p>
    </div>
  );
}
