/**
 * Calls of the reconciliation API (`/api/providers/:providerId/settlements`, contract in
 * shared/domain/settlement.ts). Request and response types come from the routes via `api`.
 */
import { api, readJson, type RequestJson } from "../../lib/api";

const settlements = api.providers[":providerId"].settlements;
const settlement = settlements[":settlementId"];

/** The parts a form sends: repay, offset with its measures, carry and reason. */
export type PartsBody = Omit<RequestJson<typeof settlement.$put>, "revision">;

/** `GET …/settlements/reconcile?from=&to=`: the numbers of a span, its decisions and the measures to pick. */
export function fetchReconcile(providerId: string, fromYear: number, toYear: number) {
  return readJson(settlements.reconcile.$get({ param: { providerId }, query: { from: String(fromYear), to: String(toYear) } }), "Abrechnungszeitraum laden");
}

/** `GET …/settlements`: every decision of the provider, newest first. */
export function fetchSettlements(providerId: string) {
  return readJson(settlements.$get({ param: { providerId } }), "Abrechnungsentscheidungen laden");
}

/** `POST …/settlements`: a new proposal for a span. */
export function proposeSettlement(providerId: string, body: RequestJson<typeof settlements.$post>) {
  return readJson(settlements.$post({ param: { providerId }, json: body }), "Vorschlag speichern");
}

/** `PUT …/settlements/:id`: a changed proposal of the revision the user saw. */
export function changeSettlement(providerId: string, settlementId: string, body: PartsBody, revision: number) {
  return readJson(settlement.$put({ param: { providerId, settlementId }, json: { ...body, revision } }), "Vorschlag ändern");
}

/** `POST …/settlements/:id/confirm`: the user's side confirms the revision it saw. */
export function confirmSettlement(providerId: string, settlementId: string, revision: number) {
  return readJson(settlement.confirm.$post({ param: { providerId, settlementId }, json: { revision } }), "Entscheidung bestätigen");
}

/** `POST …/settlements/:id/correct`: a correction of a confirmed decision. */
export function correctSettlement(providerId: string, settlementId: string, body: RequestJson<typeof settlement.correct.$post>) {
  return readJson(settlement.correct.$post({ param: { providerId, settlementId }, json: body }), "Korrektur speichern");
}
