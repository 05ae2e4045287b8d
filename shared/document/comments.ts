import * as Y from "yjs";
import { CommentAnchorSchema, type CommentAnchor, type CommentReply, type CommentThread, type RelativePositionJson } from "../domain/comments";
import { DOCUMENT_FIELD } from "./schema";

/**
 * Comment threads live in the top-level map `comments` of the scorecard's document, keyed
 * by thread id, so every version freezes the comments of its time and every connected
 * client sees new ones at once. Only the server writes them (through the comments API);
 * the collaboration server refuses a client's update that touches this map ([SYNC14]).
 */
export const COMMENTS_MAP = "comments";

/** The map of all threads of a document. */
export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(COMMENTS_MAP);
}

/** A new random thread id. */
export function newThreadId(): string {
  return `c-${crypto.randomUUID()}`;
}

/** A new random reply id. */
export function newReplyId(): string {
  return `r-${crypto.randomUUID()}`;
}

/** What a new thread starts with. */
export interface NewThread {
  /** The thread's id. */
  id: string;
  /** What it is about. */
  anchor: CommentAnchor;
  /** The author's user id. */
  createdBy: string;
  /** The author's name. */
  authorName: string;
  /** ISO time. */
  createdAt: string;
  /** The comment or question. */
  text: string;
}

/**
 * Adds a thread. Call it on the server only, inside the change that stores it.
 * @param doc - the scorecard document
 * @param thread - the thread's first comment and anchor
 */
export function addThread(doc: Y.Doc, thread: NewThread): void {
  const entry = new Y.Map<unknown>();
  doc.transact(() => {
    commentsMap(doc).set(thread.id, entry);
    entry.set("id", thread.id);
    entry.set("anchor", thread.anchor);
    entry.set("createdBy", thread.createdBy);
    entry.set("authorName", thread.authorName);
    entry.set("createdAt", thread.createdAt);
    entry.set("text", thread.text);
    entry.set("resolved", false);
    entry.set("resolvedBy", null);
    entry.set("resolvedByName", null);
    entry.set("resolvedAt", null);
    entry.set("replies", new Y.Array<Y.Map<unknown>>());
  });
}

/**
 * Appends a reply to a thread.
 * @returns false when there is no such thread
 */
export function addReply(doc: Y.Doc, threadId: string, reply: CommentReply): boolean {
  const replies = commentsMap(doc).get(threadId)?.get("replies");
  if (!(replies instanceof Y.Array)) return false;
  const entry = new Y.Map<unknown>();
  doc.transact(() => {
    entry.set("id", reply.id);
    entry.set("createdBy", reply.createdBy);
    entry.set("authorName", reply.authorName);
    entry.set("createdAt", reply.createdAt);
    entry.set("text", reply.text);
    (replies as Y.Array<Y.Map<unknown>>).push([entry]);
  });
  return true;
}

/**
 * Marks a thread done or opens it again; a thread already in that state is left alone.
 * @param by - who does it (recorded when marking done)
 * @param at - ISO time
 * @returns false when there is no such thread
 */
export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean, by: { id: string; name: string }, at: string): boolean {
  const thread = commentsMap(doc).get(threadId);
  if (!thread) return false;
  if (thread.get("resolved") === resolved) return true;
  doc.transact(() => {
    thread.set("resolved", resolved);
    thread.set("resolvedBy", resolved ? by.id : null);
    thread.set("resolvedByName", resolved ? by.name : null);
    thread.set("resolvedAt", resolved ? at : null);
  });
  return true;
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function nullableString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function readReply(entry: unknown): CommentReply | null {
  if (!(entry instanceof Y.Map)) return null;
  return {
    id: stringOf(entry.get("id")),
    createdBy: stringOf(entry.get("createdBy")),
    authorName: stringOf(entry.get("authorName")),
    createdAt: stringOf(entry.get("createdAt")),
    text: stringOf(entry.get("text")),
  };
}

/**
 * Reads one thread as plain data.
 * @returns the thread, or null when there is none or its anchor is malformed
 */
export function readThread(doc: Y.Doc, threadId: string): CommentThread | null {
  const thread = commentsMap(doc).get(threadId);
  if (!(thread instanceof Y.Map)) return null;
  const anchor = CommentAnchorSchema.safeParse(thread.get("anchor"));
  if (!anchor.success) return null;
  const replies = thread.get("replies");
  return {
    id: threadId,
    anchor: anchor.data,
    createdBy: stringOf(thread.get("createdBy")),
    authorName: stringOf(thread.get("authorName")),
    createdAt: stringOf(thread.get("createdAt")),
    text: stringOf(thread.get("text")),
    resolved: thread.get("resolved") === true,
    resolvedBy: nullableString(thread.get("resolvedBy")),
    resolvedByName: nullableString(thread.get("resolvedByName")),
    resolvedAt: nullableString(thread.get("resolvedAt")),
    replies: replies instanceof Y.Array ? replies.toArray().flatMap((entry) => readReply(entry) ?? []) : [],
  };
}

/**
 * Every thread of a document: open ones first, each group oldest first.
 * @param doc - the scorecard document (live or a version)
 */
export function readThreads(doc: Y.Doc): CommentThread[] {
  const threads = Array.from(commentsMap(doc).keys()).flatMap((id) => readThread(doc, id) ?? []);
  return threads.sort((a, b) => Number(a.resolved) - Number(b.resolved) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Whether a Yjs transaction changed anything in the comments map or below it, e.g. a
 * client's update that adds, edits or deletes a thread.
 * @param transaction - a finished or running transaction
 */
export function changesComments(transaction: Y.Transaction): boolean {
  const comments = transaction.doc.share.get(COMMENTS_MAP);
  if (!comments) return false;
  for (const type of transaction.changed.keys()) {
    // Yjs records only types that existed before the transaction, so a new thread shows
    // as a change of the comments map itself, a new reply as one of its replies array.
    for (let current: SharedType | null = type; current; current = parentOf(current)) {
      if (current === comments) return true;
    }
  }
  return false;
}

/** Any shared type of a document, as Yjs types them (`Transaction.changed`, `Item.parent`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs's own typing, invariant in its event type
type SharedType = Y.AbstractType<any>;

function parentOf(type: SharedType): SharedType | null {
  const parent = type._item?.parent;
  return parent instanceof Y.AbstractType ? parent : null;
}

/** What a text anchor's positions refer to in a document. */
export type AnchorReference = "document" | "unknown" | "elsewhere";

/**
 * Checks that a text anchor's positions refer to the document's text (the fragment
 * `default`): "document" when they do (or to text of it that was deleted since),
 * "unknown" when they name items this document does not have yet (a client's change
 * not yet stored), "elsewhere" when they point into another part of the document.
 * @param doc - the live document
 * @param positions - the anchor's start and end
 */
export function anchorReference(doc: Y.Doc, positions: RelativePositionJson[]): AnchorReference {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  let result: AnchorReference = "document";
  for (const position of positions) {
    if (position.tname !== undefined && (position.tname !== DOCUMENT_FIELD || position.type !== undefined)) return "elsewhere";
    for (const id of [position.type, position.item]) {
      if (!id) continue;
      if (Y.getState(doc.store, id.client) <= id.clock) {
        result = "unknown";
        continue;
      }
      const struct = Y.getItem(doc.store, Y.createID(id.client, id.clock));
      // Garbage-collected content was deleted; its parent is no longer known, and the
      // thread keeps its quote.
      if (struct instanceof Y.Item && !Y.isParentOf(fragment, struct)) return "elsewhere";
    }
  }
  return result;
}
