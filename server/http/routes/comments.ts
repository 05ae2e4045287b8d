import { Hono, type Context } from "hono";
import { describeRoute } from "hono-openapi";
import { errors, json, Tag } from "../openapi/describe";
import { NewCommentSchema, NewReplySchema, ResolveCommentSchema, type CommentList, type CommentThread } from "../../../shared/domain/comments";
import { readThreads } from "../../../shared/document/comments";
import type { AppDeps } from "../../appDeps";
import { scorecardAccess } from "../../auth/permissions";
import { createCommentWriter, type CommentAuthor } from "../../comments/commentWriter";
import { scheduleQuestionMail } from "../../comments/questionMail";
import { findScorecard, type ScorecardRecord } from "../../persistence/scorecards";
import { notFound } from "../../errors";
import { requireUser, type SessionVariables } from "../middleware/session";
import { validate } from "../validation";

type Ctx = Context<{ Variables: SessionVariables }>;

/**
 * The scorecard of the path and the session's user as comment author, if the user may
 * see the scorecard; otherwise 404 (never tell what exists). Read access is enough: it is
 * the right to comment.
 */
async function commentableScorecard(c: Ctx, deps: Pick<AppDeps, "db">): Promise<{ author: CommentAuthor; scorecard: ScorecardRecord }> {
  const user = requireUser(c);
  const scorecard = await findScorecard(deps.db, c.req.param("id") ?? "");
  if (!scorecard || !scorecardAccess(user, scorecard)) throw notFound("Scorecard");
  return { author: { id: user.id, name: user.name }, scorecard };
}

/**
 * `/api/scorecards/:id/comments…`: comment threads on measures and passages. Everyone who
 * may read a scorecard may comment, reply and mark threads done; the server writes the
 * threads into the document on the user's behalf (clients may not, [SYNC14]). A new
 * question or answer schedules the mail to the other side as a job; the request sends none.
 */
export function commentRoutes(deps: Pick<AppDeps, "db" | "collab" | "logger">) {
  const writer = createCommentWriter({
    collab: deps.collab,
    async onPosted(scorecardId, threadId, replyId) {
      try {
        await scheduleQuestionMail(deps.db, { scorecardId, threadId, replyId }, Date.now());
      } catch (error) {
        // The comment is stored: failing the request now would make the client post it again.
        deps.logger.log("error", "question mail not scheduled", { scorecardId, threadId, replyId, error: (error as Error).message });
      }
    },
  });
  return new Hono<{ Variables: SessionVariables }>()
    .get(
      "/:id/comments",
      describeRoute({
        tags: [Tag.comments],
        summary: "Kommentare einer Scorecard",
        responses: { 200: json("Alle Kommentar-Threads mit ihren Antworten."), ...errors(401, 403, 404) },
      }),
      async (c) => {
        const { scorecard } = await commentableScorecard(c, deps);
        const doc = await deps.collab.readDocument(scorecard.id);
        const list: CommentList = { threads: readThreads(doc) };
        doc.destroy();
        return c.json(list);
      },
    )
    .post(
      "/:id/comments",
      describeRoute({
        tags: [Tag.comments],
        summary: "Kommentar oder Frage anlegen",
        responses: { 201: json("Der neue Thread."), ...errors(400, 401, 403, 404) },
      }),
      validate("json", NewCommentSchema),
      async (c) => {
        const { author, scorecard } = await commentableScorecard(c, deps);
        const thread: CommentThread = await writer.create(scorecard.id, author, c.req.valid("json"));
        return c.json(thread, 201);
      },
    )
    .post(
      "/:id/comments/:threadId/replies",
      describeRoute({
        tags: [Tag.comments],
        summary: "Auf einen Kommentar antworten",
        responses: { 201: json("Der Thread mit der neuen Antwort."), ...errors(400, 401, 403, 404) },
      }),
      validate("json", NewReplySchema),
      async (c) => {
        const { author, scorecard } = await commentableScorecard(c, deps);
        const thread: CommentThread = await writer.reply(scorecard.id, author, c.req.param("threadId"), c.req.valid("json").text);
        return c.json(thread, 201);
      },
    )
    .post(
      "/:id/comments/:threadId/resolve",
      describeRoute({
        tags: [Tag.comments],
        summary: "Kommentar als erledigt markieren oder wieder öffnen",
        responses: { 200: json("Der geänderte Thread."), ...errors(400, 401, 403, 404) },
      }),
      validate("json", ResolveCommentSchema),
      async (c) => {
        const { author, scorecard } = await commentableScorecard(c, deps);
        const thread: CommentThread = await writer.resolve(scorecard.id, author, c.req.param("threadId"), c.req.valid("json").resolved);
        return c.json(thread);
      },
    );
}
