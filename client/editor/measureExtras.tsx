import { lazy, Suspense, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ReactNodeViewProps } from "@tiptap/react";
import type * as Y from "yjs";
import { addStatusLine, type Measure, type MeasureSettlement } from "../../shared/document/measures";
import { EARLIEST_PLAUSIBLE_DATE, isPlausibleDate, LATEST_PLAUSIBLE_DATE } from "../../shared/domain/plausibleDate";
import { formatCents } from "../../shared/format/germanNumbers";
import { navigate } from "../routes";
import { goalChoices, moveMeasureToGoal } from "./measureMoves";
import { formatGermanDate, localToday } from "./measureSummary";
import "../controlling/settlement/settlement.css";

// Loaded on first use, so the versions code stays out of the editor's bundle.
const MeasureHistoryDialog = lazy(() => import("../versions/MeasureHistoryDialog").then((m) => ({ default: m.MeasureHistoryDialog })));

/** Props of {@link HistoryButton}. */
interface HistoryButtonProps {
  /** The scorecard. */
  scorecardId: string;
  /** The measure. */
  measureId: string;
  /** Its title, for the button's accessible name and the dialog's heading. */
  title: string;
}

/**
 * Opens the measure's history: every recorded change with who and when. Works read-only
 * too, in the live editor and in an old version.
 */
export function HistoryButton({ scorecardId, measureId, title }: HistoryButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="measure-history-button" aria-haspopup="dialog" title={t("versions.history.buttonOf", { title })} onClick={() => setOpen(true)}>
        {t("versions.history.button")}
        <span className="visually-hidden">: {title}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <MeasureHistoryDialog scorecardId={scorecardId} measureId={measureId} title={title} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

/** Props of {@link StatusLines}. */
interface StatusLinesProps {
  /** The scorecard document. */
  doc: Y.Doc;
  /** The measure. */
  measure: Measure;
  /** Whether the user may add a line. */
  editable: boolean;
}

/** The per-talk status lines, so the measure's history reads like minutes. */
export function StatusLines({ doc, measure, editable }: StatusLinesProps) {
  const { t } = useTranslation();
  const [talkDate, setTalkDate] = useState(localToday());
  const [text, setText] = useState("");

  function handleAdd(event: FormEvent) {
    event.preventDefault();
    if (!text.trim() || !isPlausibleDate(talkDate)) return;
    addStatusLine(doc, measure.id, { talkDate, text: text.trim() });
    setText("");
  }

  return (
    <div className="status-lines">
      <span className="field-label">{t("measure.statusLines")}</span>
      {measure.statusLines.length === 0 ? (
        <p className="muted">{t("measure.noStatusLines")}</p>
      ) : (
        <ul>
          {measure.statusLines.map((line) => (
            <li key={line.id}>
              <time dateTime={line.talkDate}>{formatGermanDate(line.talkDate)}</time>: {line.text}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        // Not a <form>: the block sits inside the editor; Enter in the text adds the line.
        <div className="status-line-add">
          <input
            type="date"
            aria-label={t("measure.talkDate")}
            min={EARLIEST_PLAUSIBLE_DATE}
            max={LATEST_PLAUSIBLE_DATE}
            value={talkDate}
            aria-invalid={isPlausibleDate(talkDate) ? undefined : true}
            onChange={(event) => setTalkDate(event.target.value)}
          />
          <input
            aria-label={t("measure.newStatusLine")}
            placeholder={t("measure.newStatusLine")}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") handleAdd(event);
            }}
          />
          <button type="button" onClick={handleAdd}>
            {t("measure.addStatusLine")}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * The confirmed year-end reconciliation decision that credits this measure (written by the
 * server), with a link to the decision on the controlling page.
 */
export function SettlementLine({ settlement }: { settlement: MeasureSettlement }) {
  const { t } = useTranslation();
  const span = settlement.settlementSpan;
  const href = `/controlling?provider=${encodeURIComponent(settlement.settlementProviderId)}&tab=reconciliation&settlement=${encodeURIComponent(settlement.settlementId)}`;
  return (
    <p className="measure-settlement" data-testid="measure-settlement">
      <a
        href={href}
        title={t("settlement.measureLineLink", { span })}
        onClick={(event) => {
          event.preventDefault();
          navigate(href);
        }}
      >
        {t("settlement.measureLine", { span, amount: formatCents(settlement.settlementValueCents) })}
      </a>
    </p>
  );
}

/** Moving the measure to another goal, as an alternative to drag and drop. */
export function MoveMenu({ editor, measureId }: { editor: ReactNodeViewProps["editor"]; measureId: string }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<{ index: number; label: string }[]>([]);
  return (
    <label className="measure-move">
      <span>{t("measure.moveTo")}</span>
      <select
        value=""
        onFocus={() => setChoices(goalChoices(editor))}
        onMouseDown={() => setChoices(goalChoices(editor))}
        onChange={(event) => {
          if (event.target.value !== "") moveMeasureToGoal(editor, measureId, Number(event.target.value));
        }}
      >
        <option value="">{t("measure.chooseGoal")}</option>
        {choices.map((choice) => (
          <option key={choice.index} value={choice.index}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
