import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { TalkKind } from "../../shared/domain/meetingWords";
import { defaultAgenda } from "../../shared/domain/talks";
import { kindContext } from "./talkFormat";

/** Props of {@link AgendaField}. */
interface AgendaFieldProps {
  /** The items' titles, in order. */
  items: string[];
  /** Called with the changed list. */
  onChange(items: string[]): void;
  /** Disables every control while the form is sent. */
  disabled?: boolean;
  /** A steering talk (items numbered 1., 2., …) or a session of the conference (TOP 1, TOP 2, …, shown beside each field). */
  kind?: TalkKind;
}

/**
 * The usual agenda's titles, for a new talk or session.
 * @param kind - a steering talk's or a session's agenda
 */
export function defaultAgendaTitles(kind: TalkKind = "steeringTalk"): string[] {
  return defaultAgenda(kind).map((item) => item.title);
}

/**
 * An editable agenda: one text field per item, each with buttons to move it up or down
 * and to remove it (named with the item's number, for screen readers), plus adding an
 * item and restoring the usual agenda. A session's items carry their visible label
 * "TOP 1", "TOP 2", … as the conference's minutes number them.
 */
export function AgendaField({ items, onChange, disabled, kind = "steeringTalk" }: AgendaFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const ctx = kindContext(kind);
  const session = kind === "session";

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
      <ol className={session ? "plain-list" : undefined}>
        {items.map((title, index) => (
          <li key={index}>
            <label className={session ? "agenda-top" : "visually-hidden"} htmlFor={`${id}-${index}`}>
              {t("talks.agenda.item", { ...ctx, number: index + 1 })}
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
              aria-label={t("talks.agenda.up", { ...ctx, number: index + 1 })}
              title={t("talks.agenda.up", { ...ctx, number: index + 1 })}
              disabled={disabled || index === 0}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={t("talks.agenda.down", { ...ctx, number: index + 1 })}
              title={t("talks.agenda.down", { ...ctx, number: index + 1 })}
              disabled={disabled || index === items.length - 1}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={t("talks.agenda.remove", { ...ctx, number: index + 1 })}
              title={t("talks.agenda.remove", { ...ctx, number: index + 1 })}
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
          {t("talks.agenda.add", ctx)}
        </button>
        <button type="button" onClick={() => onChange(defaultAgendaTitles(kind))} disabled={disabled}>
          {t("talks.agenda.reset", ctx)}
        </button>
      </div>
    </fieldset>
  );
}
