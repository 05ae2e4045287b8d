import { useId } from "react";
import { useTranslation } from "react-i18next";
import { agendaLabel } from "../../../shared/domain/meetingWords";
import type { AgendaItem } from "../../../shared/domain/talks";
import { useKindContext } from "./talkKind";

/** Props of {@link AgendaNavigator}. */
interface AgendaNavigatorProps {
  /** The talk's agenda. */
  agenda: AgendaItem[];
  /** Index of the current item. */
  current: number;
  /** Called with the item to make current; left out for those who follow without moving it. */
  onChange?(index: number): void;
}

/**
 * The agenda with the current item marked (`aria-current`, bold and a sign, not only a
 * colour), buttons to the previous and next item, and each item selectable by itself.
 * Without `onChange` the same list without buttons: the item moves when the talk moves.
 * Items planned from the Themenspeicher carry their topic (`data-topic-id`); their title says so.
 */
export function AgendaNavigator({ agenda, current, onChange }: AgendaNavigatorProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const session = ctx.context === "session";
  const headingId = useId();
  const last = agenda.length - 1;

  return (
    <section className="agenda-nav" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("talks.agendaNav.title", ctx)}</h3>
      <ol className={session ? "plain-list" : undefined}>
        {agenda.map((item, index) => (
          <li key={index} className={index === current ? "current" : undefined} data-topic-id={item.topicId}>
            {onChange ? (
              <button type="button" className="link-button" aria-current={index === current ? "step" : undefined} onClick={() => onChange(index)}>
                {index === current && <span aria-hidden="true">▶ </span>}
                {session && <strong>{agendaLabel("session", index)} </strong>}
                {item.title}
              </button>
            ) : (
              <span aria-current={index === current ? "step" : undefined}>
                {index === current && <span aria-hidden="true">▶ </span>}
                {session && <strong>{agendaLabel("session", index)} </strong>}
                {item.title}
              </span>
            )}
            {index === current && <span className="visually-hidden"> ({t("talks.agendaNav.current", ctx)})</span>}
          </li>
        ))}
      </ol>
      <p className="agenda-position" aria-live="polite">
        {t("talks.agendaNav.position", { ...ctx, number: current + 1, count: agenda.length, title: agenda[current]?.title ?? "" })}
      </p>
      {onChange && (
        <div className="agenda-buttons">
          <button type="button" disabled={current <= 0} onClick={() => onChange(current - 1)}>
            ← {t("talks.agendaNav.previous", ctx)}
          </button>
          <button type="button" disabled={current >= last} onClick={() => onChange(current + 1)}>
            {t("talks.agendaNav.next", ctx)} →
          </button>
        </div>
      )}
    </section>
  );
}
