import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../shared/domain/user";
import { useCollaborationSession } from "../editor/useCollaborationSession";
import { ConnectionStatus } from "../editor/ConnectionStatus";
import { PresenceList } from "../editor/PresenceList";
import { ScorecardEditor } from "../editor/ScorecardEditor";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { MeetingPanel } from "./meeting/MeetingPanel";
import { TalkKindContext } from "./meeting/talkKind";
import { useLiveTalk } from "./meeting/useLiveTalk";
import { formatTalkDate, kindContext, sessionName } from "./talkFormat";
import { talkErrorText } from "./talksApi";
import "../versions.css";
import "../talks.css";

/** Props of the meeting page. */
interface MeetingPageProps {
  /** The talk. */
  talkId: string;
  /** The logged-in user. */
  me: Me;
}

/**
 * The meeting mode: the talk's scorecard open live for everyone, with the meeting panel
 * (agenda, timer, approval, measures, agreements, attendance, closing) and who is in
 * the document beside it. The meeting state is the server's and reaches every screen in
 * the talk as it changes ([SYNC25]), like the document does. A session of the conference
 * is headed "Sitzung am …" with its name, and the panel speaks of the session
 * (`TalkKindContext`).
 */
export function MeetingPage({ talkId, me }: MeetingPageProps) {
  const { t } = useTranslation();
  // The scorecard is known from the talk's first answer; the talk then follows its socket.
  const [scorecardId, setScorecardId] = useState<string | null>(null);
  const { session, status, ready } = useCollaborationSession(scorecardId, me.id);
  const live = useLiveTalk(talkId, session);
  const talk = live.talk;
  if (talk && talk.scorecard.id !== scorecardId) setScorecardId(talk.scorecard.id);
  const error = live.error === null ? null : talkErrorText(live.error, t);

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
  const ctx = kindContext(talk.kind);

  return (
    <TalkKindContext.Provider value={talk.kind}>
      <article className="meeting-page scorecard-page" data-kind={talk.kind}>
        <div className="scorecard-bar">
          <RouteLink href={paths.talks(talk.scorecard.id)}>← {t("talks.meeting.back", ctx)}</RouteLink>
          <h1 tabIndex={-1} data-focus-fallback>
            {t("talks.meeting.heading", { ...ctx, date: formatTalkDate(talk.localDate), time: talk.localTime })}
            <span className="meeting-scorecard"> – {talk.kind === "session" ? sessionName(talk.body, t) : talk.scorecard.title}</span>
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
                <MeetingPanel talk={talk} doc={session.doc} docEditable={editable} onTalkChanged={live.apply} onRefresh={live.refresh} />
                <PresenceList provider={session.provider} me={me} />
              </>
            }
          />
        ) : (
          <p>{status?.connection === "offline" ? t("editor.neverLoaded") : t("editor.loading")}</p>
        )}
      </article>
    </TalkKindContext.Provider>
  );
}
