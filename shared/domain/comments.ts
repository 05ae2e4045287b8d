import { z } from "zod";

/** Most threads a scorecard holds; beyond it new threads are refused (the document must stay small). */
export const MAX_THREADS_PER_SCORECARD = 2000;

/** Most replies one thread holds. */
export const MAX_REPLIES_PER_THREAD = 500;

/** Longest comment or reply, in characters. */
export const MAX_COMMENT_LENGTH = 4000;

/** Longest quote of a passage kept with a text anchor. */
export const MAX_QUOTE_LENGTH = 1000;

const YjsIdSchema = z.object({
  /** The Yjs client that created the item. */
  client: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** The item's clock within that client. */
  clock: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

/**
 * A Yjs relative position as `Y.relativePositionToJSON` writes it: the item it sticks to
 * (or the type and its end), so it keeps its place while others edit.
 */
export const RelativePositionJsonSchema = z
  .object({
    /** The nested type the position is in (absent for a top-level type). */
    type: YjsIdSchema.optional(),
    /** The top-level type's name (absent for a nested type). */
    tname: z.string().min(1).max(100).optional(),
    /** The item the position sticks to; absent at the end of the type. */
    item: YjsIdSchema.optional(),
    /** Which side it sticks to: negative left, otherwise right. */
    assoc: z.number().int().min(-1).max(1).optional(),
  })
  .refine((position) => position.type !== undefined || position.tname !== undefined, "must name a type or a top-level type");
export type RelativePositionJson = z.infer<typeof RelativePositionJsonSchema>;

/** A thread about a whole measure. */
export const MeasureAnchorSchema = z.object({
  /** Anchored to a measure. */
  kind: z.literal("measure"),
  /** The measure's id in the `measures` map. */
  measureId: z.string().min(1).max(100),
});

/**
 * A thread about a passage of the document (the XML fragment `default`): Yjs relative
 * positions, so the passage is found again after others edited around it, also in the
 * live document when the comment was made on a version (a version is an earlier state of
 * the same document, with the same items).
 */
export const TextAnchorSchema = z.object({
  /** Anchored to a passage. */
  kind: z.literal("text"),
  /** Start of the passage. */
  start: RelativePositionJsonSchema,
  /** End of the passage. */
  end: RelativePositionJsonSchema,
  /** The passage's text when the comment was made; shown when the passage is gone. */
  quote: z.string().trim().min(1, "must not be empty").max(MAX_QUOTE_LENGTH),
});

/** What a thread is about: a measure or a passage. */
export const CommentAnchorSchema = z.discriminatedUnion("kind", [MeasureAnchorSchema, TextAnchorSchema]);
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;
export type MeasureAnchor = z.infer<typeof MeasureAnchorSchema>;
export type TextAnchor = z.infer<typeof TextAnchorSchema>;

const CommentTextSchema = z.string().trim().min(1, "must not be empty").max(MAX_COMMENT_LENGTH, `must have at most ${MAX_COMMENT_LENGTH} characters`);

/** Body of `POST /api/scorecards/:id/comments`: a new thread. The author is the session's user. */
export const NewCommentSchema = z.object({
  /** What the comment is about. */
  anchor: CommentAnchorSchema,
  /** The comment or question. */
  text: CommentTextSchema,
});
export type NewComment = z.infer<typeof NewCommentSchema>;

/** Body of `POST /api/scorecards/:id/comments/:threadId/replies`. */
export const NewReplySchema = z.object({
  /** The reply. */
  text: CommentTextSchema,
});

/** Body of `POST /api/scorecards/:id/comments/:threadId/resolve`. */
export const ResolveCommentSchema = z.object({
  /** True marks the thread done ("Erledigt"), false opens it again. */
  resolved: z.boolean(),
});

/** One reply in a thread. */
export interface CommentReply {
  /** Stable id. */
  id: string;
  /** The author's user id, set by the server from the session. */
  createdBy: string;
  /** The author's name at the time. */
  authorName: string;
  /** ISO time. */
  createdAt: string;
  /** The reply's text. */
  text: string;
}

/** A comment thread as plain data, as the document holds it and the API answers. */
export interface CommentThread {
  /** Stable id. */
  id: string;
  /** What it is about. */
  anchor: CommentAnchor;
  /** The author's user id, set by the server from the session. */
  createdBy: string;
  /** The author's name at the time. */
  authorName: string;
  /** ISO time. */
  createdAt: string;
  /** The comment or question. */
  text: string;
  /** Whether someone marked it done. */
  resolved: boolean;
  /** Who marked it done (user id), or null. */
  resolvedBy: string | null;
  /** Their name at the time, or null. */
  resolvedByName: string | null;
  /** ISO time it was marked done, or null. */
  resolvedAt: string | null;
  /** Replies, oldest first. */
  replies: CommentReply[];
}

/** Answer of `GET /api/scorecards/:id/comments`. */
export interface CommentList {
  /** Every thread, open ones first, each group oldest first. */
  threads: CommentThread[];
}
