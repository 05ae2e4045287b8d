import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { createMiddleware } from "hono/factory";
import { ReconcileQuerySchema, SettlementChangeSchema, SettlementConfirmSchema, SettlementCorrectionSchema, SettlementProposalSchema, type ReconcileAnswer } from "../../../shared/domain/settlement";
import { settlementSide } from "../../../shared/domain/settlementRules";
import type { AppDeps } from "../../appDeps";
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
    if ((await findOrganisation(deps.db, providerId))?.kind !== "provider" || !controllingRights(user, providerId).read) throw notFound("Leistungserbringer");
    await next();
  });
  return new Hono<{ Variables: SessionVariables }>()
    .use("/:providerId/settlements", readersOnly)
    .use("/:providerId/settlements/*", readersOnly)
    .get(
      "/:providerId/settlements",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Entscheidungen zum Jahresabgleich",
        responses: { 200: json("Vorschläge, Bestätigungen und Korrekturen."), ...errors(401, 403, 404) },
      }),
      async (c) => c.json(await listDecisions(deps, c.req.param("providerId"))),
    )
    .get(
      "/:providerId/settlements/reconcile",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Jahresabgleich berechnen",
        responses: { 200: json("Der Abgleich der Jahre mit Entscheidungen, wählbaren Maßnahmen und der Seite des Benutzers."), ...errors(400, 401, 403, 404) },
      }),
      validate("query", ReconcileQuerySchema),
      async (c) => {
        const user = requireUser(c);
        const providerId = c.req.param("providerId");
        const query = c.req.valid("query");
        const fromYear = Number(query.from);
        const toYear = Number(query.to ?? query.from);
        const view = await reconcileProvider(deps.db, providerId, fromYear, toYear);
        const decisions = (await listDecisions(deps, providerId)).filter((d) => d.fromYear <= toYear && d.toYear >= fromYear);
        const answer: ReconcileAnswer = { ...view, decisions, measures: await measureChoices(deps, providerId), side: settlementSide(user, providerId) };
        return c.json(answer);
      },
    )
    .post(
      "/:providerId/settlements",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Abgleich vorschlagen",
        responses: { 201: json("Der neue Vorschlag."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", SettlementProposalSchema),
      async (c) => c.json(await proposeSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.valid("json")), 201),
    )
    .put(
      "/:providerId/settlements/:settlementId",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Vorschlag ändern",
        responses: { 200: json("Der geänderte Vorschlag."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", SettlementChangeSchema),
      async (c) => c.json(await changeSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json"))),
    )
    .post(
      "/:providerId/settlements/:settlementId/confirm",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Vorschlag bestätigen",
        responses: { 200: json("Der bestätigte oder von einer Seite bestätigte Vorschlag."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", SettlementConfirmSchema),
      async (c) => c.json(await confirmSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json").revision)),
    )
    .post(
      "/:providerId/settlements/:settlementId/correct",
      describeRoute({
        tags: [Tag.settlements],
        summary: "Bestätigte Entscheidung korrigieren",
        responses: { 201: json("Die Korrektur."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", SettlementCorrectionSchema),
      async (c) => c.json(await correctSettlement(deps, requireUser(c), c.req.param("providerId"), c.req.param("settlementId"), c.req.valid("json")), 201),
    );
}
