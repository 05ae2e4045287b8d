import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import type * as Y from "yjs";
import { DOCUMENT_FIELD, documentExtensions } from "../../shared/document/schema";
import { MeasureBlock } from "../editor/extensions/MeasureBlock";
import { KpiBlock } from "../editor/extensions/KpiBlock";
import type { KpiStore } from "../editor/kpiStore";
import { CommentHighlights, setActiveThread } from "../comments/CommentHighlights";
import { CommentSelectionButton } from "../comments/CommentSelectionButton";
import { CommentsPanel } from "../comments/CommentsPanel";
import { versionThreadSource } from "../comments/threadSource";

/** Props of {@link VersionDocument}. */
interface VersionDocumentProps {
  /** The scorecard, for comments on the version. */
  scorecardId: string;
  /** The version's document: a local Y.Doc, never connected to the server. */
  doc: Y.Doc;
  /** The version's KPI values. */
  kpis: KpiStore;
  /** Accessible name of the document. */
  label: string;
}

/**
 * A version's document in a read-only editor with the live editor's node views, so
 * measures and KPI blocks look exactly as they did, beside the comments of its time. No
 * provider and no caret: the Y.Doc only feeds the view. A comment on a selected passage
 * (the pre-read of a circulated version) is anchored to the version's Yjs items, which
 * the live document shares, so it shows at the same passage there.
 */
export function VersionDocument({ scorecardId, doc, kpis, label }: VersionDocumentProps) {
  const { t } = useTranslation();
  const threads = useMemo(() => versionThreadSource(doc), [doc]);
  const [activeThread, setActiveThreadId] = useState<string | null>(null);
  // The highlight plugin is made once per editor; it calls the current handler.
  const handleActivate = useRef<(threadId: string) => void>(() => undefined);
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions({ measure: MeasureBlock.configure({ doc, scorecardId }), kpiBlock: KpiBlock.configure({ kpis }) }),
        Collaboration.configure({ document: doc, field: DOCUMENT_FIELD }),
        CommentHighlights.configure({ source: threads, onActivate: (threadId) => handleActivate.current(threadId) }),
      ],
      editable: false,
      editorProps: { attributes: { role: "textbox", "aria-multiline": "true", "aria-label": label, "aria-readonly": "true", class: "scorecard-prose version-prose" } },
    },
    [doc, kpis, threads],
  );
  useEffect(() => {
    handleActivate.current = (threadId) => {
      setActiveThreadId(threadId);
      if (editor) setActiveThread(editor.view, threadId);
    };
  }, [editor]);

  if (!editor) return null;
  return (
    <div className="version-layout">
      <div className="scorecard-document version-document">
        <div className="editor-bars">
          <CommentSelectionButton editor={editor} scorecardId={scorecardId} />
        </div>
        <EditorContent editor={editor} />
      </div>
      <aside className="scorecard-side version-side">
        <CommentsPanel scorecardId={scorecardId} source={threads} doc={doc} editor={editor} activeThreadId={activeThread} onActivate={setActiveThreadId} note={t("comments.panel.versionNote")} />
      </aside>
    </div>
  );
}
