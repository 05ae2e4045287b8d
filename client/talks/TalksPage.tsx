import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import type { MailSummary, ScheduledTalk, TalkList, TalkSummary } from "../../shared/domain/talks";
import type { Me } from "../../shared/domain/user";
import { loadScorecards } from "../pages/ScorecardListPage";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { Outbox } from "./Outbox";
import { ScheduleForm } from "./ScheduleForm";
import { TalkCard } from "./TalkCard";
import { formatBerlinDay, formatDay, formatTalkDate, kindContext } from "./talkFormat";
import { loadMails, loadTalks, talkErrorText } from "./talksApi";
import "../versions.css";
import "../talks.css";

/** Props of the talks page. */
interface TalksPageProps {
  /** The logged-in user. */
  me: Me;
  /** Only the talks of this scorecard, or all. */
  scorecardFilter: string | null;
}

/** What the last action did: a sentence, and a warning to heed (short notice). */
interface Outcome {
  /** What happened. */
  message: string;
  /** What to heed, or null. */
  warning: string | null;
}

/**
 * The steering talks and conference sessions the user may see, upcoming and recent, with
 * planning (editors; one talk or a quarterly series), rescheduling, cancelling and
 * circulating by hand, and the outbox of sent mails. Filtered to the conference's
 * scorecard, the page speaks of sessions.
 */
export function TalksPage({ me, scorecardFilter }: TalksPageProps) {
  const { t } = useTranslation();
  const formId = useId();
  const [list, setList] = useState<TalkList | null>(null);
  const [scorecards, setScorecards] = useState<ScorecardSummary[]>([]);
  const [mails, setMails] = useState<MailSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mailError, setMailError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [planning, setPlanning] = useState(false);

  const refreshTalks = useCallback(() => {
    loadTalks().then(
      (answer) => {
        setList(answer);
        setLoadError(null);
      },
      (caught: unknown) => setLoadError(talkErrorText(caught, t)),
    );
  }, [t]);

  const refreshMails = useCallback(() => {
    loadMails().then(
      (answer) => {
        setMails(answer);
        setMailError(null);
      },
      (caught: unknown) => setMailError(talkErrorText(caught, t)),
    );
  }, [t]);

  useEffect(() => {
    refreshTalks();
    refreshMails();
    loadScorecards().then(
      ({ scorecards: all }) => setScorecards(all),
      () => setScorecards([]),
    );
  }, [refreshTalks, refreshMails]);

  // A link to "#outbox" (from the meeting mode) lands on the outbox once it is there.
  useEffect(() => {
    if (mails !== null && location.hash === "#outbox") {
      const outbox = document.getElementById("outbox");
      outbox?.scrollIntoView();
      outbox?.focus();
    }
  }, [mails]);

  function handleTogglePlanning() {
    setPlanning(!planning);
    // Opening moves focus into the form, to its first field.
    if (!planning) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[id="${formId}"] select, [id="${formId}"] input`)?.focus());
  }

  function handleChanged(_talk: TalkSummary, message: string, warning: string | null = null) {
    setOutcome({ message, warning });
    refreshTalks();
    refreshMails();
  }

  function handleScheduled(answer: ScheduledTalk) {
    setPlanning(false);
    const ctx = kindContext(answer.kind);
    const when = { date: formatTalkDate(answer.localDate), time: answer.localTime };
    const message =
      answer.planned.length > 1
        ? t("talks.schedule.doneSeries", { count: answer.planned.length, dates: answer.planned.map((talk) => formatDay(talk.localDate)).join(", ") })
        : answer.state === "scheduled"
          ? t("talks.schedule.done", { ...ctx, ...when, due: formatBerlinDay(answer.circulationDueAt) })
          : t("talks.schedule.doneNow", { ...ctx, ...when });
    const warning = answer.warnings.some((w) => w.code === "shortNotice") ? t("talks.warnings.shortNotice") : null;
    handleChanged(answer, message, warning);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-talk-id="${answer.id}"] h3`)?.scrollIntoView({ block: "nearest" }));
  }

  const filtered = (talks: TalkSummary[]) => (scorecardFilter ? talks.filter((talk) => talk.scorecard.id === scorecardFilter) : talks);
  const visibleTalkIds = new Set(list ? filtered([...list.upcoming, ...list.recent]).map((talk) => talk.id) : []);
  const filterCard = scorecardFilter ? scorecards.find((s) => s.id === scorecardFilter) : undefined;
  const filterTitle = scorecardFilter ? (filterCard?.title ?? scorecardFilter) : null;
  // Filtered to the conference's scorecard, the page is about its sessions.
  const ctx = kindContext(filterCard?.provider === null ? "session" : "steeringTalk");
  const editable = scorecards.filter((s) => s.access === "edit");
  const shownMails = mails && scorecardFilter && list ? mails.filter((mail) => mail.talkId !== null && visibleTalkIds.has(mail.talkId)) : mails;

  return (
    <article className="talks-page">
      <h1 tabIndex={-1} data-focus-fallback>
        {filterTitle ? t("talks.headingFor", { ...ctx, title: filterTitle }) : t("talks.heading")}
      </h1>
      {filterTitle && (
        <p className="talks-filter">
          {t("talks.filtered", { ...ctx, title: filterTitle })} <RouteLink href={paths.talks()}>{t("talks.showAll")}</RouteLink>
        </p>
      )}
      <div className="talks-outcome" aria-live="polite">
        {outcome && <p className="success">{outcome.message}</p>}
        {outcome?.warning && (
          <p className="notice" data-testid="talk-warning">
            <span aria-hidden="true">⚠ </span>
            {outcome.warning}
          </p>
        )}
      </div>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {editable.length > 0 && (
        <div className="schedule-area">
          <button type="button" className="primary" aria-expanded={planning} aria-controls={formId} onClick={handleTogglePlanning}>
            {t("talks.schedule.open", ctx)}
          </button>
          <div id={formId}>{planning && <ScheduleForm me={me} scorecards={editable} initialScorecardId={scorecardFilter} onScheduled={handleScheduled} onCancel={() => setPlanning(false)} />}</div>
        </div>
      )}
      {list ? (
        <>
          <TalkSection title={t("talks.upcoming", ctx)} empty={t("talks.noUpcoming", ctx)} talks={filtered(list.upcoming)} onChanged={handleChanged} />
          <TalkSection title={t("talks.recent", ctx)} empty={t("talks.noRecent", ctx)} talks={filtered(list.recent)} onChanged={handleChanged} />
        </>
      ) : (
        !loadError && <p>{t("talks.loading")}</p>
      )}
      <Outbox mails={shownMails} error={mailError} onRefresh={refreshMails} />
    </article>
  );
}

/** Props of {@link TalkSection}. */
interface TalkSectionProps {
  /** The section's heading. */
  title: string;
  /** Shown when there are no talks. */
  empty: string;
  /** The talks. */
  talks: TalkSummary[];
  /** Passed to each card. */
  onChanged(talk: TalkSummary, outcome: string, warning?: string | null): void;
}

/** A headed list of talks. */
function TalkSection({ title, empty, talks, onChanged }: TalkSectionProps) {
  const headingId = useId();
  return (
    <section className="talk-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {talks.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="talk-list">
          {talks.map((talk) => (
            <TalkCard key={talk.id} talk={talk} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}
