import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "./messages";

/**
 * Message 106 `topicsChanged`, server → client: the Themenspeicher of this scorecard changed
 * (a topic raised, edited, planned, discussed, settled, promoted or carried forward). Like
 * `talkChanged` ([SYNC25]) it carries nothing a user may not see: clients read the backlog
 * again through the API (`GET /api/scorecards/:id/topics`), which answers per user, and only
 * when `revision` is higher than the one they show. Sent to the connections that declared
 * `?schema=N`, on every process.
 */
export const TOPICS_CHANGED_MESSAGE = MessageType.topicsChanged;

/** What the message says. */
export interface TopicsChange {
  /** The scorecard whose backlog changed. */
  scorecardId: string;
  /** The backlog's revision after the change (its newest history entry). */
  revision: number;
}

/**
 * Encodes the server's `topicsChanged` message.
 * @param change - the scorecard and the backlog's revision
 * @example collab.notify(scorecardId, encodeTopicsChanged({ scorecardId, revision: 12 }))
 */
export function encodeTopicsChanged(change: TopicsChange): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, TOPICS_CHANGED_MESSAGE);
  encoding.writeVarString(encoder, JSON.stringify({ scorecardId: change.scorecardId, revision: change.revision }));
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the content of a `topicsChanged` message, after its type.
 * @param decoder - positioned after the message type
 * @returns the change, or null when the content is not one
 */
export function decodeTopicsChanged(decoder: decoding.Decoder): TopicsChange | null {
  try {
    const value = JSON.parse(decoding.readVarString(decoder)) as Partial<TopicsChange>;
    return typeof value.scorecardId === "string" && typeof value.revision === "number" ? { scorecardId: value.scorecardId, revision: value.revision } : null;
  } catch {
    return null;
  }
}
