import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { NodeViewWrapper, useEditorState, type ReactNodeViewProps } from "@tiptap/react";
import type * as Y from "yjs";
import { isOverdue, measuresMap, readMeasure, type Measure } from "../../shared/document/measures";
import { MeasureCard } from "./MeasureCard";
import { MeasureLine } from "./MeasureLine";
import { closeMeasure, openMeasure, takeFocusWish, useMeasureOpen } from "./measureOpenState";
import { localToday } from "./measureSummary";

/** Options of the client's measure block. */
export interface MeasureBlockOptions {
  /** The scorecard's document, which holds the measures' data. */
  doc: Y.Doc | null;
  /** The scorecard, for the measure's history and questions (the node view knows only its document). */
  scorecardId: string | null;
}

/** Subscribes to one measure's data in the measures map. */
function useMeasure(doc: Y.Doc | null, id: string | null): Measure | null {
  const [measure, setMeasure] = useState<Measure | null>(() => (doc && id ? readMeasure(doc, id) : null));
  useEffect(() => {
    if (!doc || !id) return;
    const map = measuresMap(doc);
    const handleChange = () => setMeasure(readMeasure(doc, id));
    handleChange();
    map.observeDeep(handleChange);
    return () => map.unobserveDeep(handleChange);
  }, [doc, id]);
  return measure;
}

/** The first field of a card a person would want to type in, else its first control. */
function firstField(card: HTMLElement | null): HTMLElement | null {
  return card?.querySelector<HTMLElement>("input, select, textarea, [contenteditable='true']") ?? card?.querySelector<HTMLElement>("button, a[href]") ?? null;
}

/**
 * A measure in the document: a compact line that reads like minutes (see
 * {@link MeasureLine}), and on click or Enter its card with every field (see
 * {@link MeasureCard}); Escape or "Schließen" closes it. Whether the card is open is this
 * browser's own state, never the shared document's, so co-editors each open what they
 * need; both the line and an open card follow every remote change live.
 */
export function MeasureView({ node, editor, extension }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const { doc, scorecardId } = extension.options as MeasureBlockOptions;
  const id = node.attrs.measureId as string | null;
  const measure = useMeasure(doc, id);
  // Re-rendered when the server changes the access: node views are not re-rendered otherwise.
  const editable = useEditorState({ editor, selector: ({ editor: e }) => e.isEditable });
  const { open, wish } = useMeasureOpen(doc, id);
  const cardId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!doc || !id || wish === 0) return;
    const target = takeFocusWish(doc, id);
    if (!target) return;
    // After the frame: a command chain's `focus()` puts the focus back into the text in
    // its own animation frame, which would take it from the field again.
    requestAnimationFrame(() => {
      const element = target === "toggle" ? toggleRef.current : (firstField(cardRef.current) ?? toggleRef.current);
      if (!element?.isConnected) return;
      element.focus({ preventScroll: true });
      element.closest(".measure-block")?.scrollIntoView({ block: "nearest" });
    });
  }, [doc, id, wish]);

  if (!doc || !id || !measure) {
    return (
      <NodeViewWrapper className="measure-block loading" data-measure-id={id ?? undefined}>
        {t("measure.loading")}
      </NodeViewWrapper>
    );
  }

  const overdue = isOverdue(measure, localToday());
  const handleClose = () => {
    closeMeasure(doc, id);
    toggleRef.current?.focus();
  };
  const handleKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Only keys pressed in this block's own DOM: a dialog opened from the card is portalled
    // to the body, yet React bubbles its events through here; it closes itself on Escape.
    if (event.key !== "Escape" || event.defaultPrevented || !open || !event.currentTarget.contains(event.target as Node)) return;
    event.preventDefault();
    handleClose();
  };

  const handleClick = (event: MouseEvent<HTMLElement>) => {
    // While ProseMirror has the block selected it keeps the focus when a button inside is
    // clicked; the button takes it, as anywhere else, so a dialog it opens returns there.
    const control = (event.target as HTMLElement).closest<HTMLElement>("button, summary, a[href]");
    if (control && event.currentTarget.contains(control) && !event.currentTarget.contains(document.activeElement)) control.focus();
  };

  return (
    <NodeViewWrapper
      className={`measure-block status-${measure.status}${overdue ? " overdue" : ""}${open ? " is-open" : ""}`}
      data-measure-id={id}
      data-status={measure.status}
      data-light={measure.trafficLight ?? "none"}
      data-open={open ? "true" : "false"}
      role="group"
      aria-label={`${t("measure.kind")}: ${measure.title || t("measure.untitled")}`}
      onKeyDown={handleKeyDown}
      onClick={handleClick}
    >
      <MeasureLine
        doc={doc}
        measure={measure}
        open={open}
        cardId={cardId}
        overdue={overdue}
        editable={editable}
        toggleRef={toggleRef}
        onToggle={() => (open ? handleClose() : openMeasure(doc, id))}
        // ProseMirror has just selected the block and taken the focus for that click; the
        // toggle gets it back, as if pressed, so the card's buttons take focus when clicked.
        onOpen={() => openMeasure(doc, id, "toggle")}
      />
      {open && <MeasureCard id={cardId} doc={doc} measure={measure} scorecardId={scorecardId} editable={editable} overdue={overdue} editor={editor} cardRef={cardRef} onClose={handleClose} />}
    </NodeViewWrapper>
  );
}
