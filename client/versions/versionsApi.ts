/**
 * Calls of the versions API (`/api/scorecards/:id/versions`, `/compare`, `/audit…`,
 * measure history, deleting a scorecard); contract in shared/domain/versions.ts. Request
 * and response types come from the routes via `api`.
 */
import type { InferResponseType } from "hono/client";
import type { TFunction } from "i18next";
import type { DiffNode, VersionComparison } from "../../shared/domain/versions";
import { api, ApiError, readJson } from "../lib/api";

const scorecard = api.scorecards[":id"];

/** `GET /api/scorecards/:id/versions`: every version, newest first, and whether the user may save and restore. */
export type VersionList = InferResponseType<typeof scorecard.versions.$get>;

/**
 * Lists a scorecard's versions.
 * @param id - the scorecard
 * @throws ApiError
 */
export function loadVersions(id: string) {
  return readJson(scorecard.versions.$get({ param: { id } }), "Versionen laden");
}

/**
 * Saves the current state as a named version.
 * @param id - the scorecard
 * @param name - the user's name for it
 * @throws ApiError (403 for viewers, 400 for an empty name)
 */
export function saveVersion(id: string, name: string) {
  return readJson(scorecard.versions.$post({ param: { id }, json: { name } }), "Version speichern");
}

/**
 * Loads one version with its Yjs state and KPI snapshot.
 * @param id - the scorecard
 * @param versionId - the version
 * @throws ApiError
 */
export function loadVersion(id: string, versionId: string) {
  return readJson(scorecard.versions[":versionId"].$get({ param: { id, versionId } }), "Version laden");
}

/**
 * Restores a version as a new change on top of the live document.
 * @param id - the scorecard
 * @param versionId - the version to restore
 * @param reason - why, for the audit trail
 * @returns the new version of kind "restore"
 * @throws ApiError
 */
export function restoreVersion(id: string, versionId: number, reason: string) {
  return readJson(scorecard.versions[":versionId"].restore.$post({ param: { id, versionId: String(versionId) }, json: { reason } }), "Version wiederherstellen");
}

/**
 * Compares two states; either side may be "current".
 * @param id - the scorecard
 * @param from - version id or "current"
 * @param to - version id or "current"
 * @throws ApiError
 */
export async function loadComparison(id: string, from: string, to: string): Promise<VersionComparison> {
  const comparison = await readJson(scorecard.compare.$get({ param: { id }, query: { from, to } }), "Vergleich laden");
  // hc cannot follow the recursive DiffNode (below the root its `content` becomes JSONValue[]),
  // so only the document tree keeps the shared type; every other field is the route's.
  return { ...comparison, document: comparison.document as DiffNode };
}

/**
 * Loads every recorded change of one measure.
 * @param id - the scorecard
 * @param measureId - the measure
 * @throws ApiError
 */
export function loadMeasureHistory(id: string, measureId: string) {
  return readJson(scorecard.measures[":measureId"].history.$get({ param: { id, measureId } }), "Verlauf der Maßnahme laden");
}

/**
 * Checks the hash chains of a scorecard.
 * @param id - the scorecard
 * @throws ApiError
 */
export function verifyIntegrity(id: string) {
  return readJson(scorecard.audit.verify.$get({ param: { id } }), "Prüfung der Hash-Ketten");
}

/**
 * The address of the audit report download: a plain link, since the browser saves the CSV
 * itself and hc's typed call would only read it into memory.
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
export function deleteScorecard(id: string, reason: string) {
  return readJson(scorecard.$delete({ param: { id }, json: { reason } }), "Scorecard löschen");
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
