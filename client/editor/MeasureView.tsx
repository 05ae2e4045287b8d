import { lazy, Suspense, useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { EnumOptions } from "../components/EnumOptions";
import { YTextInput } from "../components/YTextInput";
import { NodeViewWrapper, useEditor, useEditorState, EditorContent, type ReactNodeViewProps } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import type * as Y from "yjs";
import {
  addStatusLine,
  HorizonSchema,
  isOverdue,
  measureDescription,
  measureText,
  type MeasureTextField,
  measuresMap,
  measureWarnings,
  MeasureStatusSchema,
  readMeasure,
  ResponsibleSideSchema,
  setMeasureField,
  TrafficLightSchema,
  type Measure,
  type MeasureField,
  type MeasureFields,
} from "../../shared/document/measures";
import { KPI_CATALOGUE } from "../../shared/document/kpiCatalogue";
import { EARLIEST_PLAUSIBLE_DATE, isPlausibleDate, LATEST_PLAUSIBLE_DATE } from "../../shared/domain/plausibleDate";
import { descriptionExtensions } from "../../shared/document/schema";
import { goalChoices, moveMeasureToGoal } from "./measureMoves";
import type { MeasureBlockOptions } from "./extensions/MeasureBlock";
import { MeasureQuestion } from "../comments/MeasureQuestion";
import type { MeasureSettlement } from "../../shared/document/measures";
import { formatCents } from "../../shared/format/germanNumbers";
import { navigate } from "../routes";
import "../controlling/settlement/settlement.css";

// Loaded on first use, so the versions code stays out of the editor's bundle.
const MeasureHistoryDialog = lazy(() => import("../versions/MeasureHistoryDialog").then((m) => ({ default: m.MeasureHistoryDialog })));

const TRAFFIC_ICONS = { green: "●", amber: "▲", red: "■" } as const;

/** Today as YYYY-MM-DD in local time. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
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

/**
 * A measure in the document: every field edited in place with proper inputs, a rich-text
 * description, the status line of each talk, and moving to another goal.
 */
export function MeasureView({ node, editor, extension }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const { doc, scorecardId } = extension.options as MeasureBlockOptions;
  const id = node.attrs.measureId as string | null;
  const measure = useMeasure(doc, id);
  // Re-rendered when the server changes the access: node views are not re-rendered otherwise.
  const editable = useEditorState({ editor, selector: ({ editor: e }) => e.isEditable });
  const fieldId = useId();

  if (!doc || !id || !measure) {
    return (
      <NodeViewWrapper className="measure-block loading" data-measure-id={id ?? undefined}>
        {t("measure.loading")}
      </NodeViewWrapper>
    );
  }

  function set<K extends MeasureField>(field: K, value: MeasureFields[K]): void {
    if (doc && id) setMeasureField(doc, id, field, value);
  }

  const overdue = isOverdue(measure, today());
  const warnings = measureWarnings(measure);
  const label = (suffix: string) => `${fieldId}-${suffix}`;

  return (
    <NodeViewWrapper
      className={`measure-block status-${measure.status}${overdue ? " overdue" : ""}`}
      data-measure-id={id}
      data-status={measure.status}
      role="group"
      aria-label={`${t("measure.kind")}: ${measure.title || t("measure.untitled")}`}
    >
      <div className="measure-head">
        {editable && (
          <span className="drag-handle" data-drag-handle draggable="true" title={t("measure.drag")} aria-hidden="true">
            ⠿
          </span>
        )}
        <span className="measure-kind">{t("measure.kind")}</span>
        <SharedTextInput
          doc={doc}
          measure={measure}
          field="title"
          editable={editable}
          className="measure-title"
          aria-label={t("measure.title")}
          placeholder={t("measure.titlePlaceholder")}
        />
        <label className="traffic-light" data-light={measure.trafficLight ?? "none"}>
          <span>{t("measure.trafficLight")}</span>
          <span aria-hidden="true">{measure.trafficLight ? TRAFFIC_ICONS[measure.trafficLight] : "○"}</span>
          <select
            value={measure.trafficLight ?? ""}
            disabled={!editable}
            onChange={(event) => set("trafficLight", event.target.value === "" ? null : TrafficLightSchema.parse(event.target.value))}
          >
            <option value="">{t("structure.trafficLight.none")}</option>
            <EnumOptions values={TrafficLightSchema.options} prefix="structure.trafficLight" />
          </select>
        </label>
        {scorecardId && <HistoryButton scorecardId={scorecardId} measureId={id} title={measure.title || t("measure.untitled")} />}
      </div>

      <div className="measure-fields">
        <label htmlFor={label("status")}>{t("measure.status")}</label>
        <select id={label("status")} value={measure.status} disabled={!editable} onChange={(event) => set("status", MeasureStatusSchema.parse(event.target.value))}>
          <EnumOptions values={MeasureStatusSchema.options} prefix="structure.status" />
        </select>

        <label htmlFor={label("side")}>{t("measure.responsible")}</label>
        <span className="measure-responsible">
          <select id={label("side")} value={measure.responsibleSide} disabled={!editable} onChange={(event) => set("responsibleSide", ResponsibleSideSchema.parse(event.target.value))}>
            <EnumOptions values={ResponsibleSideSchema.options} prefix="structure.side" />
          </select>
          <SharedTextInput doc={doc} measure={measure} field="responsiblePerson" editable={editable} aria-label={t("measure.person")} placeholder={t("measure.person")} />
        </span>

        <label htmlFor={label("start")}>{t("measure.startDate")}</label>
        <MeasureDateInput id={label("start")} value={measure.startDate} editable={editable} onCommit={(date) => set("startDate", date)} />

        <label htmlFor={label("due")}>{t("measure.dueDate")}</label>
        <span>
          <MeasureDateInput id={label("due")} value={measure.dueDate} editable={editable} onCommit={(date) => set("dueDate", date)} />
          {overdue && <strong className="overdue-word"> {t("measure.overdue")}</strong>}
        </span>

        <label htmlFor={label("horizon")}>{t("measure.horizon")}</label>
        <select id={label("horizon")} value={measure.horizon} disabled={!editable} onChange={(event) => set("horizon", HorizonSchema.parse(event.target.value))}>
          <EnumOptions values={HorizonSchema.options} prefix="structure.horizon" />
        </select>
      </div>

      {warnings.length > 0 && (
        <p className="measure-warning" role="note">
          ⚠ {warnings.map((warning) => t(`measure.warnings.${warning}`)).join(" ")}
        </p>
      )}

      <LinkedKpis measure={measure} editable={editable} onChange={(keys) => set("linkedKpis", keys)} />

      <div className="measure-description">
        <span className="field-label">{t("measure.description")}</span>
        <DescriptionEditor fragment={measureDescription(doc, id)} editable={editable} label={t("measure.description")} />
      </div>

      <StatusLines doc={doc} measure={measure} editable={editable} />

      {measure.settlement && <SettlementLine settlement={measure.settlement} />}

      {scorecardId && <MeasureQuestion scorecardId={scorecardId} doc={doc} measureId={id} title={measure.title || t("measure.untitled")} />}

      {editable && <MoveMenu editor={editor} measureId={id} />}
    </NodeViewWrapper>
  );
}

/**
 * Opens the measure's history: every recorded change with who and when. Works read-only
 * too, in the live editor and in an old version.
 */
function HistoryButton({ scorecardId, measureId, title }: { scorecardId: string; measureId: string; title: string }) {
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

/** Props of {@link SharedTextInput}. */
interface SharedTextInputProps {
  /** The scorecard document. */
  doc: Y.Doc;
  /** The measure. */
  measure: Measure;
  /** Which text field. */
  field: MeasureTextField;
  /** Whether the user may change it. */
  editable: boolean;
  /** CSS class. */
  className?: string;
  /** Accessible name. */
  "aria-label": string;
  /** Placeholder. */
  placeholder: string;
}

/**
 * A measure's text field bound to its shared text, so concurrent typing merges; a field
 * stored as a plain string by an older document falls back to a whole-value input.
 */
function SharedTextInput({ doc, measure, field, editable, ...inputProps }: SharedTextInputProps) {
  const text = measureText(doc, measure.id, field);
  if (text) return <YTextInput text={text} readOnly={!editable} {...inputProps} />;
  return <input value={measure[field]} readOnly={!editable} onChange={(event) => setMeasureField(doc, measure.id, field, event.target.value)} {...inputProps} />;
}

/** The measure's description: a small rich-text editor on the measure's own Yjs fragment. */
function DescriptionEditor({ fragment, editable, label }: { fragment: Y.XmlFragment | null; editable: boolean; label: string }) {
  const editor = useEditor(
    {
      extensions: [
        ...descriptionExtensions(),
        Collaboration.configure({ fragment }),
      ],
      editable,
      // A bare div may not carry aria-label; the textbox role names it as the field it is.
      editorProps: { attributes: { role: "textbox", "aria-multiline": "true", "aria-label": label, class: "description-prose" } },
    },
    [fragment],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return <EditorContent editor={editor} />;
}

/** KPIs linked to the measure, chosen from the catalogue. */
function LinkedKpis({ measure, editable, onChange }: { measure: Measure; editable: boolean; onChange(keys: string[]): void }) {
  const { t, i18n } = useTranslation();
  const labelOf = (key: string) => {
    const kpi = KPI_CATALOGUE.find((k) => k.key === key);
    return kpi ? (i18n.language === "en" ? kpi.en : kpi.de) : key;
  };
  return (
    <details className="measure-kpis">
      <summary>
        {t("measure.linkedKpis")}: {measure.linkedKpis.length === 0 ? t("measure.none") : measure.linkedKpis.map(labelOf).join(", ")}
      </summary>
      {editable && (
        <fieldset>
          <legend className="visually-hidden">{t("measure.linkedKpis")}</legend>
          {KPI_CATALOGUE.map((kpi) => (
            <label key={kpi.key}>
              <input
                type="checkbox"
                checked={measure.linkedKpis.includes(kpi.key)}
                onChange={(event) =>
                  onChange(event.target.checked ? [...measure.linkedKpis, kpi.key] : measure.linkedKpis.filter((key) => key !== kpi.key))
                }
              />
              {labelOf(kpi.key)}
            </label>
          ))}
        </fieldset>
      )}
    </details>
  );
}

/**
 * A date picker for a measure's date, limited to 1990–2100. Typing a year digit by digit
 * passes through years like 0002; such a value stays in the field (marked invalid) and
 * reaches the shared document only once it is plausible, and is dropped on leaving the
 * field, so nobody's document receives a date the server would warn about.
 */
function MeasureDateInput({ id, value, editable, onCommit }: { id: string; value: string | null; editable: boolean; onCommit: (date: string | null) => void }) {
  const [draft, setDraft] = useState<string | null>(null);

  function handleChange(next: string): void {
    if (next === "" || isPlausibleDate(next)) {
      setDraft(null);
      onCommit(next || null);
    } else {
      setDraft(next);
    }
  }

  return (
    <input
      id={id}
      type="date"
      min={EARLIEST_PLAUSIBLE_DATE}
      max={LATEST_PLAUSIBLE_DATE}
      value={draft ?? value ?? ""}
      readOnly={!editable}
      aria-invalid={draft !== null ? true : undefined}
      onChange={(event) => handleChange(event.target.value)}
      onBlur={() => setDraft(null)}
    />
  );
}

/** The per-talk status lines, so the measure's history reads like minutes. */
function StatusLines({ doc, measure, editable }: { doc: Y.Doc; measure: Measure; editable: boolean }) {
  const { t } = useTranslation();
  const [talkDate, setTalkDate] = useState(today());
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
              <time dateTime={line.talkDate}>{new Date(`${line.talkDate}T12:00:00`).toLocaleDateString("de-DE")}</time>: {line.text}
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
function SettlementLine({ settlement }: { settlement: MeasureSettlement }) {
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
function MoveMenu({ editor, measureId }: { editor: ReactNodeViewProps["editor"]; measureId: string }) {
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
