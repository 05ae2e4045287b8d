import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { TalkChange } from "../domain/talkMeeting";
import { MessageType } from "./messages";

/**
 * Encodes the server's `talkChanged` message ([SYNC25]).
 * @param change - the talk and its revision after the change
 * @example connection.send(encodeTalkChanged({ talkId: "t-1", revision: 7 }))
 */
export function encodeTalkChanged(change: TalkChange): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.talkChanged);
  encoding.writeVarString(encoder, JSON.stringify({ talkId: change.talkId, revision: change.revision }));
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the content of a `talkChanged` message, after its type.
 * @param decoder - positioned after the message type
 * @returns the change, or null when the content is not one
 */
export function decodeTalkChanged(decoder: decoding.Decoder): TalkChange | null {
  try {
    const value = JSON.parse(decoding.readVarString(decoder)) as Partial<TalkChange>;
    return typeof value.talkId === "string" && typeof value.revision === "number" ? { talkId: value.talkId, revision: value.revision } : null;
  } catch {
    return null;
  }
}
