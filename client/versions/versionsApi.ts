/**
 * Calls of the versions API (`/api/scorecards/:id/versions`, `/compare`, `/audit…`,
 * measure history, deleting a scorecard); contract in shared/domain/versions.ts.
 */
import type { TFunction } from "i18next";
import type { IntegrityReport, MeasureHistory, VersionComparison, VersionContent, VersionSummary } from "../../shared/domain/versions";
import { api, ApiError, readJson } from "../lib/api";

/** `GET /api/scorecards/:id/versions`. */
export interface VersionList {
  /** Every version, newest first. */
  versions: VersionSummary[];
  /** Whether the user may save and restore versions. */
  canEdit: boolean;
}

/** Answer of `DELETE /api/scorecards/:id`. */
export interface Deletion {
  /** The deleted scorecard's id. */
  deleted: string;
  /** ISO time after which its history is purged. */
  purgeAfter: string;
}

/**
 * Lists a scorecard's versions.
 * @param id - the scorecard
 * @throws ApiError
 */
export function loadVersions(id: string): Promise<VersionList> {
  return readJson<VersionList>(api.scorecards[":id"].versions.$get({ param: { id } }));
}

/**
 * Saves the current state as a named version.
 * @param id - the scorecard
 * @param name - the user's name for it
 * @throws ApiError (403 for viewers, 400 for an empty name)
 */
export function saveVersion(id: string, name: string): Promise<VersionSummary> {
  return readJson<VersionSummary>(api.scorecards[":id"].versions.$post({ param: { id }, json: { name } }));
}

/**
 * Loads one version with its Yjs state and KPI snapshot.
 * @param id - the scorecard
 * @param versionId - the version
 * @throws ApiError
 */
export function loadVersion(id: string, versionId: string): Promise<VersionContent> {
  return readJson<VersionContent>(api.scorecards[":id"].versions[":versionId"].$get({ param: { id, versionId } }));
}

/**
 * Restores a version as a new change on top of the live document.
 * @param id - the scorecard
 * @param versionId - the version to restore
 * @param reason - why, for the audit trail
 * @returns the new version of kind "restore"
 * @throws ApiError
 */
export function restoreVersion(id: string, versionId: number, reason: string): Promise<VersionSummary> {
  return readJson<VersionSummary>(api.scorecards[":id"].versions[":versionId"].restore.$post({ param: { id, versionId: String(versionId) }, json: { reason } }));
}

/**
 * Compares two states; either side may be "current".
 * @param id - the scorecard
 * @param from - version id or "current"
 * @param to - version id or "current"
 * @throws ApiError
 */
export function loadComparison(id: string, from: string, to: string): Promise<VersionComparison> {
  return readJson<VersionComparison>(api.scorecards[":id"].compare.$get({ param: { id }, query: { from, to } }));
}

/**
 * Loads every recorded change of one measure.
 * @param id - the scorecard
 * @param measureId - the measure
 * @throws ApiError
 */
export function loadMeasureHistory(id: string, measureId: string): Promise<MeasureHistory> {
  return readJson<MeasureHistory>(api.scorecards[":id"].measures[":measureId"].history.$get({ param: { id, measureId } }));
}

/**
 * Checks the hash chains of a scorecard.
 * @param id - the scorecard
 * @throws ApiError
 */
export function verifyIntegrity(id: string): Promise<IntegrityReport> {
  return readJson<IntegrityReport>(api.scorecards[":id"].audit.verify.$get({ param: { id } }));
}

/**
 * The address of the audit report download.
 * @param id - the scorecard
 * @param from - first day, YYYY-MM-DD
 * @param to - last day (inclusive), YYYY-MM-DD
 */
export function auditReportUrl(id: string, from: string, to: string): string {
  return `/api/scorecards/${encodeURIComponent(id)}/audit.csv?${new URLSearchParams({ from, to }).toString()}`;
}

/**
 * Deletes a scorecard (admins); its history stays for the retention period.
 * @param id - the scorecard
 * @param reason - why, for the audit trail
 * @throws ApiError
 */
export function deleteScorecard(id: string, reason: string): Promise<Deletion> {
  return readJson<Deletion>(api.scorecards[":id"].$delete({ param: { id }, json: { reason } }));
}

/**
 * An API failure as a sentence in the UI's language.
 * @param caught - what the call threw
 * @param t - the translation function
 */
export function errorText(caught: unknown, t: TFunction): string {
  if (caught instanceof ApiError) {
    if (caught.status === 0) return t("versions.errors.offline");
    if (caught.status === 404) return t("versions.errors.notFound");
    if (caught.status === 403) return t("versions.errors.forbidden", { message: caught.message });
  }
  return t("versions.errors.generic", { message: caught instanceof Error ? caught.message : String(caught) });
}
