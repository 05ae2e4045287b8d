import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type { Node as PMNode } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import { readOutline, type OutlinePerspective } from "../../shared/document/outline";
import type { DocumentJson } from "../../shared/document/schema";
import { applySectionMove, documentContentEnd, findSection, headingLevel, insertSection, planSectionMove, removeSection, topLevelPos, type MoveDirection } from "./sectionMoves";
import "../structure.css";

/** Props of the outline panel. */
interface OutlinePanelProps {
  /** The scorecard's editor; the outline is read from and changes are made in its document. */
  editor: Editor;
  /** Whether the user may change the document: shows the move, remove and add buttons. */
  editable: boolean;
}

/** A perspective (level 2) or a goal (level 3). */
type ItemKind = "perspective" | "goal";

const LEVEL: Record<ItemKind, number> = { perspective: 2, goal: 3 };

/** Where focus goes once the outline has re-rendered after a change made from it. */
interface PendingFocus {
  /** Top-level index of the item, or null for the panel's heading. */
  index: number | null;
  /** The item's button to focus; the opposite move or its title button when that one is disabled. */
  action: MoveDirection | "go";
}

function readPerspectives(editor: Editor): OutlinePerspective[] {
  return readOutline(editor.getJSON() as DocumentJson).perspectives;
}

function isHeadingAt(doc: PMNode, index: number, level: number): boolean {
  return index >= 0 && index < doc.childCount && headingLevel(doc.child(index)) === level;
}

/** Scrolls the node at a position to the middle of the screen. */
function revealPos(editor: Editor, pos: number): void {
  const element = editor.view.nodeDOM(pos);
  // jsdom has no scrollIntoView; a browser always does.
  if (element instanceof HTMLElement && typeof element.scrollIntoView === "function") element.scrollIntoView({ block: "center" });
}

/**
 * The scorecard's outline: perspectives (level-2 headings) and their goals (level-3
 * headings), read live from the document. Selecting an entry jumps to its heading; with
 * `editable`, sections can be moved, removed and added from here (renaming happens in the
 * document).
 */
