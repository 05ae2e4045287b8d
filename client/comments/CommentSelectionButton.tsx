import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState, type Editor } from "@tiptap/react";
import type { TextAnchor } from "../../shared/domain/comments";
import { bindingOf, passageQuote, textAnchorFromRange } from "./anchors";
import { CommentForm } from "./CommentForm";
import { postComment } from "./commentsApi";
import "../comments.css";

/** Props of {@link CommentSelectionButton}. */
interface CommentSelectionButtonProps {
  /** The editor whose selection is commented (live or a version, editable or not). */
  editor: Editor;
  /** The scorecard. */
  scorecardId: string;
}

/**
 * "Kommentieren": comments on the selected passage. Shown to everyone who sees the
 * document, read-only participants included; disabled without a selection. The anchor
 * is taken when the form opens, so the passage stays the same while others edit.
 */
export function CommentSelectionButton({ editor, scorecardId }: CommentSelectionButtonProps) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<TextAnchor | null>(null);
  const [status, setStatus] = useState("");
  const hasPassage = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { from, to } = e.state.selection;
      return to > from && passageQuote(e.state.doc, { from, to }) !== "";
    },
  });

  function handleOpen() {
    const binding = bindingOf(editor.state);
    const { from, to } = editor.state.selection;
    const anchor = binding ? textAnchorFromRange(binding, editor.state.doc, { from, to }) : null;
    setStatus(anchor ? "" : t("comments.select.noPassage"));
    setDraft(anchor);
  }

  function handleClose(message = "") {
    setDraft(null);
    setStatus(message);
    button.current?.focus();
  }

  return (
    <div className="comment-bar">
      <button
        ref={button}
        type="button"
        className="comment-button"
        aria-expanded={draft !== null}
        disabled={!hasPassage && draft === null}
        title={hasPassage ? t("comments.select.title") : t("comments.select.needsSelection")}
        onClick={() => (draft ? handleClose() : handleOpen())}
      >
        {t("comments.select.button")}
      </button>
      {!hasPassage && draft === null && <span className="muted comment-bar-hint">{t("comments.select.needsSelection")}</span>}
      <span className="comment-bar-status" role="status">
        {status}
      </span>
      {draft && (
        <CommentForm
          label={t("comments.form.commentLabel")}
          submitLabel={t("comments.form.send")}
          context={t("comments.form.about", { quote: draft.quote })}
          autoFocus
          onCancel={() => handleClose()}
          onSubmit={async (text) => {
            await postComment(scorecardId, draft, text);
            handleClose(t("comments.form.sent"));
          }}
        />
      )}
    </div>
  );
}
