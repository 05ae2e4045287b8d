import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../../shared/domain/talks";
import { setPresence, talkErrorText } from "../talksApi";
import { useKindContext } from "./talkKind";

/** Props of {@link AttendanceSection}. */
interface AttendanceSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** Whether the user may record presence. */
  canAct: boolean;
  /** Called with the talk after a change. */
  onTalkChanged(talk: TalkSummary): void;
}

/**
 * Who is present in the talk: a checkbox per participant for editors, a list for the
 * others; each change is stored at once.
 */
export function AttendanceSection({ talk, canAct, onTalkChanged }: AttendanceSectionProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  // Shown at once while stored; the calls run one after another, so the last answer is the newest.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [error, setError] = useState<string | null>(null);
  const open = talk.state !== "closed" && talk.state !== "cancelled";
  const isPresent = (person: TalkSummary["participants"][number]) => pending.get(person.email) ?? person.present;
  const presentCount = talk.participants.filter(isPresent).length;

  function handleToggle(email: string, present: boolean) {
    setPending((current) => new Map(current).set(email, present));
    setError(null);
    queue.current = queue.current.then(async () => {
      try {
        onTalkChanged(await setPresence(talk.id, email, present));
      } catch (caught) {
        setError(talkErrorText(caught, t));
      } finally {
        setPending((current) => {
          const next = new Map(current);
          if (next.get(email) === present) next.delete(email);
          return next;
        });
      }
    });
  }

  const label = (person: TalkSummary["participants"][number]) => `${person.name} (${t(`talks.sides.${person.side}`)})`;

  return (
    <section className="attendance">
      {canAct && open ? (
        <fieldset>
          <legend>
            <h3>{t("talks.attendance.title", ctx)}</h3>
          </legend>
          <ul className="plain-list">
            {talk.participants.map((person) => (
              <li key={person.email}>
                <label className="checkbox">
                  <input type="checkbox" checked={isPresent(person)} onChange={(event) => handleToggle(person.email, event.target.checked)} />
                  {label(person)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : (
        <>
          <h3>{t("talks.attendance.title", ctx)}</h3>
          <ul className="plain-list">
            {talk.participants.map((person) => (
              <li key={person.email}>
                {label(person)}: {isPresent(person) ? t("talks.attendance.present") : t("talks.attendance.absent")}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="hint">{t("talks.attendance.count", { present: presentCount, count: talk.participants.length })}</p>
      <p className="error" role="alert">
        {error}
      </p>
    </section>
  );
}
