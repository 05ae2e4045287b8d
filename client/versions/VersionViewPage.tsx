import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import type { VersionContent } from "../../shared/domain/versions";
import { paths } from "../routes";
import { createStaticKpiStore } from "./staticKpiStore";
import { formatDateTime } from "./format";
import { RouteLink } from "./RouteLink";
import { VersionDocument } from "./VersionDocument";
import { errorText, loadVersion } from "./versionsApi";
import "../versions.css";
import "../comments.css";

/** Props of the version page. */
interface VersionViewPageProps {
  /** The scorecard. */
  scorecardId: string;
  /** The version to show. */
  versionId: string;
}

/** Decodes base64 into bytes. */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * One version, read-only, exactly as it was: its document from the stored Yjs state and
 * its KPI values from the stored snapshot, under a banner that says which version it is,
 * with the comments of its time; participants comment on it before the talk (pre-read).
 */
export function VersionViewPage({ scorecardId, versionId }: VersionViewPageProps) {
  const { t } = useTranslation();
  const [version, setVersion] = useState<VersionContent | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setVersion(null);
    setError(null);
    loadVersion(scorecardId, versionId).then(
      (answer) => {
        if (!cancelled) setVersion(answer);
      },
      (caught: unknown) => {
        if (!cancelled) setError(errorText(caught, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [scorecardId, versionId, t]);

  const [doc, setDoc] = useState<Y.Doc | null>(null);
  useEffect(() => {
    if (!version) return;
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, fromBase64(version.state));
    setDoc(fresh);
    return () => {
      setDoc(null);
      fresh.destroy();
    };
  }, [version]);

  const kpis = useMemo(() => (version ? createStaticKpiStore(version.kpis, t("versions.view.kpiNotRecorded")) : null), [version, t]);

  return (
    <article className="version-page">
      <div className="scorecard-bar">
        <RouteLink href={paths.versions(scorecardId)}>← {t("versions.backToVersions")}</RouteLink>
        {version && (
          <RouteLink className="compare-link" href={paths.compare(scorecardId, version.id, "current")}>
            {t("versions.actions.compareWithCurrent")}
          </RouteLink>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!version && !error && <p>{t("versions.view.loading")}</p>}
      {version && doc && kpis && (
        <>
          <h1 className="version-banner" data-testid="version-banner">
            {t("versions.view.banner", { number: version.number, name: version.name, time: formatDateTime(version.createdAt) })}
          </h1>
          <VersionDocument scorecardId={scorecardId} doc={doc} kpis={kpis} label={t("versions.view.document", { number: version.number })} />
        </>
      )}
    </article>
  );
}
