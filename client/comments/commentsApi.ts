/**
 * Calls of the comments API (`/api/scorecards/:id/comments…`); contract in
 * shared/domain/comments.ts. Comments are written only through these calls, never
 * through the document's connection (the server refuses that, [SYNC14]). Request and
 * response types come from the routes via `api`.
 */
import type { TFunction } from "i18next";
import type { CommentAnchor, CommentThread } from "../../shared/domain/comments";
import { api, ApiError, readJson } from "../lib/api";

const comments = api.scorecards[":id"].comments;

/** Window event announcing a thread written through this page (detail: the CommentThread). */
export const COMMENT_POSTED_EVENT = "steuerrad:comment-posted";

function announce(thread: CommentThread): CommentThread {
  window.dispatchEvent(new CustomEvent<CommentThread>(COMMENT_POSTED_EVENT, { detail: thread }));
  return thread;
}

/** How often and how long to wait when the server has not yet stored the commented text. */
const ANCHOR_RETRIES = 4;
const ANCHOR_RETRY_MS = 500;

/**
 * Lists a scorecard's threads (the live state).
 * @param id - the scorecard
 * @throws ApiError
 */
export function loadComments(id: string) {
  return readJson(comments.$get({ param: { id } }), "Kommentare laden");
}

/**
 * Starts a thread about a measure or a passage. A passage typed a moment ago may not be
 * stored yet (409 `anchor_not_stored`); the call then waits briefly and tries again.
 * @param id - the scorecard
 * @param anchor - what it is about
 * @param text - the comment or question
 * @throws ApiError
 */
export async function postComment(id: string, anchor: CommentAnchor, text: string): Promise<CommentThread> {
  for (let attempt = 0; ; attempt++) {
    try {
      return announce(await readJson(comments.$post({ param: { id }, json: { anchor, text } }), "Kommentar speichern"));
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.code === "anchor_not_stored") || attempt >= ANCHOR_RETRIES) throw caught;
      await new Promise((resolve) => setTimeout(resolve, ANCHOR_RETRY_MS));
    }
  }
}

/**
 * Replies to a thread.
 * @throws ApiError
 */
export async function postReply(id: string, threadId: string, text: string): Promise<CommentThread> {
  return announce(await readJson(comments[":threadId"].replies.$post({ param: { id, threadId }, json: { text } }), "Antwort speichern"));
}

/**
 * Marks a thread done or opens it again.
 * @throws ApiError
 */
export async function resolveComment(id: string, threadId: string, resolved: boolean): Promise<CommentThread> {
  return announce(await readJson(comments[":threadId"].resolve.$post({ param: { id, threadId }, json: { resolved } }), resolved ? "Kommentar als erledigt markieren" : "Kommentar wieder öffnen"));
}

/**
 * An API failure as a sentence in the UI's language.
 * @param caught - what the call threw
 * @param t - the translation function
 */
export function commentErrorText(caught: unknown, t: TFunction): string {
  if (caught instanceof ApiError) {
    if (caught.status === 0) return t("comments.errors.offline");
    if (caught.status === 404) return t("comments.errors.notFound");
    if (caught.code === "anchor_not_stored") return t("comments.errors.notStored");
  }
  return t("comments.errors.generic", { message: caught instanceof Error ? caught.message : String(caught) });
}
