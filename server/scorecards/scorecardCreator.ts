import { documentJsonToUpdate } from "../../shared/document/schema";
import { emptyContent, starterContent, type ScorecardTemplate } from "../../shared/document/starterContent";
import { transaction, type Db } from "../persistence/db";
import { appendUpdates, type DocUpdateStore } from "../persistence/docUpdates";
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
export async function createScorecard(db: Db, _store: DocUpdateStore, input: NewScorecard): Promise<string> {
  const content = input.template === "starter" ? starterContent(input.title, true, input.providerId === null) : emptyContent(input.title);
  const update = documentJsonToUpdate(content);
  // The store works on its own handle; the update goes through the transaction instead.
  return transaction(db, async (trx) => {
    const id = await insertScorecard(trx, input.title, input.providerId);
    await appendUpdates(trx, [{ scorecardId: id, update, userId: null }]);
    return id;
  });
}
