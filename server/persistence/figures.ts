import type { SubmissionRecord } from "../../shared/domain/figures";
import type { FigureRow, StaffRow } from "../../shared/kpi";
import type { Db } from "./db";

/** Stored figures and staff of some months, as kept in a submission's history entry. */
export interface StoredRows {
  /** Figures rows, without file lines. */
  figures: FigureRow[];
  /** Staff rows, without file lines. */
  staff: StaffRow[];
}

interface FigureRowRecord {
  month: string;
  offer: string;
  need_group: number;
  funder_kind: "local" | "external";
  social_space: number;
  prior_need_group: number | null;
  cases: number;
  occupancy_days: number;
}

function toFigureRow(row: FigureRowRecord): FigureRow {
  return {
    month: row.month,
    serviceOffer: row.offer,
    needGroup: row.need_group,
    funderKind: row.funder_kind,
    socialSpace: row.social_space === 1,
    priorNeedGroup: row.prior_need_group,
    cases: row.cases,
    occupancyDays: row.occupancy_days,
  };
}

const FIGURE_COLUMNS = "month, offer, need_group, funder_kind, social_space, prior_need_group, cases, occupancy_days";
const FIGURE_ORDER = "ORDER BY month, offer, need_group, funder_kind DESC, social_space, prior_need_group";

/** `month BETWEEN ? AND ?` bounds for a year; months are `YYYY-MM`, so text order is time order. */
function yearBounds(year: number): [string, string] {
  const y = String(year).padStart(4, "0");
  return [`${y}-01`, `${y}-12`];
}

/**
 * Lists a provider's stored figures rows, of one year or of all years.
 * @param db - the database
 * @param providerId - the provider
 * @param year - only this calendar year, if given
 * @returns the rows by month, offer, group, local before external
 */
export function listFigureRows(db: Db, providerId: string, year?: number): FigureRow[] {
  const rows =
    year === undefined
      ? db.prepare(`SELECT ${FIGURE_COLUMNS} FROM figure_rows WHERE provider_id = ? ${FIGURE_ORDER}`).all(providerId)
      : db.prepare(`SELECT ${FIGURE_COLUMNS} FROM figure_rows WHERE provider_id = ? AND month BETWEEN ? AND ? ${FIGURE_ORDER}`).all(providerId, ...yearBounds(year));
  return (rows as FigureRowRecord[]).map(toFigureRow);
}

/**
 * Lists a provider's stored staff rows, of one year or of all years.
 * @param db - the database
 * @param providerId - the provider
 * @param year - only this calendar year, if given
 * @returns the rows by month
 */
export function listStaffRows(db: Db, providerId: string, year?: number): StaffRow[] {
  const rows =
    year === undefined
      ? db.prepare("SELECT month, staff_fte AS staffFte FROM staff_rows WHERE provider_id = ? ORDER BY month").all(providerId)
      : db.prepare("SELECT month, staff_fte AS staffFte FROM staff_rows WHERE provider_id = ? AND month BETWEEN ? AND ? ORDER BY month").all(providerId, ...yearBounds(year));
  return rows as StaffRow[];
}

/**
 * Reads the stored figures and staff of the given months (what a submission replaces).
 * @param db - the database
 * @param providerId - the provider
 * @param figureMonths - months whose figures rows to read
 * @param staffMonths - months whose staff rows to read
 * @returns the stored rows of those months
 */
export function readMonths(db: Db, providerId: string, figureMonths: readonly string[], staffMonths: readonly string[]): StoredRows {
  const figureQuery = db.prepare(`SELECT ${FIGURE_COLUMNS} FROM figure_rows WHERE provider_id = ? AND month = ? ${FIGURE_ORDER}`);
  const staffQuery = db.prepare("SELECT month, staff_fte AS staffFte FROM staff_rows WHERE provider_id = ? AND month = ?");
  return {
    figures: figureMonths.flatMap((month) => (figureQuery.all(providerId, month) as FigureRowRecord[]).map(toFigureRow)),
    staff: staffMonths.flatMap((month) => staffQuery.all(providerId, month) as StaffRow[]),
  };
}

/**
 * Replaces the figures rows of the given months by new ones. Call inside a transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param months - the months to clear
 * @param rows - the new rows, all within `months`
 */
