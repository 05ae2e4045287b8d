/**
 * Calls of the controlling API (`/api/providers/…`, contract in shared/domain/figures.ts).
 * Plain fetch: multipart uploads and the error bodies with issues are not typed by hc.
 */
import type {
  AgreementSave,
  AgreementVersion,
  FiguresOfYear,
  FiguresSaved,
  MonthEntry,
  NextAgreementDraftAnswer,
  ProviderKpis,
  QuarterLock,
  SubmissionRecord,
} from "../../shared/domain/figures";
import type { KpiIssue } from "../../shared/kpi/errors";
import type { Me } from "../../shared/domain/user";

/** A provider the user may read. */
export interface ProviderRef {
  /** Organisation id. */
  id: string;
  /** Display name. */
  name: string;
}

/** An error answer of the controlling API, with code and, for invalid input, every issue. */
export class ControllingError extends Error {
  /**
   * @param status - HTTP status; 0 when the server could not be reached
   * @param code - the server's error code, e.g. `invalid_input`, `locked`, `reason_required`
   * @param message - the server's message
   * @param issues - the problems of a rejected file or form (code `invalid_input`)
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: KpiIssue[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: KpiIssue[] };
}

/**
 * Sends a request and reads the JSON answer.
 * @throws ControllingError for error answers and when offline
 */
async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let answer: Response;
  try {
    answer = await fetch(`/api/providers${path}`, { credentials: "same-origin", ...init });
  } catch {
    throw new ControllingError(0, "offline", "offline");
  }
  if (!answer.ok) {
    const body = (await answer.json().catch(() => null)) as ErrorBody | null;
    throw new ControllingError(answer.status, body?.error?.code ?? "http_error", body?.error?.message ?? answer.statusText, body?.error?.issues ?? []);
  }
  // DELETE /locks answers 204 without a body.
  if (answer.status === 204) return undefined as T;
  return (await answer.json()) as T;
}

function sendJson<T>(path: string, method: "PUT" | "POST" | "DELETE", body: unknown): Promise<T> {
  return request<T>(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

const at = (providerId: string) => `/${encodeURIComponent(providerId)}`;

/** `GET /providers`: the providers the user may read. */
export function fetchProviders(): Promise<ProviderRef[]> {
  return request<ProviderRef[]>("");
}

/** `GET /:providerId/agreements`: the current agreement of each year. */
export function fetchAgreements(providerId: string): Promise<AgreementVersion[]> {
  return request(`${at(providerId)}/agreements`);
}

/** `GET /:providerId/agreements/:year/history`: every version of a year's agreement. */
export function fetchAgreementHistory(providerId: string, year: number): Promise<AgreementVersion[]> {
  return request(`${at(providerId)}/agreements/${year}/history`);
}

/** `GET /:providerId/agreements/:year/next-draft`: the draft of the agreement for year + 1, with each cell's history. */
export function fetchNextAgreementDraft(providerId: string, year: number): Promise<NextAgreementDraftAnswer> {
  return request(`${at(providerId)}/agreements/${year}/next-draft`);
}

/** `PUT /:providerId/agreements/:year`: saves a new version (funder editors). */
export function saveAgreement(providerId: string, year: number, body: AgreementSave): Promise<AgreementVersion> {
  return sendJson(`${at(providerId)}/agreements/${year}`, "PUT", body);
}

/** `GET /:providerId/figures?year=`: the stored figures and month states of a year. */
export function fetchFigures(providerId: string, year: number): Promise<FiguresOfYear> {
  return request(`${at(providerId)}/figures?year=${year}`);
}

/** `POST /:providerId/figures/upload`: a CSV or Excel file of figures or staff. */
export function uploadFigures(providerId: string, file: File, subject: "figures" | "staff", reason: string): Promise<FiguresSaved> {
  const form = new FormData();
  form.append("file", file);
  form.append("subject", subject);
  if (reason.trim() !== "") form.append("reason", reason.trim());
  return request(`${at(providerId)}/figures/upload`, { method: "POST", body: form });
}

/** `PUT /:providerId/figures/:month`: the form entry of one month. */
export function saveMonth(providerId: string, month: string, entry: MonthEntry): Promise<FiguresSaved> {
  return sendJson(`${at(providerId)}/figures/${month}`, "PUT", entry);
}

/** `GET /:providerId/figures/history`: every submission. */
export function fetchSubmissions(providerId: string): Promise<SubmissionRecord[]> {
  return request(`${at(providerId)}/figures/history`);
}

/** `GET /:providerId/locks`: the locked quarters. */
export function fetchLocks(providerId: string): Promise<QuarterLock[]> {
  return request(`${at(providerId)}/locks`);
}

/** `POST /:providerId/locks`: locks a quarter (funder editors). */
export function lockQuarter(providerId: string, quarter: string, reason: string): Promise<QuarterLock> {
  return sendJson(`${at(providerId)}/locks`, "POST", { quarter, reason });
}

/** `DELETE /:providerId/locks/:quarter`: reopens a quarter with a reason (funder editors). */
export function reopenQuarter(providerId: string, quarter: string, reason: string): Promise<unknown> {
  return sendJson(`${at(providerId)}/locks/${quarter}`, "DELETE", { reason });
}

/** `GET /:providerId/kpis?period=`: the KPIs of a period. */
export function fetchKpis(providerId: string, period: string): Promise<ProviderKpis> {
  return request(`${at(providerId)}/kpis?period=${encodeURIComponent(period)}`);
}

/** Funder editors may change agreements and lock or reopen quarters. */
export function canEditAgreements(me: Me): boolean {
  return me.organisation.kind === "funder" && me.role === "editor";
}

/** Editors of the provider (only their own is readable) and funder editors may report figures. */
export function canWriteFigures(me: Me): boolean {
  return me.role === "editor";
}