export function OutlinePanel({ editor, editable }: OutlinePanelProps) {
  const { t } = useTranslation();
  const [perspectives, setPerspectives] = useState<OutlinePerspective[]>(() => readPerspectives(editor));
  const navRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pendingFocus = useRef<PendingFocus | null>(null);

  useEffect(() => {
    const handleUpdate = () => setPerspectives(readPerspectives(editor));
    editor.on("update", handleUpdate);
    handleUpdate();
    return () => {
      editor.off("update", handleUpdate);
    };
  }, [editor]);

  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    pendingFocus.current = null;
    if (pending.index === null) {
      headingRef.current?.focus();
      return;
    }
    const find = (action: string) => navRef.current?.querySelector<HTMLButtonElement>(`[data-outline-index="${pending.index}"][data-outline-action="${action}"]`) ?? null;
    // At the end of its list, the opposite move is the useful next key press.
    const opposite = pending.action === "up" ? "down" : pending.action === "down" ? "up" : "go";
    const target = [find(pending.action), find(opposite), find("go")].find((button) => button && !button.disabled);
    (target ?? headingRef.current)?.focus();
  }, [perspectives]);

  const handleGoTo = (index: number) => {
    const { doc } = editor.state;
    if (index >= doc.childCount) return;
    const pos = topLevelPos(doc, index);
    // The caret goes to the end of the heading's text, ready for renaming.
    editor.commands.setTextSelection(pos + doc.child(index).nodeSize - 1);
    revealPos(editor, pos);
    editor.view.focus();
  };

  const handleMove = (kind: ItemKind, index: number, direction: MoveDirection) => {
    const { doc } = editor.state;
    if (!isHeadingAt(doc, index, LEVEL[kind])) return;
    const move = planSectionMove(doc, index, direction);
    if (!move) return;
    pendingFocus.current = { index: move.newIndex, action: direction };
    editor.commands.command(({ tr }) => {
      applySectionMove(tr, move);
      return true;
    });
  };

  const handleRemove = (kind: ItemKind, index: number, title: string) => {
    if (!window.confirm(t(`structure.outline.${kind}.confirmRemove`, { title }))) return;
    if (!isHeadingAt(editor.state.doc, index, LEVEL[kind])) return;
    pendingFocus.current = { index: null, action: "go" };
    editor.commands.command(({ tr }) => removeSection(tr, index));
  };

  const addSection = (pos: number, level: number, title: string) => {
    editor.commands.command(({ tr }) => {
      const at = insertSection(tr, pos, level, title);
      // Select the placeholder title so typing replaces it.
      tr.setSelection(TextSelection.create(tr.doc, at + 1, at + 1 + title.length));
      return true;
    });
    revealPos(editor, pos);
    editor.view.focus();
  };

  const handleAddGoal = (perspectiveIndex: number) => {
    const section = isHeadingAt(editor.state.doc, perspectiveIndex, LEVEL.perspective) ? findSection(editor.state.doc, perspectiveIndex) : null;
    if (section) addSection(section.to, LEVEL.goal, t("structure.outline.newGoal"));
  };

  const handleAddPerspective = () => addSection(documentContentEnd(editor.state.doc), LEVEL.perspective, t("structure.outline.newPerspective"));

  const { doc } = editor.state;

  const renderActions = (kind: ItemKind, index: number, title: string) => (
    <span className="outline-actions">
      {(["up", "down"] as const).map((direction) => {
        const label = t(`structure.outline.${kind}.${direction}`, { title });
        return (
          <button
            key={direction}
            type="button"
            aria-label={label}
            title={label}
            data-outline-index={index}
            data-outline-action={direction}
            disabled={planSectionMove(doc, index, direction) === null}
            onClick={() => handleMove(kind, index, direction)}
          >
            <span aria-hidden="true">{direction === "up" ? "↑" : "↓"}</span>
          </button>
        );
      })}
      {kind === "perspective" && (
        <button
          type="button"
          aria-label={t("structure.outline.perspective.addGoal", { title })}
          title={t("structure.outline.perspective.addGoal", { title })}
          data-outline-index={index}
          data-outline-action="addGoal"
          onClick={() => handleAddGoal(index)}
        >
          <span aria-hidden="true">+</span>
        </button>
      )}
      <button
        type="button"
        className="outline-remove"
        aria-label={t(`structure.outline.${kind}.remove`, { title })}
        title={t(`structure.outline.${kind}.remove`, { title })}
        data-outline-index={index}
        data-outline-action="remove"
        onClick={() => handleRemove(kind, index, title)}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </span>
  );

  // The titles are the scorecard's German text: `lang` lets the browser hyphenate them at syllables.
  const renderEntry = (index: number, title: string) => (
    <button type="button" className="outline-entry" lang="de" data-outline-index={index} data-outline-action="go" onClick={() => handleGoTo(index)}>
      {title}
    </button>
  );

  return (
    <nav className="outline-panel" aria-label={t("structure.outline.title")} ref={navRef}>
      <h2 ref={headingRef} tabIndex={-1}>
        {t("structure.outline.title")}
      </h2>
      {editable && <p className="outline-hint">{t("structure.outline.hint")}</p>}
      {perspectives.length === 0 ? (
        <p className="outline-empty">{t("structure.outline.empty")}</p>
      ) : (
        <ol className="outline-perspectives">
          {perspectives.map((perspective) => {
            // readOutline gives goals before the first perspective an untitled stand-in without a heading.
            const real = isHeadingAt(doc, perspective.index, LEVEL.perspective);
            const title = real ? perspective.title.trim() || t("structure.outline.untitledPerspective") : t("structure.outline.withoutPerspective");
            return (
              <li key={perspective.index} className="outline-perspective">
                <div className="outline-row">
                  {real ? renderEntry(perspective.index, title) : <span className="outline-entry outline-entry--plain">{title}</span>}
                  {editable && real && renderActions("perspective", perspective.index, title)}
                </div>
                {perspective.goals.length > 0 && (
                  <ol className="outline-goals" aria-label={t("structure.outline.goalsOf", { title })}>
                    {perspective.goals.map((goal) => {
                      const goalTitle = goal.title.trim() || t("structure.outline.untitledGoal");
                      return (
                        <li key={goal.index} className="outline-goal">
                          <div className="outline-row">
                            {renderEntry(goal.index, goalTitle)}
                            {editable && renderActions("goal", goal.index, goalTitle)}
                          </div>
                        </li>
                      );
                    })}
                  </ol>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {editable && (
        <button type="button" className="outline-add-perspective" onClick={handleAddPerspective}>
          <span aria-hidden="true">+ </span>
          {t("structure.outline.addPerspective")}
        </button>
      )}
    </nav>
  );
}
