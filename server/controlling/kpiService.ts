import type { ProviderKpis } from "../../shared/domain/figures";
import { createKpiEvaluator, KpiInputError, parsePeriod, PeriodBeforeBudgetStartError, type BudgetAgreement, type FigureRow, type StaffRow } from "../../shared/kpi";
import { AppError, badRequest, notFound } from "../errors";
import { loadCurrentAgreements } from "../persistence/agreements";
import { transaction, type Db } from "../persistence/db";
import { listFigureRows, listStaffRows } from "../persistence/figures";
import { findOrganisation } from "../persistence/organisations";

/** Everything the KPI engine needs of one provider, as stored. */
export interface ProviderDataset {
  /** The current agreement of every year that has one. */
  agreements: BudgetAgreement[];
  /** Every stored figures row, all years (older years feed the trend). */
  figures: FigureRow[];
  /** Every stored staff row. */
  staff: StaffRow[];
}

/**
 * Loads a provider's stored agreements, figures and staff for the KPI engine, e.g. for
 * computing KPIs or pushing fresh values to open scorecards.
 *
 * @param db - the database
 * @param providerId - the provider
 * @returns the inputs of `createKpiEvaluator`
 * @example
 * const evaluator = createKpiEvaluator(await loadProviderDataset(db, providerId));
 */
export async function loadProviderDataset(db: Db, providerId: string): Promise<ProviderDataset> {
  // One transaction, so a save in between cannot pair new figures with an old agreement.
  return transaction(db, async (trx) => ({
    agreements: await loadCurrentAgreements(trx, providerId),
    figures: await listFigureRows(trx, providerId),
    staff: await listStaffRows(trx, providerId),
  }));
}

/**
 * Computes a provider's KPIs for one period from the stored data with the shared engine,
 * so the numbers equal those of the KPI command on the same files.
 *
 * @param db - the database
 * @param providerId - the provider (callers check the user's right to read it)
 * @param period - `YYYY`, `YYYY-MM`, `YYYY-Qn` or `YYYY-YTD-MM`
 * @returns the provider and its KPI result
 * @throws AppError 400 for a malformed period, 404 for an unknown provider or a year
 *   without stored agreement, 422 `before_budget_start` for a period wholly before the
 *   budget start, 409 when the stored data is inconsistent
 * @example
 * (await computeProviderKpis(db, providerId, "2025-Q2")).result.corridor.value.colour
 */
export async function computeProviderKpis(db: Db, providerId: string, period: string): Promise<ProviderKpis> {
  const provider = await findOrganisation(db, providerId);
  if (!provider || provider.kind !== "provider") throw notFound("Leistungserbringer");
  const parsed = parsePeriod(period);
  if (!parsed.ok) throw badRequest(`period: ${parsed.messageDe}`);
  const dataset = await loadProviderDataset(db, providerId);
  const year = parsed.period.year;
  if (!dataset.agreements.some((agreement) => agreement.year === year)) {
    throw new AppError(404, "no_agreement", `Keine Budgetvereinbarung für ${year} gespeichert; der Zeitraum ${period} braucht die Vereinbarung seines Jahres.`);
  }
  try {
    return { providerId, provider: provider.name, result: createKpiEvaluator(dataset).evaluate(period) };
  } catch (error) {
    // Not a data problem: the provider's budget simply starts later; the UI says "vor Budgetbeginn".
    if (error instanceof PeriodBeforeBudgetStartError) {
      throw new AppError(422, "before_budget_start", `Der Zeitraum ${period} liegt vor dem Budgetbeginn ${error.budgetStart}; für ihn gibt es kein Budget.`);
    }
    // Stored data is validated on every save; reaching this means it was changed behind the API's back.
    if (error instanceof KpiInputError) throw new AppError(409, "inconsistent_data", `Gespeicherte Zahlen sind widersprüchlich: ${error.messageDe}`);
    // Stored data the engine cannot evaluate is a data problem to name, not a crash.
    throw new AppError(409, "inconsistent_data", `Kennzahlen lassen sich aus den gespeicherten Zahlen nicht berechnen: ${(error as Error).message}`);
  }
}
