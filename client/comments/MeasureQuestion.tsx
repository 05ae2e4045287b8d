import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { CommentForm } from "./CommentForm";
import { postComment } from "./commentsApi";
import { useOpenMeasureThreadCount } from "./threadSource";
import "../comments.css";

/** Props of {@link MeasureQuestion}. */
interface MeasureQuestionProps {
  /** The scorecard. */
  scorecardId: string;
  /** The document holding the measure (live or a version). */
  doc: Y.Doc;
  /** The measure. */
  measureId: string;
  /** Its title, for the button's accessible name. */
  title: string;
}

/**
 * "Frage stellen" on a measure: a question or comment about the whole measure, for
 * everyone who sees it (read-only participants too), with the number of open ones.
 */
export function MeasureQuestion({ scorecardId, doc, measureId, title }: MeasureQuestionProps) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  const openCount = useOpenMeasureThreadCount(doc, measureId);
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState("");

  function handleClose(message = "") {
    setAsking(false);
    setStatus(message);
    button.current?.focus();
  }

  return (
    <div className="measure-question">
      <div className="measure-question-row">
        <button ref={button} type="button" aria-label={`${t("comments.measure.ask")}: ${title}`} aria-expanded={asking} onClick={() => (asking ? handleClose() : (setStatus(""), setAsking(true)))}>
          {t("comments.measure.ask")}
        </button>
        {openCount > 0 && <span className="measure-question-count">{t("comments.measure.openCount", { count: openCount })}</span>}
        <span className="comment-bar-status" role="status">
          {status}
        </span>
      </div>
      {asking && (
        <CommentForm
          label={t("comments.measure.label", { title })}
          submitLabel={t("comments.form.send")}
          autoFocus
          onCancel={() => handleClose()}
          onSubmit={async (text) => {
            await postComment(scorecardId, { kind: "measure", measureId }, text);
            handleClose(t("comments.form.sent"));
          }}
        />
      )}
    </div>
  );
}
