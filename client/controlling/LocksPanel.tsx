import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { QuarterLock } from "../../shared/domain/figures";
import { lockQuarter, reopenQuarter } from "./controllingApi";

/** Props of {@link LocksPanel}. */
interface LocksPanelProps {
  /** The provider. */
  providerId: string;
  /** The year whose quarters can be locked. */
  year: number;
  /** All locked quarters of the provider. */
  locks: QuarterLock[];
  /** Funder editors may lock and reopen. */
  canEdit: boolean;
  /** Called after a lock changed. */
  onChanged(): void;
}

/** The locked quarters (their steering talk was held); funder editors lock and reopen them with a reason. */
export function LocksPanel({ providerId, year, locks, canEdit, onChanged }: LocksPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  const open = quarters.filter((quarter) => !locks.some((lock) => lock.quarter === quarter));
  const [quarter, setQuarter] = useState("");
  const [reason, setReason] = useState("");
  const [reopening, setReopening] = useState<string | null>(null);
  const [reopenReason, setReopenReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const chosen = open.includes(quarter) ? quarter : (open[0] ?? "");
  const shown = locks.filter((lock) => lock.quarter.startsWith(`${year}-`));

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      setReason("");
      setReopenReason("");
      setReopening(null);
      onChanged();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  function handleLock(event: FormEvent) {
    event.preventDefault();
    void run(() => lockQuarter(providerId, chosen, reason.trim()));
  }

  function handleReopen(event: FormEvent, lockedQuarter: string) {
    event.preventDefault();
    void run(() => reopenQuarter(providerId, lockedQuarter, reopenReason.trim()));
  }

  return (
    <section aria-labelledby={`${id}-title`} className="controlling-form locks">
      <h3 id={`${id}-title`}>{t("controlling.locks.title")}</h3>
      <p className="muted">{t("controlling.locks.intro")}</p>
      {shown.length === 0 ? (
        <p>{t("controlling.locks.none", { year })}</p>
      ) : (
        <table className="controlling-table" data-testid="locks">
          <caption>{t("controlling.locks.caption", { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.locks.quarter")}</th>
              <th scope="col">{t("controlling.locks.when")}</th>
              <th scope="col">{t("controlling.locks.who")}</th>
              <th scope="col">{t("controlling.locks.reason")}</th>
              {canEdit && <th scope="col">{t("controlling.locks.reopen")}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((lock) => (
              <tr key={lock.quarter}>
                <th scope="row">
                  <span aria-hidden="true">🔒 </span>
                  {lock.quarter}
                </th>
                <td>{new Date(lock.lockedAt).toLocaleString(i18n.language)}</td>
                <td>{lock.lockedBy}</td>
                <td>{lock.reason}</td>
                {canEdit && (
                  <td>
                    {reopening === lock.quarter ? (
                      <form className="inline-form" onSubmit={(event) => handleReopen(event, lock.quarter)}>
                        <label htmlFor={`${id}-reopen`}>{t("controlling.locks.reopenReason", { quarter: lock.quarter })}</label>
                        <input id={`${id}-reopen`} required minLength={3} value={reopenReason} onChange={(event) => setReopenReason(event.target.value)} />
                        <button type="submit">{t("controlling.locks.reopenConfirm")}</button>
                        <button type="button" onClick={() => setReopening(null)}>
                          {t("controlling.cancel")}
                        </button>
                      </form>
                    ) : (
                      <button type="button" onClick={() => setReopening(lock.quarter)}>
                        {t("controlling.locks.reopenQuarter", { quarter: lock.quarter })}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && open.length > 0 && (
        <form className="inline-form" onSubmit={handleLock}>
          <label htmlFor={`${id}-quarter`}>{t("controlling.locks.quarter")}</label>
          <select id={`${id}-quarter`} value={chosen} onChange={(event) => setQuarter(event.target.value)}>
            {open.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
          <label htmlFor={`${id}-reason`}>{t("controlling.locks.reason")}</label>
          <input id={`${id}-reason`} required minLength={3} value={reason} placeholder={t("controlling.locks.reasonPlaceholder")} onChange={(event) => setReason(event.target.value)} />
          <button type="submit">{t("controlling.locks.lock")}</button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {t("controlling.error", { message: error })}
        </p>
      )}
    </section>
  );
}
