import { useEffect, useState } from "react";

/** The pages of the app. */
export type Route =
  | { page: "list" }
  | { page: "scorecard"; id: string }
  | { page: "versions"; id: string }
  | { page: "version"; id: string; versionId: string }
  | { page: "compare"; id: string; from: string; to: string }
  | { page: "talks"; scorecard: string | null }
  | { page: "meeting"; talkId: string }
  | { page: "controlling" }
  | { page: "account" }
  | { page: "adminUsers" }
  | { page: "search"; query: string }
  | { page: "measureOverview" };

const ID = "([A-Za-z0-9_-]+)";
const VERSION = "(\\d{1,15})";
const SIDE = "(\\d{1,15}|current)";

/**
 * Reads the route from a path.
 * @param pathname - the path
 * @param search - the query string: the talks page's filter, the search text
 */
export function parseRoute(pathname: string, search = ""): Route {
  let match = new RegExp(`^/scorecards/${ID}/?$`).exec(pathname);
  if (match) return { page: "scorecard", id: match[1] };
  match = new RegExp(`^/scorecards/${ID}/versions/?$`).exec(pathname);
  if (match) return { page: "versions", id: match[1] };
  match = new RegExp(`^/scorecards/${ID}/versions/${VERSION}/?$`).exec(pathname);
  if (match) return { page: "version", id: match[1], versionId: match[2] };
  match = new RegExp(`^/scorecards/${ID}/compare/${SIDE}/${SIDE}/?$`).exec(pathname);
  if (match) return { page: "compare", id: match[1], from: match[2], to: match[3] };
  if (/^\/talks\/?$/.test(pathname)) {
    const scorecard = new URLSearchParams(search).get("scorecard");
    return { page: "talks", scorecard: scorecard && new RegExp(`^${ID}$`).test(scorecard) ? scorecard : null };
  }
  match = new RegExp(`^/talks/${ID}/meeting/?$`).exec(pathname);
  if (match) return { page: "meeting", talkId: match[1] };
  if (/^\/controlling\/?$/.test(pathname)) return { page: "controlling" };
  if (/^\/account\/?$/.test(pathname)) return { page: "account" };
  if (/^\/admin\/users\/?$/.test(pathname)) return { page: "adminUsers" };
  if (/^\/search\/?$/.test(pathname)) return { page: "search", query: new URLSearchParams(search).get("q") ?? "" };
  if (/^\/measures\/?$/.test(pathname)) return { page: "measureOverview" };
  return { page: "list" };
}

/** Paths of the scorecard pages, so links and tests agree on them. */
export const paths = {
  /** The live editor. */
  scorecard: (id: string) => `/scorecards/${id}`,
  /** The versions list. */
  versions: (id: string) => `/scorecards/${id}/versions`,
  /** One version, read-only. */
  version: (id: string, versionId: number | string) => `/scorecards/${id}/versions/${versionId}`,
  /** The compare of two versions; either side may be "current". */
  compare: (id: string, from: number | string, to: number | string) => `/scorecards/${id}/compare/${from}/${to}`,
  /** The talks list, optionally only those of one scorecard. */
  talks: (scorecardId?: string) => (scorecardId ? `/talks?scorecard=${encodeURIComponent(scorecardId)}` : "/talks"),
  /** The meeting mode of a talk. */
  meeting: (talkId: string) => `/talks/${talkId}/meeting`,
  /** The search results for a text. */
  search: (query: string) => `/search?q=${encodeURIComponent(query)}`,
  /** The funder's overview of the measures of all providers; `filters` as its query string. */
  measureOverview: (filters = "") => (filters ? `/measures?${filters}` : "/measures"),
  /** A measure in the live editor, which opens its card (the address client/editor/measureLink.ts reads). */
  measure: (id: string, measureId: string) => `/scorecards/${id}#measure-${encodeURIComponent(measureId)}`,
  /** A top-level block of the live editor's document, by index (client/search/ScorecardAnchor.tsx scrolls to it). */
  block: (id: string, index: number) => `/scorecards/${id}#block-${index}`,
  /** A comment thread, opened in the editor's comments panel (as in the question mails). */
  thread: (id: string, threadId: string) => `/scorecards/${id}?thread=${encodeURIComponent(threadId)}`,
};

/** Goes to a path without reloading. */
export function navigate(path: string): void {
  history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const handlePop = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener("popstate", handlePop);
    return () => window.removeEventListener("popstate", handlePop);
  }, []);
  return route;
}
