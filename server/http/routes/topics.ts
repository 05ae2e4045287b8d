import { Hono } from "hono";
import { NewTopicSchema, TopicDiscussionSchema, TopicEditSchema, TopicPlanSchema, TopicPromoteSchema, TopicStatusChangeSchema } from "../../../shared/domain/topics";
import type { AppDeps } from "../../app";
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
    .get("/:id/topics", (c) => c.json(topics.list(requireUser(c), c.req.param("id"))))
    .post("/:id/topics", validate("json", NewTopicSchema), (c) => c.json(topics.raise(requireUser(c), c.req.param("id"), c.req.valid("json")), 201))
    .patch("/:id/topics/:topicId", validate("json", TopicEditSchema), (c) => c.json(topics.edit(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json"))))
    .post("/:id/topics/:topicId/plan", validate("json", TopicPlanSchema), (c) =>
      c.json(topics.plan(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json").talkId)),
    )
    .post("/:id/topics/:topicId/unplan", (c) => c.json(topics.unplan(requireUser(c), c.req.param("id"), c.req.param("topicId"))))
    .post("/:id/topics/:topicId/status", validate("json", TopicStatusChangeSchema), (c) =>
      c.json(topics.setStatus(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json"))),
    )
    .post("/:id/topics/:topicId/discussion", validate("json", TopicDiscussionSchema), (c) =>
      c.json(topics.discuss(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json")), 201),
    )
    .post("/:id/topics/:topicId/promote", validate("json", TopicPromoteSchema), (c) =>
      c.json(topics.promote(requireUser(c), c.req.param("id"), c.req.param("topicId"), c.req.valid("json")), 201),
    );
}

/** The topics API's type, for the client. */
export type TopicRoutes = ReturnType<typeof topicRoutes>;
