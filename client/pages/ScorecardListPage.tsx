import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../../shared/domain/scorecard";
import { api, ApiError, readJson } from "../lib/api";
import { loadCached, saveCached } from "../state/offlineCache";
import { navigate } from "../routes";
import type { Me } from "../../shared/domain/user";
import { NewScorecardForm } from "./NewScorecardForm";
import { ReasonDialog } from "../versions/ReasonDialog";
import { deleteScorecard, errorText } from "../versions/versionsApi";
import { ScorecardFacts, useScorecardFacts } from "../overview/ScorecardFacts";

/** Loads the scorecard list, falling back to the last known list when offline. */
export async function loadScorecards(): Promise<{ scorecards: ScorecardSummary[]; offline: boolean }> {
  try {
    const scorecards = await readJson(api.scorecards.$get(), "Scorecards laden");
    saveCached("scorecards", scorecards);
    return { scorecards, offline: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return { scorecards: loadCached("scorecards") ?? [], offline: true };
    throw error;
  }
}

/** Props of the list page. */
interface ScorecardListPageProps {
  /** The logged-in user; funder editors and admins may create scorecards. */
  me: Me;
}

/** The scorecards the user may open. */
export function ScorecardListPage({ me }: ScorecardListPageProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ scorecards: ScorecardSummary[]; offline: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ScorecardSummary | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  // Next talk, open questions, red KPIs: one call for the whole list, shown when it answers.
  const facts = useScorecardFacts();

  useEffect(() => {
    loadScorecards().then(setState, (caught: Error) => setError(caught.message));
  }, []);

  async function handleDelete(scorecard: ScorecardSummary, reason: string) {
    try {
      const deletion = await deleteScorecard(scorecard.id, reason);
      setOutcome(t("versions.delete.done", { title: scorecard.title, date: new Date(deletion.purgeAfter).toLocaleDateString("de-DE") }));
    } catch (caught) {
      throw new Error(errorText(caught, t));
    }
    loadScorecards().then(setState, (caught: Error) => setError(caught.message));
  }

  if (error) return <p role="alert">{t("errors.generic", { message: error })}</p>;
  if (!state) return <p>{t("editor.loading")}</p>;
  return (
    <section className="scorecard-list">
      <h1 tabIndex={-1} data-focus-fallback>
        {t("list.title")}
      </h1>
      {state.offline && <p className="notice">{t("list.offlineCopy")}</p>}
      <div aria-live="polite">{outcome && <p className="success">{outcome}</p>}</div>
      {!state.offline && (me.isAdmin || (me.organisation.kind === "funder" && me.role === "editor")) && <NewScorecardForm />}
      {state.scorecards.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <ul>
          {state.scorecards.map((scorecard) => (
            <li key={scorecard.id}>
              <a
                href={`/scorecards/${scorecard.id}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/scorecards/${scorecard.id}`);
                }}
              >
                {scorecard.title}
              </a>
              <span className="meta">
                {scorecard.provider ?? t("list.conference")} · {scorecard.access === "edit" ? t("list.edit") : t("list.read")}
              </span>
              {!state.offline && facts.has(scorecard.id) && <ScorecardFacts title={scorecard.title} info={facts.get(scorecard.id)!} conference={scorecard.provider === null} />}
              {me.isAdmin && !state.offline && (
                <button type="button" className="delete-scorecard" aria-haspopup="dialog" onClick={() => setDeleting(scorecard)}>
                  {t("versions.delete.button")}
                  <span className="visually-hidden"> {scorecard.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ReasonDialog
          title={t("versions.delete.title", { title: deleting.title })}
          explanation={t("versions.delete.explanation")}
          reasonLabel={t("versions.delete.reason")}
          reasonRequired={t("versions.delete.reasonRequired")}
          confirmLabel={t("versions.delete.confirm")}
          onConfirm={(reason) => handleDelete(deleting, reason)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
