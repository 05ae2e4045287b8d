import { useTranslation } from "react-i18next";
import type { ApiError } from "../lib/api";
import { IssueTable } from "./IssueTable";

/** Props of {@link FailureNotice}. */
interface FailureNoticeProps {
  /** The refused save, or null. */
  failure: ApiError | null;
  /** i18n prefix of texts per error code (e.g. `controlling.upload.errors`); the server's message otherwise. */
  codeTexts?: string;
}

/**
 * Why a save was refused: every issue of an invalid file or form in a table, or the
 * server's reason, always saying that nothing was stored.
 */
export function FailureNotice({ failure, codeTexts }: FailureNoticeProps) {
  const { t } = useTranslation();
  if (!failure) return null;
  if (failure.code === "invalid_input") return <IssueTable issues={failure.issues} message={failure.message} />;
  return (
    <p className="error" role="alert">
      <strong>{t("controlling.issues.nothingStored")}</strong> {codeTexts ? t(`${codeTexts}.${failure.code}`, { defaultValue: failure.message, message: failure.message }) : failure.message}
    </p>
  );
}
