import { useEffect, type ReactNode } from "react";
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
import { MeasureOverview } from "./MeasureOverview";
import { OutlinePanel } from "./OutlinePanel";
import { RedKpiPanel } from "./RedKpiPanel";

/** Props of the editor. */
interface ScorecardEditorProps {
  /** The open scorecard. */
  session: CollaborationSession;
  /** The logged-in user, shown to others at the caret. */
  me: Me;
  /** Whether the user may change the document. */
  editable: boolean;
  /** Shown in the right-hand column (presence). */
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
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions({ measure: MeasureBlock.configure({ doc: session.doc }), kpiBlock: KpiBlock.configure({ kpis: session.kpis }) }),
        SlashMenu,
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
    editor?.setEditable(editable);
  }, [editor, editable]);

  if (!editor) return null;
  return (
    <>
      <div className="scorecard-layout">
        <OutlinePanel editor={editor} editable={editable} />
        <div className="scorecard-document">
          {editable && <Toolbar editor={editor} />}
          <EditorContent editor={editor} />
        </div>
        <aside className="scorecard-side">{aside}</aside>
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
  const buttons = [
    { label: t("editor.bold"), text: "B", pressed: active.bold, run: () => editor.chain().focus().toggleBold().run() },
    { label: t("editor.italic"), text: "I", pressed: active.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { label: t("editor.heading2"), text: "H2", pressed: active.h2, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { label: t("editor.heading3"), text: "H3", pressed: active.h3, run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
    { label: t("editor.bulletList"), text: "•", pressed: active.bullet, run: () => editor.chain().focus().toggleBulletList().run() },
    { label: t("editor.orderedList"), text: "1.", pressed: active.ordered, run: () => editor.chain().focus().toggleOrderedList().run() },
    { label: t("editor.link"), text: "🔗", pressed: active.link, run: () => toggleLink(editor, t("editor.linkPrompt")) },
    { label: t("editor.table"), text: "▦", pressed: false, run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
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
        <button key={button.label} type="button" aria-label={button.label} title={button.label} aria-pressed={button.pressed} onClick={button.run}>
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
