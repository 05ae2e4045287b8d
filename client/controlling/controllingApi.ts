/**
 * Calls of the controlling API (`/api/providers/…`, contract in shared/domain/figures.ts).
 * Request and response types come from the routes via `api`; a refused file or form throws
 * an ApiError whose `issues` list every problem (code `invalid_input`).
 */
import type { InferResponseType } from "hono/client";
import type { Me } from "../../shared/domain/user";
import { api, readJson, type RequestJson } from "../lib/api";

const providers = api.providers;
const provider = providers[":providerId"];

/** A provider the user may read, as `GET /api/providers` lists it. */
export type ProviderRef = InferResponseType<typeof providers.$get>[number];

/** `GET /providers`: the providers the user may read. */
export function fetchProviders() {
  return readJson(providers.$get(), "Leistungserbringer laden");
}

/** `GET /:providerId/agreements`: the current agreement of each year. */
export function fetchAgreements(providerId: string) {
  return readJson(provider.agreements.$get({ param: { providerId } }), "Budgetvereinbarungen laden");
}

/** `GET /:providerId/agreements/:year/history`: every version of a year's agreement. */
export function fetchAgreementHistory(providerId: string, year: number) {
  return readJson(provider.agreements[":year"].history.$get({ param: { providerId, year: String(year) } }), "Verlauf der Budgetvereinbarung laden");
}

/** `GET /:providerId/agreements/:year/next-draft`: the draft of the agreement for year + 1, with each cell's history. */
export function fetchNextAgreementDraft(providerId: string, year: number) {
  return readJson(provider.agreements[":year"]["next-draft"].$get({ param: { providerId, year: String(year) } }), "Entwurf der nächsten Budgetvereinbarung laden");
}

/** `PUT /:providerId/agreements/:year`: saves a new version (funder editors). */
export function saveAgreement(providerId: string, year: number, body: RequestJson<(typeof provider.agreements)[":year"]["$put"]>) {
  return readJson(provider.agreements[":year"].$put({ param: { providerId, year: String(year) }, json: body }), "Budgetvereinbarung speichern");
}

/** `GET /:providerId/figures?year=`: the stored figures and month states of a year. */
export function fetchFigures(providerId: string, year: number) {
  return readJson(provider.figures.$get({ param: { providerId }, query: { year: String(year) } }), "Zahlen laden");
}

/**
 * `POST /:providerId/figures/upload`: a CSV or Excel file of figures or staff. The answer is
 * typed by the route; the FormData body is not, since the route reads it with `parseBody`
 * instead of a form validator, so it goes in as the request's own body.
 */
export function uploadFigures(providerId: string, file: File, subject: "figures" | "staff", reason: string) {
  const form = new FormData();
  form.append("file", file);
  form.append("subject", subject);
  if (reason.trim() !== "") form.append("reason", reason.trim());
  return readJson(provider.figures.upload.$post({ param: { providerId } }, { init: { body: form } }), "Datei hochladen");
}

/** `PUT /:providerId/figures/:month`: the form entry of one month. */
export function saveMonth(providerId: string, month: string, entry: RequestJson<(typeof provider.figures)[":month"]["$put"]>) {
  return readJson(provider.figures[":month"].$put({ param: { providerId, month }, json: entry }), `Zahlen für ${month} speichern`);
}

/** `GET /:providerId/figures/history`: every submission. */
export function fetchSubmissions(providerId: string) {
  return readJson(provider.figures.history.$get({ param: { providerId } }), "Meldungen laden");
}

/** `GET /:providerId/locks`: the locked quarters. */
export function fetchLocks(providerId: string) {
  return readJson(provider.locks.$get({ param: { providerId } }), "Quartalssperren laden");
}

/** `POST /:providerId/locks`: locks a quarter (funder editors). */
export function lockQuarter(providerId: string, quarter: string, reason: string) {
  return readJson(provider.locks.$post({ param: { providerId }, json: { quarter, reason } }), `Quartal ${quarter} sperren`);
}

/** `DELETE /:providerId/locks/:quarter`: reopens a quarter with a reason (funder editors); answers 204, so null. */
export function reopenQuarter(providerId: string, quarter: string, reason: string) {
  return readJson(provider.locks[":quarter"].$delete({ param: { providerId, quarter }, json: { reason } }), `Quartal ${quarter} wieder öffnen`);
}

/** `GET /:providerId/kpis?period=`: the KPIs of a period. */
export function fetchKpis(providerId: string, period: string) {
  return readJson(provider.kpis.$get({ param: { providerId }, query: { period } }), `Kennzahlen für ${period} laden`);
}

/** Funder editors may change agreements and lock or reopen quarters. */
export function canEditAgreements(me: Me): boolean {
  return me.organisation.kind === "funder" && me.role === "editor";
}

/** Editors of the provider (only their own is readable) and funder editors may report figures. */
export function canWriteFigures(me: Me): boolean {
  return me.role === "editor";
}
