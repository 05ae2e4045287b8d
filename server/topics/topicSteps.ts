import type { Db } from "../persistence/db";
import type { NewTopicEvent, TopicChange, TopicRow } from "../persistence/topics";

/**
 * The shape of one change to a topic, shared by the topic service (which runs steps in a
 * transaction) and the promotion (which contributes steps), so neither imports the other.
 */

/** A step of a change: decides on the topic as read in the transaction and writes through `write` (awaiting it). */
export type Step = (topic: TopicRow, write: Writer) => Promise<void>;

/** What a step may write. */
export interface Writer {
  /** The change's transaction: whatever else a step reads or writes goes through it. */
  trx: Db;
  /** Changes the topic (compare and set on the revision read). */
  topic(change: TopicChange): Promise<void>;
  /** Appends a history entry of the topic. */
  event(event: Omit<NewTopicEvent, "topicId" | "userId" | "at" | "detail"> & { detail?: Partial<NewTopicEvent["detail"]> }): Promise<void>;
  /** Notes a talk whose agenda or meeting changed, to push it after the commit. */
  talk(talkId: string): void;
}
