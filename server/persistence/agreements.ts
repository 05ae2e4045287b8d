import type { AgreementVersion } from "../../shared/domain/figures";
import { BudgetAgreementSchema, type BudgetAgreement } from "../../shared/kpi";
import { lockKey, type Db } from "./db";

interface AgreementRow {
  year: number;
  version: number;
  json: string;
  created_at: number;
  created_by: string;
  reason: string;
}

const SELECT_VERSION = `
  SELECT a.year, a.version, a.json, a.created_at, u.name AS created_by, a.reason
  FROM agreement_versions a JOIN users u ON u.id = a.created_by`;

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
export function listCurrentAgreements(db: Db, providerId: string): AgreementVersion[] {
  const rows = db
    .prepare(
      `${SELECT_VERSION}
       WHERE a.provider_id = ? AND a.version = (SELECT MAX(b.version) FROM agreement_versions b WHERE b.provider_id = a.provider_id AND b.year = a.year)
       ORDER BY a.year`,
    )
    .all(providerId) as AgreementRow[];
  return rows.map(toVersion);
}

/**
 * Lists every stored version of a provider's agreement of one year.
 * @param db - the database
 * @param providerId - the provider
 * @param year - the budget year
 * @returns the versions, newest first (empty when none is stored)
 */
export function listAgreementHistory(db: Db, providerId: string, year: number): AgreementVersion[] {
  const rows = db.prepare(`${SELECT_VERSION} WHERE a.provider_id = ? AND a.year = ? ORDER BY a.version DESC`).all(providerId, year) as AgreementRow[];
  return rows.map(toVersion);
}

/**
 * Loads the current agreements of a provider, for the KPI engine.
 * @param db - the database
 * @param providerId - the provider
 * @returns one agreement per year that has one
 */
export function loadCurrentAgreements(db: Db, providerId: string): BudgetAgreement[] {
  return listCurrentAgreements(db, providerId).map((version) => version.agreement);
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
export function insertAgreementVersion(db: Db, input: NewAgreementVersion): AgreementVersion {
  const { providerId, agreement, userId, reason } = input;
  return db
    .transaction(() => {
      // Next version number and insert in one statement, so two saves never get the same
      // number; on PostgreSQL two processes' statements could still both read the same
      // maximum, hence the lock.
      lockKey(db, `agreements:${providerId}:${agreement.year}`);
      db.prepare(
        `INSERT INTO agreement_versions (provider_id, year, version, json, created_by, created_at, reason)
       SELECT ?, ?, IFNULL(MAX(version), 0) + 1, ?, ?, ?, ? FROM agreement_versions WHERE provider_id = ? AND year = ?`,
      ).run(providerId, agreement.year, JSON.stringify(agreement), userId, Date.now(), reason, providerId, agreement.year);
      return listAgreementHistory(db, providerId, agreement.year)[0]!;
    })
    .immediate();
}
