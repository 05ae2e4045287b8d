import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import type { Me } from "../../shared/domain/user";
import { useCollaborationSession } from "../editor/useCollaborationSession";
import { ScorecardEditor } from "../editor/ScorecardEditor";
import { PresenceList } from "../editor/PresenceList";
import { ConnectionStatus } from "../editor/ConnectionStatus";
import { loadScorecards } from "./ScorecardListPage";
import { TopicBacklog } from "../topics/TopicBacklog";
import { navigate, paths } from "../routes";

/** Props of the scorecard page. */
interface ScorecardPageProps {
  /** The scorecard to open. */
  scorecardId: string;
  /** The logged-in user. */
  me: Me;
}

/** One scorecard: status bar, the live editor, and beside it presence and the Themenspeicher (above the comments). */
export function ScorecardPage({ scorecardId, me }: ScorecardPageProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<ScorecardSummary | null | undefined>(undefined);

  useEffect(() => {
    loadScorecards().then(
      ({ scorecards }) => setSummary(scorecards.find((s) => s.id === scorecardId) ?? null),
      () => setSummary(null),
    );
  }, [scorecardId]);

  const { session, status, ready } = useCollaborationSession(summary ? scorecardId : null, me.id);

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
        <a
          href={paths.versions(scorecardId)}
          onClick={(event) => {
            event.preventDefault();
            navigate(paths.versions(scorecardId));
          }}
        >
          {t("versions.link")}
        </a>
        <a
          href={paths.talks(scorecardId)}
          onClick={(event) => {
            event.preventDefault();
            navigate(paths.talks(scorecardId));
          }}
        >
          {t("talks.link")}
        </a>
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
              <PresenceList provider={session.provider} me={me} />
              <TopicBacklog scorecardId={scorecardId} session={session} editable={editable} />
            </>
          }
        />
      ) : (
        <p>{status?.connection === "offline" ? t("editor.neverLoaded") : t("editor.loading")}</p>
      )}
    </article>
  );
}
