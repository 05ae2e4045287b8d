import { z } from "zod";

/** Most hits one search answers; the answer says how many more there were. */
export const MAX_SEARCH_HITS = 50;

/** Shortest and longest search text, in characters. */
export const SEARCH_QUERY_LIMITS = { min: 2, max: 100 } as const;

/** Query of `GET /api/search`: the words to find (all of them, in one field). */
export const SearchQuerySchema = z.object({
  /** The search text; case, umlauts and ß do not matter ("strasse" finds "Straße"). */
  q: z
    .string()
    .trim()
    .min(SEARCH_QUERY_LIMITS.min, `Suchbegriff: mindestens ${SEARCH_QUERY_LIMITS.min} Zeichen (at least ${SEARCH_QUERY_LIMITS.min} characters)`)
    .max(SEARCH_QUERY_LIMITS.max, `Suchbegriff: höchstens ${SEARCH_QUERY_LIMITS.max} Zeichen (at most ${SEARCH_QUERY_LIMITS.max} characters)`),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** What a hit was found in: the scorecard's title, a measure, the document's text, a comment. */
export type SearchHitKind = "title" | "measure" | "text" | "comment";

/** The field of a measure a hit was found in. */
export type SearchMeasureField = "title" | "responsiblePerson" | "description" | "statusLine";

/** Where a hit's link leads inside the scorecard. */
export type SearchTarget =
  /** The scorecard as a whole (its title). */
  | { kind: "scorecard" }
  /** A measure block. */
  | { kind: "measure"; measureId: string }
  /** A top-level block of the document (heading, paragraph, list, table, KPI block), by index. */
  | { kind: "block"; index: number }
  /** A comment thread, opened in the comments panel. */
  | { kind: "thread"; threadId: string };

/** A short piece of text around the hit, with the found words marked. */
export interface SearchSnippet {
  /** The text, whitespace collapsed, "…" where it was cut. */
  text: string;
  /** The found words as [start, end) offsets into `text`. */
  marks: [number, number][];
}

/** One place a search found. */
export interface SearchHit {
  /** The scorecard. */
  scorecardId: string;
  /** Its title. */
  scorecardTitle: string;
  /** Its provider's name, or null for the conference scorecard. */
  provider: string | null;
  /** What was found. */
  kind: SearchHitKind;
  /** The perspective the place is under, or null. */
  perspective: string | null;
  /** The goal the place is under, or null. */
  goal: string | null;
  /** For a measure hit (and a question about a measure): the measure's title. */
  measureTitle: string | null;
  /** For a measure hit: the field it was found in. */
  field: SearchMeasureField | null;
  /** For a text hit: a heading's level (2 perspective, 3 goal), else null. */
  headingLevel: number | null;
  /** For a text hit in a KPI block's explanation: the KPI's key and the block's period. */
  kpiBlock: { kpi: string; period: string } | null;
  /** For a comment hit: who wrote the comment or reply found, and whether its thread is done. */
  comment: { author: string; resolved: boolean; reply: boolean } | null;
  /** The text around the hit. */
  snippet: SearchSnippet;
  /** Where the hit's link leads. */
  target: SearchTarget;
}

/** Answer of `GET /api/search`. */
export interface SearchResult {
  /** The search text as understood (trimmed). */
  query: string;
  /** The first {@link MAX_SEARCH_HITS} hits, by scorecard (in list order), then title, measures, text, comments. */
  hits: SearchHit[];
  /** How many hits there were in all. */
  total: number;
  /** How many scorecards were searched (those the user may open). */
  scorecards: number;
  /** How long the search took on the server, ms. */
  tookMs: number;
}
