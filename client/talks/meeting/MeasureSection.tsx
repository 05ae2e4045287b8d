import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { MeasureStatusSchema, TrafficLightSchema, addStatusLine, setMeasureField, type Measure } from "../../../shared/document/measures";
import type { TalkSummary } from "../../../shared/domain/talks";
import { EnumOptions } from "../../components/EnumOptions";
import { formatDay } from "../talkFormat";
import { showMeasure } from "./showMeasure";
import type { LiveMeasure } from "./useLiveMeasures";
import { useKindContext } from "./talkKind";

/** Props of {@link MeasureSection}. */
interface MeasureSectionProps {
  /** The talk; its date dates the status lines. */
  talk: TalkSummary;
  /** The live scorecard document. */
  doc: Y.Doc;
  /** The document's measures, live. */
  measures: LiveMeasure[];
  /** The measure in focus (see {@link focusedMeasure}). */
  focus: LiveMeasure | undefined;
  /** Called with the measure the user picks. */
  onPick(measureId: string): void;
  /** Whether the user may change the document and the talk is running. */
  canAct: boolean;
}

/** Whether the measure has a status line of this talk. */
function reported(measure: Measure, talkDate: string): boolean {
  return measure.statusLines.some((line) => line.talkDate === talkDate);
}

/**
 * The measure in focus: the one picked, else the first still without a status for this
 * talk, else the first. Its goal is where an agreement's measure goes by default.
 * @param measures - the document's measures in order
 * @param picked - the measure the user picked, or null
 * @param talkDate - the talk's date, `YYYY-MM-DD`
 */
export function focusedMeasure(measures: readonly LiveMeasure[], picked: string | null, talkDate: string): LiveMeasure | undefined {
  return measures.find((entry) => entry.measure.id === picked) ?? measures.find((entry) => !reported(entry.measure, talkDate)) ?? measures[0];
}

/**
 * "Maßnahmen": one measure at a time in focus, picked in document order (marked whether
 * it has a status for this talk). Status and traffic light are written into the live
 * document, so everyone sees them at once; "Stand in diesem Gespräch" adds a status line
 * dated with the talk's date. "In der Scorecard zeigen" scrolls the editor to it.
 */
export function MeasureSection({ talk, doc, measures, focus, onPick, canAct }: MeasureSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const talkDate = talk.localDate;

  return (
    <section className="meeting-measures" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("talks.measures.title")}</h3>
      {measures.length === 0 ? (
        <p>{t("talks.measures.none")}</p>
      ) : (
        <>
          <label htmlFor={`${id}-pick`}>{t("talks.measures.pick")}</label>
          <select id={`${id}-pick`} value={focus?.measure.id ?? ""} onChange={(event) => onPick(event.target.value)}>
            {measures.map(({ measure }) => {
              const title = measure.title || t("measure.untitled");
              return (
                <option key={measure.id} value={measure.id}>
                  {reported(measure, talkDate) ? t("talks.measures.optionReported", { title }) : t("talks.measures.optionMissing", { title })}
                </option>
              );
            })}
          </select>
          {focus && <FocusedMeasure key={focus.measure.id} entry={focus} doc={doc} talkDate={talkDate} canAct={canAct} />}
        </>
      )}
    </section>
  );
}

/** Props of {@link FocusedMeasure}. */
interface FocusedMeasureProps {
  /** The measure in focus. */
  entry: LiveMeasure;
  /** The live document. */
  doc: Y.Doc;
  /** The talk's date, `YYYY-MM-DD`. */
  talkDate: string;
  /** Whether the user may change it. */
  canAct: boolean;
}

/** The measure in focus: where it stands, its status and traffic light, and its status line for this talk. */
function FocusedMeasure({ entry, doc, talkDate, canAct }: FocusedMeasureProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const id = useId();
  const { measure } = entry;
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const thisTalk = measure.statusLines.filter((line) => line.talkDate === talkDate);
  const earlier = measure.statusLines.filter((line) => line.talkDate !== talkDate).at(-1);

  function handleAddLine(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError(t("talks.measures.lineEmpty"));
      document.getElementById(`${id}-line`)?.focus();
      return;
    }
    addStatusLine(doc, measure.id, { talkDate, text: text.trim() });
    setText("");
    setError(null);
    setOutcome(t("talks.measures.lineAdded", { date: formatDay(talkDate) }));
  }

  const placement = [entry.perspective, entry.goal].filter(Boolean).join(" › ");
  return (
    <div className="focused-measure" data-measure-id={measure.id}>
      <p className="measure-placement">
        <strong>{measure.title || t("measure.untitled")}</strong>
        {placement && (
          <>
            <br />
            <span className="hint">{placement}</span>
          </>
        )}
      </p>
      <div className="form-grid compact">
        <label htmlFor={`${id}-status`}>{t("talks.measures.status")}</label>
        <select id={`${id}-status`} value={measure.status} disabled={!canAct} onChange={(event) => setMeasureField(doc, measure.id, "status", MeasureStatusSchema.parse(event.target.value))}>
          <EnumOptions values={MeasureStatusSchema.options} prefix="structure.status" />
        </select>
        <label htmlFor={`${id}-light`}>{t("talks.measures.trafficLight")}</label>
        <select
          id={`${id}-light`}
          value={measure.trafficLight ?? ""}
          disabled={!canAct}
          onChange={(event) => setMeasureField(doc, measure.id, "trafficLight", event.target.value === "" ? null : TrafficLightSchema.parse(event.target.value))}
        >
          <option value="">{t("structure.trafficLight.none")}</option>
          <EnumOptions values={TrafficLightSchema.options} prefix="structure.trafficLight" />
        </select>
      </div>
      <p className="hint">{earlier ? t("talks.measures.lastLine", { date: formatDay(earlier.talkDate), text: earlier.text }) : thisTalk.length === 0 && t("talks.measures.noLine")}</p>
      {thisTalk.length > 0 && (
        <ul className="plain-list this-talk-lines">
          {thisTalk.map((line) => (
            <li key={line.id}>
              <span aria-hidden="true">✓ </span>
              {t("talks.measures.thisTalk", { ...ctx, text: line.text })}
            </li>
          ))}
        </ul>
      )}
      {canAct && (
        <form className="stacked-form" onSubmit={handleAddLine}>
          <label htmlFor={`${id}-line`}>{t("talks.measures.lineLabel", ctx)}</label>
          <textarea
            id={`${id}-line`}
            rows={3}
            maxLength={2000}
            placeholder={t("talks.measures.linePlaceholder")}
            value={text}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit">{t("talks.measures.addLine")}</button>
        </form>
      )}
      <p id={`${id}-error`} className="error" role="alert">
        {error}
      </p>
      <p className="success-text" aria-live="polite">
        {outcome}
      </p>
      <button type="button" onClick={() => showMeasure(measure.id)}>
        {t("talks.measures.showInDocument")}
      </button>
    </div>
  );
}
