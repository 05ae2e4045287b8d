import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { VersionSummary } from "../../shared/domain/versions";
import { navigate, paths } from "../routes";
import { formatDateTime } from "./format";
import { PersonList, PersonName } from "./PersonName";
import { RouteLink } from "./RouteLink";

/** Props of {@link VersionTable}. */
interface VersionTableProps {
  /** The scorecard. */
  scorecardId: string;
  /** Its versions, newest first. */
  versions: VersionSummary[];
  /** Whether the user may restore. */
  canEdit: boolean;
  /** Called when the user asks to restore a version. */
  onRestore(version: VersionSummary): void;
}

/** The default pair to compare: the two newest versions, or the only one with the current state. */
function defaultPair(versions: VersionSummary[]): { from: string; to: string } {
  if (versions.length >= 2) return { from: String(versions[1].id), to: String(versions[0].id) };
  return { from: versions.length === 1 ? String(versions[0].id) : "current", to: "current" };
}

/**
 * Every version with kind, name, time and people, the actions on each, and two radio
 * columns ("Von", "Bis") to compare any two states, the current one included.
 */
export function VersionTable({ scorecardId, versions, canEdit, onRestore }: VersionTableProps) {
  const { t } = useTranslation();
  const [pair, setPair] = useState(() => defaultPair(versions));
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  // A pick that no longer exists, or none yet, falls back to the newest pair.
  useEffect(() => {
    setPair((current) => {
      const known = (value: string) => value === "current" || versions.some((version) => String(version.id) === value);
      return known(current.from) && known(current.to) && current.from !== current.to ? current : defaultPair(versions);
    });
  }, [versions]);

  function handleCompare(event: FormEvent) {
    event.preventDefault();
    if (pair.from === pair.to) {
      setError(t("versions.compareForm.same"));
      return;
    }
    setError(null);
    navigate(paths.compare(scorecardId, pair.from, pair.to));
  }

  function radio(side: "from" | "to", value: string, label: string) {
    return (
      <input
        type="radio"
        name={`${id}-${side}`}
        value={value}
        checked={pair[side] === value}
        aria-label={label}
        onChange={() => {
          setPair((current) => ({ ...current, [side]: value }));
          setError(null);
        }}
      />
    );
  }

  if (versions.length === 0) {
    return (
      <section className="versions-compare" aria-labelledby={`${id}-legend`}>
        <h2 id={`${id}-legend`}>{t("versions.table.title")}</h2>
        <p>{t("versions.table.empty")}</p>
      </section>
    );
  }

  return (
    <form className="versions-compare" onSubmit={handleCompare} aria-labelledby={`${id}-legend`}>
      <h2 id={`${id}-legend`}>{t("versions.table.title")}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-legend`}>
        <table className="versions-table">
          <caption>{t("versions.table.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("versions.table.from")}</th>
              <th scope="col">{t("versions.table.to")}</th>
              <th scope="col">{t("versions.table.number")}</th>
              <th scope="col">{t("versions.table.kind")}</th>
              <th scope="col">{t("versions.table.name")}</th>
              <th scope="col">{t("versions.table.time")}</th>
              <th scope="col">{t("versions.table.createdBy")}</th>
              <th scope="col">{t("versions.table.authors")}</th>
              <th scope="col">{t("versions.table.actions")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="current-row" data-version="current">
              <td>{radio("from", "current", t("versions.table.currentFrom"))}</td>
              <td>{radio("to", "current", t("versions.table.currentTo"))}</td>
              <th scope="row">–</th>
              <td colSpan={6}>
                <strong>{t("versions.table.current")}</strong> <span className="muted">({t("versions.table.currentHint")})</span>{" "}
                <ExportLinks scorecardId={scorecardId} versionId={null} label={t("versions.table.current")} />
              </td>
            </tr>
            {versions.map((version) => (
              <tr key={version.id} data-version-id={version.id} data-kind={version.kind}>
                <td>{radio("from", String(version.id), t("versions.table.fromOf", { number: version.number }))}</td>
                <td>{radio("to", String(version.id), t("versions.table.toOf", { number: version.number }))}</td>
                <th scope="row">{version.number}</th>
                <td>{t(`versions.kinds.${version.kind}`)}</td>
                <td className="version-name">{version.name}</td>
                <td>
                  <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
                </td>
                <td>{version.createdBy ? <PersonName person={version.createdBy} /> : <span className="muted">{t("versions.system")}</span>}</td>
                <td>
                  <PersonList people={version.authors} empty={t("versions.nobody")} />
                </td>
                <td className="version-actions">
                  <RouteLink href={paths.version(scorecardId, version.id)}>
                    {t("versions.actions.open")}
                    <span className="visually-hidden"> {t("versions.actions.ofVersion", { number: version.number })}</span>
                  </RouteLink>
                  <RouteLink href={paths.compare(scorecardId, version.id, "current")}>
                    {t("versions.actions.compareWithCurrent")}
                    <span className="visually-hidden"> ({t("versions.actions.ofVersion", { number: version.number })})</span>
                  </RouteLink>
                  <ExportLinks scorecardId={scorecardId} versionId={version.id} label={t("versions.actions.ofVersion", { number: version.number })} />
                  {canEdit && (
                    <button type="button" onClick={() => onRestore(version)}>
                      {t("versions.actions.restore")}
                      <span className="visually-hidden"> {t("versions.actions.ofVersion", { number: version.number })}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="compare-submit">
        <button type="submit" className="primary" aria-describedby={error ? `${id}-error` : `${id}-hint`}>
          {t("versions.compareForm.submit")}
        </button>
        <span id={`${id}-hint`} className="muted">
          {t("versions.compareForm.hint")}
        </span>
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      </div>
    </form>
  );
}

/** Inline, since versions.css belongs to another part of the page: the links side by side with room between. */
const EXPORT_LIST = { display: "inline-flex", flexWrap: "wrap", gap: "0.3rem 0.8rem", listStyle: "none", margin: 0, padding: 0 } as const;

/**
 * Download links for Word and PDF, as a list so they never run together ("WordPDF"), each
 * named for screen readers with what it downloads ("Version 3 als Word"); the server names
 * the files (BSC_<Leistungserbringer>_<Datum>_<Art>).
 */
function ExportLinks({ scorecardId, versionId, label }: { scorecardId: string; versionId: number | null; label: string }) {
  const { t } = useTranslation();
  // Plain links, not the typed client: the browser downloads and saves the file itself.
  const query = versionId === null ? "" : `?version=${versionId}`;
  return (
    <ul className="export-links" style={EXPORT_LIST} aria-label={t("versions.actions.downloads", { label })}>
      {(["docx", "pdf"] as const).map((format) => (
        <li key={format}>
          <a href={`/api/scorecards/${scorecardId}/export.${format}${query}`} download aria-label={t(`versions.actions.${format}Of`, { label })}>
            {t(`versions.actions.${format}`)}
          </a>
        </li>
      ))}
    </ul>
  );
}