export function replaceFigureMonths(db: Db, providerId: string, months: readonly string[], rows: readonly FigureRow[]): void {
  const remove = db.prepare("DELETE FROM figure_rows WHERE provider_id = ? AND month = ?");
  for (const month of months) remove.run(providerId, month);
  const insert = db.prepare(`INSERT INTO figure_rows (provider_id, ${FIGURE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const row of rows) {
    insert.run(providerId, row.month, row.serviceOffer, row.needGroup, row.funderKind, row.socialSpace ? 1 : 0, row.priorNeedGroup, row.cases, row.occupancyDays);
  }
}

/**
 * Replaces the staff rows of the given months by new ones. Call inside a transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param months - the months to clear
 * @param rows - the new rows, all within `months`
 */
export function replaceStaffMonths(db: Db, providerId: string, months: readonly string[], rows: readonly StaffRow[]): void {
  const remove = db.prepare("DELETE FROM staff_rows WHERE provider_id = ? AND month = ?");
  for (const month of months) remove.run(providerId, month);
  const insert = db.prepare("INSERT INTO staff_rows (provider_id, month, staff_fte) VALUES (?, ?, ?)");
  for (const row of rows) insert.run(providerId, row.month, row.staffFte);
}

/** A submission to record in the history. */
export interface NewSubmission {
  /** The provider. */
  providerId: string;
  /** How it came in. */
  kind: SubmissionRecord["kind"];
  /** What it contained. */
  subject: SubmissionRecord["subject"];
  /** Months replaced. */
  months: string[];
  /** The submitting user's id. */
  userId: string;
  /** Why (corrections). */
  reason: string | null;
  /** Uploaded file's name. */
  fileName: string | null;
  /** The rows submitted. */
  rows: StoredRows;
  /** The rows they replaced (empty for a first report). */
  replaced: StoredRows;
}

/**
 * Records a submission in the history. Call inside the transaction that stores its rows.
 * @param db - the database
 * @param submission - what was stored
 * @returns the new entry's id
 */
export function insertSubmission(db: Db, submission: NewSubmission): number {
  const result = db
    .prepare(
      `INSERT INTO figure_submissions (provider_id, kind, subject, months, created_by, created_at, reason, file_name, rows_json, replaced_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      submission.providerId,
      submission.kind,
      submission.subject,
      JSON.stringify(submission.months),
      submission.userId,
      Date.now(),
      submission.reason,
      submission.fileName,
      JSON.stringify(submission.rows),
      JSON.stringify(submission.replaced),
    );
  return Number(result.lastInsertRowid);
}

interface SubmissionRow {
  id: number;
  kind: SubmissionRecord["kind"];
  subject: SubmissionRecord["subject"];
  months: string;
  created_at: number;
  created_by: string;
  reason: string | null;
  file_name: string | null;
  rows_json: string;
  replaced_json: string;
}

const SELECT_SUBMISSION = `
  SELECT s.id, s.kind, s.subject, s.months, s.created_at, u.name AS created_by, s.reason, s.file_name, s.rows_json, s.replaced_json
  FROM figure_submissions s JOIN users u ON u.id = s.created_by`;

function toRecord(row: SubmissionRow): SubmissionRecord {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    months: JSON.parse(row.months) as string[],
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    reason: row.reason,
    fileName: row.file_name,
  };
}

/**
 * Lists a provider's submissions, newest first.
 * @param db - the database
 * @param providerId - the provider
 * @returns the history entries (without their rows)
 */
export function listSubmissions(db: Db, providerId: string): SubmissionRecord[] {
  return (db.prepare(`${SELECT_SUBMISSION} WHERE s.provider_id = ? ORDER BY s.id DESC`).all(providerId) as SubmissionRow[]).map(toRecord);
}

/**
 * Reads one submission with the rows it stored and the rows it replaced (before and after).
 * @param db - the database
 * @param providerId - the provider the entry must belong to
 * @param id - the entry's id
 * @returns the entry with its rows, or undefined
 */
export function findSubmissionDetail(db: Db, providerId: string, id: number): (SubmissionRecord & { rows: StoredRows; replaced: StoredRows }) | undefined {
  const row = db.prepare(`${SELECT_SUBMISSION} WHERE s.provider_id = ? AND s.id = ?`).get(providerId, id) as SubmissionRow | undefined;
  if (!row) return undefined;
  return { ...toRecord(row), rows: JSON.parse(row.rows_json) as StoredRows, replaced: JSON.parse(row.replaced_json) as StoredRows };
}
