import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { ReconcileQuerySchema, SettlementChangeSchema, SettlementConfirmSchema, SettlementCorrectionSchema, SettlementProposalSchema, type ReconcileAnswer } from "../../../shared/domain/settlement";
import { settlementSide } from "../../../shared/domain/settlementRules";
import type { AppDeps } from "../../app";
import { controllingRights } from "../../auth/controllingPermissions";
import { reconcileProvider } from "../../controlling/reconciliation";
import { measureChoices } from "../../controlling/settlementMeasures";
import { changeSettlement, confirmSettlement, correctSettlement, listDecisions, proposeSettlement } from "../../controlling/settlementRecorder";
import { notFound } from "../../errors";
import { findOrganisation } from "../../persistence/organisations";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/**
 * `/api/providers/:providerId/settlements`: the year-end reconciliation (Jahresabgleich)
 * of a provider and the two sides' decisions on it. Readers are those of the provider's
 * figures (the funder and the provider's own users); editors of both sides propose,
 * change, confirm and correct. Unknown providers and providers the user may not read both
 * answer 404, as the figures do.
 * @param deps - database, documents (measures), logger
 */
export function settlementRoutes(deps: AppDeps) {
  // The same 404 for "no such provider" and "not yours", so provider users learn nothing of others.
  const readersOnly = createMiddleware<{ Variables: SessionVariables }>(async (c, next) => {
    const user = requireUser(c);
    const providerId = c.req.param("providerId") ?? "";
    if (findOrganisation(deps.db, providerId)?.kind !== "provider" || !controllingRights(user, providerId).read) throw notFound("Leistungserbringer");
    await next();
  });
  return new Hono<{ Variables: SessionVariables }>()
    .use("/:providerId/settlements", readersOnly)
    .use("/:providerId/settlements/*", readersOnly)
    .get("/:providerId/settlements", (c) => c.json(listDecisions(deps, c.req.param("providerId"))))
    .get("/:providerId/settlements/reconcile", validate("query", ReconcileQuerySchema), (c) => {
      const user = requireUser(c);
      const providerId = c.req.param("providerId");
      const query = c.req.valid("query");
      const fromYear = Number(query.from);
      const toYear = Number(query.to ?? query.from);
      const view = reconcileProvider(deps.db, providerId, fromYear, toYear);
      const decisions = listDecisions(deps, providerId).filter((d) => d.fromYear <= toYear && d.toYear >= fromYear);
      const answer: ReconcileAnswer = { ...view, decisions, measures: measureChoices(deps, providerId), side: settlementSide(user, providerId) };
      return c.json(answer);
    })
    .post("/:providerId/settlements", validate("json", SettlementProposalSchema), (c) =>
      c.json(proposeSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.valid("json")), 201),
    )
    .put("/:providerId/settlements/:settlementId", validate("json", SettlementChangeSchema), (c) =>
      c.json(changeSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json"))),
    )
    .post("/:providerId/settlements/:settlementId/confirm", validate("json", SettlementConfirmSchema), (c) =>
      c.json(confirmSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json").revision)),
    )
    .post("/:providerId/settlements/:settlementId/correct", validate("json", SettlementCorrectionSchema), (c) =>
      c.json(correctSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json")), 201),
    );
}
