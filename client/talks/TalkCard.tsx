import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { agendaLabel, workingGroupName } from "../../shared/domain/meetingWords";
import type { TalkSummary } from "../../shared/domain/talks";
import { measureHref } from "../editor/measureLink";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { ConfirmDialog } from "./ConfirmDialog";
import { QuarterLockNotice } from "./QuarterLockNotice";
import { RescheduleDialog } from "./RescheduleDialog";
import { circulationText, formatBerlinDay, formatDay, formatMonth, formatTalkDate, kindContext, talkTitle } from "./talkFormat";
import { cancelTalk, circulateTalk, talkErrorText } from "./talksApi";

/** Props of {@link TalkCard}. */
interface TalkCardProps {
  /** The talk. */
  talk: TalkSummary;
  /** Called with the talk after a change, a sentence saying what happened, and a warning to heed. */
  onChanged(talk: TalkSummary, outcome: string, warning?: string | null): void;
}

/** Which confirm or edit dialog is open. */
type OpenDialog = "reschedule" | "cancel" | "circulate" | null;

/** Whether the talk can still be moved, cancelled or circulated. */
function isPlanned(talk: TalkSummary): boolean {
  return talk.state === "scheduled" || talk.state === "circulated";
}

/**
 * One talk or session in the list: when, what and where, its state, the agenda (a
 * session's numbered TOP 1, TOP 2, …), its place in a quarterly series, the circulation,
 * the reporting deadline, what is still missing, links to its versions, the lock of its
 * quarter once closed, and the actions the user may take.
 */
export function TalkCard({ talk, onChanged }: TalkCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const date = formatTalkDate(talk.localDate);
  const circulationSent = talk.mails.circulation?.sentAt != null;
  const circulationError = talk.mails.circulation?.error;
  const ctx = kindContext(talk.kind);

  return (
    <li>
      <article className="talk-card" aria-labelledby={headingId} data-talk-id={talk.id} data-state={talk.state}>
        <h3 id={headingId}>{talkTitle(talk, t)}</h3>
        <dl className="talk-facts">
          <dt>{t("talks.fields.state")}</dt>
          <dd>
            <span className={`talk-state state-${talk.state}`}>{t(`talks.states.${talk.state}`)}</span>
          </dd>
          {talk.kind === "session" ? (
            <>
              <dt>{t("talks.fields.body")}</dt>
              <dd>{talk.body ? workingGroupName(talk.body) : t("talks.fields.fullConference")}</dd>
            </>
          ) : (
            <>
              <dt>{t("talks.fields.provider")}</dt>
              <dd>{talk.scorecard.providerName ?? t("talks.fields.conference")}</dd>
            </>
          )}
          <dt>{t("talks.fields.place")}</dt>
          <dd>{talk.place}</dd>
          <dt>{t("talks.fields.duration")}</dt>
          <dd>{t("talks.fields.minutes", { count: talk.plannedMinutes })}</dd>
          {talk.series && (
            <>
              <dt>{t("talks.fields.series")}</dt>
              <dd data-testid="series-position">{t("talks.series.position", { number: talk.series.number, count: talk.series.count })}</dd>
            </>
          )}
          <dt>{t("talks.fields.agenda")}</dt>
          <dd>
            <AgendaList talk={talk} />
          </dd>
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
          {talk.reporting && (
            <>
              <dt>{t("talks.fields.reporting")}</dt>
              <dd data-testid="reporting" data-status={talk.reporting.status}>
                <ReportingLine reporting={talk.reporting} />
              </dd>
            </>
          )}
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
        <div className="talk-actions" role="group" aria-label={t("talks.actions.label", { ...ctx, date })}>
          {talk.state !== "cancelled" && (
            <RouteLink className="button-link" href={paths.meeting(talk.id)}>
              {talk.state === "closed" || !talk.canEdit ? t("talks.actions.minutesView", ctx) : t("talks.actions.meeting", ctx)}
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
          onSaved={(changed, warning) => {
            const moved = changed.startsAt !== talk.startsAt;
            const when = { ...ctx, date: formatTalkDate(changed.localDate), time: changed.localTime };
            onChanged(changed, moved ? t("talks.reschedule.done", when) : t("talks.reschedule.saved", when), warning);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "cancel" && (
        <ConfirmDialog
          title={t("talks.cancel.title", { ...ctx, date })}
          explanation={t("talks.cancel.explanation", ctx)}
          confirmLabel={t("talks.cancel.confirm", ctx)}
          onConfirm={async () => {
            try {
              onChanged(await cancelTalk(talk.id), t("talks.cancel.done", { ...ctx, date }));
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
              onChanged(await circulateTalk(talk.id), t("talks.circulate.done", { ...ctx, date }));
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
    return <p>{t("talks.missing.nothing", kindContext(talk.kind))}</p>;
  }
  return (
    <>
      <p className="missing-quarter">{t("talks.missing.quarter", { quarter: missing.quarter })}</p>
      {missing.unreportedMonths.length > 0 && <p>{t("talks.missing.months", { months: missing.unreportedMonths.map(formatMonth).join(", ") })}</p>}
      {missing.measuresWithoutStatusLine.length > 0 && (
        <>
          <p>{t("talks.missing.measures", kindContext(talk.kind))}</p>
          <ul>
            {missing.measuresWithoutStatusLine.map((measure) => (
              <li key={measure.id}>
                <RouteLink href={measureHref(talk.scorecard.id, measure.id)}>{measure.title || t("measure.untitled")}</RouteLink>
              </li>
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
            {t(`talks.versionLinks.${link.kind}`, kindContext(talk.kind))}
          </RouteLink>
        </li>
      ))}
    </ul>
  );
}

/** The agenda: a session's items labelled TOP 1, TOP 2, …; a steering talk's as a numbered list. */
function AgendaList({ talk }: { talk: TalkSummary }) {
  if (talk.kind !== "session") {
    return (
      <ol className="talk-agenda">
        {talk.agenda.map((item, index) => (
          <li key={index}>{item.title}</li>
        ))}
      </ol>
    );
  }
  return (
    <ul className="plain-list talk-agenda" data-testid="session-agenda">
      {talk.agenda.map((item, index) => (
        <li key={index}>
          <strong>{agendaLabel("session", index)}</strong> {item.title}
        </li>
      ))}
    </ul>
  );
}

/** "Zahlen bis Oktober 2026 bis zum 18.11.2026 — fehlen noch", and the reminder's state. */
function ReportingLine({ reporting }: { reporting: NonNullable<TalkSummary["reporting"]> }) {
  const { t } = useTranslation();
  const { reminder } = reporting;
  // Read once when the line first shows: whether the reminder still lies ahead.
  const [now] = useState(Date.now);
  return (
    <>
      {t("talks.reporting.line", { month: formatMonth(reporting.month), deadline: formatDay(reporting.deadline) })} —{" "}
      <span className={reporting.status === "missing" ? "error-text" : undefined}>
        {reporting.status === "missing" && <span aria-hidden="true">⚠ </span>}
        {t(`talks.reporting.${reporting.status}`)}
      </span>
      {reminder?.sentAt ? (
        <span className="hint"> {t("talks.reporting.reminderSent", { date: formatBerlinDay(reminder.sentAt) })}</span>
      ) : reminder?.error ? (
        <span className="hint"> {t("talks.reporting.reminderFailed", { error: reminder.error })}</span>
      ) : (
        reporting.status === "missing" &&
        Date.parse(reporting.reminderAt) > now && <span className="hint"> {t("talks.reporting.reminderPlanned", { date: formatBerlinDay(reporting.reminderAt) })}</span>
      )}
    </>
  );
}
