import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { SEARCH_QUERY_LIMITS, type SearchHit, type SearchResult } from "../../shared/domain/search";
import { api, ApiError, readJson } from "../lib/api";
import { navigate, paths } from "../routes";
import { followLink } from "./follow";
import { requestResultsFocus, takeResultsFocus } from "./focusIntent";
import { hitHref, hitPlace, snippetParts } from "./hitText";
import "../search.css";

/** Props of the results page. */
interface SearchPageProps {
  /** The search text from the address (`/search?q=…`). */
  query: string;
}

/** The hits of one scorecard, in the answer's order. */
interface HitGroup {
  /** The scorecard. */
  scorecardId: string;
  /** Its title. */
  title: string;
  /** Its provider, or null for the conference's. */
  provider: string | null;
  /** Its hits. */
  hits: SearchHit[];
}

function groupsOf(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    const group = groups.get(hit.scorecardId) ?? { scorecardId: hit.scorecardId, title: hit.scorecardTitle, provider: hit.provider, hits: [] };
    group.hits.push(hit);
    groups.set(hit.scorecardId, group);
  }
  return Array.from(groups.values());
}

/**
 * The search results: hits grouped by scorecard, each with its kind (Titel, Maßnahme, Text,
 * Kommentar), where it stands, the text around it with the found words marked, and a link
 * that opens the scorecard at that place.
 */
export function SearchPage({ query }: SearchPageProps) {
  const { t, i18n } = useTranslation();
  const fieldId = useId();
  const summary = useRef<HTMLParagraphElement>(null);
  const [text, setText] = useState(query);
  const [state, setState] = useState<{ result: SearchResult } | { error: string } | "loading" | "idle">("idle");
  const tooShort = query.trim().length < SEARCH_QUERY_LIMITS.min;

  useEffect(() => {
    if (tooShort) return;
    let cancelled = false;
    setState("loading");
    readJson(api.search.$get({ query: { q: query } }), "Suche").then(
      (result) => !cancelled && setState({ result }),
      (caught: Error) => !cancelled && setState({ error: caught instanceof ApiError && caught.status === 0 ? t("search.page.offline") : t("search.page.failed", { message: caught.message }) }),
    );
    return () => {
      cancelled = true;
    };
  }, [query, tooShort, t]);

  useEffect(() => {
    if (typeof state === "object" && takeResultsFocus()) summary.current?.focus();
  }, [state]);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    requestResultsFocus();
    navigate(paths.search(text.trim()));
  }

  const result = typeof state === "object" && "result" in state ? state.result : null;
  const groups = result ? groupsOf(result.hits) : [];
  let message = "";
  if (tooShort) message = query.trim() ? t("search.page.tooShort") : "";
  else if (state === "loading") message = t("search.page.loading");
  else if (typeof state === "object" && "error" in state) message = state.error;
  else if (result && result.total === 0) message = t("search.page.none", { query: result.query, scorecards: result.scorecards });
  else if (result) message = t("search.page.summary", { count: result.total, query: result.query, groups: new Set(result.hits.map((hit) => hit.scorecardId)).size, scorecards: result.scorecards });

  return (
    <section className="search-page">
      <h1 tabIndex={-1} data-focus-fallback>
        {t("search.page.title")}
      </h1>
      <p className="search-intro">{t("search.page.intro")}</p>
      <form role="search" className="search-form" aria-label={t("search.page.title")} onSubmit={handleSubmit}>
        <label htmlFor={fieldId}>{t("search.page.field")}</label>
        <input id={fieldId} type="search" value={text} maxLength={SEARCH_QUERY_LIMITS.max} onChange={(event) => setText(event.target.value)} />
        <button type="submit">{t("search.page.submit")}</button>
      </form>
      <p ref={summary} tabIndex={-1} className="search-summary" role="status">
        {message}
      </p>
      {result && result.total > result.hits.length && <p className="notice">{t("search.page.truncated", { shown: result.hits.length, count: result.total })}</p>}
      {groups.map((group) => (
        <section key={group.scorecardId} className="search-group" aria-labelledby={`search-group-${group.scorecardId}`}>
          <h2 id={`search-group-${group.scorecardId}`}>
            {group.title}
            <span className="meta">
              {" "}
              · {group.provider ?? t("search.page.conference")} · {t("search.page.hitsIn", { count: group.hits.length })}
            </span>
          </h2>
          <ol className="search-hits">
            {group.hits.map((hit, index) => (
              <li key={index} className={`search-hit search-hit--${hit.kind}`} data-kind={hit.kind}>
                <a href={hitHref(hit)} onClick={followLink}>
                  <span className="search-kind">{t(`search.kinds.${hit.kind}`)}</span>
                  <span className="search-place">{hitPlace(hit, t, i18n.language)}</span>
                </a>
                <p className="search-snippet">{snippetParts(hit.snippet).map((part, at) => (part.marked ? <mark key={at}>{part.text}</mark> : <span key={at}>{part.text}</span>))}</p>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}
