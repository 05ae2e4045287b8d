import { z } from "zod";
import type { BudgetAgreement, FigureRow, KpiIssue, KpiResult, StaffRow } from "../kpi";
import type { NextAgreementDraft } from "../kpi/nextAgreement";

/**
 * The contract of the controlling API under `/api/providers/:providerId/…` (figures,
 * staff, agreements, locks, KPIs). Server routes and client pages both use these types.
 */

/** A reason for a change: required for corrections, reopening and agreement changes. */
export const ReasonSchema = z.string().trim().min(3, "Bitte eine Begründung mit mindestens 3 Zeichen angeben.").max(1000);

/** `PUT /agreements/:year`: save the agreement of a year (funder editors). */
export const AgreementSaveSchema = z
  .object({
    /** Why it changes (every change is recorded with who, when and why). */
    reason: ReasonSchema,
    /** The agreement as a JSON object (form entry). */
    agreement: z.unknown().optional(),
    /** Or the uploaded file's text, so errors can name its lines. */
    agreementText: z.string().max(1_000_000).optional(),
    /** The uploaded file's name, for error messages. */
    fileName: z.string().max(200).optional(),
  })
  .refine((body) => (body.agreement === undefined) !== (body.agreementText === undefined), "Bitte entweder agreement (Formular) oder agreementText (JSON-Datei) senden.");
export type AgreementSave = z.infer<typeof AgreementSaveSchema>;

/** One stored version of a year's agreement. */
export interface AgreementVersion {
  /** The budget year. */
  year: number;
  /** 1, 2, … per provider and year. */
  version: number;
  /** The agreement. */
  agreement: BudgetAgreement;
  /** ISO time of the change. */
  createdAt: string;
  /** Name of the user who changed it. */
  createdBy: string;
  /** Why. */
  reason: string;
}

/** Reporting state of one month. */
export interface MonthStatus {
  /** YYYY-MM. */
  month: string;
  /** At least one figures row is stored. */
  reported: boolean;
  /** A staff row is stored. */
  staffReported: boolean;
  /** The month's quarter is locked (its steering talk was held). */
  locked: boolean;
}

/** `GET /figures?year=YYYY`: the stored figures of a year. */
export interface FiguresOfYear {
  /** The year. */
  year: number;
  /** Stored figures rows, by month, offer, group. */
  rows: FigureRow[];
  /** Stored staff rows. */
  staff: StaffRow[];
  /** State of each of the 12 months. */
  months: MonthStatus[];
}

/** `PUT /figures/:month`: the form entry of one month; replaces that month's figures. */
export const MonthEntrySchema = z.object({
  /** The month's rows (their `month` must be the URL's month). */
  rows: z.array(z.record(z.string(), z.unknown())).max(1000),
  /** The month's average staff in FTE, or null to leave staff unchanged. */
  staffFte: z.number().nonnegative().max(10_000, "more than 10,000 FTE is not plausible").nullable(),
  /** Required when the month was already reported (a correction). */
  reason: ReasonSchema.optional(),
});
export type MonthEntry = z.infer<typeof MonthEntrySchema>;

/** Answer of a successful figures upload or form entry. */
export interface FiguresSaved {
  /** Months whose figures were stored (replacing what was there). */
  months: string[];
  /** Figures rows stored. */
  rows: number;
  /** Staff rows stored. */
  staffRows: number;
  /** Warnings that did not stop the save (e.g. occupancy days above cases × days). */
  warnings: KpiIssue[];
}

/**
 * The error body of a rejected upload or entry (HTTP 400, code `invalid_input`): every
 * problem with line (1 = header row), column and reason. Nothing of the file was stored.
 */
export interface InvalidInputError {
  error: { code: "invalid_input"; message: string; issues: KpiIssue[] };
}

/** One recorded submission (upload, form entry, correction), for the history. */
export interface SubmissionRecord {
  /** Id. */
  id: number;
  /** How the figures came in. */
  kind: "upload" | "form" | "correction";
  /** What was submitted. */
  subject: "figures" | "staff" | "figures+staff";
  /** Months replaced. */
  months: string[];
  /** ISO time. */
  createdAt: string;
  /** Name of the user. */
  createdBy: string;
  /** The reason (for corrections). */
  reason: string | null;
  /** Uploaded file's name. */
  fileName: string | null;
}

/** A locked quarter. */
export interface QuarterLock {
  /** e.g. "2025-Q2". */
  quarter: string;
  /** ISO time of locking. */
  lockedAt: string;
  /** Who locked it. */
  lockedBy: string;
  /** Why (e.g. "Steuerungsgespräch am 2025-07-15"). */
  reason: string;
}

/** `POST /locks`. */
export const LockSchema = z.object({
  /** The quarter, e.g. "2025-Q2". */
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, "muss ein Quartal wie 2025-Q2 sein"),
  /** Why. */
  reason: ReasonSchema,
});

/** `DELETE /locks/:quarter` body: reopening needs a reason (funder only). */
export const ReopenSchema = z.object({ reason: ReasonSchema });

/** `GET /kpis?period=P`: the KPIs of a provider for a period. */
export interface ProviderKpis {
  /** The provider's id. */
  providerId: string;
  /** The provider's name. */
  provider: string;
  /** The KPI result of shared/kpi. */
  result: KpiResult;
}

/**
 * `GET /agreements/:year/next-draft`: the draft of the agreement for year + 1 from the
 * figures of the last up to five years (shared/kpi/nextAgreement.ts), with the versions it
 * starts from and would replace.
 */
export interface NextAgreementDraftAnswer extends NextAgreementDraft {
  /** The version of the current agreement (of `basedOnYear`) the draft copies. */
  basedOnVersion: number;
  /** The current version of the next year's agreement, when one is already stored; saving adds a new version. */
  nextVersion: number | null;
}
