import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import type * as Y from "yjs";
import { YTextInput } from "../components/YTextInput";
import { measureText, setMeasureField, type Measure, type MeasureTextField } from "../../shared/document/measures";
import { KPI_CATALOGUE } from "../../shared/document/kpiCatalogue";
import { EARLIEST_PLAUSIBLE_DATE, isPlausibleDate, LATEST_PLAUSIBLE_DATE } from "../../shared/domain/plausibleDate";
import { descriptionExtensions } from "../../shared/document/schema";

/** Props of {@link SharedTextInput}. */
interface SharedTextInputProps {
  /** The scorecard document. */
  doc: Y.Doc;
  /** The measure. */
  measure: Measure;
  /** Which text field. */
  field: MeasureTextField;
  /** Input id, for a `<label htmlFor>`. */
  id?: string;
  /** CSS class. */
  className?: string;
  /** Accessible name. */
  "aria-label"?: string;
  /** Placeholder. */
  placeholder: string;
}

/**
 * A measure's text field bound to its shared text, so concurrent typing merges and each
 * person keeps their caret; a field stored as a plain string by an older document falls
 * back to a whole-value input. Only for people who may edit: read-only cards show text.
 */
export function SharedTextInput({ doc, measure, field, ...inputProps }: SharedTextInputProps) {
  const text = measureText(doc, measure.id, field);
  if (text) return <YTextInput text={text} {...inputProps} />;
  return <input value={measure[field]} onChange={(event) => setMeasureField(doc, measure.id, field, event.target.value)} {...inputProps} />;
}

/** Props of {@link DescriptionEditor}. */
interface DescriptionEditorProps {
  /** The measure's own rich-text fragment. */
  fragment: Y.XmlFragment | null;
  /** Whether the user may change it. */
  editable: boolean;
  /** Accessible name. */
  label: string;
}

/** The measure's description: a small rich-text editor on the measure's own Yjs fragment. */
export function DescriptionEditor({ fragment, editable, label }: DescriptionEditorProps) {
  const editor = useEditor(
    {
      extensions: [...descriptionExtensions(), Collaboration.configure({ fragment })],
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

/** Props of {@link LinkedKpis}. */
interface LinkedKpisProps {
  /** The measure. */
  measure: Measure;
  /** Whether the user may change the links. */
  editable: boolean;
  /** Called with the new list of KPI keys. */
  onChange(keys: string[]): void;
}

/** KPIs linked to the measure, chosen from the catalogue; read-only as a plain line. */
export function LinkedKpis({ measure, editable, onChange }: LinkedKpisProps) {
  const { t, i18n } = useTranslation();
  const labelOf = (key: string) => {
    const kpi = KPI_CATALOGUE.find((k) => k.key === key);
    return kpi ? (i18n.language === "en" ? kpi.en : kpi.de) : key;
  };
  const summary = `${t("measure.linkedKpis")}: ${measure.linkedKpis.length === 0 ? t("measure.none") : measure.linkedKpis.map(labelOf).join(", ")}`;
  if (!editable) return <p className="measure-kpis">{summary}</p>;
  return (
    <details className="measure-kpis">
      <summary>{summary}</summary>
      <fieldset>
        <legend className="visually-hidden">{t("measure.linkedKpis")}</legend>
        {KPI_CATALOGUE.map((kpi) => (
          <label key={kpi.key}>
            <input
              type="checkbox"
              checked={measure.linkedKpis.includes(kpi.key)}
              onChange={(event) => onChange(event.target.checked ? [...measure.linkedKpis, kpi.key] : measure.linkedKpis.filter((key) => key !== kpi.key))}
            />
            {labelOf(kpi.key)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** Props of {@link MeasureDateInput}. */
interface MeasureDateInputProps {
  /** Input id, for its label. */
  id: string;
  /** The stored date, YYYY-MM-DD, or null. */
  value: string | null;
  /** Called with a plausible date, or null when cleared. */
  onCommit(date: string | null): void;
}

/**
 * A date picker for a measure's date, limited to 1990–2100. Typing a year digit by digit
 * passes through years like 0002; such a value stays in the field (marked invalid) and
 * reaches the shared document only once it is plausible, and is dropped on leaving the
 * field, so nobody's document receives a date the server would warn about.
 */
export function MeasureDateInput({ id, value, onCommit }: MeasureDateInputProps) {
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
      aria-invalid={draft !== null ? true : undefined}
      onChange={(event) => handleChange(event.target.value)}
      onBlur={() => setDraft(null)}
    />
  );
}
