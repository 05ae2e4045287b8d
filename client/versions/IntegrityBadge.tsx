import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { IntegrityReport } from "../../shared/domain/versions";
import { errorText, verifyIntegrity } from "./versionsApi";
import { formatDateTime } from "./format";

/** Props of {@link IntegrityBadge}. */
interface IntegrityBadgeProps {
  /** The scorecard whose hash chains are checked. */
  scorecardId: string;
  /** Changes whenever the versions change, to check again. */
  refreshKey: number;
}

/**
 * The result of checking the scorecard's hash chains: "unchanged" with the shortened
 * chain head (to note down outside the system) and the number of records checked, or an
 * alert that names the first problem. Icon and words, never colour alone.
 */
export function IntegrityBadge({ scorecardId, refreshKey }: IntegrityBadgeProps) {
  const { t } = useTranslation();
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    verifyIntegrity(scorecardId).then(
      (answer) => {
        if (cancelled) return;
        setReport(answer);
        setError(null);
      },
      (caught: unknown) => {
        if (!cancelled) setError(errorText(caught, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [scorecardId, refreshKey, t]);

  if (error) {
    return (
      <p className="integrity integrity-unknown" role="alert" data-testid="integrity">
        <span aria-hidden="true">?</span> {t("versions.integrity.error", { message: error })}
      </p>
    );
  }
  if (!report) {
    return (
      <p className="integrity" data-testid="integrity">
        {t("versions.integrity.checking")}
      </p>
    );
  }
  if (!report.ok) {
    return (
      <div className="integrity integrity-failed" role="alert" data-testid="integrity" data-ok="false">
        <p>
          <strong>
            <span aria-hidden="true">⚠ </span>
            {t("versions.integrity.failed", { problem: report.problem ?? "?" })}
          </strong>
        </p>
        <p>{t("versions.integrity.failedHint")}</p>
      </div>
    );
  }
  const count = report.checked.updates + report.checked.versions + report.checked.events + report.checked.checkpoints;
  return (
    <p className="integrity integrity-ok" role="status" data-testid="integrity" data-ok="true">
      <strong>
        <span aria-hidden="true">✓ </span>
        {t("versions.integrity.ok")}
      </strong>{" "}
      <span title={report.head ? t("versions.integrity.fullHash", { hash: report.head }) : undefined}>
        ({t("versions.integrity.details", { head: report.head ? `${report.head.slice(0, 12)}…` : t("versions.integrity.noHead"), count, time: formatDateTime(report.checkedAt) })})
      </span>
    </p>
  );
}
