import type { AgreementVersion } from "../../shared/domain/figures";
import { BudgetAgreementSchema, type BudgetAgreement } from "../../shared/kpi";
import { sql } from "kysely";
import { lockKey, transaction, type Db } from "./db";

interface AgreementRow {
  year: number;
  version: number;
  json: string;
  created_at: number;
  created_by: string;
  reason: string;
}

function selectVersion(db: Db) {
  return db.selectFrom("agreement_versions as a").innerJoin("users as u", "u.id", "a.created_by").select(["a.year", "a.version", "a.json", "a.created_at", "u.name as created_by", "a.reason"]);
}

function toVersion(row: AgreementRow): AgreementVersion {
  return {
    year: row.year,
    version: row.version,
    // Parsed again rather than cast: defaults of later engine versions then apply to old rows too.
    agreement: BudgetAgreementSchema.parse(JSON.parse(row.json)),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    reason: row.reason,
  };
}

/**
 * Lists the current agreement (highest version) of every year of a provider.
 * @param db - the database
 * @param providerId - the provider
 * @returns one version per year, by year
 */
export async function listCurrentAgreements(db: Db, providerId: string): Promise<AgreementVersion[]> {
  const rows = await selectVersion(db)
    .where("a.provider_id", "=", providerId)
    .where("a.version", "=", (eb) =>
      eb
        .selectFrom("agreement_versions as b")
        .select((inner) => inner.fn.max("b.version").as("version"))
        .whereRef("b.provider_id", "=", "a.provider_id")
        .whereRef("b.year", "=", "a.year"),
    )
    .orderBy("a.year")
    .execute();
  return (rows as AgreementRow[]).map(toVersion);
}

/**
 * Lists every stored version of a provider's agreement of one year.
 * @param db - the database
 * @param providerId - the provider
 * @param year - the budget year
 * @returns the versions, newest first (empty when none is stored)
 */
export async function listAgreementHistory(db: Db, providerId: string, year: number): Promise<AgreementVersion[]> {
  const rows = await selectVersion(db).where("a.provider_id", "=", providerId).where("a.year", "=", year).orderBy("a.version", "desc").execute();
  return (rows as AgreementRow[]).map(toVersion);
}

/**
 * Loads the current agreements of a provider, for the KPI engine.
 * @param db - the database
 * @param providerId - the provider
 * @returns one agreement per year that has one
 */
export async function loadCurrentAgreements(db: Db, providerId: string): Promise<BudgetAgreement[]> {
  return (await listCurrentAgreements(db, providerId)).map((version) => version.agreement);
}

/** A new version of a year's agreement. */
export interface NewAgreementVersion {
  /** The provider. */
  providerId: string;
  /** The validated agreement; its `year` is the version's year. */
  agreement: BudgetAgreement;
  /** The changing user's id. */
  userId: string;
  /** Why it changes. */
  reason: string;
}

/**
 * Stores a new version of a year's agreement; it becomes the current one.
 * @param db - the database
 * @param input - agreement, user and reason
 * @returns the stored version
 */
export async function insertAgreementVersion(db: Db, input: NewAgreementVersion): Promise<AgreementVersion> {
  const { providerId, agreement, userId, reason } = input;
  return transaction(db, async (trx) => {
    // Next version number and insert in one statement, so two saves never get the same
    // number; on PostgreSQL two processes' statements could still both read the same
    // maximum, hence the lock.
    await lockKey(trx, `agreements:${providerId}:${agreement.year}`);
    await trx
      .insertInto("agreement_versions")
      .columns(["provider_id", "year", "version", "json", "created_by", "created_at", "reason"])
      .expression(
        trx
          .selectFrom("agreement_versions")
          .select([
            sql.val(providerId).as("provider_id"),
            sql.val(agreement.year).as("year"),
            sql<number>`coalesce(max(version), 0) + 1`.as("version"),
            sql.val(JSON.stringify(agreement)).as("json"),
            sql.val(userId).as("created_by"),
            sql.val(Date.now()).as("created_at"),
            sql.val(reason).as("reason"),
          ])
          .where("provider_id", "=", providerId)
          .where("year", "=", agreement.year),
      )
      .execute();
    return (await listAgreementHistory(trx, providerId, agreement.year))[0]!;
  });
}
