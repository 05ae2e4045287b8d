import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import type { Me } from "../../shared/domain/user";
import { DOCUMENT_FIELD, documentExtensions } from "../../shared/document/schema";
import type { CollaborationSession } from "./collaboration";
import { MeasureBlock } from "./extensions/MeasureBlock";
import { KpiBlock } from "./extensions/KpiBlock";
import { SlashMenu } from "./extensions/SlashMenu";
import { KeepSelectedBlocks } from "./extensions/KeepSelectedBlocks";
import { MeasureOverview } from "./MeasureOverview";
import { OutlinePanel } from "./OutlinePanel";
import { RedKpiPanel } from "./RedKpiPanel";
import { CommentHighlights, setActiveThread } from "../comments/CommentHighlights";
import { CommentSelectionButton } from "../comments/CommentSelectionButton";
import { CommentsPanel } from "../comments/CommentsPanel";
import { docThreadSource } from "../comments/threadSource";
import { measureIdFromHash, revealMeasure } from "./measureLink";
import { PrintHeader } from "./PrintHeader";
import { LinkIcon, TableIcon } from "./toolbarIcons";
import "../print.css";

/** Props of the editor. */
interface ScorecardEditorProps {
  /** The open scorecard. */
  session: CollaborationSession;
  /** The logged-in user, shown to others at the caret. */
  me: Me;
  /** Whether the user may change the document. */
  editable: boolean;
  /** Shown in the right-hand column (presence), above the comments. */
  aside: ReactNode;
}

/** Another person's caret: a coloured bar with their name, readable by screen readers too. */
function renderCaret(user: Record<string, string>): HTMLElement {
  const caret = document.createElement("span");
  caret.className = "collaboration-carets__caret";
  caret.style.borderColor = user.color;
  caret.setAttribute("data-user", user.name);
  const label = document.createElement("span");
  label.className = "collaboration-carets__label";
  label.style.backgroundColor = user.color;
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

/**
 * The working area of a scorecard: the outline of perspectives and goals, the live
 * collaborative editor (Tiptap on the shared Yjs document), the side column and the
 * measure overview derived from the document.
 */
export function ScorecardEditor({ session, me, editable, aside }: ScorecardEditorProps) {
  const { t } = useTranslation();
  const threads = useMemo(() => docThreadSource(session.doc), [session.doc]);
  const [activeThread, setActiveThreadId] = useState<string | null>(null);
  // The highlight plugin is made once per editor; it calls the current handler.
  const handleActivate = useRef<(threadId: string) => void>(() => undefined);
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions({ measure: MeasureBlock.configure({ doc: session.doc, scorecardId: session.scorecardId }), kpiBlock: KpiBlock.configure({ kpis: session.kpis }) }),
        SlashMenu,
        KeepSelectedBlocks,
        CommentHighlights.configure({ source: threads, onActivate: (threadId) => handleActivate.current(threadId) }),
        Collaboration.configure({ document: session.doc, field: DOCUMENT_FIELD }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { id: me.id, name: me.name, color: me.colour },
          render: renderCaret,
        }),
      ],
      editable,
      editorProps: { attributes: { "aria-label": t("editor.document"), class: "scorecard-prose" } },
    },
    [session],
  );
  useEffect(() => {
    handleActivate.current = (threadId) => {
      setActiveThreadId(threadId);
      if (editor) setActiveThread(editor.view, threadId);
    };
  }, [editor]);

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  // A link to a measure (`#measure-<id>`, e.g. from a talk's "Maßnahmen ohne Stand") opens its card.
  useEffect(() => {
    if (!editor) return;
    const handleHash = () => {
      const measureId = measureIdFromHash(location.hash);
      if (measureId) revealMeasure(editor, measureId, { openIn: session.doc });
    };
    handleHash();
    // The app's own links change the address by pushState, which fires no hashchange.
    window.addEventListener("hashchange", handleHash);
    window.addEventListener("popstate", handleHash);
    return () => {
      window.removeEventListener("hashchange", handleHash);
      window.removeEventListener("popstate", handleHash);
    };
  }, [editor, session.doc]);

  if (!editor) return null;
  return (
    <>
      <div className="scorecard-layout with-comments">
        <OutlinePanel editor={editor} editable={editable} />
        {/* "Zum Inhalt springen" lands here (App.tsx): past the outline, in the text itself. */}
        <div className="scorecard-document" data-skip-target tabIndex={-1}>
          <PrintHeader />
          <div className="editor-bars">
            {editable && <Toolbar editor={editor} />}
            {/* Read-only participants comment too: that is their part in the pre-read. */}
            <CommentSelectionButton editor={editor} scorecardId={session.provider.roomname} />
          </div>
          <EditorContent editor={editor} />
        </div>
        <aside className="scorecard-side">
          {aside}
          <CommentsPanel scorecardId={session.provider.roomname} source={threads} doc={session.doc} editor={editor} activeThreadId={activeThread} onActivate={setActiveThreadId} />
        </aside>
      </div>
      <RedKpiPanel editor={editor} doc={session.doc} kpis={session.kpis} />
      <MeasureOverview editor={editor} doc={session.doc} />
    </>
  );
}

