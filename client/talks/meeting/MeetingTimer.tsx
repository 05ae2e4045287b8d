import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useKindContext } from "./talkKind";

/** Props of {@link MeetingTimer}. */
interface MeetingTimerProps {
  /** ISO time the talk was started, or null. */
  startedAt: string | null;
  /** ISO time it was closed, or null. */
  closedAt: string | null;
  /** The planned length in minutes. */
  plannedMinutes: number;
}

/** How often the shown minutes are brought up to date. */
const TICK_MS = 10_000;

/**
 * The time used against the planned length ("37 von 120 Min."), from the start of the
 * talk. Past the plan it says so in words with a warning sign, not only by colour; the
 * warning is announced once, the ticking minutes are not.
 */
export function MeetingTimer({ startedAt, closedAt, plannedMinutes }: MeetingTimerProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const [now, setNow] = useState(() => Date.now());
  const running = startedAt !== null && closedAt === null;

  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [running]);

  if (startedAt === null) {
    return (
      <div className="meeting-timer" data-testid="meeting-timer" data-state="waiting">
        <h3>{t("talks.timer.label")}</h3>
        <p>{t("talks.timer.notStarted", { ...ctx, planned: plannedMinutes })}</p>
      </div>
    );
  }
  const end = closedAt ? Date.parse(closedAt) : now;
  const elapsed = Math.max(0, Math.floor((end - Date.parse(startedAt)) / 60_000));
  const over = elapsed - plannedMinutes;
  return (
    <div className="meeting-timer" data-testid="meeting-timer" data-state={over > 0 ? "over" : closedAt ? "done" : "running"}>
      <h3>{t("talks.timer.label")}</h3>
      {closedAt ? (
        <p>{t("talks.timer.done", { elapsed, planned: plannedMinutes })}</p>
      ) : (
        <>
          <p className="timer-figures">{t("talks.timer.elapsed", { elapsed, planned: plannedMinutes })}</p>
          <progress max={plannedMinutes} value={Math.min(elapsed, plannedMinutes)} aria-label={t("talks.timer.elapsed", { elapsed, planned: plannedMinutes })} />
        </>
      )}
      <div role="status">
        {over > 0 && !closedAt && (
          <p className="timer-warning">
            <span aria-hidden="true">⚠ </span>
            {t("talks.timer.over", { over })}
          </p>
        )}
      </div>
    </div>
  );
}
