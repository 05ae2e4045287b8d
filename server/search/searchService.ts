import { MAX_SEARCH_HITS, type SearchHit, type SearchResult } from "../../shared/domain/search";
import type { AppDeps } from "../appDeps";
import { scorecardAccess, type Principal } from "../auth/permissions";
import { listScorecards, type ScorecardRecord } from "../persistence/scorecards";
import { createDocumentDigests } from "./documentDigests";
import { KIND_ORDER, searchEntries, type SearchEntry } from "./scorecardText";
import { buildSnippet, containsAll, findTerms, searchTerms } from "./snippet";

/** Searches scorecards for a user. */
export interface ScorecardSearch {
  /**
   * Searches the scorecards the user may open.
   * @param user - who searches
   * @param query - the search text (validated: 2 to 100 characters)
   */
  search(user: Principal, query: string): Promise<SearchResult>;
}

/** The places of one scorecard that match, one hit per place, title first, then measures, text, comments. */
function matchesOf(scorecard: ScorecardRecord, entries: readonly SearchEntry[], terms: readonly string[]): SearchEntry[] {
  const found = new Map<string, SearchEntry>();
  for (const candidate of entries) {
    if (!containsAll(candidate.folded, terms)) continue;
    // One hit per place: a measure found in its title and its description is one hit, at the title.
    const key = JSON.stringify(candidate.target) + (candidate.kind === "comment" ? candidate.text : "");
    if (!found.has(key)) found.set(key, candidate);
  }
  return Array.from(found.values()).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function hitOf(scorecard: ScorecardRecord, entry: SearchEntry, terms: readonly string[]): SearchHit {
  const { text, folded: _folded, ...place } = entry;
  const snippet = buildSnippet(text, findTerms(text, terms) ?? []);
  return { scorecardId: scorecard.id, scorecardTitle: scorecard.title, provider: scorecard.providerName, ...place, snippet };
}

/**
 * The search over the scorecards' titles, measures (title, description, status lines,
 * responsible person), document text and comments. Each scorecard's searchable text is
 * read from its document once and kept until the document changes (see
 * documentDigests.ts), so a query costs a substring test per field; with 20 scorecards of
 * realistic size that is a few milliseconds (README, "Find things").
 *
 * Rights come first: only the scorecards `scorecardAccess` grants are looked at, so a
 * provider's answer (hits, counts) depends on nothing of another provider's scorecard.
 * @param deps - database, update store and documents
 * @example (await createScorecardSearch(deps).search(user, "Beteiligung")).hits[0].snippet.text
 */
export function createScorecardSearch(deps: Pick<AppDeps, "db" | "store" | "collab">): ScorecardSearch {
  const texts = createDocumentDigests(deps, (doc, scorecard) => searchEntries(doc, scorecard.title));
  return {
    async search(user, query) {
      const started = performance.now();
      const terms = searchTerms(query);
      const all = await listScorecards(deps.db);
      const visible = all.filter((scorecard) => scorecardAccess(user, scorecard) !== null);
      const entries = await texts.of(visible, all);
      const hits: SearchHit[] = [];
      let total = 0;
      visible.forEach((scorecard, index) => {
        const matches = matchesOf(scorecard, entries[index], terms);
        total += matches.length;
        for (const match of matches.slice(0, Math.max(0, MAX_SEARCH_HITS - hits.length))) hits.push(hitOf(scorecard, match, terms));
      });
      return { query: query.trim(), hits, total, scorecards: visible.length, tookMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  };
}
