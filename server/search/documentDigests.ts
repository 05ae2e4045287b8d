import * as Y from "yjs";
import type { AppDeps } from "../appDeps";
import type { ScorecardRecord } from "../persistence/scorecards";

/** Reads what a view needs from a scorecard's document. */
export type Digest<T> = (doc: Y.Doc, scorecard: ScorecardRecord) => T;

/** What a view asks of the digests. */
export interface DocumentDigests<T> {
  /**
   * The digest of each scorecard, as of its newest stored update.
   * @param scorecards - the scorecards the user may open (only these documents are read)
   * @param all - every scorecard that exists, so digests of deleted ones are dropped
   */
  of(scorecards: readonly ScorecardRecord[], all: readonly ScorecardRecord[]): Promise<T[]>;
}

/**
 * Keeps, per scorecard, what a view reads from its document (search text, comment counts,
 * measure rows), and reads the document again only when its newest stored update (the head
 * of its update chain, one indexed query) or its title changed. Every change reaches the
 * store before anyone sees it, also changes made by another server process on the same
 * database; the document is read as `documentState` gives it, which names the stored
 * update it reaches (with several processes, from storage: [SYNC20]), so a digest is never
 * kept under a newer update than it holds. Reading ~20 documents with their histories on
 * every request would cost far more than the view itself.
 * @param deps - the update store and the documents
 * @param digest - reads the view's part of a document; must not keep the document
 * @example const searchText = createDocumentDigests(deps, (doc, scorecard) => searchEntries(doc, scorecard.title));
 */
export function createDocumentDigests<T>(deps: Pick<AppDeps, "store" | "collab">, digest: Digest<T>): DocumentDigests<T> {
  const cache = new Map<string, { seq: number; title: string; value: T }>();
  return {
    async of(scorecards, all) {
      const exists = new Set(all.map((scorecard) => scorecard.id));
      for (const id of cache.keys()) if (!exists.has(id)) cache.delete(id);
      // The scorecards side by side: on PostgreSQL the pool answers several at once.
      return Promise.all(
        scorecards.map(async (scorecard) => {
          const head = (await deps.store.head(scorecard.id))?.seq ?? 0;
          const cached = cache.get(scorecard.id);
          if (cached && cached.seq === head && cached.title === scorecard.title) return cached.value;
          const { state, upToSeq } = await deps.collab.documentState(scorecard.id);
          const doc = new Y.Doc();
          try {
            Y.applyUpdate(doc, state);
            const value = digest(doc, scorecard);
            cache.set(scorecard.id, { seq: upToSeq, title: scorecard.title, value });
            return value;
          } finally {
            doc.destroy();
          }
        }),
      );
    },
  };
}
