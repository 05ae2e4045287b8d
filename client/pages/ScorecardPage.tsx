import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import type { Me } from "../../shared/domain/user";
import { openCollaboration, type CollaborationSession, type CollaborationStatus } from "../editor/collaboration";
import { ScorecardEditor } from "../editor/ScorecardEditor";
import { PresenceList } from "../editor/PresenceList";
import { ConnectionStatus } from "../editor/ConnectionStatus";
import { loadScorecards } from "./ScorecardListPage";
import { navigate } from "../routes";

/** Props of the scorecard page. */
interface ScorecardPageProps {
  /** The scorecard to open. */
  scorecardId: string;
  /** The logged-in user. */
  me: Me;
}

/** One scorecard: status bar, presence and the live editor. */
export function ScorecardPage({ scorecardId, me }: ScorecardPageProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<ScorecardSummary | null | undefined>(undefined);
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [status, setStatus] = useState<CollaborationStatus | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    loadScorecards().then(
      ({ scorecards }) => setSummary(scorecards.find((s) => s.id === scorecardId) ?? null),
      () => setSummary(null),
    );
  }, [scorecardId]);

  useEffect(() => {
    if (!summary) return;
    const opened = openCollaboration(scorecardId, me.id);
    setSession(opened);
    const unsubscribe = opened.subscribe(setStatus);
    let cancelled = false;
    void opened.ready.then(() => !cancelled && setReady(true));
    return () => {
      cancelled = true;
      unsubscribe();
      opened.destroy();
      setSession(null);
      setReady(false);
    };
  }, [summary, scorecardId, me.id]);

  if (summary === undefined) return <p>{t("editor.loading")}</p>;
  if (summary === null) return <p role="alert">{t("errors.notFound")}</p>;
  // The server's word decides; until it speaks, the list's access applies.
  const editable = (status?.access ?? summary.access) === "edit" && !status?.terminal;

  return (
    <article className="scorecard-page">
      <div className="scorecard-bar">
        <a
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate("/");
          }}
        >
          ← {t("editor.backToList")}
        </a>
        <h1>{summary.title}</h1>
        {status && <ConnectionStatus status={status} />}
      </div>
      {!editable && !status?.terminal && <p className="notice">{t("editor.readOnly")}</p>}
      {session && ready ? (
        <ScorecardEditor session={session} me={me} editable={editable} aside={<PresenceList provider={session.provider} me={me} />} />
      ) : (
        <p>{status?.connection === "offline" ? t("editor.neverLoaded") : t("editor.loading")}</p>
      )}
    </article>
  );
}
