import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type * as Y from "yjs";
import type { CommentReply, CommentThread } from "../../shared/domain/comments";
import { colourForUser } from "../../shared/domain/colour";
import { bindingOf, resolveTextAnchor } from "./anchors";
import { setActiveThread } from "./CommentHighlights";
import { CommentForm } from "./CommentForm";
import { commentErrorText, postReply, resolveComment } from "./commentsApi";
import { useMeasureTitles, useThreads, type ThreadSource } from "./threadSource";
import { useLinkedThread } from "./linkedThread";
import "../comments.css";

/** Props of {@link CommentsPanel}. */
interface CommentsPanelProps {
  /** The scorecard. */
  scorecardId: string;
  /** The threads to list. */
  source: ThreadSource;
  /** The document shown (live or a version), for the measures' titles. */
  doc: Y.Doc;
  /** The editor showing it, for finding passages. */
  editor: Editor;
  /** The selected thread (its passage was clicked), or null. */
  activeThreadId: string | null;
  /** Selects a thread. */
  onActivate(threadId: string | null): void;
  /** A note under the heading, e.g. where comments on a version go. */
  note?: string;
}

/** A moment in the UI's language, e.g. "05.03.2026, 14:07". */
function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short" });
}

/** Author and time of a comment or reply: colour dot (as at the caret), name, time. */
function Byline({ userId, name, at }: { userId: string; name: string; at: string }) {
  const { i18n } = useTranslation();
  return (
    <p className="comment-byline">
      <span className="person-dot" style={{ backgroundColor: colourForUser(userId) }} aria-hidden="true" />
      <strong>{name}</strong> <time dateTime={at}>{formatTime(at, i18n.language)}</time>
    </p>
  );
}

/**
 * Comments and questions about the scorecard: open threads first, each with what it is
 * about (a passage or a measure; a click shows it), author, time, text, replies, a reply
 * field and "Erledigt"; done threads folded away. New threads and replies of others
 * appear live.
 */
