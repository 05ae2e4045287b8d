import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { z } from "zod";
import { AgreementSchema, ApprovalSchema, NewTalkSchema, PresenceSchema, TalkEditSchema } from "../../../shared/domain/talks";
import { AgendaMoveSchema, AgreementMeasureSchema } from "../../../shared/domain/talkMeeting";
import type { Db } from "../../persistence/db";
import type { TalkService } from "../../talks/talkService";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** What the talk routes need: structurally a part of `AppDeps` plus the talk service. */
export interface TalkRouteDeps {
  /** The database (sessions). */
  db: Db;
  /** Steering talks. */
  talks: TalkService;
}

const MailQuerySchema = z.object({ talkId: z.string().min(1).max(100).optional() });
const CandidatesQuerySchema = z.object({ scorecardId: z.string().min(1).max(100) });

/**
 * `/api/talks`: steering talks (plan, circulate, run, close) and their mail log. Talks are
 * as visible as their scorecard (404 otherwise); editing and running needs edit rights (403).
 */
export function talkRoutes(deps: TalkRouteDeps) {
  const { talks } = deps;
  return (
    new Hono<{ Variables: SessionVariables }>()
      .get(
        "/",
        describeRoute({
          tags: [Tag.talks],
          summary: "Steuerungsgespräche auflisten",
          responses: { 200: json("Die Gespräche der Scorecards, die der Benutzer lesen darf."), ...errors(401, 403) },
        }),
        async (c) => c.json(await talks.list(requireUser(c))),
      )
      .post(
        "/",
        describeRoute({ tags: [Tag.talks], summary: "Gespräch planen", responses: { 201: json("Das geplante Gespräch."), ...errors(400, 401, 403, 404) } }),
        validate("json", NewTalkSchema),
        async (c) => c.json(await talks.schedule(requireUser(c), c.req.valid("json")), 201),
      )
      // Before "/:id", which would take "mails" for an id.
      .get(
        "/mails",
        describeRoute({
          tags: [Tag.talks],
          summary: "Mail-Protokoll der Gespräche",
          responses: { 200: json("Die verschickten und geplanten Mails (`mails`)."), ...errors(400, 401, 403, 404) },
        }),
        validate("query", MailQuerySchema),
        async (c) => c.json({ mails: await talks.listMails(requireUser(c), c.req.valid("query")) }),
      )
      .get(
        "/candidates",
        describeRoute({
          tags: [Tag.talks],
          summary: "Mögliche Teilnehmende eines Gesprächs",
          responses: { 200: json("Wer zu einem Gespräch über diese Scorecard eingeladen werden kann."), ...errors(400, 401, 403, 404) },
        }),
        validate("query", CandidatesQuerySchema),
        async (c) => c.json(await talks.candidates(requireUser(c), c.req.valid("query").scorecardId)),
      )
      .get(
        "/:id",
        describeRoute({
          tags: [Tag.talks],
          summary: "Gespräch lesen",
          responses: { 200: json("Das Gespräch mit Tagesordnung, Teilnehmenden und Vereinbarungen."), ...errors(401, 403, 404) },
        }),
        async (c) => c.json(await talks.get(requireUser(c), c.req.param("id"))),
      )
      .patch(
        "/:id",
        describeRoute({
          tags: [Tag.talks],
          summary: "Gespräch ändern",
          responses: { 200: json("Das geänderte Gespräch."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", TalkEditSchema),
        async (c) => c.json(await talks.edit(requireUser(c), c.req.param("id"), c.req.valid("json"))),
      )
      .post("/:id/cancel", describeRoute({ tags: [Tag.talks], summary: "Gespräch absagen", responses: { 200: json("Das abgesagte Gespräch."), ...errors(401, 403, 404, 409) } }), async (c) =>
        c.json(await talks.cancel(requireUser(c), c.req.param("id"))),
      )
      .post(
        "/:id/circulate",
        describeRoute({
          tags: [Tag.talks],
          summary: "Vorabversand jetzt verschicken",
          responses: { 200: json("Das Gespräch nach dem Vorabversand."), ...errors(401, 403, 404, 409) },
        }),
        async (c) => c.json(await talks.circulate(requireUser(c), c.req.param("id"))),
      )
      .post("/:id/start", describeRoute({ tags: [Tag.talks], summary: "Gespräch beginnen", responses: { 200: json("Das laufende Gespräch."), ...errors(401, 403, 404, 409) } }), async (c) =>
        c.json(await talks.start(requireUser(c), c.req.param("id"))),
      )
      .post(
        "/:id/approval",
        describeRoute({
          tags: [Tag.talks],
          summary: "Protokoll des letzten Gesprächs genehmigen oder ergänzen",
          responses: { 200: json("Das Gespräch mit der Entscheidung."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", ApprovalSchema),
        async (c) => c.json(await talks.approve(requireUser(c), c.req.param("id"), c.req.valid("json"))),
      )
      .put(
        "/:id/presence",
        describeRoute({
          tags: [Tag.talks],
          summary: "Anwesenheit festhalten",
          responses: { 200: json("Das Gespräch mit der Anwesenheit."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", PresenceSchema),
        async (c) => c.json(await talks.setPresence(requireUser(c), c.req.param("id"), c.req.valid("json"))),
      )
      .put(
        "/:id/agenda-item",
        describeRoute({
          tags: [Tag.talks],
          summary: "Zu einem Tagesordnungspunkt wechseln",
          responses: { 200: json("Das Gespräch beim gewählten Punkt."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", AgendaMoveSchema),
        async (c) => c.json(await talks.moveAgenda(requireUser(c), c.req.param("id"), c.req.valid("json").index)),
      )
      .post(
        "/:id/agreements",
        describeRoute({
          tags: [Tag.talks],
          summary: "Vereinbarung festhalten",
          responses: { 201: json("Das Gespräch mit der neuen Vereinbarung."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", AgreementSchema),
        async (c) => c.json(await talks.addAgreement(requireUser(c), c.req.param("id"), c.req.valid("json")), 201),
      )
      .post(
        "/:id/agreements/:agreementId/measure",
        describeRoute({
          tags: [Tag.talks],
          summary: "Vereinbarung als Maßnahme in die Scorecard übernehmen",
          responses: { 201: json("Die Vereinbarung mit ihrer Maßnahme."), ...errors(400, 401, 403, 404, 409) },
        }),
        validate("json", AgreementMeasureSchema),
        async (c) => c.json(await talks.agreementToMeasure(requireUser(c), c.req.param("id"), c.req.param("agreementId"), c.req.valid("json")), 201),
      )
      .post(
        "/:id/close",
        describeRoute({
          tags: [Tag.talks],
          summary: "Gespräch abschließen",
          responses: { 200: json("Das abgeschlossene Gespräch."), ...errors(401, 403, 404, 409) },
        }),
        async (c) => c.json(await talks.close(requireUser(c), c.req.param("id"))),
      )
  );
}
