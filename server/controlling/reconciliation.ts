import { createHash } from "node:crypto";
import type { ReconcileAnswer } from "../../shared/domain/settlement";
import { spanLabel } from "../../shared/domain/settlementRules";
import { KpiInputError, prepareKpiData, reconcileDataset, type ReconcileResult } from "../../shared/kpi";
import { AppError, notFound } from "../errors";
import type { Db } from "../persistence/db";
import { findOrganisation } from "../persistence/organisations";
import { loadProviderDataset, type ProviderDataset } from "./kpiService";

/** The reconciliation of a provider over a span, with the fingerprint of its inputs: the view's numbers without its decisions. */
export type ReconcileView = Omit<ReconcileAnswer, "decisions" | "measures" | "side">;

/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprints what a span's reconciliation is computed from: the current agreements of
 * its years and the figures and staff rows of their months. A correction of a month, a new
 * agreement version with other numbers or a late report changes it; re-saving the same
 * numbers does not.
 * @param dataset - the provider's stored data
 * @param fromYear - first year
 * @param toYear - last year
 * @returns hex SHA-256
 */
export function inputFingerprint(dataset: ProviderDataset, fromYear: number, toYear: number): string {
  const inSpan = (month: string) => {
    const year = Number(month.slice(0, 4));
    return year >= fromYear && year <= toYear;
  };
  const lines = (rows: unknown[]) => rows.map(canonical).sort();
  const input = {
    agreements: lines(dataset.agreements.filter((agreement) => agreement.year >= fromYear && agreement.year <= toYear)),
    figures: lines(dataset.figures.filter((row) => inSpan(row.month))),
    staff: lines(dataset.staff.filter((row) => inSpan(row.month))),
  };
  return createHash("sha256").update(canonical(input)).digest("hex");
}

/**
 * Reconciles a provider's stored data over one to five budget years with the shared
 * engine (the numbers of `npm run kpi -- … --reconcile`), and fingerprints the inputs so a
 * later change of figures is detectable.
 * @param db - the database
 * @param providerId - the provider (callers check the user's right to read it)
 * @param fromYear - first year
 * @param toYear - last year (≥ fromYear, at most five years; the schema checked both)
 * @returns the reconciliation with fingerprint
 * @throws AppError 404 for an unknown provider or a year without agreement, 409 when the
 *   stored data cannot be reconciled
 * @example
 * (await reconcileProvider(db, providerId, 2025, 2025)).result.settlement.repaymentCents
 */
export async function reconcileProvider(db: Db, providerId: string, fromYear: number, toYear: number): Promise<ReconcileView> {
  const provider = await findOrganisation(db, providerId);
  if (!provider || provider.kind !== "provider") throw notFound("Leistungserbringer");
  const dataset = await loadProviderDataset(db, providerId);
  const span = spanLabel(fromYear, toYear);
  const missing = [];
  for (let year = fromYear; year <= toYear; year++) if (!dataset.agreements.some((agreement) => agreement.year === year)) missing.push(year);
  if (missing.length > 0) {
    throw new AppError(404, "no_agreement", `from: Keine Budgetvereinbarung für ${missing.join(", ")} gespeichert; der Jahresabgleich ${span} braucht die Vereinbarung jedes Jahres.`);
  }
  let result: ReconcileResult;
  try {
    result = reconcileDataset(prepareKpiData(dataset), fromYear === toYear ? String(fromYear) : `${fromYear}-${toYear}`);
  } catch (error) {
    // Stored data is validated on every save; reaching this means it was changed behind the API's back.
    if (error instanceof KpiInputError) throw new AppError(409, "inconsistent_data", `Gespeicherte Zahlen sind widersprüchlich: ${error.messageDe}`);
    throw new AppError(409, "inconsistent_data", `Der Jahresabgleich lässt sich aus den gespeicherten Zahlen nicht berechnen: ${(error as Error).message}`);
  }
  return {
    providerId,
    provider: provider.name,
    fromYear,
    toYear,
    result,
    fingerprint: inputFingerprint(dataset, fromYear, toYear),
    computedAt: new Date().toISOString(),
  };
}

/**
 * The fingerprint of a span's inputs now, without computing the reconciliation.
 * @param db - the database
 * @param providerId - the provider
 * @param fromYear - first year
 * @param toYear - last year
 */
export async function currentFingerprint(db: Db, providerId: string, fromYear: number, toYear: number): Promise<string> {
  return inputFingerprint(await loadProviderDataset(db, providerId), fromYear, toYear);
}
