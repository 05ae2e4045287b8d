import { useId } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_AGENDA } from "../../shared/domain/talks";

/** Props of {@link AgendaField}. */
interface AgendaFieldProps {
  /** The items' titles, in order. */
  items: string[];
  /** Called with the changed list. */
  onChange(items: string[]): void;
  /** Disables every control while the form is sent. */
  disabled?: boolean;
}

/** The usual agenda's titles, for a new talk. */
export function defaultAgendaTitles(): string[] {
  return DEFAULT_AGENDA.map((item) => item.title);
}

/**
 * An editable agenda: one text field per item, each with buttons to move it up or down
 * and to remove it (named with the item's number, for screen readers), plus adding an
 * item and restoring the usual agenda.
 */
export function AgendaField({ items, onChange, disabled }: AgendaFieldProps) {
  const { t } = useTranslation();
  const id = useId();

  function move(index: number, by: -1 | 1) {
    const next = [...items];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
    // Focus follows the moved item, so repeated presses keep moving it.
    requestAnimationFrame(() => document.getElementById(`${id}-${index + by}`)?.focus());
  }

  function handleAdd() {
    onChange([...items, ""]);
    requestAnimationFrame(() => document.getElementById(`${id}-${items.length}`)?.focus());
  }

  return (
    <fieldset className="agenda-field">
      <legend>{t("talks.agenda.legend")}</legend>
      <ol>
        {items.map((title, index) => (
          <li key={index}>
            <label className="visually-hidden" htmlFor={`${id}-${index}`}>
              {t("talks.agenda.item", { number: index + 1 })}
            </label>
            <input
              id={`${id}-${index}`}
              type="text"
              value={title}
              maxLength={300}
              disabled={disabled}
              onChange={(event) => onChange(items.map((item, i) => (i === index ? event.target.value : item)))}
            />
            <button
              type="button"
              aria-label={t("talks.agenda.up", { number: index + 1 })}
              title={t("talks.agenda.up", { number: index + 1 })}
              disabled={disabled || index === 0}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={t("talks.agenda.down", { number: index + 1 })}
              title={t("talks.agenda.down", { number: index + 1 })}
              disabled={disabled || index === items.length - 1}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={t("talks.agenda.remove", { number: index + 1 })}
              title={t("talks.agenda.remove", { number: index + 1 })}
              disabled={disabled || items.length === 1}
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="field-actions">
        <button type="button" onClick={handleAdd} disabled={disabled}>
          {t("talks.agenda.add")}
        </button>
        <button type="button" onClick={() => onChange(defaultAgendaTitles())} disabled={disabled}>
          {t("talks.agenda.reset")}
        </button>
      </div>
    </fieldset>
  );
}