export function CommentsPanel({ scorecardId, source, doc, editor, activeThreadId, onActivate, note }: CommentsPanelProps) {
  const { t } = useTranslation();
  const threads = useThreads(source);
  const titles = useMeasureTitles(doc);
  const open = threads.filter((thread) => !thread.resolved);
  const done = threads.filter((thread) => thread.resolved);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!activeThreadId) return;
    list.current?.querySelector(`[data-thread-id="${CSS.escape(activeThreadId)}"]`)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [activeThreadId]);

  function subjectOf(thread: CommentThread): string {
    if (thread.anchor.kind === "measure") return t("comments.thread.measure", { title: titles.get(thread.anchor.measureId) || t("measure.untitled") });
    return t("comments.thread.passage", { quote: thread.anchor.quote });
  }

  /** Scrolls to the thread's passage or measure and marks it; false when it is gone. */
  function handleShow(thread: CommentThread): boolean {
    onActivate(thread.id);
    setActiveThread(editor.view, thread.id);
    if (thread.anchor.kind === "measure") {
      const block = editor.view.dom.querySelector(`[data-measure-id="${CSS.escape(thread.anchor.measureId)}"]`);
      block?.scrollIntoView({ block: "center", behavior: "smooth" });
      return block !== null;
    }
    const binding = bindingOf(editor.state);
    const range = binding ? resolveTextAnchor(binding, thread.anchor) : null;
    if (!range) return false;
    const { node } = editor.view.domAtPos(range.from);
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: "center", behavior: "smooth" });
    return true;
  }

  // A link from a question mail (`?thread=`) opens its thread: unfolded if done, shown in the document, focused in the list.
  useLinkedThread(threads, (thread) => {
    const item = list.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(thread.id)}"]`);
    item?.closest("details")?.setAttribute("open", "");
    handleShow(thread);
    item?.querySelector<HTMLElement>(".comment-subject button")?.focus({ preventScroll: true });
    item?.scrollIntoView({ block: "nearest" });
  });

  return (
    <section className="comments-panel" aria-labelledby="comments-title">
      <h2 id="comments-title">
        {t("comments.panel.title")} <span className="comment-count">({t("comments.panel.openCount", { count: open.length })})</span>
      </h2>
      {note && <p className="muted comments-note">{note}</p>}
      <div ref={list}>
        {threads.length === 0 && <p className="muted">{t("comments.panel.empty")}</p>}
        <ul className="comment-threads" data-testid="comment-threads">
          {open.map((thread) => (
            <li key={thread.id}>
              <ThreadView scorecardId={scorecardId} thread={thread} subject={subjectOf(thread)} active={thread.id === activeThreadId} onShow={() => handleShow(thread)} />
            </li>
          ))}
        </ul>
        {done.length > 0 && (
          <details className="comment-done">
            <summary>{t("comments.panel.doneCount", { count: done.length })}</summary>
            <ul className="comment-threads">
              {done.map((thread) => (
                <li key={thread.id}>
                  <ThreadView scorecardId={scorecardId} thread={thread} subject={subjectOf(thread)} active={thread.id === activeThreadId} onShow={() => handleShow(thread)} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}

/** Props of {@link ThreadView}. */
interface ThreadViewProps {
  /** The scorecard. */
  scorecardId: string;
  /** The thread. */
  thread: CommentThread;
  /** What it is about, in words. */
  subject: string;
  /** Whether it is the selected thread. */
  active: boolean;
  /** Shows its passage or measure; false when that is gone. */
  onShow(): boolean;
}

/** One thread: subject, first comment, replies, reply field and "Erledigt". */
function ThreadView({ scorecardId, thread, subject, active, onShow }: ThreadViewProps) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  const [gone, setGone] = useState(false);
  // What the user just chose, shown at once; the document confirms it a moment later.
  const [choice, setChoice] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = `thread-${thread.id}`;

  useEffect(() => {
    if (choice !== null && thread.resolved === choice) setChoice(null);
  }, [choice, thread.resolved]);

  async function handleResolved(resolved: boolean) {
    setChoice(resolved);
    setError(null);
    try {
      await resolveComment(scorecardId, thread.id, resolved);
    } catch (caught) {
      setError(commentErrorText(caught, t));
      setChoice(null);
    }
  }

  return (
    <article className={`comment-thread${thread.resolved ? " resolved" : ""}${active ? " active" : ""}`} data-thread-id={thread.id} data-resolved={thread.resolved} aria-labelledby={headingId}>
      <h3 id={headingId} className="comment-subject">
        <button type="button" className="link-button" title={t("comments.thread.show")} onClick={() => setGone(!onShow())}>
          {subject}
        </button>
      </h3>
      {gone && <p className="muted comment-gone">{thread.anchor.kind === "text" ? t("comments.thread.passageGone") : t("comments.thread.measureGone")}</p>}
      <Byline userId={thread.createdBy} name={thread.authorName} at={thread.createdAt} />
      <p className="comment-text">{thread.text}</p>
      {thread.replies.length > 0 && (
        <ol className="comment-replies" aria-label={t("comments.thread.replies", { count: thread.replies.length })}>
          {thread.replies.map((reply: CommentReply) => (
            <li key={reply.id} className="comment-reply">
              <Byline userId={reply.createdBy} name={reply.authorName} at={reply.createdAt} />
              <p className="comment-text">{reply.text}</p>
            </li>
          ))}
        </ol>
      )}
      {thread.resolved && thread.resolvedByName && thread.resolvedAt && <p className="muted comment-resolved-by">{t("comments.thread.resolvedBy", { name: thread.resolvedByName })}</p>}
      <div className="comment-actions">
        <label className="comment-resolve">
          <input type="checkbox" checked={choice ?? thread.resolved} disabled={choice !== null} onChange={(event) => void handleResolved(event.target.checked)} />
          {t("comments.thread.resolved")}
        </label>
        {!replying && (
          <button type="button" onClick={() => setReplying(true)}>
            {t("comments.thread.reply")}
          </button>
        )}
      </div>
      <p className="comment-error" role="alert">
        {error ?? ""}
      </p>
      {replying && (
        <CommentForm
          label={t("comments.form.replyLabel")}
          submitLabel={t("comments.form.sendReply")}
          autoFocus
          onCancel={() => setReplying(false)}
          onSubmit={async (text) => {
            await postReply(scorecardId, thread.id, text);
            setReplying(false);
          }}
        />
      )}
    </article>
  );
}
