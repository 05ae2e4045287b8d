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

// Local before external, then +S rows after plain ones; the order every caller shows.
function figureQuery(db: Db, providerId: string) {
  return db
    .selectFrom("figure_rows")
    .select(["month", "offer", "need_group", "funder_kind", "social_space", "prior_need_group", "cases", "occupancy_days"])
    .where("provider_id", "=", providerId)
    .orderBy("month")
    .orderBy("offer")
    .orderBy("need_group")
    .orderBy("funder_kind", "desc")
    .orderBy("social_space")
    .orderBy("prior_need_group");
}

function staffQuery(db: Db, providerId: string) {
  return db.selectFrom("staff_rows").select(["month", "staff_fte as staffFte"]).where("provider_id", "=", providerId).orderBy("month");
}

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
export async function listFigureRows(db: Db, providerId: string, year?: number): Promise<FigureRow[]> {
  let query = figureQuery(db, providerId);
  if (year !== undefined) query = query.where("month", ">=", yearBounds(year)[0]).where("month", "<=", yearBounds(year)[1]);
  const rows = await query.execute();
  return (rows as FigureRowRecord[]).map(toFigureRow);
}

/**
 * Lists a provider's stored staff rows, of one year or of all years.
 * @param db - the database
 * @param providerId - the provider
 * @param year - only this calendar year, if given
 * @returns the rows by month
 */
export async function listStaffRows(db: Db, providerId: string, year?: number): Promise<StaffRow[]> {
  let query = staffQuery(db, providerId);
  if (year !== undefined) query = query.where("month", ">=", yearBounds(year)[0]).where("month", "<=", yearBounds(year)[1]);
  return query.execute();
}

/**
 * Reads the stored figures and staff of the given months (what a submission replaces).
 * @param db - the database
 * @param providerId - the provider
 * @param figureMonths - months whose figures rows to read
 * @param staffMonths - months whose staff rows to read
 * @returns the stored rows of those months
 */
export async function readMonths(db: Db, providerId: string, figureMonths: readonly string[], staffMonths: readonly string[]): Promise<StoredRows> {
  const figures: FigureRow[] = [];
  for (const month of figureMonths) figures.push(...((await figureQuery(db, providerId).where("month", "=", month).execute()) as FigureRowRecord[]).map(toFigureRow));
  const staff: StaffRow[] = [];
  for (const month of staffMonths) staff.push(...(await staffQuery(db, providerId).where("month", "=", month).execute()));
  return { figures, staff };
}

/**
 * Replaces the figures rows of the given months by new ones. Call inside a transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param months - the months to clear
 * @param rows - the new rows, all within `months`
 */
export async function replaceFigureMonths(db: Db, providerId: string, months: readonly string[], rows: readonly FigureRow[]): Promise<void> {
  if (months.length > 0) await db.deleteFrom("figure_rows").where("provider_id", "=", providerId).where("month", "in", months).execute();
  const values = rows.map((row) => ({
    provider_id: providerId,
    month: row.month,
    offer: row.serviceOffer,
    need_group: row.needGroup,
    funder_kind: row.funderKind,
    social_space: row.socialSpace ? 1 : 0,
    prior_need_group: row.priorNeedGroup,
    cases: row.cases,
    occupancy_days: row.occupancyDays,
  }));
  for (let start = 0; start < values.length; start += ROWS_PER_INSERT)
    await db
      .insertInto("figure_rows")
      .values(values.slice(start, start + ROWS_PER_INSERT))
      .execute();
}

/**
 * Replaces the staff rows of the given months by new ones. Call inside a transaction.
 * @param db - the database
 * @param providerId - the provider
 * @param months - the months to clear
 * @param rows - the new rows, all within `months`
 */
export async function replaceStaffMonths(db: Db, providerId: string, months: readonly string[], rows: readonly StaffRow[]): Promise<void> {
  if (months.length > 0) await db.deleteFrom("staff_rows").where("provider_id", "=", providerId).where("month", "in", months).execute();
  const values = rows.map((row) => ({ provider_id: providerId, month: row.month, staff_fte: row.staffFte }));
  for (let start = 0; start < values.length; start += ROWS_PER_INSERT)
    await db
      .insertInto("staff_rows")
      .values(values.slice(start, start + ROWS_PER_INSERT))
      .execute();
}

// Nine parameters a row: far below SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 1000;

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
export async function insertSubmission(db: Db, submission: NewSubmission): Promise<number> {
  const inserted = await db
    .insertInto("figure_submissions")
    .values({
      provider_id: submission.providerId,
      kind: submission.kind,
      subject: submission.subject,
      months: JSON.stringify(submission.months),
      created_by: submission.userId,
      created_at: Date.now(),
      reason: submission.reason,
      file_name: submission.fileName,
      rows_json: JSON.stringify(submission.rows),
      replaced_json: JSON.stringify(submission.replaced),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
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

function selectSubmission(db: Db) {
  return db
    .selectFrom("figure_submissions as s")
    .innerJoin("users as u", "u.id", "s.created_by")
    .select(["s.id", "s.kind", "s.subject", "s.months", "s.created_at", "u.name as created_by", "s.reason", "s.file_name", "s.rows_json", "s.replaced_json"]);
}

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
export async function listSubmissions(db: Db, providerId: string): Promise<SubmissionRecord[]> {
  const rows = await selectSubmission(db).where("s.provider_id", "=", providerId).orderBy("s.id", "desc").execute();
  return (rows as SubmissionRow[]).map(toRecord);
}

/**
 * Reads one submission with the rows it stored and the rows it replaced (before and after).
 * @param db - the database
 * @param providerId - the provider the entry must belong to
 * @param id - the entry's id
 * @returns the entry with its rows, or undefined
 */
export async function findSubmissionDetail(db: Db, providerId: string, id: number): Promise<(SubmissionRecord & { rows: StoredRows; replaced: StoredRows }) | undefined> {
  const row = (await selectSubmission(db).where("s.provider_id", "=", providerId).where("s.id", "=", id).executeTakeFirst()) as SubmissionRow | undefined;
  if (!row) return undefined;
  return { ...toRecord(row), rows: JSON.parse(row.rows_json) as StoredRows, replaced: JSON.parse(row.replaced_json) as StoredRows };
}
