import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { VersionComparison, VersionSummary } from "../../shared/domain/versions";
import { paths } from "../routes";
import { DiffDocument, hasChanges } from "./DiffDocument";
import { MeasureChanges } from "./MeasureChanges";
import { PersonList } from "./PersonName";
import { RouteLink } from "./RouteLink";
import { errorText, loadComparison } from "./versionsApi";
import "../versions.css";

/** Props of the compare page. */
interface ComparePageProps {
  /** The scorecard. */
  scorecardId: string;
  /** The older side: version id or "current". */
  from: string;
  /** The newer side: version id or "current". */
  to: string;
}

/**
 * Two states of a scorecard compared: who was involved, the document with attributed
 * insertions and deletions, and the changed measure fields.
 */
export function ComparePage({ scorecardId, from, to }: ComparePageProps) {
  const { t } = useTranslation();
  const [comparison, setComparison] = useState<VersionComparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setComparison(null);
    setError(null);
    loadComparison(scorecardId, from, to).then(
      (answer) => {
        if (!cancelled) setComparison(answer);
      },
      (caught: unknown) => {
        if (!cancelled) setError(errorText(caught, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [scorecardId, from, to, t]);

  const measureTitles = useMemo(() => new Map(comparison?.measures.map((change) => [change.measureId, change.measureTitle]) ?? []), [comparison]);
  const side = (version: VersionSummary | null) => (version ? t("versions.compare.version", { number: version.number, name: version.name }) : t("versions.compare.current"));
  const documentChanged = comparison ? hasChanges(comparison.document) : false;

  return (
    <article className="compare-page">
      <div className="scorecard-bar">
        <RouteLink href={paths.versions(scorecardId)}>← {t("versions.backToVersions")}</RouteLink>
        <RouteLink href={paths.scorecard(scorecardId)}>{t("versions.backToScorecard")}</RouteLink>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!comparison && !error && <p>{t("versions.compare.loading")}</p>}
      {comparison && (
        <>
          <h1>{t("versions.compare.heading", { from: side(comparison.from), to: side(comparison.to) })}</h1>
          <section className="card compare-legend" aria-labelledby="compare-people">
            <h2 id="compare-people">{t("versions.compare.people")}</h2>
            <PersonList people={comparison.people} empty={t("versions.compare.noPeople")} />
            <p className="muted">
              {t("versions.compare.peopleHint")}{" "}
              <span aria-hidden="true">
                <ins className="diff-added legend-sample">abc</ins> <del className="diff-removed legend-sample">abc</del>
              </span>
            </p>
          </section>
          {!documentChanged && comparison.measures.length === 0 && (
            <p className="notice" role="status">
              {t("versions.compare.noChanges")}
            </p>
          )}
          <section aria-labelledby="compare-document">
            <h2 id="compare-document">{t("versions.compare.document")}</h2>
            {!documentChanged && <p className="muted">{t("versions.compare.noDocumentChanges")}</p>}
            <div className="scorecard-document compare-document">
              <DiffDocument document={comparison.document} measureTitles={measureTitles} />
            </div>
          </section>
          <section aria-labelledby="compare-measures">
            <h2 id="compare-measures">{t("versions.compare.measures")}</h2>
            {comparison.measures.length === 0 ? <p className="muted">{t("versions.compare.noMeasureChanges")}</p> : <MeasureChanges changes={comparison.measures} />}
          </section>
        </>
      )}
    </article>
  );
}
