import { Hono } from "hono";
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
      .get("/", (c) => c.json(talks.list(requireUser(c))))
      .post("/", validate("json", NewTalkSchema), (c) => c.json(talks.schedule(requireUser(c), c.req.valid("json")), 201))
      // Before "/:id", which would take "mails" for an id.
      .get("/mails", validate("query", MailQuerySchema), (c) => c.json({ mails: talks.listMails(requireUser(c), c.req.valid("query")) }))
      .get("/candidates", validate("query", CandidatesQuerySchema), (c) => c.json(talks.candidates(requireUser(c), c.req.valid("query").scorecardId)))
      .get("/:id", (c) => c.json(talks.get(requireUser(c), c.req.param("id"))))
      .patch("/:id", validate("json", TalkEditSchema), (c) => c.json(talks.edit(requireUser(c), c.req.param("id"), c.req.valid("json"))))
      .post("/:id/cancel", (c) => c.json(talks.cancel(requireUser(c), c.req.param("id"))))
      .post("/:id/circulate", async (c) => c.json(await talks.circulate(requireUser(c), c.req.param("id"))))
      .post("/:id/start", (c) => c.json(talks.start(requireUser(c), c.req.param("id"))))
      .post("/:id/approval", validate("json", ApprovalSchema), (c) => c.json(talks.approve(requireUser(c), c.req.param("id"), c.req.valid("json"))))
      .put("/:id/presence", validate("json", PresenceSchema), (c) => c.json(talks.setPresence(requireUser(c), c.req.param("id"), c.req.valid("json"))))
      .put("/:id/agenda-item", validate("json", AgendaMoveSchema), (c) => c.json(talks.moveAgenda(requireUser(c), c.req.param("id"), c.req.valid("json").index)))
      .post("/:id/agreements", validate("json", AgreementSchema), (c) => c.json(talks.addAgreement(requireUser(c), c.req.param("id"), c.req.valid("json")), 201))
      .post("/:id/agreements/:agreementId/measure", validate("json", AgreementMeasureSchema), (c) =>
        c.json(talks.agreementToMeasure(requireUser(c), c.req.param("id"), c.req.param("agreementId"), c.req.valid("json")), 201),
      )
      .post("/:id/close", async (c) => c.json(await talks.close(requireUser(c), c.req.param("id"))))
  );
}
