import type * as Y from "yjs";
import type { CommentWriter } from "../comments/commentWriter";
import type { Logger } from "../log";
import type { Db } from "../persistence/db";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { TalkService } from "../talks/talkService";
import type { TopicService } from "../topics/topicService";
import type { VersionService } from "../versions/versionService";
import type { DemoTimeline } from "./demoTimeline";

/** The demo's people, by their part in the story. */
export interface DemoPeople {
  /** Sabine Sozialamt, funder editor. */
  funder: UserRecord;
  /** Anton Anbieter-A, editor at provider A. */
  providerA: UserRecord;
  /** Berta Anbieter-B, editor at provider B. */
  providerB: UserRecord;
}

/** The demo's three scorecards. */
export interface DemoScorecards {
  /** The shared scorecard of the conference. */
  conference: string;
  /** Provider A's scorecard. */
  a: string;
  /** Provider B's scorecard. */
  b: string;
}

/**
 * What the steps of the living year share: the product's services, bound to a clock the
 * story moves through its year (talks, versions, topics and comments are dated "then").
 */
export interface DemoContext {
  /** The database. */
  db: Db;
  /** Every document change goes through the scorecard's room. */
  collab: Pick<CollabServer, "change" | "readDocument">;
  /** The dates of the story. */
  timeline: DemoTimeline;
  /** The story's clock, ms since the epoch. */
  now(): number;
  /** Moves the story's clock (forward or back) to a moment. */
  setNow(ms: number): void;
  /** Talks, on the story's clock. */
  talks: TalkService;
  /** Versions, dated on the story's clock. */
  versions: Pick<VersionService, "take">;
  /** The Themenspeicher, on the story's clock. */
  topics: TopicService;
  /** Comments and questions, dated on the story's clock. */
  comments: CommentWriter;
  /** The people. */
  people: DemoPeople;
  /** The scorecards. */
  scorecards: DemoScorecards;
  /** Structured log. */
  logger: Logger;
}

/**
 * Edits a scorecard as a user at a moment of the story.
 * @param ctx - the context
 * @param scorecardId - the scorecard
 * @param user - whose edit it is (the update is stored under this user)
 * @param at - the story's moment, ms since the epoch
 * @param edit - the change, on the live document
 */
export async function editAt(ctx: DemoContext, scorecardId: string, user: UserRecord, at: number, edit: (doc: Y.Doc) => void): Promise<void> {
  ctx.setNow(at);
  await ctx.collab.change(scorecardId, user.id, edit);
}
