import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { NextTalkInfo, ScorecardListInfo } from "../../shared/domain/overview";
import { formatGermanDate } from "../editor/measureSummary";
import { api, readJson } from "../lib/api";
import { paths } from "../routes";
import { followLink } from "../search/follow";

/** A day with its weekday, e.g. "Di., 14.04.2026" (German dates everywhere in Steuerrad). */
const DAY = new Intl.DateTimeFormat("de-DE", { weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" });
const BERLIN_DAY = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" });

/**
 * The list's information per scorecard, from one call for the whole list; an empty map
 * while it loads, offline or when it fails (the list itself still shows).
 */
export function useScorecardFacts(): Map<string, ScorecardListInfo> {
  const [facts, setFacts] = useState(new Map<string, ScorecardListInfo>());
  useEffect(() => {
    let cancelled = false;
    readJson(api.overview.scorecards.$get(), "Übersicht der Scorecards laden").then(
      (answer) => !cancelled && setFacts(new Map(answer.scorecards.map((entry) => [entry.scorecardId, entry]))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return facts;
}

/** Where the next talk's circulation stands, in words (never by colour alone). */
function circulationText(talk: NextTalkInfo, t: TFunction): string {
  const { code, days } = talk.circulation;
  const date = formatGermanDate(BERLIN_DAY.format(new Date(talk.circulationDueAt)));
  if (code === "due") return days === 0 ? t("overview.list.circulation.dueToday") : t("overview.list.circulation.due", { count: days, date });
  if (code === "overdue") return days === 0 ? t("overview.list.circulation.overdueToday") : t("overview.list.circulation.overdue", { count: days });
  if (code === "sent") return days === 0 ? t("overview.list.circulation.sentToday") : t("overview.list.circulation.sent", { count: days });
  return t("overview.list.circulation.skipped");
}

/** Props of {@link ScorecardFacts}. */
interface ScorecardFactsProps {
  /** The scorecard's title, for the list's accessible name. */
  title: string;
  /** What the server says about it. */
  info: ScorecardListInfo;
  /** The conference's scorecard: it meets in sessions (Sitzungen), not steering talks. */
  conference?: boolean;
}

/**
 * Beside a scorecard in the list: its next talk with the circulation date and state (a link
 * to the talks of that scorecard), open questions and red KPIs no measure or explanation
 * answers. What needs attention is marked by a "!" and bold words, not by colour alone.
 */
export function ScorecardFacts({ title, info, conference = false }: ScorecardFactsProps) {
  const { t } = useTranslation();
  const kind = conference ? { context: "session" } : {};
  const talk = info.nextTalk;
  const circulationLate = talk?.circulation.code === "overdue";
  return (
    <ul className="scorecard-facts" aria-label={t("overview.list.label", { title })}>
      <li data-fact="talk">
        {talk ? (
          <>
            <a href={paths.talks(info.scorecardId)} onClick={followLink}>
              {t(talk.state === "running" ? "overview.list.running" : "overview.list.nextTalk", {
                ...kind,
                date: DAY.format(new Date(`${talk.localDate}T12:00:00`)),
                time: talk.localTime,
              })}
            </a>
            {talk.state !== "running" && (
              <span className={circulationLate ? "fact-attention" : undefined} data-fact="circulation">
                {" · "}
                {circulationLate && <span aria-hidden="true">! </span>}
                {circulationText(talk, t)}
              </span>
            )}
          </>
        ) : (
          t("overview.list.noTalk", kind)
        )}
      </li>
      <li data-fact="questions" className={info.openQuestions > 0 ? "fact-attention" : undefined}>
        {info.openQuestions > 0 ? t("overview.list.questions", { count: info.openQuestions }) : t("overview.list.noQuestions")}
      </li>
      <li data-fact="red" className={info.unansweredRedKpis > 0 ? "fact-attention fact-red" : undefined}>
        {info.unansweredRedKpis > 0 && <span aria-hidden="true">! </span>}
        {info.unansweredRedKpis > 0 ? t("overview.list.red", { count: info.unansweredRedKpis }) : t("overview.list.noRed")}
      </li>
    </ul>
  );
}
