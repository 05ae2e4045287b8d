import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { NewTopicSchema, TopicDiscussionSchema, TopicEditSchema, TopicPlanSchema, TopicPromoteSchema, TopicStatusChangeSchema } from "../../../shared/domain/topics";
import type { AppDeps } from "../../appDeps";
import { createTopicService } from "../../topics/topicService";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

/** What the topic routes need: the database and the collaboration server (documents, pushes). */
export type TopicRouteDeps = Pick<AppDeps, "db" | "collab" | "logger">;

/**
 * `/api/scorecards/:id/topics…`: the Themenspeicher of a scorecard. Everyone who may read
 * the scorecard reads it (404 otherwise); editors of either side change it (403 for viewers).
 * Every change is pushed to the scorecard's open editors as `topicsChanged`, and to everyone
 * in a talk whose agenda it changes as `talkChanged`.
 * @param deps - database, collaboration server, log
 */
export function topicRoutes(deps: TopicRouteDeps) {
  const topics = createTopicService({ db: deps.db, collab: deps.collab, logger: deps.logger });
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/:id/topics",
      describeRoute({
        tags: [Tag.topics],
        summary: "Themenspeicher einer Scorecard",
        responses: { 200: json("Die Themen mit ihrem Verlauf."), ...errors(401, 403, 404) },
      }),
      async (c) => c.json(await topics.list(requireUser(c), c.req.param("id"))),
    )
    .post(
      "/:id/topics",
      describeRoute({ tags: [Tag.topics], summary: "Thema aufnehmen", responses: { 201: json("Das neue Thema."), ...errors(400, 401, 403, 404) } }),
      validate("json", NewTopicSchema),
      async (c) => c.json(await topics.raise(requireUser(c), c.req.param("id"), c.req.valid("json")), 201),
    )
    .patch(
      "/:id/topics/:topicId",
      describeRoute({ tags: [Tag.topics], summary: "Thema bearbeiten", responses: { 200: json("Das geänderte Thema."), ...errors(400, 401, 403, 404, 409) } }),
      validate("json", TopicEditSchema),
      async (c) => c.json(await topics.edit(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json"))),
    )
    .post(
      "/:id/topics/:topicId/plan",
      describeRoute({
        tags: [Tag.topics],
        summary: "Thema für ein Gespräch vormerken",
        responses: { 200: json("Das vorgemerkte Thema."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", TopicPlanSchema),
      async (c) => c.json(await topics.plan(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json").talkId)),
    )
    .post(
      "/:id/topics/:topicId/unplan",
      describeRoute({
        tags: [Tag.topics],
        summary: "Vormerkung eines Themas aufheben",
        responses: { 200: json("Das Thema ohne Vormerkung."), ...errors(401, 403, 404, 409) },
      }),
      async (c) => c.json(await topics.unplan(requireUser(c), c.req.param("id"), c.req.param("topicId"))),
    )
    .post(
      "/:id/topics/:topicId/status",
      describeRoute({
        tags: [Tag.topics],
        summary: "Status eines Themas ändern",
        responses: { 200: json("Das geänderte Thema."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", TopicStatusChangeSchema),
      async (c) => c.json(await topics.setStatus(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json"))),
    )
    .post(
      "/:id/topics/:topicId/discussion",
      describeRoute({
        tags: [Tag.topics],
        summary: "Besprechung eines Themas festhalten",
        responses: { 201: json("Das Thema mit der Besprechung."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", TopicDiscussionSchema),
      async (c) => c.json(await topics.discuss(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json")), 201),
    )
    .post(
      "/:id/topics/:topicId/promote",
      describeRoute({
        tags: [Tag.topics],
        summary: "Thema in eine Maßnahme oder ein Ziel überführen",
        responses: { 201: json("Das überführte Thema."), ...errors(400, 401, 403, 404, 409) },
      }),
      validate("json", TopicPromoteSchema),
      async (c) => c.json(await topics.promote(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json")), 201),
    );
}
