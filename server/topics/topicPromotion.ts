/**
 * A topic becoming a measure (under a chosen goal, with a chosen responsible side) or a goal
 * (under a chosen perspective) with one action. Like an agreement that becomes a measure
 * (server/talks/talkMeeting.ts), the topic is claimed first and committed, so a second click
 * never creates a second measure; the document change then reaches every editor at once,
 * and a failed one gives the claim back.
 */
import type { Topic, TopicAction, TopicPromote } from "../../shared/domain/topics";
import { newMeasureId } from "../../shared/document/measures";
import type { Db } from "../persistence/db";
import { listOpenTalksOfScorecard } from "../persistence/talkAgenda";
import type { TopicRow } from "../persistence/topics";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { Logger } from "../log";
import { epochToBerlinLocal } from "../talks/berlinTime";
import { topicConflict, type TopicPushes, type TopicScope } from "./topicAccess";
import { insertTopicGoal, insertTopicMeasure, type PlacementOutcome } from "./topicDocument";
import type { Step, Writer } from "./topicSteps";

/** What a promotion created. */
export interface PromotionResult {
  /** The new measure's id, for a measure. */
  measureId: string | null;
  /** The new goal's title, for a goal. */
  goal: string | null;
}

/** What promoting needs of the topic service. */
export interface PromoterDeps {
  /** The database. */
  db: Db;
  /** Changes the scorecard document. */
  collab: Pick<CollabServer, "change">;
  /** The time. */
  clock: () => number;
  /** Structured log. */
  logger?: Logger;
  /** The pushes. */
  push: TopicPushes;
  /** Takes a planned topic off a talk that has not run yet. */
  leaveAgenda(topic: TopicRow, write: Writer, reason: string, statusAfter: TopicRow["status"]): Promise<void>;
  /** Throws 409 when the action is not allowed. */
  refuse(action: TopicAction, topic: TopicRow): void;
  /** The topic as the API shows it. */
  view(scope: TopicScope, topicId: string): Promise<Topic>;
}

/** The topic service's transaction runner, see `change` in topicService.ts. */
type Change = (user: UserRecord, scope: TopicScope, topicId: string, step: Step) => Promise<Topic>;

/**
 * Creates the promoter.
 * @param deps - database, documents, and the service's helpers
 */
export function createTopicPromoter(deps: PromoterDeps) {
  const { db, clock } = deps;

  /** The date a new measure starts and its status line carries: a running talk's, else today's. */
  async function measureDate(scorecardId: string): Promise<string> {
    const running = (await listOpenTalksOfScorecard(db, scorecardId)).find((talk) => talk.state === "running");
    return epochToBerlinLocal(running?.startsAt ?? clock()).date;
  }

  return {
    /**
     * Promotes a topic.
     * @throws AppError 409 when it was promoted already, is dropped, or the goal or perspective picked is gone
     */
    async promote(user: UserRecord, scope: TopicScope, topicId: string, input: TopicPromote, change: Change): Promise<PromotionResult & { topic: Topic }> {
      const measureId = input.kind === "measure" ? newMeasureId() : null;
      let before: TopicRow | null = null;
      await change(user, scope, topicId, async (topic, write) => {
        deps.refuse("promote", topic);
        before = topic;
        await write.topic({ status: "done", promotedKind: input.kind, promotedRef: measureId ?? topic.title });
      });
      const claimed = before as TopicRow | null;
      if (!claimed) throw topicConflict("Das Thema konnte nicht übernommen werden.");
      const release = () =>
        change(user, scope, topicId, async (topic, write) => {
          if (topic.promotedKind === input.kind && topic.promotedRef === (measureId ?? claimed.title)) {
            await write.topic({ status: claimed.status, promotedKind: null, promotedRef: null });
          }
        });

      let outcome: PlacementOutcome = { ok: false };
      const text = { title: claimed.title, note: claimed.note };
      try {
        // Read before the document change, which runs no database work inside.
        const startDate = measureId ? await measureDate(scope.scorecard.id) : "";
        // Resolved inside the change, against the document it goes into; nothing in here throws on purpose.
        await deps.collab.change(scope.scorecard.id, user.id, (doc) => {
          outcome = measureId ? insertTopicMeasure(doc, measureId, text, input, startDate) : insertTopicGoal(doc, text, input.perspective);
        });
      } catch (error) {
        await release();
        throw error;
      }
      const placed = outcome as PlacementOutcome;
      if (!placed.ok) {
        await release();
        const gone = input.kind === "measure" ? `Das Ziel „${input.goal?.title ?? ""}“` : `Die Perspektive „${input.perspective?.title ?? ""}“`;
        throw topicConflict(`${gone} gibt es in der Scorecard nicht mehr. Bitte wählen Sie ein anderes.`);
      }
      const topic = await change(user, scope, topicId, async (current, write) => {
        // The agenda item of a talk that has not run yet goes: there is nothing left to discuss.
        const asClaimed = { ...current, status: claimed.status, plannedTalkId: claimed.plannedTalkId };
        const runningTalk =
          claimed.status === "planned" ? (await listOpenTalksOfScorecard(write.trx, scope.scorecard.id)).find((t) => t.id === claimed.plannedTalkId && t.state === "running") : undefined;
        await deps.leaveAgenda(asClaimed, write, "übernommen", "done");
        await write.topic({});
        await write.event({
          kind: "promoted",
          talkId: runningTalk?.id ?? null,
          status: "done",
          detail: { from: claimed.status, promoted: { kind: input.kind, ref: measureId ?? claimed.title, under: placed.under } },
        });
      });
      deps.logger?.log("info", "topic promoted", { topicId, scorecardId: scope.scorecard.id, userId: user.id, kind: input.kind });
      return { topic, measureId, goal: measureId ? null : claimed.title };
    },
  };
}
