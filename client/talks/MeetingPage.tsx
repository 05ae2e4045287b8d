import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TalkSummary } from "../../shared/domain/talks";
import type { Me } from "../../shared/domain/user";
import { useCollaborationSession } from "../editor/useCollaborationSession";
import { ConnectionStatus } from "../editor/ConnectionStatus";
import { PresenceList } from "../editor/PresenceList";
import { ScorecardEditor } from "../editor/ScorecardEditor";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { MeetingPanel } from "./meeting/MeetingPanel";
import { formatTalkDate } from "./talkFormat";
import { loadTalk, talkErrorText } from "./talksApi";
import "../versions.css";
import "../talks.css";

/** Props of the meeting page. */
interface MeetingPageProps {
  /** The talk. */
  talkId: string;
  /** The logged-in user. */
  me: Me;
}

/** How often the talk is read again, to show what other participants recorded. */
const REFRESH_MS = 15_000;

/**
 * The meeting mode: the talk's scorecard open live for everyone, with the meeting panel
 * (agenda, timer, approval, measures, agreements, attendance, closing) and who is in
 * the document beside it.
 */
export function MeetingPage({ talkId, me }: MeetingPageProps) {
  const { t } = useTranslation();
  const [talk, setTalk] = useState<TalkSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scorecardId = talk?.scorecard.id ?? null;
  const open = talk !== null && talk.state !== "closed" && talk.state !== "cancelled";

  useEffect(() => {
    loadTalk(talkId).then(setTalk, (caught: unknown) => setError(talkErrorText(caught, t)));
  }, [talkId, t]);

  // Counts the changes made on this page, so a slower refresh never undoes one.
  const changes = useRef(0);
  const handleTalkChanged = useCallback((changed: TalkSummary) => {
    changes.current += 1;
    setTalk(changed);
  }, []);

  // Others record presence, approval and agreements too; a closed talk no longer changes.
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== "visible") return;
      const before = changes.current;
      loadTalk(talkId).then(
        (answer) => changes.current === before && setTalk(answer),
        () => undefined,
      );
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [talkId, open]);

  const { session, status, ready } = useCollaborationSession(scorecardId, me.id);

  if (error) {
    return (
      <article className="meeting-page">
        <p role="alert" className="error">
          {error}
        </p>
        <RouteLink href={paths.talks()}>← {t("talks.meeting.back")}</RouteLink>
      </article>
    );
  }
  if (!talk) return <p>{t("talks.meeting.loading")}</p>;
  // The server's word decides; until it speaks, the talk's rights apply.
  const editable = (status?.access ?? (talk.canEdit ? "edit" : "read")) === "edit" && !status?.terminal;

  return (
    <article className="meeting-page scorecard-page">
      <div className="scorecard-bar">
        <RouteLink href={paths.talks(talk.scorecard.id)}>← {t("talks.meeting.back")}</RouteLink>
        <h1 tabIndex={-1} data-focus-fallback>
          {t("talks.meeting.heading", { date: formatTalkDate(talk.localDate), time: talk.localTime })}
          <span className="meeting-scorecard"> – {talk.scorecard.title}</span>
        </h1>
        <span className="hint">
          {t("talks.fields.place")}: {talk.place}
        </span>
        {status && <ConnectionStatus status={status} />}
      </div>
      {!editable && !status?.terminal && <p className="notice">{t("editor.readOnly")}</p>}
      {session && ready ? (
        <ScorecardEditor
          session={session}
          me={me}
          editable={editable}
          aside={
            <>
              <MeetingPanel talk={talk} doc={session.doc} docEditable={editable} onTalkChanged={handleTalkChanged} />
              <PresenceList provider={session.provider} me={me} />
            </>
          }
        />
      ) : (
        <p>{status?.connection === "offline" ? t("editor.neverLoaded") : t("editor.loading")}</p>
      )}
    </article>
  );
}
