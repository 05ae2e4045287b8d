import type * as Y from "yjs";
import { MAX_REPLIES_PER_THREAD, MAX_THREADS_PER_SCORECARD, type CommentThread, type NewComment } from "../../shared/domain/comments";
import { addReply, addThread, anchorReference, commentsMap, newReplyId, newThreadId, readThread, setResolved } from "../../shared/document/comments";
import { measuresMap } from "../../shared/document/measures";
import type { CollabServer } from "../sync/CollabServer";
import { AppError, badRequest, notFound } from "../errors";

/** The person a comment is written for: always the session's user, never the request body. */
export interface CommentAuthor {
  /** User id. */
  id: string;
  /** Display name, kept with the comment. */
  name: string;
}

/** What the comment writer needs. */
export interface CommentWriterDeps {
  /** Writes into the scorecard's document through its room, attributed to the author. */
  collab: Pick<CollabServer, "change">;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * Told after a new thread or reply was stored (never for a refused write), e.g. to
   * schedule the mail to the other side; `replyId` is null for a new thread. The write
   * answers once it has finished.
   */
  onPosted?(scorecardId: string, threadId: string, replyId: string | null): void | Promise<void>;
}

/** Writes comment threads into scorecard documents on behalf of users. */
export interface CommentWriter {
  /**
   * Starts a thread about a measure or a passage.
   * @throws AppError 404 for an unknown measure, 400 for an anchor outside the document's
   *   text, 409 for an anchor on text the server has not stored yet or too many threads
   */
  create(scorecardId: string, author: CommentAuthor, comment: NewComment): Promise<CommentThread>;
  /**
   * Replies to a thread.
   * @throws AppError 404 for an unknown thread, 409 when the thread is full
   */
  reply(scorecardId: string, author: CommentAuthor, threadId: string, text: string): Promise<CommentThread>;
  /**
   * Marks a thread done, or opens it again.
   * @throws AppError 404 for an unknown thread
   */
  resolve(scorecardId: string, author: CommentAuthor, threadId: string, resolved: boolean): Promise<CommentThread>;
}

type Refusal = AppError | null;

/**
 * Creates the comment writer. Each write is one server change through the scorecard's
 * room ([SYNC10]): stored attributed to the author, then relayed to every open editor.
 * Checks run inside the change, on the live document, and refuse by writing nothing.
 * @example writer.create(scorecardId, { id: user.id, name: user.name }, { anchor: { kind: "measure", measureId }, text: "Wie ist der Stand?" })
 */
export function createCommentWriter(deps: CommentWriterDeps): CommentWriter {
  const now = deps.now ?? (() => new Date());

  /** Runs a write on the live document; `write` returns a refusal or the thread id to answer with. */
  async function run(scorecardId: string, author: CommentAuthor, write: (doc: Y.Doc) => Refusal | string): Promise<CommentThread> {
    const result: { refusal: Refusal; thread: CommentThread | null } = { refusal: null, thread: null };
    await deps.collab.change(scorecardId, author.id, (doc) => {
      const outcome = write(doc);
      if (typeof outcome === "string") result.thread = readThread(doc, outcome);
      else result.refusal = outcome;
    });
    if (result.refusal) throw result.refusal;
    if (!result.thread) throw notFound("Kommentar");
    return result.thread;
  }

  return {
    async create(scorecardId, author, comment) {
      const thread = await run(scorecardId, author, (doc) => {
        if (commentsMap(doc).size >= MAX_THREADS_PER_SCORECARD) {
          return new AppError(409, "too_many_comments", `Diese Scorecard hat bereits ${MAX_THREADS_PER_SCORECARD} Kommentare.`);
        }
        const { anchor } = comment;
        if (anchor.kind === "measure" && !measuresMap(doc).has(anchor.measureId)) return notFound("Maßnahme");
        if (anchor.kind === "text") {
          const reference = anchorReference(doc, [anchor.start, anchor.end]);
          if (reference === "elsewhere") return badRequest("anchor: does not refer to the scorecard's text");
          if (reference === "unknown") {
            return new AppError(409, "anchor_not_stored", "Die markierte Stelle ist noch nicht gespeichert. Bitte gleich noch einmal versuchen.");
          }
        }
        const id = newThreadId();
        addThread(doc, { id, anchor, createdBy: author.id, authorName: author.name, createdAt: now().toISOString(), text: comment.text });
        return id;
      });
      await deps.onPosted?.(scorecardId, thread.id, null);
      return thread;
    },

    async reply(scorecardId, author, threadId, text) {
      const replyId = newReplyId();
      const thread = await run(scorecardId, author, (doc) => {
        const replies = commentsMap(doc).get(threadId)?.get("replies") as Y.Array<unknown> | undefined;
        if (!replies) return notFound("Kommentar");
        if (replies.length >= MAX_REPLIES_PER_THREAD) {
          return new AppError(409, "too_many_replies", `Dieser Kommentar hat bereits ${MAX_REPLIES_PER_THREAD} Antworten.`);
        }
        addReply(doc, threadId, { id: replyId, createdBy: author.id, authorName: author.name, createdAt: now().toISOString(), text });
        return threadId;
      });
      await deps.onPosted?.(scorecardId, threadId, replyId);
      return thread;
    },

    resolve(scorecardId, author, threadId, resolved) {
      return run(scorecardId, author, (doc) => (setResolved(doc, threadId, resolved, author, now().toISOString()) ? threadId : notFound("Kommentar")));
    },
  };
}
