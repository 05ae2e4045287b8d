import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../shared/domain/talks";
import { lockWithheldReasons, quarterMonthRange } from "./talkFormat";
import { lockTalkQuarter, talkErrorText } from "./talksApi";
import "./quarterLock.css";

/** Props of {@link QuarterLockNotice}. */
interface QuarterLockNoticeProps {
  /** The talk; the notice shows only for a closed talk of a provider's scorecard. */
  talk: TalkSummary;
  /** Called with the talk after the quarter was locked here, and a sentence saying so. */
  onLocked(talk: TalkSummary, outcome: string): void;
}

/**
 * The lock of the quarter a closed talk discussed: that it is locked; or, while it is
 * not, for funder editors "Quartal … noch nicht gesperrt – jetzt sperren" with a button
 * that locks it, and for everyone else that the funder locks it. Says why closing did not
 * lock it (closed before its date, or without circulation).
 */
export function QuarterLockNotice({ talk, onLocked }: QuarterLockNoticeProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lock = talk.quarterLock;
  if (talk.state !== "closed" || !lock) return null;
  const { quarter } = lock;

  if (lock.locked) {
    return (
      <p className="hint quarter-lock" data-testid="quarter-lock" data-locked="true">
        <span aria-hidden="true">🔒 </span>
        {t("talks.quarterLock.locked", { quarter })}
      </p>
    );
  }

  const reasons = lockWithheldReasons(talk, t);
  const withheld = reasons && <p>{t("talks.quarterLock.withheld", { reasons })}</p>;

  async function handleLock() {
    setBusy(true);
    setError(null);
    try {
      onLocked(await lockTalkQuarter(talk), t("talks.quarterLock.done", { quarter }));
    } catch (caught) {
      setError(talkErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  if (!lock.canLock) {
    return (
      <div className="notice quarter-lock" data-testid="quarter-lock" data-locked="false">
        <p>
          <strong>{t("talks.quarterLock.open", { quarter })}</strong>
        </p>
        {withheld}
        <p>{t("talks.quarterLock.funderLocks")}</p>
      </div>
    );
  }
  return (
    <section className="notice quarter-lock" aria-labelledby={headingId} data-testid="quarter-lock" data-locked="false">
      <p id={headingId}>
        <span aria-hidden="true">⚠ </span>
        <strong>{t("talks.quarterLock.prompt", { quarter })}</strong>
      </p>
      {withheld}
      <p>{t("talks.quarterLock.promptExplanation", quarterMonthRange(quarter))}</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void handleLock()}>
        {busy ? t("talks.quarterLock.busy") : t("talks.quarterLock.button", { quarter })}
      </button>
      <p className="error" role="alert">
        {error}
      </p>
    </section>
  );
}
