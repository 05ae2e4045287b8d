import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../shared/domain/talks";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { ConfirmDialog } from "./ConfirmDialog";
import { QuarterLockNotice } from "./QuarterLockNotice";
import { RescheduleDialog } from "./RescheduleDialog";
import { circulationText, formatMonth, formatTalkDate, talkTitle } from "./talkFormat";
import { cancelTalk, circulateTalk, talkErrorText } from "./talksApi";

/** Props of {@link TalkCard}. */
interface TalkCardProps {
  /** The talk. */
  talk: TalkSummary;
  /** Called with the talk after a change, and a sentence saying what happened. */
  onChanged(talk: TalkSummary, outcome: string): void;
}

/** Which confirm or edit dialog is open. */
type OpenDialog = "reschedule" | "cancel" | "circulate" | null;

/** Whether the talk can still be moved, cancelled or circulated. */
function isPlanned(talk: TalkSummary): boolean {
  return talk.state === "scheduled" || talk.state === "circulated";
}

/**
 * One talk in the list: when, what and where, its state, the circulation, what is still
 * missing, links to its versions, the lock of its quarter once closed, and the actions the
 * user may take.
 */
export function TalkCard({ talk, onChanged }: TalkCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const date = formatTalkDate(talk.localDate);
  const circulationSent = talk.mails.circulation?.sentAt != null;
  const circulationError = talk.mails.circulation?.error;

  return (
    <li>
      <article className="talk-card" aria-labelledby={headingId} data-talk-id={talk.id} data-state={talk.state}>
        <h3 id={headingId}>{talkTitle(talk, t)}</h3>
        <dl className="talk-facts">
          <dt>{t("talks.fields.state")}</dt>
          <dd>
            <span className={`talk-state state-${talk.state}`}>{t(`talks.states.${talk.state}`)}</span>
          </dd>
          <dt>{t("talks.fields.provider")}</dt>
          <dd>{talk.scorecard.providerName ?? t("talks.fields.conference")}</dd>
          <dt>{t("talks.fields.place")}</dt>
          <dd>{talk.place}</dd>
          <dt>{t("talks.fields.duration")}</dt>
          <dd>{t("talks.fields.minutes", { count: talk.plannedMinutes })}</dd>
          <dt>{t("talks.fields.circulation")}</dt>
          <dd data-testid="circulation-status" data-code={talk.circulation.code}>
            <span className={`circulation circulation-${talk.circulation.code}`}>
              {talk.circulation.code === "overdue" && <span aria-hidden="true">⚠ </span>}
              {circulationText(talk, t)}
            </span>
            {!circulationSent && circulationError && <span className="error-text"> {t("talks.circulation.failed", { error: circulationError })}</span>}
          </dd>
          <dt>{t("talks.fields.participants")}</dt>
          <dd>
            <ul className="plain-list">
              {talk.participants.map((person) => (
                <li key={person.email}>
                  {person.name} ({t(`talks.sides.${person.side}`)}
                  {person.userId === null ? `, ${t("talks.guest")}` : ""})
                </li>
              ))}
            </ul>
          </dd>
          {talk.missing && (
            <>
              <dt>{t("talks.fields.missing")}</dt>
              <dd className="talk-missing">
                <MissingItems talk={talk} />
              </dd>
            </>
          )}
          <dt>{t("talks.fields.versions")}</dt>
          <dd>
            <VersionLinks talk={talk} />
          </dd>
        </dl>
        <QuarterLockNotice talk={talk} onLocked={onChanged} />
        <div className="talk-actions" role="group" aria-label={t("talks.actions.label", { date })}>
          {talk.state !== "cancelled" && (
            <RouteLink className="button-link" href={paths.meeting(talk.id)}>
              {talk.state === "closed" || !talk.canEdit ? t("talks.actions.minutesView") : t("talks.actions.meeting")}
            </RouteLink>
          )}
          {talk.canEdit && isPlanned(talk) && (
            <>
              {!circulationSent && (
                <button type="button" onClick={() => setDialog("circulate")}>
                  {t("talks.actions.circulate")}
                </button>
              )}
              <button type="button" onClick={() => setDialog("reschedule")}>
                {t("talks.actions.reschedule")}
              </button>
              <button type="button" onClick={() => setDialog("cancel")}>
                {t("talks.actions.cancel")}
              </button>
            </>
          )}
        </div>
      </article>
      {dialog === "reschedule" && (
        <RescheduleDialog
          talk={talk}
          onSaved={(changed) => onChanged(changed, t("talks.reschedule.done", { date: formatTalkDate(changed.localDate), time: changed.localTime }))}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "cancel" && (
        <ConfirmDialog
          title={t("talks.cancel.title", { date })}
          explanation={t("talks.cancel.explanation")}
          confirmLabel={t("talks.cancel.confirm")}
          onConfirm={async () => {
            try {
              onChanged(await cancelTalk(talk.id), t("talks.cancel.done", { date }));
            } catch (caught) {
              throw new Error(talkErrorText(caught, t));
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "circulate" && (
        <ConfirmDialog
          title={t("talks.circulate.title")}
          explanation={t("talks.circulate.explanation", { scorecard: talk.scorecard.title, count: talk.participants.length })}
          confirmLabel={t("talks.circulate.confirm")}
          onConfirm={async () => {
            try {
              onChanged(await circulateTalk(talk.id), t("talks.circulate.done", { date }));
            } catch (caught) {
              throw new Error(talkErrorText(caught, t));
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </li>
  );
}

/** What is still missing before the talk: unreported months and measures without a status. */
function MissingItems({ talk }: { talk: TalkSummary }) {
  const { t } = useTranslation();
  const missing = talk.missing!;
  if (missing.unreportedMonths.length === 0 && missing.measuresWithoutStatusLine.length === 0) {
    return <p>{t("talks.missing.nothing")}</p>;
  }
  return (
    <>
      <p className="missing-quarter">{t("talks.missing.quarter", { quarter: missing.quarter })}</p>
      {missing.unreportedMonths.length > 0 && <p>{t("talks.missing.months", { months: missing.unreportedMonths.map(formatMonth).join(", ") })}</p>}
      {missing.measuresWithoutStatusLine.length > 0 && (
        <>
          <p>{t("talks.missing.measures")}</p>
          <ul>
            {missing.measuresWithoutStatusLine.map((measure) => (
              <li key={measure.id}>{measure.title || t("measure.untitled")}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Links to the talk's circulated, start and minutes versions, as far as they exist. */
function VersionLinks({ talk }: { talk: TalkSummary }) {
  const { t } = useTranslation();
  const links = (["circulation", "talk", "minutes"] as const).flatMap((kind) => {
    const versionId = talk.versions[kind];
    return versionId === null ? [] : [{ kind, href: paths.version(talk.scorecard.id, versionId) }];
  });
  if (links.length === 0) return <>{t("talks.versionLinks.none")}</>;
  return (
    <ul className="plain-list">
      {links.map((link) => (
        <li key={link.kind}>
          <RouteLink href={link.href} data-version-kind={link.kind}>
            {t(`talks.versionLinks.${link.kind}`)}
          </RouteLink>
        </li>
      ))}
    </ul>
  );
}
