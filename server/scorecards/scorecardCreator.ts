import { documentJsonToUpdate } from "../../shared/document/schema";
import { emptyContent, starterContent, type ScorecardTemplate } from "../../shared/document/starterContent";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { insertScorecard } from "../persistence/scorecards";

/** What a new scorecard needs. */
export interface NewScorecard {
  /** Title. */
  title: string;
  /** Owning provider, or null for the conference scorecard. */
  providerId: string | null;
  /** Starter template or empty. */
  template: ScorecardTemplate;
}

/**
 * Creates a scorecard and its initial content in one transaction. The server writes the
 * content once, as the first stored update (by the system), before any client can connect.
 * @returns the new scorecard's id
 */
export function createScorecard(db: Db, store: DocUpdateStore, input: NewScorecard): string {
  return db.transaction(() => {
    const id = insertScorecard(db, input.title, input.providerId);
    const content = input.template === "starter" ? starterContent(input.title, true, input.providerId === null) : emptyContent(input.title);
    store.append(id, documentJsonToUpdate(content), null);
    return id;
  })();
}