/** Sets a link on the selection (asking for the address), or removes the one there. */
function toggleLink(editor: Editor, prompt: string): void {
  if (editor.isActive("link")) {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    return;
  }
  const href = window.prompt(prompt, "https://")?.trim();
  if (!href || href === "https://") return;
  // Only web and mail links: a "javascript:" address must never become clickable.
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return;
  editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
}

/**
 * A toolbar button's accessible name: its action in words, after the visible letters (such as "H2"),
 * so people using speech input can say what they see (WCAG 2.5.3).
 * @param text - what the button shows (an icon says nothing to speech input)
 * @param label - the action in words
 */
function spokenName(text: ReactNode, label: string): string {
  return typeof text === "string" && /[\p{L}\p{N}]/u.test(text) && !label.toLowerCase().startsWith(text.toLowerCase()) ? `${text} – ${label}` : label;
}

/** Formatting buttons; each states its action in words and its pressed state. */
function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      link: e.isActive("link"),
    }),
  });
  const buttons: { label: string; text: ReactNode; pressed: boolean; run(): void }[] = [
    { label: t("editor.bold"), text: "B", pressed: active.bold, run: () => editor.chain().focus().toggleBold().run() },
    { label: t("editor.italic"), text: "I", pressed: active.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { label: t("editor.heading2"), text: "H2", pressed: active.h2, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { label: t("editor.heading3"), text: "H3", pressed: active.h3, run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
    { label: t("editor.bulletList"), text: "•", pressed: active.bullet, run: () => editor.chain().focus().toggleBulletList().run() },
    { label: t("editor.orderedList"), text: "1.", pressed: active.ordered, run: () => editor.chain().focus().toggleOrderedList().run() },
    { label: t("editor.link"), text: <LinkIcon />, pressed: active.link, run: () => toggleLink(editor, t("editor.linkPrompt")) },
    { label: t("editor.table"), text: <TableIcon />, pressed: false, run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
  ];
  return (
    <div className="toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
      <button type="button" className="insert" title={t("measure.insert")} onClick={() => editor.chain().focus().insertMeasure({}).run()}>
        + {t("measure.kind")}
      </button>
      <button type="button" className="insert" title={t("kpi.insert")} onClick={() => editor.chain().focus().insertKpiBlock().run()}>
        + {t("kpi.kind")}
      </button>
      {buttons.map((button) => (
        <button key={button.label} type="button" aria-label={spokenName(button.text, button.label)} title={button.label} aria-pressed={button.pressed} onClick={button.run}>
          {button.text}
        </button>
      ))}
      <button type="button" aria-label={t("editor.undo")} title={t("editor.undo")} onClick={() => editor.chain().focus().undo().run()}>
        ↶
      </button>
      <button type="button" aria-label={t("editor.redo")} title={t("editor.redo")} onClick={() => editor.chain().focus().redo().run()}>
        ↷
      </button>
    </div>
  );
}
