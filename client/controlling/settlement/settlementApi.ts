/**
 * Calls of the reconciliation API (`/api/providers/:providerId/settlements`, contract in
 * shared/domain/settlement.ts), through the typed client.
 */
import type { z } from "zod";
import type {
  ReconcileAnswer,
  SettlementChangeSchema,
  SettlementCorrectionSchema,
  SettlementDecision,
  SettlementProposalSchema,
} from "../../../shared/domain/settlement";
import { api, readJson } from "../../lib/api";

/** The parts a form sends: repay, offset with its measures, carry and reason. */
export type PartsBody = Omit<z.input<typeof SettlementChangeSchema>, "revision">;

const settlements = api.providers[":providerId"].settlements;

/** `GET …/settlements/reconcile?from=&to=`: the numbers of a span, its decisions and the measures to pick. */
export function fetchReconcile(providerId: string, fromYear: number, toYear: number): Promise<ReconcileAnswer> {
  return readJson(settlements.reconcile.$get({ param: { providerId }, query: { from: String(fromYear), to: String(toYear) } }));
}

/** `GET …/settlements`: every decision of the provider, newest first. */
export function fetchSettlements(providerId: string): Promise<SettlementDecision[]> {
  return readJson(settlements.$get({ param: { providerId } }));
}

/** `POST …/settlements`: a new proposal for a span. */
export function proposeSettlement(providerId: string, body: z.input<typeof SettlementProposalSchema>): Promise<SettlementDecision> {
  return readJson(settlements.$post({ param: { providerId }, json: body }));
}

/** `PUT …/settlements/:id`: a changed proposal of the revision the user saw. */
export function changeSettlement(providerId: string, settlementId: string, body: PartsBody, revision: number): Promise<SettlementDecision> {
  return readJson(settlements[":settlementId"].$put({ param: { providerId, settlementId }, json: { ...body, revision } }));
}

/** `POST …/settlements/:id/confirm`: the user's side confirms the revision it saw. */
export function confirmSettlement(providerId: string, settlementId: string, revision: number): Promise<SettlementDecision> {
  return readJson(settlements[":settlementId"].confirm.$post({ param: { providerId, settlementId }, json: { revision } }));
}

/** `POST …/settlements/:id/correct`: a correction of a confirmed decision. */
export function correctSettlement(providerId: string, settlementId: string, body: z.input<typeof SettlementCorrectionSchema>): Promise<SettlementDecision> {
  return readJson(settlements[":settlementId"].correct.$post({ param: { providerId, settlementId }, json: body }));
}
