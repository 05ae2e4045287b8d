import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../../shared/domain/talks";
import { paths } from "../../routes";
import { formatDateTime } from "../../versions/format";
import { RouteLink } from "../../versions/RouteLink";
import { ConfirmDialog } from "../ConfirmDialog";
import { QuarterLockNotice } from "../QuarterLockNotice";
import { lockWithheldReasons } from "../talkFormat";
import { closeTalk, talkErrorText } from "../talksApi";
import { useKindContext } from "./talkKind";

/** What closing does, including whether it locks the quarter (and why not) for this user. */
function closeExplanation(talk: TalkSummary, t: TFunction, ctx: { context?: "session" }): string {
  const lock = talk.quarterLock;
  if (!lock) return t("talks.close.explanation", ctx);
  const reasons = lockWithheldReasons(talk, t);
  const lockText = reasons ? t("talks.close.lockWithheld", { quarter: lock.quarter, reasons }) : t("talks.close.lock", { quarter: lock.quarter });
  return `${t("talks.close.explanation", ctx)} ${lockText}`;
}

/** Props of {@link CloseSection}. */
interface CloseSectionProps {
  /** The talk. */
  talk: TalkSummary;
  /** Whether the user may close it. */
  canAct: boolean;
  /** Called with the talk after closing. */
  onTalkChanged(talk: TalkSummary): void;
}

/**
 * The end of the talk: "Gespräch abschließen" (after a confirm) freezes the minutes
 * version and sends it, and says beforehand whether that locks the quarter; afterwards
 * the links to that version and to the sent mails, and the quarter's lock (or the
 * funder's prompt to lock it).
 */
export function CloseSection({ talk, canAct, onTalkChanged }: CloseSectionProps) {
  const { t } = useTranslation();
  const ctx = useKindContext();
  const [confirming, setConfirming] = useState(false);

  if (talk.state === "closed") {
    const minutesMail = talk.mails.minutes;
    return (
      <section className="meeting-close" data-testid="meeting-closed">
        <p className="success" role="status">
          <span aria-hidden="true">✓ </span>
          {t("talks.close.done", ctx)}
        </p>
        <ul className="plain-list link-list">
          {talk.versions.minutes !== null && (
            <li>
              <RouteLink href={paths.version(talk.scorecard.id, talk.versions.minutes)}>{t("talks.close.minutes")}</RouteLink>
            </li>
          )}
          <li>
            <RouteLink href={`${paths.talks()}#outbox`}>{t("talks.close.mails")}</RouteLink>
          </li>
        </ul>
        <p className="hint">{minutesMail?.sentAt ? t("talks.close.minutesSent", { time: formatDateTime(minutesMail.sentAt) }) : t("talks.close.minutesPending")}</p>
        <QuarterLockNotice talk={talk} onLocked={onTalkChanged} />
      </section>
    );
  }
  if (!canAct || talk.state !== "running") return null;
  return (
    <section className="meeting-close">
      <button type="button" className="primary" onClick={() => setConfirming(true)}>
        {t("talks.close.button", ctx)}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t("talks.close.title", ctx)}
          explanation={closeExplanation(talk, t, ctx)}
          confirmLabel={t("talks.close.confirm")}
          onConfirm={async () => {
            try {
              onTalkChanged(await closeTalk(talk.id));
            } catch (caught) {
              throw new Error(talkErrorText(caught, t));
            }
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
