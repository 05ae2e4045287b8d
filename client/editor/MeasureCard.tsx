import { useId, type ReactNode, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { ReactNodeViewProps } from "@tiptap/react";
import type * as Y from "yjs";
import { EnumOptions } from "../components/EnumOptions";
import { TrafficLight } from "../components/TrafficLight";
import {
  HorizonSchema,
  measureDescription,
  MeasureStatusSchema,
  measureWarnings,
  ResponsibleSideSchema,
  setMeasureField,
  TrafficLightSchema,
  type Measure,
  type MeasureField,
  type MeasureFields,
} from "../../shared/document/measures";
import { MeasureQuestion } from "../comments/MeasureQuestion";
import { DescriptionEditor, LinkedKpis, MeasureDateInput, SharedTextInput } from "./measureFields";
import { HistoryButton, MoveMenu, SettlementLine, StatusLines } from "./measureExtras";
import { formatGermanDate } from "./measureSummary";

/** Props of {@link MeasureCard}. */
interface MeasureCardProps {
  /** Element id, named by the toggle's `aria-controls`. */
  id: string;
  /** The scorecard document. */
  doc: Y.Doc;
  /** The measure. */
  measure: Measure;
  /** The scorecard, for history and questions; null where neither applies. */
  scorecardId: string | null;
  /** Whether the user may change the measure. */
  editable: boolean;
  /** Whether the due date has passed with the measure still open. */
  overdue: boolean;
  /** The scorecard editor, for moving the measure to another goal. */
  editor: ReactNodeViewProps["editor"];
  /** The card's element, to move focus into it. */
  cardRef: RefObject<HTMLDivElement | null>;
  /** Closes the card. */
  onClose(): void;
}

/**
 * A measure's opened card: every field, edited in place by those who may (title and
 * person on shared text, so concurrent typing merges and carets stay), and shown as plain
 * text to those who may not, so nothing looks editable that is not.
 */
export function MeasureCard({ id, doc, measure, scorecardId, editable, overdue, editor, cardRef, onClose }: MeasureCardProps) {
  const { t } = useTranslation();
  const title = measure.title.trim() || t("measure.untitled");
  const warnings = measureWarnings(measure);

  return (
    <div className="measure-card" id={id} ref={cardRef} data-editable={editable ? "true" : "false"}>
      <div className="measure-card-head">
        <span className="measure-kind">{t("measure.kind")}</span>
        {editable && <SharedTextInput doc={doc} measure={measure} field="title" className="measure-title" aria-label={t("measure.title")} placeholder={t("measure.titlePlaceholder")} />}
        <span className="measure-card-actions">
          {scorecardId && <HistoryButton scorecardId={scorecardId} measureId={measure.id} title={title} />}
          <button type="button" className="measure-close" onClick={onClose}>
            {t("structure.card.close")}
            <span className="visually-hidden">: {t("structure.card.label", { title })}</span>
          </button>
        </span>
      </div>

      {editable ? <EditableFields doc={doc} measure={measure} overdue={overdue} /> : <ReadOnlyFields measure={measure} overdue={overdue} />}

      {warnings.length > 0 && (
        <p className="measure-warning" role="note">
          <span aria-hidden="true">⚠ </span>
          {warnings.map((warning) => t(`measure.warnings.${warning}`)).join(" ")}
        </p>
      )}

      <LinkedKpis measure={measure} editable={editable} onChange={(keys) => setMeasureField(doc, measure.id, "linkedKpis", keys)} />

      <div className="measure-description">
        <span className="field-label">{t("measure.description")}</span>
        {/* Read-only, an empty description is said in words rather than shown as an empty box. */}
        {editable || measure.description.trim() ? (
          <DescriptionEditor fragment={measureDescription(doc, measure.id)} editable={editable} label={t("measure.description")} />
        ) : (
          <p className="muted">{t("structure.card.noDescription")}</p>
        )}
      </div>

      <StatusLines doc={doc} measure={measure} editable={editable} />

      {measure.settlement && <SettlementLine settlement={measure.settlement} />}

      {scorecardId && <MeasureQuestion scorecardId={scorecardId} doc={doc} measureId={measure.id} title={title} />}

      {editable && <MoveMenu editor={editor} measureId={measure.id} />}
    </div>
  );
}

/** The fields as inputs, for those who may edit. */
function EditableFields({ doc, measure, overdue }: { doc: Y.Doc; measure: Measure; overdue: boolean }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const label = (suffix: string) => `${fieldId}-${suffix}`;
  function set<K extends MeasureField>(field: K, value: MeasureFields[K]): void {
    setMeasureField(doc, measure.id, field, value);
  }

  return (
    <div className="measure-fields">
      <label htmlFor={label("status")}>{t("measure.status")}</label>
      <select id={label("status")} value={measure.status} onChange={(event) => set("status", MeasureStatusSchema.parse(event.target.value))}>
        <EnumOptions values={MeasureStatusSchema.options} prefix="structure.status" />
      </select>

      <label htmlFor={label("light")}>{t("measure.trafficLight")}</label>
      <span className="measure-field-light">
        <TrafficLight light={measure.trafficLight} word="none" />
        <select id={label("light")} value={measure.trafficLight ?? ""} onChange={(event) => set("trafficLight", event.target.value === "" ? null : TrafficLightSchema.parse(event.target.value))}>
          <option value="">{t("structure.trafficLight.none")}</option>
          <EnumOptions values={TrafficLightSchema.options} prefix="structure.trafficLight" />
        </select>
      </span>

      <label htmlFor={label("side")}>{t("measure.responsible")}</label>
      <span className="measure-responsible">
        <select id={label("side")} value={measure.responsibleSide} onChange={(event) => set("responsibleSide", ResponsibleSideSchema.parse(event.target.value))}>
          <EnumOptions values={ResponsibleSideSchema.options} prefix="structure.side" />
        </select>
        <SharedTextInput doc={doc} measure={measure} field="responsiblePerson" aria-label={t("measure.person")} placeholder={t("measure.person")} />
      </span>

      <label htmlFor={label("horizon")}>{t("measure.horizon")}</label>
      <select id={label("horizon")} value={measure.horizon} onChange={(event) => set("horizon", HorizonSchema.parse(event.target.value))}>
        <EnumOptions values={HorizonSchema.options} prefix="structure.horizon" />
      </select>

      <label htmlFor={label("start")}>{t("measure.startDate")}</label>
      <MeasureDateInput id={label("start")} value={measure.startDate} onCommit={(date) => set("startDate", date)} />

      <label htmlFor={label("due")}>{t("measure.dueDate")}</label>
      <span>
        <MeasureDateInput id={label("due")} value={measure.dueDate} onCommit={(date) => set("dueDate", date)} />
        {overdue && <strong className="overdue-word"> {t("measure.overdue")}</strong>}
      </span>
    </div>
  );
}

/** The fields as text, for viewers and closed states: nothing that looks like an input. */
function ReadOnlyFields({ measure, overdue }: { measure: Measure; overdue: boolean }) {
  const { t } = useTranslation();
  const notSet = <span className="muted">{t("structure.card.notSet")}</span>;
  const date = (value: string | null): ReactNode => (value ? <time dateTime={value}>{formatGermanDate(value)}</time> : notSet);
  const person = measure.responsiblePerson.trim();
  return (
    <dl className="measure-fields measure-values">
      <dt>{t("measure.status")}</dt>
      <dd>{t(`structure.status.${measure.status}`)}</dd>
      <dt>{t("measure.trafficLight")}</dt>
      <dd>
        <TrafficLight light={measure.trafficLight} />
      </dd>
      <dt>{t("measure.responsible")}</dt>
      <dd>
        {t(`structure.side.${measure.responsibleSide}`)}
        {person && `: ${person}`}
      </dd>
      <dt>{t("measure.horizon")}</dt>
      <dd>{t(`structure.horizon.${measure.horizon}`)}</dd>
      <dt>{t("measure.startDate")}</dt>
      <dd>{date(measure.startDate)}</dd>
      <dt>{t("measure.dueDate")}</dt>
      <dd>
        {date(measure.dueDate)}
        {overdue && <strong className="overdue-word"> {t("measure.overdue")}</strong>}
      </dd>
    </dl>
  );
}
