import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import type { VersionSummary } from "../../shared/domain/versions";
import { loadScorecards } from "../pages/ScorecardListPage";
import { paths } from "../routes";
import { AuditExport } from "./AuditExport";
import { IntegrityBadge } from "./IntegrityBadge";
import { ReasonDialog } from "./ReasonDialog";
import { RouteLink } from "./RouteLink";
import { SaveVersionForm } from "./SaveVersionForm";
import { VersionTable } from "./VersionTable";
import { errorText, loadVersions, restoreVersion, type VersionList } from "./versionsApi";
import "../versions.css";

/** Props of the versions page. */
interface VersionsPageProps {
  /** The scorecard. */
  scorecardId: string;
}

/**
 * The versions of a scorecard: the integrity check, saving a named version, the list
 * with open / compare / restore, comparing any two states, and the audit report.
 */
export function VersionsPage({ scorecardId }: VersionsPageProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<ScorecardSummary | null | undefined>(undefined);
  const [list, setList] = useState<VersionList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<VersionSummary | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  useEffect(() => {
    loadScorecards().then(
      ({ scorecards }) => setSummary(scorecards.find((s) => s.id === scorecardId) ?? null),
      () => setSummary(null),
    );
  }, [scorecardId]);

  const refresh = useCallback(() => {
    loadVersions(scorecardId).then(
      (answer) => {
        setList(answer);
        setLoadError(null);
      },
      (caught: unknown) => setLoadError(errorText(caught, t)),
    );
  }, [scorecardId, t]);

  useEffect(refresh, [refresh]);

  /** After a new version: the list, and the integrity check, which now covers it too. */
  function refreshAll() {
    refresh();
    setRefreshKey((key) => key + 1);
  }

  function handleSaved(version: VersionSummary) {
    setOutcome(t("versions.save.saved", { number: version.number, name: version.name }));
    refreshAll();
  }

  async function handleRestore(version: VersionSummary, reason: string) {
    try {
      const created = await restoreVersion(scorecardId, version.id, reason);
      setOutcome(t("versions.restore.done", { number: version.number, newNumber: created.number }));
      refreshAll();
    } catch (caught) {
      throw new Error(errorText(caught, t));
    }
  }

  const title = summary?.title ?? "";
  return (
    <article className="versions-page">
      <div className="scorecard-bar">
        <RouteLink href={paths.scorecard(scorecardId)}>← {t("versions.backToScorecard")}</RouteLink>
        <h1 tabIndex={-1} data-focus-fallback>
          {t("versions.heading", { title })}
        </h1>
      </div>
      {summary !== null && <IntegrityBadge scorecardId={scorecardId} refreshKey={refreshKey} />}
      <div className="versions-outcome" aria-live="polite">
        {outcome && <p className="success">{outcome}</p>}
      </div>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {list?.canEdit && <SaveVersionForm scorecardId={scorecardId} onSaved={handleSaved} />}
      {list ? <VersionTable scorecardId={scorecardId} versions={list.versions} canEdit={list.canEdit} onRestore={setRestoring} /> : !loadError && <p>{t("versions.loading")}</p>}
      {summary !== null && <AuditExport scorecardId={scorecardId} />}
      {restoring && (
        <ReasonDialog
          title={t("versions.restore.title", { number: restoring.number })}
          explanation={t("versions.restore.explanation", { number: restoring.number, name: restoring.name })}
          reasonLabel={t("versions.restore.reason")}
          confirmLabel={t("versions.restore.confirm")}
          onConfirm={(reason) => handleRestore(restoring, reason)}
          onClose={() => setRestoring(null)}
        />
      )}
    </article>
  );
}
