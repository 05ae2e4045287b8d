import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { VersionSummary } from "../../shared/domain/versions";
import { errorText, saveVersion } from "./versionsApi";

/** Props of {@link SaveVersionForm}. */
interface SaveVersionFormProps {
  /** The scorecard. */
  scorecardId: string;
  /** Called with the new version. */
  onSaved(version: VersionSummary): void;
}

/** Editors: save the current state as a version with a name of their own. */
export function SaveVersionForm({ scorecardId, onSaved }: SaveVersionFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError(t("versions.save.empty"));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveVersion(scorecardId, name.trim()));
      setName("");
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="save-version card" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h2>{t("versions.save.legend")}</h2>
      <div className="inline-fields">
        <label htmlFor={`${id}-name`}>{t("versions.save.name")}</label>
        <input
          id={`${id}-name`}
          ref={input}
          value={name}
          maxLength={200}
          placeholder={t("versions.save.placeholder")}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("versions.save.busy") : t("versions.save.submit")}
        </button>
      </div>
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
    </form>
  );
}
