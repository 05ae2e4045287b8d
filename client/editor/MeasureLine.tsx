import type { MouseEvent, RefObject } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { Measure } from "../../shared/document/measures";
import { TrafficLight } from "../components/TrafficLight";
import { useOpenMeasureThreadCount } from "../comments/threadSource";
import { formatGermanDate, lastStatusLine, shorten } from "./measureSummary";

/** Props of {@link MeasureLine}. */
interface MeasureLineProps {
  /** The scorecard document (for the open questions). */
  doc: Y.Doc;
  /** The measure. */
  measure: Measure;
  /** Whether its card is open. */
  open: boolean;
  /** Id of the card, for `aria-controls` while it is shown. */
  cardId: string;
  /** Whether the due date has passed with the measure still open. */
  overdue: boolean;
  /** Whether the user may drag the block. */
  editable: boolean;
  /** The toggle button, to give it the focus back. */
  toggleRef: RefObject<HTMLButtonElement | null>;
  /** Opens or closes the card. */
  onToggle(): void;
  /** Opens the card (a click anywhere on the line). */
  onOpen(): void;
}

/**
 * A measure as it reads in the minutes: title, traffic light, status, who, when, and
 * the last status line, in one or two lines. The title is a button that opens the card
 * with all fields (Enter or Space; `aria-expanded` says whether it is open); a click
 * anywhere else on the line opens it too.
 */
export function MeasureLine({ doc, measure, open, cardId, overdue, editable, toggleRef, onToggle, onOpen }: MeasureLineProps) {
  const { t } = useTranslation();
  const questions = useOpenMeasureThreadCount(doc, measure.id);
  const title = measure.title.trim();
  const person = measure.responsiblePerson.trim();
  const last = lastStatusLine(measure.statusLines);

  function handleClick(event: MouseEvent<HTMLDivElement>): void {
    // The toggle handles its own clicks; the handle drags; links and buttons do their own thing.
    if ((event.target as HTMLElement).closest("button, a, [data-drag-handle]")) return;
    if (!open) onOpen();
  }

  return (
    // The line is a larger mouse target for the toggle button inside it; keyboard and screen
    // reader users reach the same action through that button, so the div needs no key handler.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions
    <div className="measure-summary" onClick={handleClick}>
      <span className="measure-line-lead">
        {editable && (
          <span className="drag-handle" data-drag-handle draggable="true" title={t("measure.drag")} aria-hidden="true">
            <GripIcon />
          </span>
        )}
        <TrafficLight light={measure.trafficLight} word="hidden" named />
      </span>
      <div className="measure-line-body">
        <div className="measure-line">
          <button
            ref={toggleRef}
            type="button"
            className="measure-toggle"
            aria-expanded={open}
            aria-controls={open ? cardId : undefined}
            onClick={onToggle}
            title={open ? t("structure.line.closeHint") : t("structure.line.openHint")}
          >
            <svg className="measure-chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M4 2.5l4 3.5-4 3.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className={`measure-line-title${title ? "" : " untitled"}`}>{title || t("measure.untitled")}</span>
          </button>
          <span className="measure-line-meta">
            <span className="measure-line-status">{t(`structure.status.${measure.status}`)}</span>
            <span className="measure-line-owner">
              {t(`structure.side.${measure.responsibleSide}`)}
              {person && `: ${person}`}
            </span>
            <span className={`measure-line-due${overdue ? " is-overdue" : ""}`}>
              {measure.dueDate ? (
                <>
                  {t("structure.line.due")} <time dateTime={measure.dueDate}>{formatGermanDate(measure.dueDate)}</time>
                  {overdue && <strong className="overdue-word"> {t("measure.overdue")}</strong>}
                </>
              ) : (
                t("structure.line.noDue")
              )}
            </span>
            {/* Open, the card's "Frage stellen" says how many are open. */}
            {questions > 0 && !open && <span className="measure-line-questions">{t("comments.measure.openCount", { count: questions })}</span>}
          </span>
        </div>
        <p className="measure-line-last">
          {last ? (
            <>
              <span className="measure-line-last-label">{t("structure.line.lastStatus", { date: formatGermanDate(last.talkDate) })}</span> {shorten(last.text)}
            </>
          ) : (
            <span className="muted">{t("structure.line.noStatus")}</span>
          )}
        </p>
      </div>
    </div>
  );
}

/** Six dots: the handle that drags a block (a braille glyph would need a font that has it). */
export function GripIcon() {
  return (
    <svg viewBox="0 0 10 16" width="10" height="16" aria-hidden="true" focusable="false">
      {[3, 8, 13].flatMap((y) => [2.5, 7.5].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" fill="currentColor" />))}
    </svg>
  );
}
